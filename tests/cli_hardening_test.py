"""Bad and odd input at the command line (issue 7), beyond what cli_test.py covers.

Bad input: one line on standard error that names the file and the problem, exit status 2,
nothing on standard output. Odd but valid input (the same file on both sides, blank lines, a
BOM, CRLF or CR line ends) works and gives the same alignment as its plain form.

Environment: TRALIGN_BIN (the tool, default build/bin/tralign).
"""
import json
import os
import signal
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = os.path.abspath(os.environ.get("TRALIGN_BIN", str(ROOT / "build" / "bin" / "tralign")))
EN = ROOT / "examples" / "data" / "en.txt"
DE = ROOT / "examples" / "data" / "de.txt"
CRASH_MARKERS = (b"Sanitizer", b"runtime error", b"terminate called", b"Segmentation fault",
                 b"Aborted", b"core dumped")


def run(*args, stdin=None, **kwargs):
    """Runs tralign; returns the CompletedProcess (bytes)."""
    return subprocess.run([BIN, *map(str, args)], input=stdin, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, timeout=300, **kwargs)


def assert_no_crash(r):
    for marker in CRASH_MARKERS:
        assert marker not in r.stderr, r.stderr.decode(errors="replace")


def assert_bad_input(r, *names):
    """Exit 2, no output, one line on stderr naming each of `names`; returns that line."""
    assert_no_crash(r)
    err = r.stderr.decode()
    assert r.returncode == 2, (r.returncode, err)
    assert r.stdout == b"", r.stdout[:200]
    assert err.startswith("tralign: ") and err.endswith("\n") and err.count("\n") == 1, repr(err)
    for name in names:
        assert str(name) in err, (name, err)
    return err


def ok(*args, **kwargs):
    r = run(*args, **kwargs)
    assert_no_crash(r)
    assert r.returncode == 0, r.stderr.decode()
    assert r.stderr == b""
    return r.stdout.decode()


def beads(*args):
    return ok("align", "--format", "beads", "--source-lang", "en", "--target-lang", "de", *args)


def report(*args):
    """diff --format json; exit status 0 or 1 (findings), never 2."""
    r = run("diff", "--format", "json", "--source-lang", "en", "--target-lang", "de", *args)
    assert_no_crash(r)
    assert r.returncode in (0, 1), r.stderr.decode()
    return json.loads(r.stdout)


# --- standard input -------------------------------------------------------------------------

def test_closed_standard_input_is_a_read_error_naming_stdin():
    # `tralign segment - <&-`: file descriptor 0 is not open at all.
    for args in (["segment", "-"], ["align", "-", DE], ["diff", EN, "-"]):
        r = subprocess.run(["sh", "-c", 'exec "$0" "$@" <&-', BIN, *map(str, args)],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300)
        assert_bad_input(r, "stdin")


def test_standard_input_cut_inside_a_character_names_the_offset():
    # The writer stopped in the middle of a UTF-8 sequence (a killed producer, a full disk).
    data = "Erster Satz. Zweiter Satz über Kö".encode()[:-1]  # cut inside "ö"
    for args in (["segment", "-"], ["align", "-", DE], ["diff", EN, "-"]):
        err = assert_bad_input(run(*args, stdin=data), "stdin", "UTF-8")
        assert f"offset {len(data) - 1}" in err


def test_standard_input_that_closes_at_once_is_an_empty_text():
    assert ok("segment", "-", stdin=b"") == ""
    assert_bad_input(run("align", "-", DE, stdin=b""), "stdin")


def test_standard_output_closed_early_neither_hangs_nor_crashes(tmp_path):
    # Each output is larger than a pipe's buffer (64 KiB), so writing blocks until the reader
    # goes, then fails (EPIPE or SIGPIPE).
    big = tmp_path / "big.txt"
    big.write_bytes(b"A sentence here. Another one there!\n" * 20000)
    medium = tmp_path / "medium.txt"
    medium.write_bytes(b"A sentence here. Another one there!\n" * 3000)
    for args in (["segment", big], ["align", medium, medium],
                 ["diff", "--format", "json", medium, medium]):
        p = subprocess.Popen([BIN, *map(str, args)], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE)
        p.stdout.read(16)
        p.stdout.close()  # the reader went away (`| head -c 16`)
        err = p.stderr.read()
        assert p.wait(timeout=300) in (0, 1, 2, -signal.SIGPIPE)
        assert err.count(b"\n") <= 1, err
        for marker in CRASH_MARKERS:
            assert marker not in err, err


# --- files ----------------------------------------------------------------------------------

@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_an_unreadable_file_is_exit_2_naming_it(tmp_path):
    f = tmp_path / "secret.txt"
    f.write_text("Private. Text.\n")
    f.chmod(0)
    try:
        assert_bad_input(run("segment", f), f, "permission")
        assert_bad_input(run("align", EN, f), f, "permission")
    finally:
        f.chmod(0o600)


@pytest.mark.parametrize("args", [["segment", "{dir}"], ["align", "{dir}", DE],
                                  ["align", EN, "{dir}"], ["diff", "{dir}", DE],
                                  ["segment", "--input", "lines", "{dir}"]])
def test_a_directory_given_as_a_file_is_exit_2(tmp_path, args):
    args = [str(a).format(dir=tmp_path) for a in args]
    assert_bad_input(run(*args), tmp_path, "directory")


def test_bad_second_file_gives_no_partial_output(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"Fine. " * 1000 + b"\xff")
    out = tmp_path / "out.txt"
    for fmt in ("beads", "json", "tsv", "tmx", "xliff"):
        assert_bad_input(run("align", "--format", fmt, EN, bad), bad, "offset 6000")
        assert_bad_input(run("align", "--format", fmt, "-o", out, EN, bad), bad)
        assert not out.exists() or out.read_bytes() == b"", "partial output file"


@pytest.mark.parametrize("data, problem", [
    (b"\xff\xfe\x00\x00H\x00\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xffH\x00\x00\x00", "UTF-32"),
    (b"\xff\xfeH\x00i", "UTF-16"),                    # odd number of bytes
    (b"\xff\xfeH\x00\x00\xd8i\x00", "surrogate"),     # lone high surrogate
    (b"\xfe\xff\xdc\x00\x00H", "surrogate"),          # lone low surrogate
    (b"Text with a NUL\x00 byte.", "binary"),
    (b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)), "binary"),
])
def test_undecodable_files_are_exit_2(tmp_path, data, problem):
    f = tmp_path / "input.bin"
    f.write_bytes(data)
    for args in (["segment", f], ["segment", "--input", "lines", f], ["diff", EN, f]):
        assert_bad_input(run(*args), f, problem)


def test_invalid_utf8_in_lines_mode_names_the_offset(tmp_path):
    f = tmp_path / "lines.txt"
    f.write_bytes(b"one\ntwo\n\xed\xa0\x80 surrogate\n")
    assert "offset 8" in assert_bad_input(run("segment", "--input", "lines", f), f, "UTF-8")


# --- odd but valid input --------------------------------------------------------------------

def test_the_same_file_as_source_and_target_is_reported_untranslated():
    r = report(EN, EN)
    targets = [s["index"] for s in r["target"]["segments"]]
    assert targets, "no segments"
    untranslated = {j for f in r["findings"] if f["kind"] == "untranslated" for j in f["target"]}
    assert untranslated == set(targets)
    for bead in r["beads"]:
        assert bead["source"] == bead["target"]


def test_blank_lines_only_give_no_segments_and_an_empty_alignment(tmp_path):
    blank = tmp_path / "blank.txt"
    blank.write_bytes(b"\n\n   \n\t\r\n\xc2\xa0\n\xe3\x80\x80\n")
    assert ok("segment", blank) == ""
    assert ok("align", blank, blank) == ""
    r = run("diff", blank, blank)
    assert_no_crash(r)
    assert r.returncode == 0, r.stderr.decode()
    # As lines, every blank line is an (empty) segment.
    assert ok("segment", "--input", "lines", blank) == "\n" * 6


def test_a_bom_and_crlf_change_nothing_but_the_offsets(tmp_path):
    plain_en, plain_de = EN.read_bytes(), DE.read_bytes()
    expected_beads = beads(EN, DE)
    expected = report(EN, DE)
    variants = {
        "bom": lambda b: b"\xef\xbb\xbf" + b,
        "crlf": lambda b: b.replace(b"\n", b"\r\n"),
        "cr": lambda b: b.replace(b"\n", b"\r"),
        "bom_crlf": lambda b: b"\xef\xbb\xbf" + b.replace(b"\n", b"\r\n"),
        "utf16_crlf": lambda b: b"\xff\xfe" + b.decode().replace("\n", "\r\n").encode("utf-16-le"),
    }
    for name, change in variants.items():
        en, de = tmp_path / f"en_{name}.txt", tmp_path / f"de_{name}.txt"
        en.write_bytes(change(plain_en))
        de.write_bytes(change(plain_de))
        assert beads(en, de) == expected_beads, name
        assert ok("segment", en) == ok("segment", EN), name
        got = report(en, de)
        for side in ("source", "target"):
            assert [s["text"] for s in got[side]["segments"]] == \
                [s["text"] for s in expected[side]["segments"]], name
        if not name.startswith("utf16"):
            # Offsets are byte offsets into the file as given: the BOM and CRs count.
            data = en.read_bytes()
            for s in got["source"]["segments"]:
                assert data[s["begin"]:s["end"]].decode() == s["text"], name


def test_trailing_text_without_a_line_end_and_one_giant_line(tmp_path):
    f = tmp_path / "giant.txt"
    f.write_bytes(b"word " * 400000)  # 2 MB, no sentence end, no line end
    assert ok("segment", f).count("\n") == 1
    g = tmp_path / "one.txt"
    g.write_bytes(b"Just one sentence without a line end.")
    assert beads(g, f).splitlines() == ["[0]:[0]:" + beads(g, f).split(":")[-1].strip()]
