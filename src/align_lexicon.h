// Private: a translation lexicon learned from the document pair itself, for a second pass of
// the aligner.
//
// Length alone cannot tell a path from the same path shifted by one segment where the
// segments' lengths repeat (lists, genealogies, dialogue): the path drifts and stays out of
// sync for hundreds of beads. The words that translate each other can: the first pass's beads
// are mostly right, so a term of the source and a term of the target that keep meeting in its
// beads are probably translations (as in Moore 2002, "Fast and Accurate Sentence Alignment of
// Bilingual Corpora", and hunalign, which learn from a length-based first pass). The pairs
// learned are folded into a 64-bit signature per segment, like the anchors of align_anchors.h,
// and the second pass rewards beads whose sides share them.
#ifndef TRALIGN_SRC_ALIGN_LEXICON_H_
#define TRALIGN_SRC_ALIGN_LEXICON_H_

#include <cstdint>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "align_dp.h"
#include "tralign/align.h"
#include "tralign/segment.h"

namespace tralign {
namespace internal {

// The terms of a segment's text, hashed to 32 bits, sorted and unique: words of three or
// more bytes, lower-cased (ASCII) and cut to their first six bytes (a crude stem), and pairs
// of consecutive Han, Kana or Hangul letters (a lone letter is a term too). Numbers and
// punctuation are left to the anchors.
std::vector<std::uint32_t> segment_terms(std::string_view text);

// The term pairs that meet in the beads far more often than chance says (Dice coefficient,
// each term kept with its best partner only when that choice is mutual), learned from the
// beads with both sides non-empty and confidence at least 0.5 (a sample of them on long
// documents; only their segments' terms are read).
class Lexicon {
 public:
  Lexicon(const Document& source, const Document& target, const std::vector<Bead>& beads);
  // Pairs learned (0: too few beads, or no pair qualifies).
  std::size_t size() const { return from_.size(); }
  // One signature per segment of [begin, end) of the source (or target) document: a bit per
  // pair (a hash of it) for the rarest pairs whose term the segment holds.
  std::vector<std::uint64_t> signatures(const Document& doc, bool source, std::uint32_t begin,
                                        std::uint32_t end) const;

 private:
  struct Learned {
    std::uint32_t rank;  // lower: rarer (the bead frequencies of both terms)
    int bit;
  };
  std::unordered_map<std::uint32_t, Learned> from_, to_;  // by source / target term
};

// The evidence weights of the lexicon's bits: a reward per shared bit, capped; an absent
// translation is no evidence (translators vary their words).
AnchorWeights lexicon_weights();

}  // namespace internal
}  // namespace tralign

#endif  // TRALIGN_SRC_ALIGN_LEXICON_H_
