"""End-to-end tests of the tralign command-line tool (run by ctest through pytest).

Environment: TRALIGN_BIN (the tool, default build/bin/tralign) and TRALIGN_SHARED_DIR (the
shared/ folder beside the checkout; tests that need it skip when it is absent).

Golden outputs of every format on examples/data/en.txt + de.txt live in tests/data/cli/.
Regenerate them only deliberately, after checking the new output by eye:
    TRALIGN_REGENERATE_GOLDEN=1 python3 -m pytest tests/cli_test.py -k golden
"""
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = os.path.abspath(os.environ.get("TRALIGN_BIN", str(ROOT / "build" / "bin" / "tralign")))
SHARED = Path(os.environ.get("TRALIGN_SHARED_DIR", str(ROOT.parent / "shared")))
EXAMPLES = ROOT / "examples" / "data"
GOLDEN = ROOT / "tests" / "data" / "cli"
SCHEMAS = ROOT / "tests" / "data" / "schemas"
EN = EXAMPLES / "en.txt"
DE = EXAMPLES / "de.txt"
BEAD = re.compile(r"^\[((?:\d+(?:, \d+)*)?)\]:\[((?:\d+(?:, \d+)*)?)\]:([0-9.eE+-]+)$")
ANSI = re.compile(rb"\x1b\[[0-9;]*m")


def run(*args, stdin=None, cwd=None, env=None):
    """Runs tralign with `args` (bytes in and out); returns the CompletedProcess."""
    full_env = dict(os.environ)
    full_env.pop("NO_COLOR", None)
    full_env.update(env or {})
    return subprocess.run([BIN, *map(str, args)], input=stdin, cwd=cwd, env=full_env,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300)


def ok(*args, **kwargs):
    """Runs tralign, expects exit status 0 and no standard error; returns stdout as str."""
    r = run(*args, **kwargs)
    assert r.returncode == 0, r.stderr.decode()
    assert r.stderr == b""
    return r.stdout.decode()


def assert_usage_error(r, *names):
    """Exit 2, nothing on stdout, exactly one line on stderr that mentions each of `names`."""
    err = r.stderr.decode()
    assert r.returncode == 2, (r.returncode, err)
    assert r.stdout == b""
    assert err.endswith("\n") and err.count("\n") == 1, repr(err)
    assert err.startswith("tralign: ")
    for name in names:
        assert str(name) in err, (name, err)
    return err


def parse_beads(text):
    beads = []
    for line in text.splitlines():
        m = BEAD.match(line)
        assert m, line
        side = lambda s: [int(x) for x in s.split(", ")] if s else []
        beads.append((side(m.group(1)), side(m.group(2)), float(m.group(3))))
    return beads


def assert_covers(beads, n_source, n_target):
    """Every segment of both sides in exactly one bead, in order, no empty bead."""
    source = [i for s, _, _ in beads for i in s]
    target = [j for _, t, _ in beads for j in t]
    assert source == list(range(n_source))
    assert target == list(range(n_target))
    for s, t, score in beads:
        assert s or t
        assert 0.0 <= score <= 1.0


def json_or_skip(text, what):
    if not text.strip():
        pytest.skip(f"{what}: the report writer has not landed yet (empty output)")
    return json.loads(text)


def count_lines(path):
    return len(Path(path).read_bytes().splitlines())


@pytest.fixture
def tmp(tmp_path):
    return tmp_path


# --- --help, --version, usage ------------------------------------------------------------

def test_version_prints_the_version():
    out = ok("--version")
    assert re.fullmatch(r"tralign \d+\.\d+\.\d+\n", out)


@pytest.mark.parametrize("command,options", [
    ("segment", ["--lang", "--input", "--output"]),
    ("align", ["--source-lang", "--target-lang", "--input", "--format", "beads", "tsv", "json",
               "tmx", "xliff", "--min-confidence", "--mean", "--variance", "--max-bead",
               "--plain", "--no-paragraphs", "--no-anchors", "--no-lexicon", "--output",
               "--batch", "--jsonl",
               "--jobs", "--quiet", "Examples:", "Exit status"]),
    ("diff", ["--source-lang", "--target-lang", "--input", "--format", "text", "json", "html",
              "--color", "--fail-on", "--ignore", "--ignore-file", "--only-problems",
              "--context", "--width", "--output", "--batch", "--jsonl", "--jobs", "--quiet",
              "NO_COLOR", "Examples:", "Exit status"]),
])
def test_help_documents_every_option(command, options):
    out = ok(command, "--help")
    for option in options:
        assert option in out, option
    assert ok(command, "-h") == out


def test_help_overview_lists_the_commands_and_exit_codes():
    out = ok("--help")
    for word in ["segment", "align", "diff", "Exit status", "--version", "UTF-16"]:
        assert word in out


def test_no_command_and_unknown_options_are_usage_errors():
    assert_usage_error(run())
    assert_usage_error(run("frobnicate"), "frobnicate")
    assert_usage_error(run("diff", "--bogus", EN, DE), "--bogus")
    assert_usage_error(run("align", "--format", "pdf", EN, DE), "--format")
    assert_usage_error(run("diff", "--format", "tmx", EN, DE), "--format")
    assert_usage_error(run("align", "--input", "words", EN, DE), "--input")
    assert_usage_error(run("diff", "--fail-on", "sometimes", EN, DE), "--fail-on")
    assert_usage_error(run("diff", "--color", "pink", EN, DE), "--color")
    assert_usage_error(run("diff", "--ignore", "typo", EN, DE), "--ignore")
    assert_usage_error(run("align", "--max-bead", "9", EN, DE), "--max-bead")
    assert_usage_error(run("align", "--min-confidence", "2", EN, DE), "--min-confidence")
    assert_usage_error(run("align", EN), "SOURCE")
    assert_usage_error(run("segment"), "FILE")
    assert_usage_error(run("align", EN, DE, EN))


@pytest.mark.parametrize("option", ["--source-lang", "--target-lang"])
def test_a_bad_language_tag_is_exit_2_naming_the_option(option):
    assert_usage_error(run("align", option, "en_US!", EN, DE), option, "en_US!")


def test_a_bad_language_tag_for_segment_is_exit_2():
    assert_usage_error(run("segment", "--lang", "12-!", EN), "--lang")


# --- segment ------------------------------------------------------------------------------

def test_segment_prints_one_segment_per_line():
    out = ok("segment", "--lang", "en", EN)
    lines = out.splitlines()
    assert len(lines) >= 8
    assert all(line.strip() == line and line for line in lines)
    assert "\t" not in out
    # The abbreviations and times of the example are not broken.
    assert "The tour starts at 10:30 a.m. at the fountain on Market Square." in lines


def test_segment_reads_standard_input():
    assert ok("segment", "--lang", "en", "-", stdin=EN.read_bytes()) == ok("segment", "--lang",
                                                                             "en", EN)


def test_segment_prints_a_tab_inside_a_segment_as_one_space(tmp):
    f = tmp / "tab.txt"
    f.write_bytes(b"One\tsentence here.\n")
    assert ok("segment", f) == "One sentence here.\n"


def test_segment_with_input_lines_prints_every_line(tmp):
    f = tmp / "lines.txt"
    f.write_bytes(b"First line. Still first.\n\nThird\tline\n")
    assert ok("segment", "--input", "lines", f) == "First line. Still first.\n\nThird line\n"


def wrap_text(text, columns, newline="\n"):
    """`text` hard-wrapped at `columns`: a space becomes `newline` where a line would grow
    past the column (with "\n", offsets do not move)."""
    out, line_start, last_space = list(text), 0, None
    for i, c in enumerate(text):
        if c == "\n":
            line_start, last_space = i + 1, None
            continue
        if c == " ":
            last_space = i
        if i - line_start >= columns and last_space is not None and last_space > line_start:
            out[last_space] = newline
            line_start, last_space = last_space + 1, None
    return "".join(out)


def test_input_paragraphs_reads_hard_wrapped_text_as_its_paragraphs(tmp):
    # examples/data holds one paragraph a line with blank lines between; wrapped at 30 columns
    # and read with --input paragraphs, every command gives what the unwrapped text gives.
    (tmp / "wrapped").mkdir()
    (tmp / "flat").mkdir()
    for path in (EN, DE):
        text = path.read_text(encoding="utf-8")
        wrapped = wrap_text(text, 30)
        assert wrapped.count("\n") > text.count("\n") + 10
        (tmp / "wrapped" / path.name).write_text(wrapped, encoding="utf-8")
        (tmp / "flat" / path.name).write_text(text, encoding="utf-8")
    langs = ["--source-lang", "en", "--target-lang", "de"]
    for args in (["segment", "--lang", "en"], ["align", *langs], ["align", "--format", "tsv", *langs],
                 ["align", "--format", "tmx", *langs], ["diff", "--color", "never", *langs]):
        names = [EN.name] if args[0] == "segment" else [EN.name, DE.name]
        flat = run(*args, *names, cwd=tmp / "flat")
        wrapped = run(*args, "--input", "paragraphs", *names, cwd=tmp / "wrapped")
        assert wrapped.returncode == flat.returncode, (args, wrapped.stderr)
        assert wrapped.stdout == flat.stdout, args
    # Without --input paragraphs every wrapped line is a paragraph of its own.
    assert ok("segment", "--lang", "en", EN.name, cwd=tmp / "wrapped") != ok(
        "segment", "--lang", "en", EN.name, cwd=tmp / "flat")
    # The JSON report keeps the text as it is: the same offsets, the line breaks inside.
    flat = json.loads(ok("align", "--format", "json", *langs, EN.name, DE.name, cwd=tmp / "flat"))
    wrapped = json.loads(ok("align", "--format", "json", "--input", "paragraphs", *langs,
                            EN.name, DE.name, cwd=tmp / "wrapped"))
    assert wrapped["beads"] == flat["beads"]
    for side in ("source", "target"):
        pairs = list(zip(flat[side]["segments"], wrapped[side]["segments"]))
        assert len(pairs) == len(flat[side]["segments"]) == len(wrapped[side]["segments"])
        for a, b in pairs:
            assert (a["begin"], a["end"], a["paragraph"]) == (b["begin"], b["end"], b["paragraph"])
            assert b["text"].replace("\n", " ") == a["text"]
        assert any("\n" in b["text"] for _, b in pairs)


def test_input_paragraphs_reports_as_the_unwrapped_text_with_cr_lf_and_numbers_at_wraps(tmp):
    # Wraps right before "p.m.", a scale word and a unit, with CR LF line ends: every output
    # but the offsets is that of the unwrapped text (a CR LF is one space, as a line break is).
    en = ("We meet at 8 p.m. on Friday, 3 March, at the old mill by the river. The hall holds "
          "1.4 million visitors a year, and a ticket costs 12 euros. Seats: {0, number} left."
          "\n\nThe tour takes 90 minutes. Follow us at #OldTownWalk for news.\n")
    de = ("Wir treffen uns am Freitag, 3. März, um 20 Uhr an der alten Mühle am Fluss. Die Halle "
          "hat 1,4 Millionen Besucher im Jahr, und eine Karte kostet 12 Euro. Plätze: {0, number} "
          "frei.\n\nDie Führung dauert 90 Minuten.\n")
    def wrap_before(text, words):
        for w in words:
            assert " " + w in text
            text = text.replace(" " + w, "\r\n" + w, 1)
        return text
    (tmp / "wrapped").mkdir()
    (tmp / "flat").mkdir()
    (tmp / "flat" / "en.txt").write_text(en, encoding="utf-8")
    (tmp / "flat" / "de.txt").write_text(de, encoding="utf-8")
    (tmp / "wrapped" / "en.txt").write_bytes(
        wrap_text(wrap_before(en, ["p.m.", "million", "euros", "number}", "minutes"]), 25, "\r\n")
        .replace("\n", "\r\n").replace("\r\r\n", "\r\n").encode())
    (tmp / "wrapped" / "de.txt").write_bytes(
        wrap_text(wrap_before(de, ["Uhr", "Millionen", "Euro.", "Minuten."]), 25, "\r\n")
        .replace("\n", "\r\n").replace("\r\r\n", "\r\n").encode())
    assert (tmp / "wrapped" / "en.txt").read_bytes().count(b"\r\n") > 10
    langs = ["--source-lang", "en", "--target-lang", "de"]
    for args in (["segment", "--lang", "de", "de.txt"], ["align", "--format", "tsv", *langs],
                 ["align", "--format", "xliff", *langs], ["diff", "--color", "never", *langs]):
        files = [] if args[0] == "segment" else ["en.txt", "de.txt"]
        flat = run(*args, *files, cwd=tmp / "flat")
        wrapped = run(*args, "--input", "paragraphs", *files, cwd=tmp / "wrapped")
        assert (wrapped.returncode, wrapped.stdout) == (flat.returncode, flat.stdout), args
    flat = json.loads(run("diff", "--format", "json", *langs, "en.txt", "de.txt",
                          cwd=tmp / "flat").stdout)
    wrapped = json.loads(run("diff", "--format", "json", "--input", "paragraphs", *langs,
                             "en.txt", "de.txt", cwd=tmp / "wrapped").stdout)
    assert wrapped["beads"] == flat["beads"]
    def without_offsets(findings):  # (byte offsets: a CR LF is two bytes where a space is one)
        return [{k: v for k, v in f.items() if not k.endswith(("_begin", "_end"))}
                for f in findings]
    assert without_offsets(wrapped["findings"]) == without_offsets(flat["findings"])
    assert [f["kind"] for f in flat["findings"]] == ["omission"]  # the hashtag line, nothing else
    # --ignore-file patterns match the text as it reads, a line break as a space.
    (tmp / "ignore.txt").write_text("Follow us at #OldTownWalk for news\n", encoding="utf-8")
    for folder in ("flat", "wrapped"):
        r = run("diff", "--format", "json", "--input", "paragraphs", "--ignore-file",
                tmp / "ignore.txt", *langs, "en.txt", "de.txt", cwd=tmp / folder)
        assert r.returncode == 0 and json.loads(r.stdout)["findings"] == [], folder


def test_segment_of_a_large_file_prints_every_line(tmp):
    # Several times the CLI's 64 KiB output buffer; a tab and a line separator in some lines.
    lines = [f"Line {k} of a long file,\twith a tab and\u2028a separator." if k % 7 == 0
             else f"Line {k} of a long file, {'word ' * (k % 11)}end." for k in range(20000)]
    f = tmp / "large.txt"
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    expected = [line.replace("\t", " ").replace("\u2028", " ") for line in lines]
    assert ok("segment", "--input", "lines", f).split("\n") == expected + [""]


def test_segment_prints_every_kind_of_line_break_inside_a_segment_as_one_space(tmp):
    # A reader that splits lines as Python does (str.splitlines) finds one line a segment, as
    # in the TSV output: VT, FF, FS, GS, RS, NEL, LS and PS inside a line become spaces.
    breaks = ["\v", "\f", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]
    lines = [f"Segment {k} has{b}a break." for k, b in enumerate(breaks)]
    f = tmp / "breaks.txt"
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = ok("segment", "--input", "lines", f)
    assert out.splitlines() == [f"Segment {k} has a break." for k in range(len(breaks))]
    tsv = ok("align", "--input", "lines", "--format", "tsv", f, f)
    assert [row.split("\t")[0] for row in tsv.splitlines()] == out.splitlines()


def test_segment_of_an_empty_file_prints_nothing(tmp):
    f = tmp / "empty.txt"
    f.write_bytes(b"")
    assert ok("segment", f) == ""
    assert ok("segment", "-", stdin=b"") == ""


def test_segment_writes_to_the_output_file(tmp):
    out = tmp / "out.txt"
    assert ok("segment", "--lang", "en", "-o", out, EN) == ""
    assert out.read_text() == ok("segment", "--lang", "en", EN)


# --- input decoding and bad input ----------------------------------------------------------

def test_utf16_with_a_byte_order_mark_is_accepted(tmp):
    text = "Erster Satz. Zweiter Satz mit Ümlaut und 😀.\nNeuer Absatz.\n"
    expected = ok("segment", "--lang", "de", "-", stdin=text.encode())
    for name, data in [("le", b"\xff\xfe" + text.encode("utf-16-le")),
                       ("be", b"\xfe\xff" + text.encode("utf-16-be"))]:
        f = tmp / f"utf16{name}.txt"
        f.write_bytes(data)
        assert ok("segment", "--lang", "de", f) == expected


def test_utf8_with_a_byte_order_mark_is_accepted(tmp):
    f = tmp / "bom.txt"
    f.write_bytes(b"\xef\xbb\xbfOne. Two.\n")
    assert ok("segment", "--lang", "en", f) == "One.\nTwo.\n"


def test_invalid_utf8_names_the_file_and_the_byte_offset(tmp):
    f = tmp / "bad.txt"
    data = "Grüße aus Köln. ".encode() + b"\xc3\x28" + b" rest.\n"
    f.write_bytes(data)
    offset = data.index(b"\xc3\x28")
    for args in [("segment", f), ("align", f, DE), ("diff", EN, f)]:
        err = assert_usage_error(run(*args), f, "UTF-8")
        assert f"offset {offset}" in err


def test_invalid_utf8_on_standard_input_is_named(tmp):
    err = assert_usage_error(run("align", "-", DE, stdin=b"ok \xff\n"), "stdin", "UTF-8")
    assert "offset 3" in err


def test_binary_and_bomless_utf16_files_are_rejected(tmp):
    png = tmp / "image.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert_usage_error(run("segment", png), png, "binary")
    u16 = tmp / "nobom.txt"
    u16.write_bytes("Hello there. Bye.".encode("utf-16-le"))
    assert_usage_error(run("align", EN, u16), u16, "UTF-16")


def test_missing_files_and_directories_are_rejected(tmp):
    missing = tmp / "missing.txt"
    assert_usage_error(run("segment", missing), missing, "no such file")
    assert_usage_error(run("align", missing, DE), missing)
    assert_usage_error(run("diff", EN, tmp), tmp, "directory")
    assert_usage_error(run("diff", "--ignore-file", missing, EN, DE), missing)


def test_only_one_side_may_be_standard_input():
    assert_usage_error(run("align", "-", "-", stdin=b"x"), "standard input")


def test_one_empty_side_is_an_error_both_empty_is_an_empty_result(tmp):
    empty = tmp / "empty.txt"
    empty.write_bytes(b"")
    blank = tmp / "blank.txt"
    blank.write_bytes(b"\n  \n\n")
    assert_usage_error(run("align", EN, empty), empty, "no text to align")
    assert_usage_error(run("diff", blank, DE), blank, "no text to align")
    assert ok("align", empty, blank) == ""
    r = run("diff", "--format", "json", empty, empty)
    assert r.returncode == 0 and r.stderr == b""
    if r.stdout.strip():
        report = json.loads(r.stdout)
        assert report["beads"] == [] and report["findings"] == []


# --- align --------------------------------------------------------------------------------

def test_align_beads_cover_every_line_once_with_input_lines():
    out = ok("align", "--input", "lines", "--format", "beads", EN, DE)
    assert_covers(parse_beads(out), count_lines(EN), count_lines(DE))


def test_align_beads_cover_every_segment_once_with_input_text():
    out = ok("align", "--source-lang", "en", "--target-lang", "de", EN, DE)
    n_source = len(ok("segment", "--lang", "en", EN).splitlines())
    n_target = len(ok("segment", "--lang", "de", DE).splitlines())
    assert_covers(parse_beads(out), n_source, n_target)


def test_align_reads_standard_input_for_one_side():
    assert ok("align", "-", DE, stdin=EN.read_bytes()) == ok("align", EN, DE)
    assert ok("align", EN, "-", stdin=DE.read_bytes()) == ok("align", EN, DE)


def test_align_options_are_accepted():
    for extra in [["--plain"], ["--max-bead", "2"], ["--mean", "1.1", "--variance", "6.8"],
                  ["--no-paragraphs", "--no-anchors"], ["--no-lexicon"]]:
        out = ok("align", *extra, EN, DE)
        assert parse_beads(out)


def test_align_json_is_the_report_of_the_interface():
    report = json_or_skip(ok("align", "--format", "json", "--source-lang", "en",
                             "--target-lang", "de", "en.txt", "de.txt", cwd=EXAMPLES),
                          "align --format json")
    assert report["version"] == 1
    assert report["source"]["path"] == "en.txt" and report["target"]["path"] == "de.txt"
    assert report["source"]["lang"] == "en" and report["target"]["lang"] == "de"
    for side, path in [("source", EN), ("target", DE)]:
        data = path.read_bytes()
        segments = report[side]["segments"]
        assert [s["index"] for s in segments] == list(range(len(segments)))
        for s in segments:
            assert data[s["begin"]:s["end"]].decode() == s["text"]
    beads = [(b["source"], b["target"], b["confidence"]) for b in report["beads"]]
    assert_covers(beads, len(report["source"]["segments"]), len(report["target"]["segments"]))
    assert report["findings"] == []


def test_align_tsv_has_one_tab_per_line_and_min_confidence_filters():
    out = ok("align", "--format", "tsv", EN, DE)
    if not out:
        pytest.skip("write_tsv has not landed yet")
    lines = out.splitlines()
    assert all(line.count("\t") == 1 for line in lines)
    fewer = ok("align", "--format", "tsv", "--min-confidence", "0.99", EN, DE).splitlines()
    assert len(fewer) <= len(lines)
    assert set(fewer) <= set(lines)
    assert ok("align", "--format", "tsv", "--min-confidence", "1", EN, DE).count("\n") <= len(
        [b for b in parse_beads(ok("align", EN, DE)) if b[2] >= 1.0])


@pytest.mark.parametrize("fmt", ["tmx", "xliff"])
def test_align_xml_formats_are_valid_against_their_schemas(fmt, tmp):
    out = ok("align", "--format", fmt, "--source-lang", "en", "--target-lang", "de", EN, DE)
    if not out:
        pytest.skip(f"write_{fmt} has not landed yet")
    if shutil.which("xmllint") is None:
        pytest.skip("xmllint is missing (Debian: libxml2-utils)")
    # Validated against the TMX 1.4b DTD (beside the file, as its DOCTYPE names it) and the
    # XLIFF 1.2 schema; tests/data/schemas/ has local copies, so no network is needed.
    for schema in SCHEMAS.iterdir():
        shutil.copy(schema, tmp / schema.name)
    f = tmp / f"out.{fmt}"
    f.write_text(out)
    check = (["--valid", "--dtdvalid", "tmx14.dtd"] if fmt == "tmx"
             else ["--schema", "xliff-core-1.2-subset.xsd"])
    r = subprocess.run(["xmllint", "--noout", "--nonet", *check, f.name], cwd=tmp,
                       capture_output=True)
    assert r.returncode == 0, r.stderr.decode()


def test_output_file_gets_what_stdout_would(tmp):
    out = tmp / "beads.txt"
    assert ok("align", "-o", out, EN, DE) == ""
    assert out.read_text() == ok("align", EN, DE)


def test_a_large_report_is_written_whole(tmp):
    # Pairs whose TSV is several times the CLI's 64 KiB output buffer, to stdout and to a file.
    n = 4000
    source = tmp / "en.txt"
    target = tmp / "de.txt"
    source.write_text("".join(f"Sentence {k} says {'more ' * (k % 9)}here.\n" for k in range(n)))
    target.write_text("".join(f"Satz {k} sagt {'mehr ' * (k % 9)}hier.\n" for k in range(n)))
    out = ok("align", "--input", "lines", "--format", "tsv", source, target)
    rows = out.splitlines()
    assert len(rows) == n
    assert all(row.count("\t") == 1 for row in rows)
    assert rows[0].startswith("Sentence 0 says here.\tSatz 0 sagt hier.")
    assert rows[-1].startswith(f"Sentence {n - 1} says")
    report = tmp / "report.json"
    assert ok("align", "--input", "lines", "--format", "json", "-o", report, source, target) == ""
    assert json.loads(report.read_text())["beads"][-1]["source"] == [n - 1]


def test_an_unwritable_output_file_is_exit_2(tmp):
    bad = tmp / "no" / "such" / "dir" / "out.txt"
    assert_usage_error(run("align", "-o", bad, EN, DE), bad)


# --- diff ---------------------------------------------------------------------------------

def diff_json(*args, **kwargs):
    r = run("diff", "--format", "json", "--fail-on", "never", *args, **kwargs)
    assert r.returncode == 0, r.stderr.decode()
    return json_or_skip(r.stdout.decode(), "diff --format json")


SEVERITY = {"info": 0, "warning": 1, "error": 2}


@pytest.mark.parametrize("pair", [(EN, DE), (EN, EN), (DE, EN)])
def test_exit_status_follows_fail_on(pair):
    report = diff_json("--source-lang", "en", "--target-lang", "de", *pair)
    worst = max((SEVERITY[f["severity"]] for f in report["findings"]), default=-1)
    for level, rank in [("info", 0), ("warning", 1), ("error", 2), ("never", 99)]:
        r = run("diff", "--format", "json", "--fail-on", level, "--source-lang", "en",
                "--target-lang", "de", *pair)
        assert r.returncode == (1 if worst >= rank else 0), (level, worst)
    default = run("diff", "--format", "json", "--source-lang", "en", "--target-lang", "de",
                  *pair)
    assert default.returncode == (1 if worst >= 1 else 0)


def test_findings_have_the_interface_fields():
    report = diff_json("--source-lang", "en", "--target-lang", "de", EN, DE)
    kinds = {"omission", "addition", "untranslated", "drift", "mismatch"}
    for f in report["findings"]:
        assert f["kind"] in kinds or isinstance(f["kind"], str)
        assert f["severity"] in SEVERITY
        assert isinstance(f["source"], list) and isinstance(f["target"], list)
        assert isinstance(f["message"], str) and f["message"]


def test_ignore_drops_findings_of_a_kind():
    everything = ",".join(["omission", "addition", "untranslated", "drift", "mismatch"])
    report = diff_json("--ignore", everything, EN, DE)
    assert report["findings"] == []
    r = run("diff", "--ignore", "omission", "--ignore", "addition,untranslated",
            "--ignore", "drift", "--ignore", "mismatch", EN, DE)
    assert r.returncode == 0


def test_ignore_file_drops_findings_whose_texts_match(tmp):
    patterns = tmp / "ignore.txt"
    patterns.write_text("# everything\n.*\n\n")
    assert diff_json("--ignore-file", patterns, EN, DE)["findings"] == []
    assert run("diff", "--ignore-file", patterns, EN, DE).returncode == 0


def test_a_bad_pattern_in_the_ignore_file_names_its_line(tmp):
    patterns = tmp / "ignore.txt"
    patterns.write_text("# comment\nfine\n(unclosed\n")
    assert_usage_error(run("diff", "--ignore-file", patterns, EN, DE), f"{patterns}:3")


def test_diff_text_has_no_colour_when_piped_and_colour_with_always():
    plain = run("diff", "--fail-on", "never", EN, DE)
    assert plain.returncode == 0
    if not plain.stdout:
        pytest.skip("write_text has not landed yet")
    assert not ANSI.search(plain.stdout)
    assert run("diff", "--color", "never", "--fail-on", "never", EN, DE).stdout == plain.stdout
    coloured = run("diff", "--color", "always", "--fail-on", "never", EN, DE).stdout
    assert ANSI.search(coloured)
    assert ANSI.sub(b"", coloured) == plain.stdout
    nocolor = run("diff", "--color", "auto", "--fail-on", "never", EN, DE,
                  env={"NO_COLOR": "1"}).stdout
    assert not ANSI.search(nocolor)


def test_diff_text_fits_the_width():
    for args, env in [(["--width", "70"], {}), ([], {"COLUMNS": "90"})]:
        out = ok("diff", "--fail-on", "never", *args, EN, DE, env=env)
        if not out:
            pytest.skip("write_text has not landed yet")
        limit = 70 if args else 90
        assert max(len(line) for line in out.splitlines()) <= limit


def test_diff_html_is_one_html_document():
    out = ok("diff", "--format", "html", "--fail-on", "never", EN, DE)
    if not out:
        pytest.skip("write_html has not landed yet")
    assert out.lstrip().lower().startswith(("<!doctype html", "<html"))
    assert out.rstrip().lower().endswith("</html>")


def test_only_problems_shows_no_more_than_the_full_view():
    full = ok("diff", "--fail-on", "never", EN, DE)
    if not full:
        pytest.skip("write_text has not landed yet")
    short = ok("diff", "--fail-on", "never", "--only-problems", "-C", "0", EN, DE)
    assert len(short.splitlines()) <= len(full.splitlines())


# The project's acceptance test: the canonical example's findings, exactly.
def test_canonical_example_has_one_omission_and_one_addition():
    data = SHARED / "data" / "cxtweetchat"
    if not (data / "en.txt").exists():
        pytest.skip(f"{data} is absent")
    r = run("diff", "--source-lang", "en", "--target-lang", "de", "--format", "json",
            data / "en.txt", data / "de.txt")
    assert r.returncode == 1, r.stderr.decode()
    report = json.loads(r.stdout)
    serious = [f for f in report["findings"] if f["severity"] in ("warning", "error")]
    assert sorted(f["kind"] for f in serious) == ["addition", "omission"], serious
    text = run("diff", "--source-lang", "en", "--target-lang", "de",
               data / "en.txt", data / "de.txt")
    assert text.returncode == 1


# --- many documents -----------------------------------------------------------------------

def make_pairs(tmp, n):
    """n small document pairs of different sizes, written as files; returns the batch file."""
    lines = []
    for i in range(n):
        s = tmp / f"doc{i}.en"
        t = tmp / f"doc{i}.de"
        k = 1 + (i * 5) % 9
        s.write_text("".join(f"Document {i} has sentence {j} here. " for j in range(k)) + "\n")
        t.write_text("".join(f"Dokument {i} hat hier Satz {j}. " for j in range(k)) + "\n")
        lines.append(f"{s}\t{t}")
    batch = tmp / "pairs.tsv"
    batch.write_text("# source<TAB>target\n" + "\n".join(lines) + "\n")
    return batch, lines


def test_batch_writes_beads_per_document_in_input_order(tmp):
    batch, lines = make_pairs(tmp, 9)
    out = ok("align", "--batch", batch, "--jobs", "2", "--format", "beads")
    blocks = out.split("\n\n")
    assert blocks[-1] == ""
    assert len(blocks) - 1 == len(lines)
    for block, line in zip(blocks, lines):
        source, target = line.split("\t")
        assert block + "\n" == ok("align", source, target)


def test_batch_json_lines_are_in_input_order_with_ids(tmp):
    batch, lines = make_pairs(tmp, 9)
    r = run("diff", "--batch", batch, "--jobs", "2", "--fail-on", "never")
    assert r.returncode == 0 and r.stderr == b""
    out = r.stdout.decode().splitlines()
    assert len(out) == len(lines)
    for i, (text, line) in enumerate(zip(out, lines)):
        report = json.loads(text)
        assert report["id"] == i
        if "beads" in report:
            single = diff_json(*line.split("\t"))
            assert report["beads"] == single["beads"]
            assert report["findings"] == single["findings"]
            assert report["source"]["path"] == line.split("\t")[0]


def test_batch_jobs_1_and_2_give_the_same_output(tmp):
    batch, _ = make_pairs(tmp, 12)
    assert ok("align", "--batch", batch, "--jobs", "1") == ok("align", "--batch", batch,
                                                               "--jobs", "2")


def test_batch_tsv_concatenates_the_documents(tmp):
    batch, lines = make_pairs(tmp, 4)
    out = ok("align", "--batch", batch, "--format", "tsv", "--jobs", "2")
    expected = "".join(ok("align", "--format", "tsv", *line.split("\t")) for line in lines)
    assert out == expected


def test_batch_checks_every_file_before_any_output(tmp):
    batch, lines = make_pairs(tmp, 3)
    missing = tmp / "gone.de"
    batch.write_text(batch.read_text() + f"{lines[0].split(chr(9))[0]}\t{missing}\n")
    assert_usage_error(run("align", "--batch", batch), missing)
    malformed = tmp / "malformed.tsv"
    malformed.write_text(lines[0] + "\njust-one-path\n")
    assert_usage_error(run("align", "--batch", malformed), f"{malformed}:2")
    assert_usage_error(run("align", "--batch", batch, EN, DE))
    assert_usage_error(run("align", "--batch", batch, "--format", "tmx"), "--format")
    assert_usage_error(run("diff", "--batch", batch, "--format", "text"), "--format")


def test_batch_reports_unusable_documents_in_place_and_goes_on(tmp):
    batch, lines = make_pairs(tmp, 3)
    bad = tmp / "bad.de"
    bad.write_bytes(b"Kaputt \xff.\n")
    batch.write_text("\n".join([lines[0], f"{EN}\t{bad}", lines[2]]) + "\n")
    r = run("align", "--batch", batch, "--jobs", "2")
    assert r.returncode == 2
    err = r.stderr.decode()
    assert err.count("\n") == 1 and str(bad) in err and "offset 7" in err
    out = [json.loads(line) for line in r.stdout.decode().splitlines()]
    assert [o["id"] for o in out] == [0, 1, 2]
    assert "error" in out[1] and "offset 7" in out[1]["error"]
    assert "error" not in out[0] and "error" not in out[2]


def jsonl_documents():
    en = EN.read_text()
    de = DE.read_text()
    return [{"id": "doc-a", "source": en, "target": de},
            {"id": 17, "source": "One sentence. Another one.", "target": "Ein Satz. Noch einer."},
            {"source": "No id here.", "target": "Hier keine ID."},
            {"id": "doc-d", "source": en, "target": en}]


def test_jsonl_keeps_ids_and_order():
    docs = jsonl_documents()
    stdin = "".join(json.dumps(d) + "\n" for d in docs).encode()
    for command in ["align", "diff"]:
        r = run(command, "--jsonl", "--jobs", "2", "--fail-on", "never", stdin=stdin) \
            if command == "diff" else run(command, "--jsonl", "--jobs", "2", stdin=stdin)
        assert r.returncode == 0, r.stderr.decode()
        out = [json.loads(line) for line in r.stdout.decode().splitlines()]
        assert [o["id"] for o in out] == ["doc-a", 17, 2, "doc-d"]
        assert all("error" not in o for o in out)


def test_jsonl_gives_the_beads_of_a_single_run(tmp):
    docs = jsonl_documents()
    stdin = "".join(json.dumps(d) + "\n" for d in docs).encode()
    out = ok("align", "--jsonl", "--format", "beads", "--jobs", "2", stdin=stdin)
    blocks = out.split("\n\n")[:-1]
    assert len(blocks) == len(docs)
    for doc, block in zip(docs, blocks):
        s, t = tmp / "s.txt", tmp / "t.txt"
        s.write_text(doc["source"])
        t.write_text(doc["target"])
        assert block + "\n" == ok("align", s, t)


def test_jsonl_diff_exit_status_and_bad_lines():
    docs = jsonl_documents()
    lines = [json.dumps(docs[0]), "this is not json", json.dumps({"id": "x", "source": "A."}),
             json.dumps({"id": "e", "source": "Some text.", "target": ""}), json.dumps(docs[1])]
    r = run("diff", "--jsonl", "--jobs", "2", "--fail-on", "never",
            stdin=("\n".join(lines) + "\n").encode())
    assert r.returncode == 2
    err = r.stderr.decode().splitlines()
    assert len(err) == 3
    assert "<stdin>:2" in err[0] and "<stdin>:3" in err[1] and "no text to align" in err[2]
    out = [json.loads(line) for line in r.stdout.decode().splitlines()]
    assert [o["id"] for o in out] == ["doc-a", 1, "x", "e", 17]
    assert ["error" in o for o in out] == [False, True, True, True, False]


def peak_memory_of_jsonl_run(documents, lines_per_document):
    """Streams `documents` JSONL documents to `tralign align --jsonl --jobs 2` (written while it
    runs, so the input never exists whole) and returns (input bytes, the tool's peak RSS in
    bytes, its exit status)."""
    def document(d):
        source = "\n".join(f"Line {d} {k} of the source, with a few words." for k in
                           range(lines_per_document))
        target = "\n".join(f"Zeile {d} {k} des Ziels, mit einigen Wörtern." for k in
                           range(lines_per_document))
        return (json.dumps({"id": d, "source": source, "target": target}) + "\n").encode()

    p = subprocess.Popen([BIN, "align", "--jsonl", "--input", "lines", "--format", "beads",
                          "--jobs", "2", "--quiet"], stdin=subprocess.PIPE,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    total = 0
    for d in range(documents):
        chunk = document(d)
        total += len(chunk)
        p.stdin.write(chunk)
    p.stdin.close()
    _, status, usage = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    return total, usage.ru_maxrss * 1024, p.returncode


def test_jsonl_memory_stays_bounded_however_long_the_input():
    if "ASAN_OPTIONS" in os.environ:
        # AddressSanitizer keeps freed memory in quarantine: peak RSS grows with all the work done.
        pytest.skip("peak memory is not meaningful under AddressSanitizer")
    # At most 4 × jobs documents are in flight, so a corpus 30 times longer needs about the
    # same memory: the peak grows by far less than the extra input.
    small_input, small_peak, status = peak_memory_of_jsonl_run(10, 1000)
    assert status == 0
    big_input, big_peak, status = peak_memory_of_jsonl_run(300, 1000)
    assert status == 0
    assert big_input > 25 * 10**6
    assert big_peak - small_peak < (big_input - small_input) / 4, (small_peak, big_peak)


def test_progress_is_quiet_when_stderr_is_not_a_terminal(tmp):
    batch, _ = make_pairs(tmp, 30)
    r = run("align", "--batch", batch, "--jobs", "2")
    assert r.returncode == 0 and r.stderr == b""


# --- golden outputs -----------------------------------------------------------------------

GOLDEN_CASES = {
    "segment_en.txt": ["segment", "--lang", "en", "en.txt"],
    "segment_de.txt": ["segment", "--lang", "de", "de.txt"],
    "align_beads.txt": ["align", "--source-lang", "en", "--target-lang", "de", "en.txt",
                        "de.txt"],
    "align_lines_beads.txt": ["align", "--input", "lines", "en.txt", "de.txt"],
    "align.tsv": ["align", "--format", "tsv", "--source-lang", "en", "--target-lang", "de",
                  "en.txt", "de.txt"],
    "align.json": ["align", "--format", "json", "--source-lang", "en", "--target-lang", "de",
                   "en.txt", "de.txt"],
    "align.tmx": ["align", "--format", "tmx", "--source-lang", "en", "--target-lang", "de",
                  "en.txt", "de.txt"],
    "align.xliff": ["align", "--format", "xliff", "--source-lang", "en", "--target-lang", "de",
                    "en.txt", "de.txt"],
    "diff.txt": ["diff", "--fail-on", "never", "--width", "100", "--source-lang", "en",
                 "--target-lang", "de", "en.txt", "de.txt"],
    "diff_color.txt": ["diff", "--fail-on", "never", "--width", "100", "--color", "always",
                       "--source-lang", "en", "--target-lang", "de", "en.txt", "de.txt"],
    "diff.json": ["diff", "--format", "json", "--fail-on", "never", "--source-lang", "en",
                  "--target-lang", "de", "en.txt", "de.txt"],
    "diff.html": ["diff", "--format", "html", "--fail-on", "never", "--source-lang", "en",
                  "--target-lang", "de", "en.txt", "de.txt"],
}


@pytest.mark.parametrize("name", sorted(GOLDEN_CASES))
def test_golden_output(name):
    out = run(*GOLDEN_CASES[name], cwd=EXAMPLES, env={"COLUMNS": "100"})
    assert out.returncode == 0, out.stderr.decode()
    path = GOLDEN / name
    if os.environ.get("TRALIGN_REGENERATE_GOLDEN"):
        GOLDEN.mkdir(parents=True, exist_ok=True)
        path.write_bytes(out.stdout)
    if not path.exists():
        pytest.skip(f"no golden file {path} yet (regenerate deliberately, see the top)")
    assert out.stdout.decode() == path.read_text(), f"{name} differs from its golden file"


def test_bad_input_leaves_an_existing_output_file_alone(tmp):
    out = tmp / "out.txt"
    out.write_text("keep me\n")
    missing = tmp / "missing.txt"
    assert_usage_error(run("align", "-o", out, missing, DE), missing)
    assert_usage_error(run("segment", "-o", out, missing), missing)
    assert out.read_text() == "keep me\n"
