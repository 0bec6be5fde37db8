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
};

// `[i, j]:[k]:SCORE` per bead (Vecalign/Bertalign format), every segment exactly once.
void write_beads(std::ostream& out, const Report& report);
// source TAB target per bead that has both sides; segments joined with a space (nothing for
// Chinese and Japanese); tabs and line breaks inside become spaces.
void write_tsv(std::ostream& out, const Report& report, const WriteOptions& options = {});
// The JSON report of INTERFACE.md (version 1).
void write_json(std::ostream& out, const Report& report, const WriteOptions& options = {});
// TMX 1.4b, one <tu> per bead with both sides.
void write_tmx(std::ostream& out, const Report& report, const WriteOptions& options = {});
// XLIFF 1.2, one trans-unit per bead with both sides, findings as notes.
void write_xliff(std::ostream& out, const Report& report, const WriteOptions& options = {});

// The side-by-side view of `tralign diff`.
struct TextViewOptions {
  int width = 120;             // total columns
  bool color = false;          // ANSI colours
  bool only_problems = false;  // show only beads with findings, plus `context` beads around
  int context = 3;             // beads of context with only_problems
};
void write_text(std::ostream& out, const Report& report, const TextViewOptions& options = {});

// One self-contained HTML file (inline CSS, JS, SVG), readable without JavaScript.
void write_html(std::ostream& out, const Report& report);

}  // namespace tralign

#endif  // TRALIGN_REPORT_H_
