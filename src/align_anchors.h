// Private: lexical anchors of a segment, folded into a 64-bit signature.
//
// Anchors are tokens that a translation keeps as they are: numbers, URLs, e-mail addresses,
// hashtags and @mentions, capitalised words other than the first of the segment (names), and
// the marks `?` and `!` (full-width forms included). Each anchor sets one bit, chosen by a hash
// of its text; `?` and `!` have bits of their own. Two segments that share a bit probably share
// an anchor. The cost model adds evidence per shared and per unshared bit, capped per bead, so
// anchors never decide a bead against the lengths on their own.
#ifndef TRALIGN_SRC_ALIGN_ANCHORS_H_
#define TRALIGN_SRC_ALIGN_ANCHORS_H_

#include <cstdint>
#include <string_view>

#include "align_dp.h"

namespace tralign {
namespace internal {

// The signature of one segment's text (UTF-8). 0: no anchors. Linear in the text; no allocation.
std::uint64_t anchor_signature(std::string_view text);

// The bits of anchors whose absence on the other side is evidence too (numbers, URLs,
// hashtags, mentions, ? and !); names are often translated, so only their presence counts.
std::uint64_t strict_anchor_mask();

// The evidence weights used by align() (nats per shared / unshared anchor, cap per bead).
AnchorWeights default_anchor_weights();

}  // namespace internal
}  // namespace tralign

#endif  // TRALIGN_SRC_ALIGN_ANCHORS_H_
