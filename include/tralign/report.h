// tralign/report.h: a whole result (both documents, beads, findings) and its output formats.
//
// Usage:
//   tralign::Report report = tralign::diff(en_text, de_text, options);   // see tralign.h
//   tralign::write_json(std::cout, report);      // the JSON report of INTERFACE.md
//   tralign::write_tmx(std::cout, report, {});   // TMX 1.4b translation memory
//
// A Report refers to the caller's texts (Document::text); they must outlive it.
#ifndef TRALIGN_REPORT_H_
#define TRALIGN_REPORT_H_

#include <iosfwd>
#include <string>
#include <vector>

#include "tralign/align.h"
#include "tralign/check.h"
#include "tralign/segment.h"

namespace tralign {

struct Report {
  Document source;
  Document target;
  std::string source_path;  // as given by the caller (for the report); may be empty
  std::string target_path;
  Alignment alignment;
  std::vector<Finding> findings;

  // The highest severity among the findings; kInfo when there are none.
  Severity max_severity() const;
};

struct WriteOptions {
  // Pair outputs (tsv, tmx, xliff): beads with a lower confidence are left out (default 0).
  double min_confidence = 0.0;
  // json: one line (for JSONL) instead of indented (default false).
  bool compact = false;
  // Throws OptionsError naming the field, the rule and the value (min_confidence outside
  // [0, 1]). Every writer calls it.
  void validate() const;
};

// Every writer throws OptionsError for invalid options and InputError for a Report that is not
// self-consistent (a segment outside its text, a bead or finding naming a missing segment); it
// writes nothing then. Confidences are written with at most four decimals ("0.98", "1").
// Output is UTF-8; invalid UTF-8 in paths or messages is written as U+FFFD.

// `[i, j]:[k]:SCORE` per bead, 0-based segment indexes, `[]` for an empty side (the format of
// Vecalign and Bertalign); every segment exactly once when the alignment covers both sides.
void write_beads(std::ostream& out, const Report& report);
// source TAB target per bead that has both sides (and text on both); segments joined with a
// space (nothing between wide characters for Chinese and Japanese, by Document::lang); tabs and
// line breaks (CR, LF, VT, FF, NEL, U+2028, U+2029) inside become spaces. Beads below
// options.min_confidence are left out.
void write_tsv(std::ostream& out, const Report& report, const WriteOptions& options = {});
// The JSON report of INTERFACE.md (version 1): source and target (path, lang, segments with
// index, text, begin, end, paragraph), beads (source, target, confidence) and findings (kind,
// severity, code, source, target, message, confidence, source_begin, source_end, target_begin,
// target_end). Indented with one segment, bead or finding per line, or with options.compact
// all on one line (JSONL). Ends with a line break.
void write_json(std::ostream& out, const Report& report, const WriteOptions& options = {});
// TMX 1.4b: a header (creationtool "tralign", segtype "sentence", srclang, datatype
// "plaintext"), one <tu tuid="BEAD INDEX"> per bead with both sides (texts as in write_tsv),
// with <prop type="x-bead">2-1</prop> and <prop type="x-confidence">. Valid against the TMX 1.4
// DTD; characters XML 1.0 does not allow become U+FFFD. min_confidence filters as in write_tsv.
void write_tmx(std::ostream& out, const Report& report, const WriteOptions& options = {});
// XLIFF 1.2 (urn:oasis:names:tc:xliff:document:1.2): one <trans-unit id="BEAD INDEX"> per bead
// with both sides, its bead type and confidence in a <context-group>, the findings that name its
// segments as <note>s (priority 1 error, 2 warning, 3 info); findings in no written bead are
// notes of the <header>. Valid against the XLIFF 1.2 schema. min_confidence filters as above.
void write_xliff(std::ostream& out, const Report& report, const WriteOptions& options = {});

// The side-by-side view of `tralign diff`.
struct TextViewOptions {
  int width = 120;             // total columns (narrower than 24 is laid out as 24)
  bool color = false;          // ANSI colours: red omissions, green additions, yellow others
  bool only_problems = false;  // show only beads with findings, plus `context` beads around
  int context = 3;             // beads of context with only_problems
  // Throws OptionsError naming the field, the rule and the value (width < 1, context < 0).
  void validate() const;
};
// Both texts in two columns, one bead after the other, each segment on its own rows with its
// 1-based number (segment index + 1), wrapped to its column by terminal width (East Asian wide
// characters count two columns, combining marks none); a marker column between the sides
// (`<` omitted source, `>` added target, `!` any other finding); each finding's message under
// the last bead it names; `...` where only_problems leaves beads out; a summary line at the end
// (beads, segments, findings by kind and by severity). Control characters in the texts are
// shown as Control Pictures (U+2400..), never sent to the terminal.
void write_text(std::ostream& out, const Report& report, const TextViewOptions& options = {});

// One self-contained HTML file (inline CSS, JS, SVG), readable without JavaScript. Throws
// InputError for a Report that is not self-consistent, as the writers above; writes nothing then.
void write_html(std::ostream& out, const Report& report);

}  // namespace tralign

#endif  // TRALIGN_REPORT_H_
