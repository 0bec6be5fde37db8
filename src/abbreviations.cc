// abbreviations.cc: the per-language rule data (abbreviations, sentence starters, months).
#include "segment_rules.h"

namespace tralign::rules {

const LanguageRules& rules_for(std::string_view language) {
  static const LanguageRules generic;
  (void)language;
  return generic;
}

}  // namespace tralign::rules
