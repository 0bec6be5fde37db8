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
#include <vector>

#include "align_dp.h"
#include "tralign/align.h"
#include "tralign/segment.h"

namespace tralign {
namespace internal {

// The terms of every segment of a document, hashed to 32 bits, sorted and unique per segment:
// words of three or more bytes, lower-cased (ASCII) and cut to their first six bytes (a crude
// stem), and pairs of consecutive Han, Kana or Hangul letters (a lone letter is a term too).
// Numbers and punctuation are left to the anchors.
struct SegmentTerms {
  std::vector<std::uint32_t> offsets;  // segment k's terms: terms[offsets[k], offsets[k + 1])
  std::vector<std::uint32_t> terms;
};
SegmentTerms segment_terms(const Document& doc);

// Learns the term pairs that meet in the beads far more often than chance says (Dice
// coefficient, each term kept with its best partner only when that choice is mutual), from
// the beads with both sides non-empty and confidence at least 0.5 (a sample of them on long
// documents). Returns one signature per segment of each side: a bit per pair (a hash of it)
// for the rarest pairs whose term the segment holds. Empty signatures when too few beads or
// no pair qualifies.
struct LexiconSignatures {
  std::vector<std::uint64_t> source, target;
  std::size_t pairs = 0;  // pairs learned
};
LexiconSignatures learn_lexicon(const SegmentTerms& source, const SegmentTerms& target,
                                const std::vector<Bead>& beads);

// The evidence weights of the lexicon's bits: a reward per shared bit, capped; an absent
// translation is no evidence (translators vary their words).
AnchorWeights lexicon_weights();

}  // namespace internal
}  // namespace tralign

#endif  // TRALIGN_SRC_ALIGN_LEXICON_H_
