// tralign/check.h: findings over an alignment: what was dropped, added, left untranslated,
// where the two sides drift apart, and what differs inside a bead.
//
// Usage:
//   tralign::Alignment alignment = tralign::align(source, target);
//   for (const tralign::Finding& f : tralign::check(source, target, alignment))
//     std::cout << tralign::to_string(f.kind) << ": " << f.message << "\n";
//
// Thresholds derive from the model (z-scores of the length model, posteriors of the beads);
// every one is an option with a documented default.
#ifndef TRALIGN_CHECK_H_
#define TRALIGN_CHECK_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tralign/align.h"
#include "tralign/segment.h"

namespace tralign {

enum class FindingKind {
  kOmission,      // source segments with no counterpart in the target
  kAddition,      // target segments with no counterpart in the source
  kUntranslated,  // target segments copied from the source or left in its script
  kDrift,         // a bead whose sides do not match as a translation should, or a doubtful stretch
  kMismatch,      // numbers, URLs, e-mails, hashtags, @mentions, placeholders that differ
};

enum class Severity { kInfo, kWarning, kError };  // ordered: kInfo < kWarning < kError

// "omission", "addition", "untranslated", "drift", "mismatch".
std::string_view to_string(FindingKind kind);
// "info", "warning", "error".
std::string_view to_string(Severity severity);
// Inverses of to_string; throw OptionsError for an unknown name.
FindingKind parse_finding_kind(std::string_view name);
Severity parse_severity(std::string_view name);

struct Finding {
  FindingKind kind = FindingKind::kOmission;
  Severity severity = Severity::kWarning;
  std::string code;                    // stable code, e.g. "omission.run", "mismatch.number"
  std::vector<std::uint32_t> source;   // source segment indexes the finding is about (sorted)
  std::vector<std::uint32_t> target;   // target segment indexes (sorted)
  std::size_t source_begin = 0;        // byte range covered in the source text (empty if none)
  std::size_t source_end = 0;
  std::size_t target_begin = 0;        // byte range covered in the target text
  std::size_t target_end = 0;
  double confidence = 1.0;             // how sure the check is, in [0, 1]
  std::string message;                 // one line for people
};

struct CheckOptions {
  // Kinds never reported.
  std::vector<FindingKind> ignore_kinds;
  // ECMAScript regular expressions; a finding whose segments' texts all match one is dropped.
  std::vector<std::string> ignore_patterns;
  // Throws OptionsError naming the field, the rule and the value.
  void validate() const;
};

// Checks every bead of `alignment` and returns the findings, ordered by position.
std::vector<Finding> check(const Document& source, const Document& target,
                           const Alignment& alignment, const CheckOptions& options = {});

}  // namespace tralign

#endif  // TRALIGN_CHECK_H_
