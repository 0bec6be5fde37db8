"""Type stub of the tralign package (see __init__.py for the documentation)."""

import os
from typing import Any, Dict, Iterable, Iterator, List, NamedTuple, Optional, Tuple, Union

__version__: str
__all__: List[str]

Text = Union[str, bytes]
PathLike = Union[str, "os.PathLike[str]"]
CHECK_DEFAULTS: Dict[str, Union[int, float]]

class Error(ValueError):
    """Root of every error tralign raises."""

class OptionsError(Error):
    """An option has a value outside its rule, or a language tag is malformed."""

class InputError(Error):
    """A text cannot be used (invalid UTF-8, binary data, too large)."""

class EncodingError(InputError):
    """A text is not valid UTF-8; offset: byte offset (bytes) or index (str) of the problem."""
    offset: Optional[int]
    def __init__(self, message: str, offset: Optional[int] = ...) -> None: ...

class Segment(NamedTuple):
    """One sentence (or line) of a text; text[begin:end] == segment.text."""
    text: str
    begin: int
    end: int
    paragraph: int

class Bead(NamedTuple):
    """Source segments that translate target segments (one side may be empty)."""
    source: List[int]
    target: List[int]
    confidence: float

class Finding(NamedTuple):
    """Something that went wrong in the translation."""
    kind: str
    severity: str
    source: List[int]
    target: List[int]
    message: str
    code: str
    confidence: float
    source_begin: int
    source_end: int
    target_begin: int
    target_end: int

class Report:
    """The result of align or diff: segments, beads, findings."""
    @property
    def source(self) -> List[Segment]: ...
    @property
    def target(self) -> List[Segment]: ...
    @property
    def beads(self) -> List[Bead]: ...
    @property
    def findings(self) -> List[Finding]: ...
    @property
    def source_lang(self) -> str: ...
    @property
    def target_lang(self) -> str: ...
    @property
    def source_text(self) -> Text: ...
    @property
    def target_text(self) -> Text: ...
    @property
    def source_path(self) -> str: ...
    @property
    def target_path(self) -> str: ...
    @property
    def max_severity(self) -> Optional[str]: ...
    def fails(self, fail_on: str = ...) -> bool: ...
    def to_json(self, compact: bool = ...) -> str: ...
    def to_dict(self) -> Dict[str, Any]: ...
    def to_beads(self) -> str: ...
    def to_tsv(self, min_confidence: float = ...) -> str: ...
    def to_tmx(self, min_confidence: float = ...) -> str: ...
    def to_xliff(self, min_confidence: float = ...) -> str: ...
    def to_html(self) -> str: ...
    def to_text(self, width: int = ..., color: bool = ..., only_problems: bool = ...,
                context: int = ...) -> str: ...

class Segmenter:
    """A sentence segmenter, built once; segment() is thread-safe."""
    lang: Optional[str]
    input: str
    def __init__(self, lang: Optional[str] = ..., input: str = ...) -> None: ...
    def segment(self, text: Text) -> List[Segment]: ...
    def language(self, text: Text) -> str: ...

class Aligner:
    """The whole pipeline, built once from options; thread-safe."""
    options: Dict[str, Any]
    def __init__(self, source_lang: Optional[str] = ..., target_lang: Optional[str] = ...,
                 input: str = ..., *, mean: float = ..., variance: float = ...,
                 max_bead: int = ..., plain: bool = ..., no_paragraphs: bool = ...,
                 no_anchors: bool = ..., no_lexicon: bool = ...,
                 ignore: Union[str, Iterable[str], None] = ...,
                 ignore_patterns: Optional[Iterable[str]] = ...,
                 ignore_file: Optional[PathLike] = ...,
                 **check: Union[int, float]) -> None: ...
    def align(self, source: Text, target: Text, *, source_path: Optional[PathLike] = ...,
              target_path: Optional[PathLike] = ...) -> Report: ...
    def diff(self, source: Text, target: Text, *, source_path: Optional[PathLike] = ...,
             target_path: Optional[PathLike] = ...) -> Report: ...
    def align_many(self, pairs: Iterable[Tuple[Text, Text]], jobs: Optional[int] = ..., *,
                   task: str = ..., max_in_flight: Optional[int] = ...,
                   errors: str = ...) -> Iterator[Union[Report, Error]]: ...

def segment(text: Text, lang: Optional[str] = ..., input: str = ...) -> List[Segment]: ...
def align(source: Text, target: Text, source_lang: Optional[str] = ...,
          target_lang: Optional[str] = ..., input: str = ..., *,
          source_path: Optional[PathLike] = ..., target_path: Optional[PathLike] = ...,
          **options: Any) -> Report: ...
def diff(source: Text, target: Text, source_lang: Optional[str] = ...,
         target_lang: Optional[str] = ..., input: str = ..., *,
         source_path: Optional[PathLike] = ..., target_path: Optional[PathLike] = ...,
         **options: Any) -> Report: ...
def align_many(pairs: Iterable[Tuple[Text, Text]], jobs: Optional[int] = ..., *,
               task: str = ..., max_in_flight: Optional[int] = ..., errors: str = ...,
               aligner: Optional[Aligner] = ...,
               **options: Any) -> Iterator[Union[Report, Error]]: ...
def guess_language(text: Text) -> str: ...
