// Private: how far the Dice coefficient can reach, for the two lexicons learned from a
// document pair (the aligner's, align_lexicon.h, and the check stage's, in check.cc).
//
// Two terms that occur in dx and dy units (beads, segments) meet in at most min(dx, dy) of
// them, so their Dice coefficient 2·together / (dx + dy) is at most 2·min(dx, dy) / (dx + dy).
// Counting co-occurrences only with the partners whose frequency lets this bound reach the
// threshold skips most pairs without changing the result.
#ifndef TRALIGN_SRC_DICE_H_
#define TRALIGN_SRC_DICE_H_

#include <algorithm>
#include <cstdint>
#include <utility>

namespace tralign {
namespace internal {

// Whether terms of frequencies dx and dy can reach a Dice coefficient of min_dice.
inline bool dice_can_reach(double dx, double dy, double min_dice) {
  return !(2.0 * std::min(dx, dy) / (dx + dy) < min_dice);
}

// The lowest and highest frequency dy in [1, max(dx, max_df)] that can reach min_dice with a
// term of frequency dx (dice_can_reach rises with dy up to dx, then falls; the rounding of the
// ratio is monotonic too).
inline std::pair<std::uint32_t, std::uint32_t> dice_reachable(std::uint32_t dx,
                                                              std::uint32_t max_df,
                                                              double min_dice) {
  const double x = dx;
  std::uint32_t lo = 1, hi = dx;
  while (lo < hi) {
    const std::uint32_t mid = lo + (hi - lo) / 2;
    if (dice_can_reach(x, mid, min_dice)) {
      hi = mid;
    } else {
      lo = mid + 1;
    }
  }
  const std::uint32_t lowest = lo;
  lo = dx;
  hi = std::max(dx, max_df);
  while (lo < hi) {
    const std::uint32_t mid = lo + (hi - lo + 1) / 2;
    if (dice_can_reach(x, mid, min_dice)) {
      lo = mid;
    } else {
      hi = mid - 1;
    }
  }
  return {lowest, lo};
}

}  // namespace internal
}  // namespace tralign

#endif  // TRALIGN_SRC_DICE_H_
