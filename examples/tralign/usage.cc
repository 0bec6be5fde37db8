// usage.cc: every option and output format of the CLI, with examples (as kenlm's Usage()).
#include "usage.h"

#include <string>

namespace tralign::cli {
namespace {

constexpr std::string_view kOverview =
    R"(tralign: lines up a text with its translation, sentence by sentence, and reports
what went wrong in the translation (omissions, additions, untranslated text, drift, mismatches).

Usage:
  tralign segment [--lang TAG] [--input text|lines|paragraphs] FILE
  tralign align   [--source-lang TAG] [--target-lang TAG] [--input text|lines|paragraphs]
                  [--format beads|tsv|json|tmx|xliff] SOURCE TARGET
  tralign diff    [--source-lang TAG] [--target-lang TAG] [--input text|lines|paragraphs]
                  [--format text|json|html] [--color auto|always|never] SOURCE TARGET
  tralign align|diff --batch FILE      many document pairs, one "SOURCE<TAB>TARGET" per line
  tralign align|diff --jsonl           many documents as JSON lines on standard input
  tralign --help | COMMAND --help | --version

Commands:
  segment   splits a text into sentences and prints one per line
  align     aligns a text with its translation: beads, TSV pairs, JSON, TMX or XLIFF
  diff      aligns and checks: a side-by-side view (or JSON, HTML) of what went wrong

FILE, SOURCE and TARGET are paths, or - for standard input (one of them at most). Input is
UTF-8 (a BOM is allowed) or UTF-16 with a byte order mark.

Exit status:
  0  success (diff: nothing found at or above --fail-on)
  1  diff found something at or above --fail-on (default: warning)
  2  bad usage or unusable input; one line on standard error names the file and the problem
     (for invalid UTF-8: the byte offset); nothing is written to standard output

Examples:
  tralign segment --lang de de.txt
  tralign diff --source-lang en --target-lang de en.txt de.txt
  tralign align --format tmx --source-lang en --target-lang de en.txt de.txt > memory.tmx
  tralign align --input lines --format beads src.txt tgt.txt

Run `tralign COMMAND --help` for the options of each command.
)";

constexpr std::string_view kSegment = R"(Usage: tralign segment [OPTIONS] FILE

Splits FILE (or - for standard input) into sentences and prints one segment per line and
nothing else. A line break or tab inside a segment is printed as one space. Empty input prints
nothing.

Options:
  --lang TAG            BCP 47 language tag of the text (en, de, zh-Hant, pt-BR). Left out:
                        guessed from the script (Han, Kana, Hangul, Cyrillic, ...), else
                        ICU's root rules. A malformed tag is an error (exit 2).
  --input MODE          text (default): running UTF-8 text; a line break or a blank line
                        ends a paragraph; sentences are found by ICU plus tralign's rules
                        (abbreviations, ordinals, initials, ellipses, quotes, times, dates).
                        lines: already segmented; every line is one segment.
                        paragraphs: hard-wrapped running text (Project Gutenberg's books):
                        only a blank line ends a paragraph; a line break inside one is a
                        space, and a sentence may span lines.
  -o, --output FILE     write to FILE instead of standard output
  -h, --help            this help

Examples:
  tralign segment --lang de de.txt
  cat en.txt | tralign segment --lang en -
)";

constexpr std::string_view kPairOptions = R"(Input:
  --source-lang TAG     BCP 47 tag of SOURCE (en, de, zh-Hant, pt-BR); left out: guessed
                        from the script, else ICU's root rules. Bad tag: exit 2.
  --target-lang TAG     the same for TARGET
  --input MODE          text (default): running UTF-8 text, split into sentences; a line
                        break ends a paragraph.
                        lines: every line is one segment, its index the 0-based line number
                        (an empty line is an empty segment).
                        paragraphs: hard-wrapped running text (Project Gutenberg's books):
                        only a blank line ends a paragraph; a line break inside one is a
                        space, and a sentence may span lines (tsv, tmx, xliff and the text
                        view write its line breaks as spaces; JSON keeps the text as it is).

Alignment (Gale & Church 1993 with paragraphs and lexical anchors):
  --mean C              target characters per source character (default: estimated)
  --variance S2         variance per source character (default: estimated)
  --max-bead N          most segments on one side of a bead, 1-8 (default 3)
  --plain               the paper's model exactly: c = 1, s2 = 6.8, beads up to 2-2, no
                        anchors, no paragraphs
  --no-paragraphs       do not align paragraphs first
  --no-anchors          lengths only: no numbers, URLs, names as anchors
  --no-lexicon          no second pass with a lexicon learned from the first pass's beads
                        (it runs when more than 1% of the first pass's beads are uncertain)
)";

constexpr std::string_view kBatchOptions = R"(Many documents:
  --batch FILE          FILE lists document pairs, one "SOURCE<TAB>TARGET" pair of paths a
                        line (blank lines and lines starting with # are skipped; relative
                        paths are relative to the working directory). No SOURCE/TARGET.
  --jsonl               read documents from standard input, one JSON object a line:
                        {"id": ..., "source": "text", "target": "text"} (texts inline; id
                        any JSON value, default the 0-based line index among documents)
  -j, --jobs N          worker threads (default: the number of cores)
  -q, --quiet           no progress bar (it is shown only when standard error is a terminal
                        and the run takes longer than half a second)
  Output (--format json, the default here) is one compact JSON report a line, in input
  order, with the document's "id" first (--batch: id is the 0-based index of the pair, and
  the report names both paths). --batch checks that every listed file exists before it
  starts (exit 2 otherwise). A document that cannot be used (invalid UTF-8, a binary file,
  bad JSON, one side empty) gives a line {"id": ..., "error": "..."} in its place and one
  line on standard error; the others go on, and the exit status is 2 at the end.
)";

constexpr std::string_view kJsonReport = R"(The JSON report (--format json; version 1, UTF-8, one compact line a document with
--batch and --jsonl):
  {"version": 1,
   "source": {"path": "en.txt", "lang": "en",
              "segments": [{"index": 0, "text": "...", "begin": 0, "end": 57,
                            "paragraph": 0}, ...]},
   "target": {"path": "de.txt", "lang": "de", "segments": [...]},
   "beads": [{"source": [0], "target": [0], "confidence": 0.98}, ...],
   "findings": [{"kind": "omission", "severity": "error", "code": "omission.paragraph",
                 "source": [9], "target": [], "message": "...", "confidence": 0.97,
                 "source_begin": 492, "source_end": 531, "target_begin": 560,
                 "target_end": 560}, ...]}
  path          the path as given ("-" for standard input); lang: the BCP 47 tag used
                (given or guessed; "" when unknown)
  segments      index (0-based), text (trimmed of surrounding white space), begin and end
                (byte offsets in the input file), paragraph (0-based)
  beads         every segment of both sides exactly once, in order; confidence in [0, 1]
  findings      kind: omission (source text with no counterpart), addition (target text
                with no counterpart), untranslated (target left in the source language or
                copied), drift (a bead whose sides do not match as a translation should, or
                a doubtful stretch), mismatch (numbers, URLs, e-mails, hashtags that differ);
                more kinds may be added. severity: error, warning or info. code: a stable
                sub-kind. source, target: the segment indexes the finding is about;
                source_begin ... target_end: the byte ranges they cover.
)";

constexpr std::string_view kAlign = R"(Usage: tralign align [OPTIONS] SOURCE TARGET
       tralign align [OPTIONS] --batch FILE | --jsonl

Aligns SOURCE with its translation TARGET (paths, or - for standard input, one at most) and
writes the alignment.

%PAIR%
Output:
  --format FORMAT       one of:
     beads   (default)  one bead per line, in order: [i, j]:[k]:SCORE with 0-based segment
                        indexes, [] for an empty side, SCORE the bead's confidence in [0, 1]
                        (the format of Vecalign and Bertalign and their scorers). Every
                        segment of both sides is in exactly one bead.
     tsv                source TAB target, one line per bead with both sides (sentences
                        joined by a space; none for Chinese and Japanese)
     json               the JSON report: both documents' segments (text, byte offsets,
                        paragraph), beads with confidences; "findings" is empty (see diff)
     tmx                TMX 1.4b translation memory (srclang, segtype "sentence", datatype
                        "plaintext"), one <tu tuid="BEAD INDEX"> per bead with both sides,
                        its bead type and confidence as <prop type="x-bead"> ("2-1") and
                        <prop type="x-confidence">
     xliff              XLIFF 1.2, one trans-unit per bead with both sides, its bead type
                        and confidence in a <context-group>
  --min-confidence X    tsv, tmx, xliff: leave out beads with a confidence below X (0-1)
  -o, --output FILE     write to FILE instead of standard output
  -h, --help            this help

%BATCH%  With --batch or --jsonl, --format tsv concatenates the pairs of every document (a
  parallel corpus) and --format beads writes each document's beads followed by one empty
  line; tmx and xliff need one document per file and are not accepted there.

%JSON%
Exit status: 0 success; 2 bad usage or unusable input (one line on standard error).
One side without any segment while the other has some is an error ("no text to align");
both sides empty give an empty result.

Examples:
  tralign align --source-lang en --target-lang de en.txt de.txt
  tralign align --input lines --format beads src.txt tgt.txt > hyp.align
  tralign align --format tsv --min-confidence 0.9 en.txt de.txt > corpus.tsv
  tralign align --format tmx --source-lang en --target-lang de en.txt de.txt > memory.tmx
  tralign align --batch pairs.tsv --jobs 8 --source-lang de --target-lang fr > reports.jsonl
  tralign align --jsonl --format tsv < documents.jsonl > corpus.tsv
)";

constexpr std::string_view kDiff = R"(Usage: tralign diff [OPTIONS] SOURCE TARGET
       tralign diff [OPTIONS] --batch FILE | --jsonl

Aligns SOURCE with its translation TARGET (paths, or - for standard input, one at most),
checks every bead, and shows what went wrong: omissions (source text with no counterpart),
additions (target text with no counterpart), untranslated segments, drift (a bead whose sides
do not match as a translation should, or a doubtful stretch) and mismatches (numbers, URLs,
e-mail addresses, hashtags that differ).

%PAIR%
Checks:
  --fail-on LEVEL       error|warning|info|never: exit 1 when a finding at or above LEVEL
                        is reported (default warning); never: exit 0 whatever is found
  --ignore KIND         drop findings of KIND (omission, addition, untranslated, drift,
                        mismatch); repeatable, or comma-separated
  --ignore-file FILE    one ECMAScript regular expression a line (# starts a comment); a
                        finding whose segments' texts all match one of them is dropped

Output:
  --format FORMAT       one of:
     text    (default)  side by side for people: source and target in two columns,
                        aligned, with line numbers and a marker column (< omitted, > added,
                        ! other findings), each finding's message under its bead, and a
                        summary line at the end
     json               the JSON report: documents, segments, beads and findings, each with
                        kind, severity, segment indexes and message (the same report for
                        programs)
     html               one self-contained HTML file for reviewers (inline CSS, JS and SVG;
                        nothing loaded from the network; readable without JavaScript): the
                        texts side by side in aligned rows, findings highlighted by kind with
                        their messages, a summary with counts by kind, keys n/p (j/k) for
                        the next/previous finding, a filter for problems only, and a plot of
                        the alignment path whose points link to their rows
  --color WHEN          auto (default): colour when standard output is a terminal and
                        NO_COLOR is unset; always; never (text format only)
  --only-problems       text: show only beads with findings, with context around them
  -C, --context N       beads of context around each problem with --only-problems (default 3)
  --width N             text: total columns (default: the terminal's width, else $COLUMNS,
                        else 120)
  -o, --output FILE     write to FILE instead of standard output
  -h, --help            this help

%BATCH%  With --batch or --jsonl only --format json is accepted.

%JSON%
Exit status: 0 nothing found at or above --fail-on; 1 something found; 2 bad usage or
unusable input (one line on standard error naming the file and the problem; for invalid
UTF-8 the byte offset). One side without any segment while the other has some is an error
("no text to align"); both sides empty give an empty report.

Examples:
  tralign diff --source-lang en --target-lang de en.txt de.txt
  tralign diff --only-problems -C 1 en.txt de.txt | less -R
  tralign diff --format json --fail-on never en.txt de.txt > report.json
  tralign diff --format html -o review.html en.txt de.txt
  tralign diff --ignore mismatch --ignore-file known-issues.txt en.txt de.txt
  tralign diff --input lines --format json src.txt tgt.txt > report.json
  tralign diff --jsonl --jobs 4 < documents.jsonl > reports.jsonl
)";

// `text` with "%PAIR%" and "%BATCH%" replaced by the shared option blocks.
std::string expand(std::string_view text) {
  std::string out(text);
  auto replace = [&out](std::string_view key, std::string_view value) {
    const auto at = out.find(key);
    if (at != std::string::npos) out.replace(at, key.size(), value);
  };
  replace("%PAIR%", kPairOptions);
  replace("%BATCH%", kBatchOptions);
  replace("%JSON%", kJsonReport);
  return out;
}

}  // namespace

std::string_view usage(std::string_view command) {
  static const std::string align = expand(kAlign);
  static const std::string diff = expand(kDiff);
  if (command == "segment") return kSegment;
  if (command == "align") return align;
  if (command == "diff") return diff;
  return kOverview;
}

}  // namespace tralign::cli
