"""Tests of the tralign Python package (run by ctest through pytest).

Environment: PYTHONPATH holds the built package (build/python), TRALIGN_BIN the command-line
tool (tests that compare with it skip without it), TRALIGN_SHARED_DIR the shared/ folder beside
the checkout (tests that need it skip when it is absent).
"""
import ast
import concurrent.futures
import itertools
import json
import os
import pickle
import pydoc
import subprocess
import threading
from pathlib import Path

import pytest

import tralign

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent.parent
SHARED = Path(os.environ.get("TRALIGN_SHARED_DIR", str(ROOT.parent / "shared")))
BIN = os.environ.get("TRALIGN_BIN", str(ROOT / "build" / "bin" / "tralign"))
CANONICAL = SHARED / "data" / "cxtweetchat"
EXAMPLES = ROOT / "examples" / "data"


def canonical():
    """The canonical example's (en, de) texts and paths, or a skip."""
    if not (CANONICAL / "en.txt").exists():
        pytest.skip(f"{CANONICAL} is absent")
    en, de = CANONICAL / "en.txt", CANONICAL / "de.txt"
    return en.read_text(encoding="utf-8"), de.read_text(encoding="utf-8"), en, de


def cli(*args):
    """Runs the command-line tool; returns its CompletedProcess (or skips without it)."""
    if not os.access(BIN, os.X_OK):
        pytest.skip(f"the command-line tool {BIN} is absent")
    return subprocess.run([BIN, *map(str, args)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          timeout=300)


def char_index(text, byte_offset):
    """The str index of a byte offset into text's UTF-8 form."""
    return len(text.encode("utf-8")[:byte_offset].decode("utf-8"))


def check_segments(text, segments):
    """Every segment's text is text[begin:end], and the segments are in order."""
    last = 0
    for s in segments:
        assert text[s.begin:s.end] == s.text
        assert last <= s.begin <= s.end <= len(text)
        assert s.text == s.text.strip()
        last = s.end


def covers_once(report):
    """The beads cover every segment of both sides exactly once, in order."""
    source = [i for b in report.beads for i in b.source]
    target = [i for b in report.beads for i in b.target]
    return source == list(range(len(report.source))) and target == list(range(len(report.target)))


# --- the canonical example against the command-line tool -------------------------------------

@pytest.mark.parametrize("command", ["diff", "align"])
def test_canonical_example_gives_the_same_json_report_as_the_cli(command):
    en, de, en_path, de_path = canonical()
    run = cli(command, "--source-lang", "en", "--target-lang", "de", "--format", "json",
              en_path, de_path)
    assert run.returncode in (0, 1), run.stderr.decode()
    do = tralign.diff if command == "diff" else tralign.align
    report = do(en, de, source_lang="en", target_lang="de", source_path=str(en_path),
                target_path=str(de_path))
    assert report.to_json() == run.stdout.decode("utf-8")
    assert report.to_dict() == json.loads(run.stdout)


def test_canonical_example_gives_the_same_beads_and_findings_as_the_cli():
    en, de, en_path, de_path = canonical()
    run = cli("diff", "--source-lang", "en", "--target-lang", "de", "--format", "json",
              en_path, de_path)
    expected = json.loads(run.stdout)
    report = tralign.diff(en, de, source_lang="en", target_lang="de")
    assert [(b.source, b.target, round(b.confidence, 4)) for b in report.beads] == [
        (b["source"], b["target"], round(b["confidence"], 4)) for b in expected["beads"]]
    assert [(f.kind, f.severity, f.source, f.target, f.message) for f in report.findings] == [
        (f["kind"], f["severity"], f["source"], f["target"], f["message"])
        for f in expected["findings"]]
    # The JSON's byte offsets are the objects' str indexes, converted.
    for side, text in (("source", en), ("target", de)):
        segments = getattr(report, side)
        assert [(s.text, s.begin, s.end, s.paragraph) for s in segments] == [
            (s["text"], char_index(text, s["begin"]), char_index(text, s["end"]), s["paragraph"])
            for s in expected[side]["segments"]]
        check_segments(text, segments)
    assert report.source_lang == "en" and report.target_lang == "de"
    assert report.fails("warning") == (run.returncode == 1)
    assert covers_once(report)


def test_canonical_example_reports_the_added_line_and_the_dropped_byline():
    en, de, _, _ = canonical()
    report = tralign.diff(en, de, source_lang="en", target_lang="de")
    serious = [f for f in report.findings if f.severity in ("warning", "error")]
    kinds = sorted(f.kind for f in serious)
    assert "addition" in kinds and "omission" in kinds
    added = " ".join(report.target[i].text for f in serious if f.kind == "addition"
                     for i in f.target)
    assert "2019-10-25" in added


def test_example_texts_give_the_same_tsv_beads_and_text_view_as_the_cli():
    en_path, de_path = EXAMPLES / "en.txt", EXAMPLES / "de.txt"
    en, de = en_path.read_text(encoding="utf-8"), de_path.read_text(encoding="utf-8")
    aligner = tralign.Aligner("en", "de")
    report = aligner.diff(en, de, source_path=en_path, target_path=de_path)
    for args, text in [(["align", "--format", "beads"], report.to_beads()),
                       (["align", "--format", "tsv", "--min-confidence", "0.5"],
                        report.to_tsv(min_confidence=0.5)),
                       (["diff", "--format", "text", "--color", "never", "--width", "100"],
                        report.to_text(width=100))]:
        run = cli(*args, "--source-lang", "en", "--target-lang", "de", en_path, de_path)
        assert run.returncode in (0, 1), run.stderr.decode()
        assert text == run.stdout.decode("utf-8"), args


# --- str offsets --------------------------------------------------------------------------------

@pytest.mark.parametrize("text, lang", [
    ("Über die Brücke gehen wir. Äpfel, Öl und Süßes kosten 3 €. Dann ging er heim.", "de"),
    ("今日は良い天気です。明日は雨が降るでしょう。週末は晴れます。", "ja"),
    ("我们今天去公园。明天下雨。後天呢？", "zh"),
    ("Wir feiern 🎉 heute! Das Essen 🍕🍝 war gut. Bis bald 👋🏽.", "de"),
    ("Mix: Grüße 😀 aus 東京. Zweiter Satz 👍. Dritter 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 Satz.", None),
])
def test_segments_index_the_str_whatever_the_script(text, lang):
    segments = tralign.segment(text, lang=lang)
    assert len(segments) >= 2
    check_segments(text, segments)
    # With a paragraph break before: indexes stay exact past the multi-byte characters.
    doubled = text + "\n" + text
    segments = tralign.segment(doubled, lang=lang)
    check_segments(doubled, segments)
    assert segments[-1].end == len(doubled.rstrip())
    assert segments[-1].paragraph == 1


def test_bytes_input_gives_byte_offsets_and_decoded_texts():
    text = "Grüße aus 東京 😀. Zweiter Satz."
    data = text.encode("utf-8")
    by_bytes = tralign.segment(data, lang="de")
    by_str = tralign.segment(text, lang="de")
    assert [s.text for s in by_bytes] == [s.text for s in by_str]
    for b, s in zip(by_bytes, by_str):
        assert data[b.begin:b.end].decode("utf-8") == b.text
        assert (char_index(text, b.begin), char_index(text, b.end)) == (s.begin, s.end)


def test_str_of_every_width_gives_the_report_of_its_utf8_bytes():
    # The binding encodes a non-ASCII str itself (1-, 2- and 4-byte storage, ASCII runs a word at
    # a time): the report must be the one of Python's own UTF-8 encoding, on texts that mix the
    # widths, the encoding's boundaries (U+007F/0080, 07FF/0800, FFFF/10000, 10FFFF) and ASCII
    # runs of every length.
    import random
    pieces = ["a", " ", ". ", "\n", "é", "ß", "\xff", "\x80", "\x7f", "\u07ff", "\u0800",
              "\u201e", "€", "東", "\uffff", "\U00010000", "😀", "\U0010ffff", "Hallo Welt. ",
              "x" * 9, "Ä. "]
    rng = random.Random(7)
    aligner = tralign.Aligner("de", "fr")
    for _ in range(500):
        source = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 60)))
        target = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 60)))
        by_str = aligner.align(source, target).to_json()
        by_bytes = aligner.align(source.encode("utf-8"), target.encode("utf-8")).to_json()
        assert by_str == by_bytes, (source, target)


def test_report_segments_and_finding_ranges_index_the_str():
    source = "Der Zug fährt um 9 Uhr ab. Über Nacht schneite es. Die Straßen waren glatt. 😀"
    target = ("The train leaves at 10 o'clock. It snowed overnight. The roads were icy. "
              "Extra sentence here that has no source. 😀")
    report = tralign.diff(source, target, source_lang="de", target_lang="en")
    check_segments(source, report.source)
    check_segments(target, report.target)
    assert covers_once(report)
    for f in report.findings:
        assert 0 <= f.source_begin <= f.source_end <= len(source)
        assert 0 <= f.target_begin <= f.target_end <= len(target)
        if f.source:
            assert f.source_begin == report.source[f.source[0]].begin
        if f.target:
            assert f.target_begin == report.target[f.target[0]].begin


def test_offsets_stay_exact_in_long_texts_and_in_any_lookup_order():
    sentences = [f"Größe {i} ändert sich – 東京 {i}😀." for i in range(600)]
    source = " ".join(sentences) + "\n" + "Ünd zum Schluss, ein Absatz ohne Ziel.\n"
    target = " ".join(f"Size {i} changes – Tokyo {i}😀." for i in range(600)) + "\n"
    report = tralign.diff(source, target, source_lang="de", target_lang="en")
    assert not source.isascii() and len(source.encode()) > 20000  # the index map is used
    check_segments(source, report.source)
    check_segments(target, report.target)
    for f in reversed(report.findings):  # backwards: lookups out of order
        for i in f.source:
            assert f.source_begin <= report.source[i].begin <= report.source[i].end <= f.source_end
    assert any(f.kind == "omission" and report.source[f.source[0]].text.startswith("Ünd")
               for f in report.findings)


def test_results_are_named_tuples_that_pickle():
    report = tralign.diff("Eins. Zwei 😀.", "One. Two 😀. Three is extra here.",
                          source_lang="de", target_lang="en")
    for item in report.source + report.beads + report.findings:
        copy = pickle.loads(pickle.dumps(item))
        assert copy == item and type(copy) is type(item)
    segment = report.source[1]
    assert isinstance(segment, tuple) and type(segment) is tralign.Segment
    assert tuple(segment) == (segment.text, segment.begin, segment.end, segment.paragraph)
    assert repr(segment).startswith("tralign.Segment(text=")
    assert tralign.Bead.__doc__ and "confidence" in pydoc.render_doc(tralign.Bead)


def test_lines_input_makes_one_segment_per_line():
    text = "Erste Zeile. Noch ein Satz.\n\nDritte Zeile 東京\n"
    segments = tralign.segment(text, input="lines")
    assert [s.text for s in segments] == ["Erste Zeile. Noch ein Satz.", "", "Dritte Zeile 東京"]
    assert [s.paragraph for s in segments] == [0, 1, 2]
    check_segments(text, segments)
    report = tralign.align("a\nb\nc\n", "A\nB\nC\n", input="lines")
    assert [(b.source, b.target) for b in report.beads] == [([0], [0]), ([1], [1]), ([2], [2])]
    assert report.findings == []


def test_paragraphs_input_joins_the_lines_of_a_hard_wrapped_paragraph():
    text = ("Die erste Zeile geht\nweiter, bis der Satz endet. Dann ein\nzweiter Satz in 東京.\n"
            "\n  Ein neuer Absatz.\n")
    segments = tralign.segment(text, lang="de", input="paragraphs")
    assert [s.text for s in segments] == ["Die erste Zeile geht\nweiter, bis der Satz endet.",
                                          "Dann ein\nzweiter Satz in 東京.", "Ein neuer Absatz."]
    assert [s.paragraph for s in segments] == [0, 0, 1]
    check_segments(text, segments)
    assert len(tralign.segment(text, lang="de")) == 5  # "text": a line break ends a paragraph
    report = tralign.align(text, text.replace("\n", " ").replace("  ", "\n\n"),
                           source_lang="de", target_lang="de", input="paragraphs")
    assert [(b.source, b.target) for b in report.beads] == [([0], [0]), ([1], [1]), ([2], [2])]
    with pytest.raises(tralign.OptionsError, match="paragraphs"):
        tralign.segment(text, input="wrapped")


def test_segmenter_is_reusable_and_guesses_languages():
    segmenter = tralign.Segmenter()
    assert segmenter.language("這是中文。") == "zh"
    assert segmenter.language("Plain English.") == ""
    assert tralign.guess_language("Это русский текст.") == "ru"
    assert [s.text for s in segmenter.segment("One. Two.")] == ["One.", "Two."]


# --- edge cases and errors ----------------------------------------------------------------------

def test_empty_texts_give_an_empty_report():
    report = tralign.diff("", "")
    assert (report.source, report.target, report.beads, report.findings) == ([], [], [], [])
    assert report.max_severity is None and not report.fails("info")
    assert tralign.segment("") == [] and tralign.segment("  \n\n ") == []
    assert json.loads(report.to_json())["beads"] == []


def test_one_empty_side_makes_every_segment_of_the_other_unaligned():
    # The library (unlike the CLI, which refuses it as "no text to align") returns 0-1 beads.
    report = tralign.diff("", "Hallo Welt. Zweiter Satz.", target_lang="de")
    assert report.source == []
    assert [(b.source, b.target) for b in report.beads] == [([], [0]), ([], [1])]
    assert [f.kind for f in report.findings] == ["addition"]
    assert report.fails("error")


def test_invalid_utf8_raises_encoding_error_with_the_byte_offset():
    with pytest.raises(tralign.EncodingError) as caught:
        tralign.diff("Hello.", b"Hallo \xff Welt.")
    assert caught.value.offset == 6
    assert str(caught.value) == "target text: invalid UTF-8 at byte offset 6"
    assert isinstance(caught.value, tralign.InputError)
    assert isinstance(caught.value, ValueError)
    with pytest.raises(tralign.EncodingError) as caught:
        tralign.segment(b"ok \xc3\x28")
    assert caught.value.offset == 3 and str(caught.value) == "invalid UTF-8 at byte offset 3"


def test_invalid_utf8_gives_the_same_offset_as_the_cli(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"Gr\xc3\xbc\xc3e.\n")
    run = cli("segment", bad)
    assert run.returncode == 2
    with pytest.raises(tralign.EncodingError) as caught:
        tralign.segment(bad.read_bytes())
    assert run.stderr.decode().strip().endswith(str(caught.value))


def test_a_lone_surrogate_raises_encoding_error_at_its_index():
    with pytest.raises(tralign.EncodingError) as caught:
        tralign.align("Hello \ud800 there.", "Hallo.")
    assert caught.value.offset == 6
    assert str(caught.value).startswith("source text: ")


def test_a_nul_character_raises_input_error():
    with pytest.raises(tralign.InputError) as caught:
        tralign.diff("Hello.", "Hal\0lo.")
    assert not isinstance(caught.value, tralign.EncodingError)
    assert str(caught.value) == "target text: binary data (NUL byte at offset 3)"


@pytest.mark.parametrize("options, words", [
    (dict(max_bead=0), ["max_bead", "0"]),
    (dict(max_bead=9), ["max_bead", "9"]),
    (dict(mean=-1), ["mean"]),
    (dict(variance=-2.5), ["variance"]),
    (dict(source_lang="not a tag!!"), ["BCP 47", "not a tag!!"]),
    (dict(target_lang="xx_YY_ZZ_123456789"), ["BCP 47"]),
    (dict(input="sentences"), ["input", "sentences"]),
    (dict(ignore="omission,bogus"), ["bogus"]),
    (dict(ignore_patterns=["("]), ["ignore_patterns"]),
    (dict(drift_z=-1), ["drift_z"]),
    (dict(error_posterior=2.0), ["error_posterior"]),
])
def test_bad_options_raise_options_error_naming_the_option(options, words):
    with pytest.raises(tralign.OptionsError) as caught:
        tralign.diff("One.", "Eins.", **options)
    assert isinstance(caught.value, tralign.Error) and isinstance(caught.value, ValueError)
    for word in words:
        assert word in str(caught.value)


def test_misuse_raises_type_error():
    with pytest.raises(TypeError, match="frobnicate"):
        tralign.Aligner(frobnicate=1)
    with pytest.raises(TypeError, match="str or bytes"):
        tralign.diff("One.", 42)
    with pytest.raises(TypeError):
        tralign.segment(None)


def test_errors_pickle_with_their_offset():
    error = tralign.EncodingError("target text: invalid UTF-8 at byte offset 6", 6)
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is tralign.EncodingError
    assert (str(copy), copy.offset) == (str(error), 6)
    copy = pickle.loads(pickle.dumps(tralign.OptionsError("x")))
    assert type(copy) is tralign.OptionsError


# --- options, ignore, report methods ------------------------------------------------------------

def test_ignore_drops_the_kinds_and_ignore_file_the_patterns(tmp_path):
    en, de, _, _ = canonical()
    full = tralign.diff(en, de, source_lang="en", target_lang="de")
    kinds = {f.kind for f in full.findings}
    assert "omission" in kinds
    fewer = tralign.diff(en, de, source_lang="en", target_lang="de", ignore=["omission"])
    assert {f.kind for f in fewer.findings} == kinds - {"omission"}
    patterns = tmp_path / "ignore.txt"
    patterns.write_text("# everything\n  .*  \n", encoding="utf-8")
    assert tralign.diff(en, de, source_lang="en", target_lang="de",
                        ignore_file=patterns).findings == []


def test_align_has_no_findings_and_plain_mode_runs():
    text_en = "One sentence. Another one here. And a third."
    text_de = "Ein Satz. Noch einer hier. Und ein dritter."
    report = tralign.align(text_en, text_de, plain=True)
    assert report.findings == [] and covers_once(report)
    assert all(0.0 <= b.confidence <= 1.0 for b in report.beads)
    one_to_one = tralign.align(text_en, text_de, no_paragraphs=True, no_anchors=True,
                               no_lexicon=True, max_bead=1)
    assert [(b.source, b.target) for b in one_to_one.beads] == [([0], [0]), ([1], [1]),
                                                                ([2], [2])]


def test_report_writers_give_xml_and_html():
    report = tralign.diff("Hello there. How are you?", "Hallo. Wie geht es dir?",
                          source_lang="en", target_lang="de")
    assert report.to_tmx().startswith("<?xml") and "<tmx" in report.to_tmx()
    assert "urn:oasis:names:tc:xliff:document:1.2" in report.to_xliff()
    assert "<html" in report.to_html().lower()
    assert report.to_dict() == json.loads(report.to_json(compact=True))
    assert "\n" not in report.to_json(compact=True).rstrip("\n")
    assert "report" in repr(report).lower()
    with pytest.raises(tralign.OptionsError):
        report.to_tsv(min_confidence=1.5)
    with pytest.raises(tralign.OptionsError):
        report.fails("sometimes")


def test_aligner_options_rebuild_the_same_aligner():
    aligner = tralign.Aligner("en", "de", max_bead=2, drift_z=3.5, ignore="mismatch")
    again = tralign.Aligner(**aligner.options)
    en = "First one. Second one costs 5 euros. Third."
    de = "Erster. Zweiter kostet 7 Euro. Dritter."
    assert aligner.diff(en, de).to_json() == again.diff(en, de).to_json()
    assert "max_bead=2" in repr(aligner)


# --- threads ------------------------------------------------------------------------------------

def corpus_pairs(n=24):
    """n document pairs of different sizes and scripts."""
    pairs = []
    for i in range(n):
        k = 2 + (i * 7) % 13
        source = " ".join(f"Document {i} has sentence {j} with {j * i} items." for j in range(k))
        target = " ".join(f"Dokument {i} hat Satz {j} mit {j * i} Dingen, schön." for j in range(k)
                          if j != i % 5)
        if i % 4 == 0:
            target += " 日本語の文です。😀"
        pairs.append((source, target))
    return pairs


def test_one_aligner_used_from_threads_gives_the_same_reports():
    aligner = tralign.Aligner("en", "de")
    pairs = corpus_pairs()
    expected = [aligner.diff(s, t).to_json() for s, t in pairs]
    barrier = threading.Barrier(4)

    def work(offset):
        barrier.wait()
        order = pairs[offset:] + pairs[:offset]
        return [aligner.diff(s, t).to_json() for s, t in order], offset

    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        for got, offset in pool.map(work, range(4)):
            assert got == expected[offset:] + expected[:offset]


def test_align_many_yields_in_input_order_what_align_gives():
    pairs = corpus_pairs()
    aligner = tralign.Aligner("en", "de")
    expected = [aligner.diff(s, t).to_json() for s, t in pairs]
    got = [r.to_json() for r in tralign.align_many(iter(pairs), jobs=3, source_lang="en",
                                                   target_lang="de")]
    assert got == expected
    aligned = [r.to_json() for r in aligner.align_many(pairs, jobs=2, task="align")]
    assert aligned == [aligner.align(s, t).to_json() for s, t in pairs]
    assert list(tralign.align_many([], jobs=2)) == []


def test_align_many_reads_lazily_with_bounded_work_in_flight():
    pulled = []

    def endless():
        for i in itertools.count():
            pulled.append(i)
            yield (f"Sentence {i}. Another one.", f"Satz {i}. Noch einer.")

    results = tralign.align_many(endless(), jobs=2, max_in_flight=3, task="align")
    assert pulled == []  # nothing runs before iteration
    first = list(itertools.islice(results, 5))
    assert [r.source[0].text for r in first] == [f"Sentence {i}." for i in range(5)]
    assert len(pulled) <= 5 + 3
    results.close()


def test_align_many_raises_or_returns_the_error_of_a_bad_pair():
    pairs = [("One.", "Eins."), ("Two.", b"Zw\xffei."), ("Three.", "Drei.")]
    got = list(tralign.align_many(pairs, jobs=2, errors="return"))
    assert isinstance(got[0], tralign.Report) and isinstance(got[2], tralign.Report)
    assert isinstance(got[1], tralign.EncodingError) and got[1].offset == 2
    results = tralign.align_many(pairs, jobs=2)
    assert next(results).source[0].text == "One."
    with pytest.raises(tralign.EncodingError):
        next(results)
    with pytest.raises(tralign.OptionsError):
        tralign.align_many(pairs, jobs=-1)


# --- documentation ------------------------------------------------------------------------------

def test_every_public_name_is_documented_and_in_the_stub():
    stub = ast.parse((Path(tralign.__file__).parent / "__init__.pyi").read_text())
    stubbed = {node.name for node in stub.body if isinstance(node, (ast.ClassDef,
                                                                    ast.FunctionDef))}
    for name in tralign.__all__:
        obj = getattr(tralign, name)
        assert obj.__doc__ and len(obj.__doc__.strip()) > 20, name
        assert name in stubbed, name
    for cls in (tralign.Report, tralign.Aligner, tralign.Segmenter):
        for attr, value in vars(cls).items():
            if not attr.startswith("_") and callable(value) or isinstance(value, property):
                assert value.__doc__, f"{cls.__name__}.{attr}"
    text = pydoc.render_doc(tralign.diff, renderer=pydoc.plaintext)
    for word in ("source_lang", "Returns", "Raises", "EncodingError", "Example"):
        assert word in text
