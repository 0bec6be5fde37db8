// PLACEHOLDER until the report module lands.
#include "tralign/report.h"

#include <ostream>

namespace tralign {

Severity Report::max_severity() const {
  Severity s = Severity::kInfo;
  for (const auto& f : findings) s = std::max(s, f.severity);
  return s;
}

void write_beads(std::ostream& out, const Report& report) {
  auto side = [&](std::uint32_t b, std::uint32_t e) {
    out << '[';
    for (auto i = b; i < e; ++i) out << (i > b ? ", " : "") << i;
    out << ']';
  };
  for (const auto& bead : report.alignment.beads) {
    side(bead.source_begin, bead.source_end);
    out << ':';
    side(bead.target_begin, bead.target_end);
    out << ':' << bead.confidence << '\n';
  }
}
void write_tsv(std::ostream&, const Report&, const WriteOptions&) {}
void write_json(std::ostream&, const Report&, const WriteOptions&) {}
void write_tmx(std::ostream&, const Report&, const WriteOptions&) {}
void write_xliff(std::ostream&, const Report&, const WriteOptions&) {}
void write_text(std::ostream&, const Report&, const TextViewOptions&) {}

}  // namespace tralign
