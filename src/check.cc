// PLACEHOLDER until the check module lands.
#include "tralign/check.h"

#include "tralign/error.h"

namespace tralign {

namespace {
constexpr std::string_view kKindNames[] = {"omission", "addition", "untranslated", "drift",
                                           "mismatch"};
constexpr std::string_view kSeverityNames[] = {"info", "warning", "error"};
}  // namespace

std::string_view to_string(FindingKind kind) { return kKindNames[static_cast<int>(kind)]; }
std::string_view to_string(Severity severity) {
  return kSeverityNames[static_cast<int>(severity)];
}
FindingKind parse_finding_kind(std::string_view name) {
  for (int i = 0; i < 5; ++i)
    if (kKindNames[i] == name) return static_cast<FindingKind>(i);
  throw OptionsError("unknown finding kind: " + std::string(name));
}
Severity parse_severity(std::string_view name) {
  for (int i = 0; i < 3; ++i)
    if (kSeverityNames[i] == name) return static_cast<Severity>(i);
  throw OptionsError("unknown severity: " + std::string(name));
}

void CheckOptions::validate() const {}

std::vector<Finding> check(const Document&, const Document&, const Alignment&,
                           const CheckOptions&) {
  return {};
}

}  // namespace tralign
