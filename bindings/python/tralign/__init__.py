"""tralign: lines up a text with its translation, sentence by sentence, and reports what went
wrong in the translation (omissions, additions, untranslated text, drift, mismatches).

Usage::

    import tralign
    report = tralign.diff(en_text, de_text, source_lang="en", target_lang="de")
    for f in report.findings:
        print(f.severity, f.kind, f.message)
    for bead in report.beads:            # every segment of both sides exactly once
        print(bead.source, bead.target, bead.confidence)
    report.to_json()                     # the JSON report of the command-line tool

    for s in tralign.segment(de_text, lang="de"):
        assert de_text[s.begin:s.end] == s.text      # str indexes, whatever the script

    aligner = tralign.Aligner(source_lang="de", target_lang="fr")   # build once, thread-safe
    for report in tralign.align_many(pairs, jobs=4, source_lang="de", target_lang="fr"):
        ...                                                         # in input order

Texts are ``str`` (or UTF-8 ``bytes``: then indexes are byte offsets). Options are keyword
arguments with the names of the command-line tool's options (``--max-bead`` is ``max_bead``).
Errors are raised as :class:`Error` (a ``ValueError``) or one of its subclasses. Every call that
does real work releases the GIL, so threads align in parallel.
"""

from __future__ import annotations

import collections
import concurrent.futures
import json
import os
from typing import Any, Dict, Iterable, Iterator, List, Optional, Tuple, Union

from . import _tralign

__version__: str = _tralign.__version__

__all__ = [
    "Aligner",
    "Bead",
    "EncodingError",
    "Error",
    "Finding",
    "InputError",
    "OptionsError",
    "Report",
    "Segment",
    "Segmenter",
    "align",
    "align_many",
    "diff",
    "guess_language",
    "segment",
]

Text = Union[str, bytes]
PathLike = Union[str, "os.PathLike[str]"]

# ---------------------------------------------------------------------------------------------
# Errors: the C++ hierarchy of include/tralign/error.h, with the same messages.


class Error(ValueError):
    """Root of every error tralign raises: misuse or unusable input (never a flawed
    translation, which is a :class:`Finding`)."""


class OptionsError(Error):
    """An option has a value outside its rule (the message names the option, the rule and the
    value), or a language tag is malformed."""


class InputError(Error):
    """A text cannot be used: invalid UTF-8, binary data (a NUL character), too large. The
    message starts with ``source text:`` or ``target text:`` when it is about one side."""


class EncodingError(InputError):
    """A text is not valid UTF-8 (``bytes``) or cannot be encoded as UTF-8 (a ``str`` with a
    lone surrogate). ``offset`` is the byte offset of the first bad byte (``bytes``) or the
    index of the bad character (``str``)."""

    def __init__(self, message: str, offset: Optional[int] = None) -> None:
        super().__init__(message)
        self.offset = offset


_tralign._set_error_classes(Error, OptionsError, InputError, EncodingError)

# ---------------------------------------------------------------------------------------------
# Results.


# Segment, Bead and Finding are named tuples made in C (struct sequences, like os.stat_result):
# cheap to build by the thousand; their fields are documented in help(tralign.Segment).
Segment = _tralign.Segment
Bead = _tralign.Bead
Finding = _tralign.Finding

_SEVERITIES = {"info": 0, "warning": 1, "error": 2}


class Report:
    """The result of :func:`align` or :func:`diff`: both segmented texts, the beads and the
    findings. Lists are built on first access. Holds the two input texts."""

    __slots__ = ("_report", "_source", "_target", "_beads", "_findings")

    def __init__(self, report: Any) -> None:
        self._report = report
        self._source: Optional[List[Segment]] = None
        self._target: Optional[List[Segment]] = None
        self._beads: Optional[List[Bead]] = None
        self._findings: Optional[List[Finding]] = None

    @property
    def source(self) -> List[Segment]:
        """The source text's segments, in order."""
        if self._source is None:
            self._source = self._report.segments(True)
        return self._source

    @property
    def target(self) -> List[Segment]:
        """The target text's segments, in order."""
        if self._target is None:
            self._target = self._report.segments(False)
        return self._target

    @property
    def beads(self) -> List[Bead]:
        """The beads in order; they cover every segment of both sides exactly once."""
        if self._beads is None:
            self._beads = self._report.beads()
        return self._beads

    @property
    def findings(self) -> List[Finding]:
        """The findings, ordered by position (always empty for :func:`align`)."""
        if self._findings is None:
            self._findings = self._report.findings()
        return self._findings

    @property
    def source_lang(self) -> str:
        """The BCP 47 tag used for the source (given or guessed; may be empty)."""
        return self._report.lang(True)

    @property
    def target_lang(self) -> str:
        """The BCP 47 tag used for the target (given or guessed; may be empty)."""
        return self._report.lang(False)

    @property
    def source_text(self) -> Text:
        """The source text, as given."""
        return self._report.text(True)

    @property
    def target_text(self) -> Text:
        """The target text, as given."""
        return self._report.text(False)

    @property
    def source_path(self) -> str:
        """The source path given to align/diff (written in the JSON report; may be empty)."""
        return self._report.path(True)

    @property
    def target_path(self) -> str:
        """The target path given to align/diff (may be empty)."""
        return self._report.path(False)

    @property
    def max_severity(self) -> Optional[str]:
        """The highest severity among the findings, or None when there are none."""
        return self._report.max_severity() if self.findings else None

    def fails(self, fail_on: str = "warning") -> bool:
        """True when a finding at or above ``fail_on`` (``error``, ``warning``, ``info``) was
        found, as ``tralign diff --fail-on`` decides exit status 1; ``never``: always False."""
        if fail_on == "never":
            return False
        if fail_on not in _SEVERITIES:
            raise OptionsError(
                f'fail_on must be one of error, warning, info, never (got "{fail_on}")')
        worst = self.max_severity
        return worst is not None and _SEVERITIES[worst] >= _SEVERITIES[fail_on]

    def to_json(self, compact: bool = False) -> str:
        """The JSON report of ``tralign align|diff --format json``, byte for byte (its offsets
        are byte offsets into the UTF-8 texts). ``compact``: on one line, as in JSONL."""
        return self._report.render("json", compact=compact)

    def to_dict(self) -> Dict[str, Any]:
        """The JSON report as a dict (``json.loads(self.to_json())``): version, source and
        target (path, lang, segments with byte offsets), beads and findings."""
        return json.loads(self._report.render("json", compact=True))

    def to_beads(self) -> str:
        """``[i, j]:[k]:SCORE`` per bead, one a line (``tralign align --format beads``)."""
        return self._report.render("beads")

    def to_tsv(self, min_confidence: float = 0.0) -> str:
        """``source TAB target`` per bead with both sides (``--format tsv``); beads below
        ``min_confidence`` are left out."""
        return self._report.render("tsv", min_confidence=min_confidence)

    def to_tmx(self, min_confidence: float = 0.0) -> str:
        """A TMX 1.4b translation memory (``--format tmx``)."""
        return self._report.render("tmx", min_confidence=min_confidence)

    def to_xliff(self, min_confidence: float = 0.0) -> str:
        """An XLIFF 1.2 document (``--format xliff``)."""
        return self._report.render("xliff", min_confidence=min_confidence)

    def to_html(self) -> str:
        """One self-contained HTML page (``tralign diff --format html``)."""
        return self._report.render("html")

    def to_text(self, width: int = 120, color: bool = False, only_problems: bool = False,
                context: int = 3) -> str:
        """The side-by-side view of ``tralign diff`` (``--width``, ``--color always``,
        ``--only-problems``, ``--context``)."""
        return self._report.render("text", width=width, color=color,
                                   only_problems=only_problems, context=context)

    def __repr__(self) -> str:
        return (f"<tralign.Report {len(self.source)} source and {len(self.target)} target "
                f"segments, {len(self.beads)} beads, {len(self.findings)} findings>")


# ---------------------------------------------------------------------------------------------
# Options.

_KINDS = ("omission", "addition", "untranslated", "drift", "mismatch")
_CHECK_DEFAULTS: Dict[str, Union[int, float]] = _tralign.check_defaults()


def _lang(value: Optional[str], name: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be str or None, not {type(value).__name__}")
    return value


def _ignore_kinds(ignore: Union[str, Iterable[str], None]) -> List[str]:
    if ignore is None:
        return []
    items = [ignore] if isinstance(ignore, str) else list(ignore)
    kinds: List[str] = []
    for item in items:
        for kind in str(item).split(","):
            kind = kind.strip()
            if not kind:
                continue
            if kind not in _KINDS:
                raise OptionsError(f'ignore: unknown finding kind "{kind}" (omission, addition, '
                                   "untranslated, drift, mismatch)")
            kinds.append(kind)
    return kinds


def _read_ignore_file(path: PathLike) -> List[str]:
    """The patterns of an ignore file, as ``tralign diff --ignore-file`` reads them."""
    with open(path, encoding="utf-8-sig") as file:
        lines = file.read().splitlines()
    patterns = []
    for line in lines:
        line = line.rstrip(" \t\r").lstrip(" \t")
        if line and not line.startswith("#"):
            patterns.append(line)
    return patterns


def _make_aligner(source_lang: Optional[str], target_lang: Optional[str], input: str,
                  mean: float, variance: float, max_bead: int, plain: bool, no_paragraphs: bool,
                  no_anchors: bool, no_lexicon: bool, ignore: Union[str, Iterable[str], None],
                  ignore_patterns: Optional[Iterable[str]],
                  ignore_file: Optional[PathLike],
                  check: Dict[str, Union[int, float]]) -> Any:
    unknown = sorted(set(check) - set(_CHECK_DEFAULTS))
    if unknown:
        raise TypeError(f"unexpected option{'s' if len(unknown) > 1 else ''} "
                        f"{', '.join(unknown)} (see help(tralign.Aligner))")
    if not isinstance(input, str):
        raise TypeError(f"input must be str, not {type(input).__name__}")
    patterns = list(ignore_patterns or ())
    if ignore_file is not None:
        patterns.extend(_read_ignore_file(ignore_file))
    return _tralign.Aligner(
        source_lang=_lang(source_lang, "source_lang"),
        target_lang=_lang(target_lang, "target_lang"),
        input=input, mean=float(mean), variance=float(variance), max_bead=int(max_bead),
        plain=bool(plain), paragraphs=not no_paragraphs, anchors=not no_anchors,
        lexicon=not no_lexicon, ignore=_ignore_kinds(ignore), ignore_patterns=patterns, check=dict(check))


def _path(value: Optional[PathLike]) -> str:
    return "" if value is None else os.fspath(value)


# ---------------------------------------------------------------------------------------------
# The API.


class Segmenter:
    """A sentence segmenter, built once (it loads ICU's rules); :meth:`segment` is thread-safe
    and releases the GIL.

    ``lang``: a BCP 47 tag (``en``, ``de``, ``zh-Hant``, ``pt-BR``); None: guessed from the
    text's script, else ICU's root rules. ``input``: ``"text"`` (running text; a line break ends
    a paragraph), ``"lines"`` (every line is one segment) or ``"paragraphs"`` (hard-wrapped
    running text: only a blank line ends a paragraph; a sentence may span lines)."""

    __slots__ = ("_segmenter", "lang", "input")

    def __init__(self, lang: Optional[str] = None, input: str = "text") -> None:
        self._segmenter = _tralign.Segmenter(lang=_lang(lang, "lang"), input=input)
        self.lang = lang
        self.input = input

    def segment(self, text: Text) -> List[Segment]:
        """The segments of ``text`` in order; ``text[s.begin:s.end] == s.text``. Raises
        EncodingError (invalid UTF-8 bytes) or InputError (a NUL character)."""
        return self._segmenter.segment(text)

    def language(self, text: Text) -> str:
        """The language tag used for ``text``: ``lang`` if given, else the guess."""
        return self._segmenter.language(text)


def segment(text: Text, lang: Optional[str] = None, input: str = "text") -> List[Segment]:
    """Splits ``text`` into sentences (``tralign segment``).

    ``lang``: BCP 47 tag (None: guessed from the script). ``input``: ``"text"``, ``"lines"``
    (already segmented: one segment a line) or ``"paragraphs"`` (hard-wrapped text: only a
    blank line ends a paragraph). Returns :class:`Segment` values whose ``begin`` and
    ``end`` index ``text`` (characters of a ``str``, bytes of a ``bytes``). Build a
    :class:`Segmenter` to segment many texts."""
    return Segmenter(lang, input).segment(text)


class Aligner:
    """The whole pipeline (segment, align, check), built once from options and reused for many
    document pairs. Thread-safe: :meth:`align` and :meth:`diff` release the GIL and may be
    called from several threads at once.

    Options (the command-line tool's, ``--max-bead`` spelled ``max_bead``):

    - ``source_lang``, ``target_lang``: BCP 47 tags (``en``, ``de``, ``zh-Hant``); None (the
      default): guessed from the script, else ICU's root rules. A malformed tag raises
      OptionsError.
    - ``input``: ``"text"`` (default: running text, split into sentences; a line break ends a
      paragraph), ``"lines"`` (every line is one segment) or ``"paragraphs"`` (hard-wrapped
      running text, as Project Gutenberg's books: only a blank line ends a paragraph, a line
      break inside one is a space, and a sentence may span lines).
    - ``mean``: target characters per source character (0, the default: estimated).
    - ``variance``: variance per source character (0, the default: estimated).
    - ``max_bead``: most segments on one side of a bead, 1-8 (default 3).
    - ``plain``: Gale & Church's model exactly (c = 1, s2 = 6.8, beads up to 2-2, no anchors,
      no paragraphs).
    - ``no_paragraphs``: do not align paragraphs first. ``no_anchors``: lengths only.
      ``no_lexicon``: no second pass with a lexicon learned from the first pass's beads.
    - ``ignore``: finding kinds to drop (a list, or one comma-separated str).
    - ``ignore_patterns``: regular expressions (ECMAScript); a finding whose segments' texts
      all match one is dropped. ``ignore_file``: a file of such patterns, one a line, ``#``
      comments (``--ignore-file``).
    - The check's thresholds, by the names of ``tralign::CheckOptions`` (no CLI flags):
      ``realign_band``, ``prior_iterations``, ``prior_pseudo_count``, ``length_outlier``,
      ``anchor_weight``, ``anchor_miss_weight``, ``paragraph_weight``, ``error_posterior``,
      ``copy_similarity``, ``foreign_script_share``, ``untranslated_min_letters``, ``drift_z``,
      ``drift_cut_z``, ``drift_warning_z``, ``stretch_beads``, ``stretch_posterior``,
      ``mismatch_posterior`` (defaults in ``tralign.CHECK_DEFAULTS``).

    Output options of the CLI are methods of :class:`Report`: ``--format json`` is
    ``to_json()``, ``--min-confidence`` an argument of ``to_tsv/to_tmx/to_xliff``, ``--fail-on``
    the argument of ``fails()``. Raises OptionsError for invalid values and TypeError for
    unknown names.

    ``options`` holds the keyword arguments the aligner was built with:
    ``Aligner(**aligner.options)`` builds the same aligner again (e.g. in another process).

    Example::

        aligner = tralign.Aligner(source_lang="en", target_lang="de", ignore="mismatch")
        with concurrent.futures.ThreadPoolExecutor(4) as pool:
            reports = list(pool.map(lambda pair: aligner.diff(*pair), pairs))"""

    __slots__ = ("_aligner", "options")

    def __init__(self, source_lang: Optional[str] = None, target_lang: Optional[str] = None,
                 input: str = "text", *, mean: float = 0.0, variance: float = 0.0,
                 max_bead: int = 3, plain: bool = False, no_paragraphs: bool = False,
                 no_anchors: bool = False, no_lexicon: bool = False,
                 ignore: Union[str, Iterable[str], None] = None,
                 ignore_patterns: Optional[Iterable[str]] = None,
                 ignore_file: Optional[PathLike] = None,
                 **check: Union[int, float]) -> None:
        self._aligner = _make_aligner(source_lang, target_lang, input, mean, variance, max_bead,
                                      plain, no_paragraphs, no_anchors, no_lexicon, ignore,
                                      ignore_patterns, ignore_file, check)
        options: Dict[str, Any] = dict(
            source_lang=source_lang, target_lang=target_lang, input=input, mean=mean,
            variance=variance, max_bead=max_bead, plain=plain, no_paragraphs=no_paragraphs,
            no_anchors=no_anchors, no_lexicon=no_lexicon, ignore=ignore, ignore_patterns=ignore_patterns,
            ignore_file=ignore_file)
        options.update(check)
        self.options: Dict[str, Any] = options

    def align(self, source: Text, target: Text, *,
              source_path: Optional[PathLike] = None,
              target_path: Optional[PathLike] = None) -> Report:
        """Segments and aligns ``source`` and its translation ``target``: a :class:`Report`
        with beads and no findings. ``source_path``/``target_path`` only go into the JSON
        report. Raises EncodingError or InputError for unusable text. Both sides empty give an
        empty report; one side empty gives 1-0 (or 0-1) beads."""
        return Report(self._aligner.run(source, target, False, _path(source_path),
                                        _path(target_path)))

    def diff(self, source: Text, target: Text, *,
             source_path: Optional[PathLike] = None,
             target_path: Optional[PathLike] = None) -> Report:
        """Segments, aligns and checks: a :class:`Report` with beads and findings (omissions,
        additions, untranslated segments, drift, mismatches)."""
        return Report(self._aligner.run(source, target, True, _path(source_path),
                                        _path(target_path)))

    def align_many(self, pairs: Iterable[Tuple[Text, Text]], jobs: Optional[int] = None, *,
                   task: str = "diff", max_in_flight: Optional[int] = None,
                   errors: str = "raise") -> Iterator[Union[Report, Error]]:
        """Aligns many ``(source, target)`` pairs on ``jobs`` threads and yields one
        :class:`Report` per pair, in input order, as soon as it is its turn. See
        :func:`align_many`."""
        return _align_many(self, pairs, jobs, task, max_in_flight, errors)

    def __repr__(self) -> str:
        given = ", ".join(f"{k}={v!r}" for k, v in self.options.items()
                          if v not in (None, False) and not (k == "input" and v == "text")
                          and not (k in ("mean", "variance") and v == 0.0)
                          and not (k == "max_bead" and v == 3))
        return f"tralign.Aligner({given})"


def align(source: Text, target: Text, source_lang: Optional[str] = None,
          target_lang: Optional[str] = None, input: str = "text", *,
          source_path: Optional[PathLike] = None,
          target_path: Optional[PathLike] = None,
          **options: Any) -> Report:
    """Segments and aligns ``source`` with its translation ``target`` (``tralign align``).

    Returns a :class:`Report`: ``.source`` and ``.target`` segments, ``.beads`` (every segment
    of both sides exactly once, with a confidence), no findings; ``.to_json()`` is the JSON
    report. ``options`` are those of :class:`Aligner` (``max_bead``, ``no_anchors``, ...); build
    an Aligner to align many pairs. Raises OptionsError, EncodingError, InputError."""
    return Aligner(source_lang, target_lang, input, **options).align(
        source, target, source_path=source_path, target_path=target_path)


def diff(source: Text, target: Text, source_lang: Optional[str] = None,
         target_lang: Optional[str] = None, input: str = "text", *,
         source_path: Optional[PathLike] = None,
         target_path: Optional[PathLike] = None,
         **options: Any) -> Report:
    """Aligns ``source`` with its translation ``target`` and checks every bead
    (``tralign diff``).

    Args:
        source, target: the two texts, ``str`` (or UTF-8 ``bytes``).
        source_lang, target_lang: BCP 47 tags (``"en"``, ``"de"``, ``"zh-Hant"``); None:
            guessed from the script.
        input: ``"text"`` (running text), ``"lines"`` (one segment a line) or
            ``"paragraphs"`` (hard-wrapped running text).
        source_path, target_path: names written in the JSON report (``to_json()``).
        **options: those of :class:`Aligner`: ``mean``, ``variance``, ``max_bead``, ``plain``,
            ``no_paragraphs``, ``no_anchors``, ``ignore`` (kinds), ``ignore_patterns``,
            ``ignore_file``, and the check's thresholds.

    Returns:
        A :class:`Report`: ``.findings`` (kind, severity, source and target segment indexes,
        message), ``.beads``, ``.source``/``.target`` segments (str indexes),
        ``.to_json()`` (the JSON of ``tralign diff --format json``), ``.fails("warning")``.

    Raises:
        OptionsError: an option is out of its range or a tag is malformed.
        EncodingError: a text is invalid UTF-8 (``.offset`` says where).
        InputError: a text is binary (NUL character).

    Example::

        report = tralign.diff(en, de, source_lang="en", target_lang="de")
        for f in report.findings:
            print(f.severity, f.kind, [report.source[i].text for i in f.source], f.message)
    """
    return Aligner(source_lang, target_lang, input, **options).diff(
        source, target, source_path=source_path, target_path=target_path)


def _align_many(aligner: Aligner, pairs: Iterable[Tuple[Text, Text]], jobs: Optional[int],
                task: str, max_in_flight: Optional[int],
                errors: str) -> Iterator[Union[Report, Error]]:
    if task not in ("diff", "align"):
        raise OptionsError(f'task must be "diff" or "align" (got "{task}")')
    if errors not in ("raise", "return"):
        raise OptionsError(f'errors must be "raise" or "return" (got "{errors}")')
    if jobs is None or jobs == 0:
        jobs = os.cpu_count() or 1
    if not 1 <= jobs <= 1024:
        raise OptionsError(f"jobs must be in 0-1024 (got {jobs})")
    if max_in_flight is None or max_in_flight == 0:
        max_in_flight = 4 * jobs
    if max_in_flight < 1:
        raise OptionsError(f"max_in_flight must be at least 1 (got {max_in_flight})")
    run = aligner.diff if task == "diff" else aligner.align

    def one(pair: Tuple[Text, Text]) -> Report:
        source, target = pair
        return run(source, target)

    def generate() -> Iterator[Union[Report, Error]]:
        executor = concurrent.futures.ThreadPoolExecutor(max_workers=jobs,
                                                         thread_name_prefix="tralign")
        pending: "collections.deque[concurrent.futures.Future[Report]]" = collections.deque()
        try:
            iterator = iter(pairs)
            exhausted = False
            while True:
                while not exhausted and len(pending) < max_in_flight:
                    try:
                        pair = next(iterator)
                    except StopIteration:
                        exhausted = True
                        break
                    pending.append(executor.submit(one, pair))
                if not pending:
                    return
                future = pending.popleft()
                try:
                    yield future.result()
                except Error as error:
                    if errors == "raise":
                        raise
                    yield error
        finally:
            for future in pending:
                future.cancel()
            executor.shutdown(wait=True)

    return generate()


def align_many(pairs: Iterable[Tuple[Text, Text]], jobs: Optional[int] = None, *,
               task: str = "diff", max_in_flight: Optional[int] = None, errors: str = "raise",
               aligner: Optional[Aligner] = None, **options: Any) -> Iterator[Union[Report, Error]]:
    """Aligns many document pairs on a pool of threads and yields one :class:`Report` per pair,
    in input order (like ``tralign diff --jsonl --jobs N``).

    Args:
        pairs: an iterable of ``(source_text, target_text)``; read lazily, as workers free up.
        jobs: worker threads (None or 0: the number of cores).
        task: ``"diff"`` (default: beads and findings) or ``"align"`` (beads only).
        max_in_flight: most pairs read but not yet yielded (None: 4 x jobs); memory is bounded
            by it, however long ``pairs`` is.
        errors: ``"raise"`` (default): a pair that fails raises its :class:`Error` when its
            turn comes (the generator ends); ``"return"``: the exception is yielded in its
            place and the others go on.
        aligner: an :class:`Aligner` to use; otherwise one is built from ``options`` (those of
            :class:`Aligner`: ``source_lang``, ``target_lang``, ``input``, ...).

    The generator is lazy: nothing runs until it is iterated; closing it early stops the pool.
    Each pair runs with the GIL released, so ``jobs`` threads use ``jobs`` cores."""
    if aligner is None:
        aligner = Aligner(**options)
    elif options:
        raise TypeError("give either aligner or options, not both")
    return _align_many(aligner, pairs, jobs, task, max_in_flight, errors)


def guess_language(text: Text) -> str:
    """A language tag guessed from the dominant script of ``text``: ``zh`` (Han), ``ja``
    (Kana), ``ko``, ``ru`` (Cyrillic), ``ar``, ``el``, ``he``, ``th``, ...; ``""`` for Latin or
    unknown."""
    return _tralign.guess_language(text)


CHECK_DEFAULTS: Dict[str, Union[int, float]] = dict(_CHECK_DEFAULTS)
"""The check's numeric thresholds (options of :class:`Aligner`) and their defaults."""
