// PLACEHOLDER until the alignment module lands: 1-1 beads down the diagonal.
#include "tralign/align.h"

#include <algorithm>

namespace tralign {

void AlignOptions::validate() const {}

Alignment align_lengths(const std::vector<std::uint32_t>& source_lengths,
                        const std::vector<std::uint32_t>& target_lengths, const AlignOptions&) {
  Alignment alignment;
  const auto n = static_cast<std::uint32_t>(source_lengths.size());
  const auto m = static_cast<std::uint32_t>(target_lengths.size());
  const std::uint32_t k = std::min(n, m);
  for (std::uint32_t i = 0; i < k; ++i) alignment.beads.push_back({i, i + 1, i, i + 1, 1.0, 0.0});
  for (std::uint32_t i = k; i < n; ++i) alignment.beads.push_back({i, i + 1, m, m, 1.0, 0.0});
  for (std::uint32_t j = k; j < m; ++j) alignment.beads.push_back({n, n, j, j + 1, 1.0, 0.0});
  return alignment;
}

Alignment align(const Document& source, const Document& target, const AlignOptions& options) {
  std::vector<std::uint32_t> s, t;
  for (const auto& seg : source.segments) s.push_back(seg.length);
  for (const auto& seg : target.segments) t.push_back(seg.length);
  return align_lengths(s, t, options);
}

}  // namespace tralign
