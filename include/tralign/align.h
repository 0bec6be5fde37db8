// tralign/align.h: sentence alignment, Gale-Church with structure and lexical anchors.
//
// Usage:
//   tralign::Document source{en_text, tralign::segment(en_text, {"en"}), "en"};
//   tralign::Document target{de_text, tralign::segment(de_text, {"de"}), "de"};
//   tralign::Alignment alignment = tralign::align(source, target);
//   for (const tralign::Bead& b : alignment.beads)   // covers every segment exactly once
//     std::cout << b.source_begin << "-" << b.source_end << " : " << b.confidence << "\n";
//
// Gale & Church (1993): a dynamic program over beads (1-1, 1-0, 0-1, 2-1, 1-2, 2-2, and
// 1-3/3-1 where the data needs them), paragraphs first, then sentences within aligned
// paragraphs. Time and memory are linear in the number of segments (a band around the
// diagonal that widens when the path touches its edge). Pure function: deterministic.
#ifndef TRALIGN_ALIGN_H_
#define TRALIGN_ALIGN_H_

#include <cstdint>
#include <vector>

#include "tralign/length_model.h"
#include "tralign/segment.h"

namespace tralign {

// Source segments [source_begin, source_end) translate target segments
// [target_begin, target_end). One side may be empty (a 1-0 or 0-1 bead).
struct Bead {
  std::uint32_t source_begin = 0;
  std::uint32_t source_end = 0;
  std::uint32_t target_begin = 0;
  std::uint32_t target_end = 0;
  double confidence = 1.0;  // posterior probability of this bead, in [0, 1]
  double cost = 0.0;        // -log probability of the bead under the model

  std::uint32_t source_count() const { return source_end - source_begin; }
  std::uint32_t target_count() const { return target_end - target_begin; }
};

struct AlignOptions {
  // c, target characters per source character. 0 (default): estimated from the pair
  // (total length ratio, then refitted on confident 1-1 beads).
  double mean = 0.0;
  // s², variance per source character. 0 (default): estimated from the pair.
  double variance = 0.0;
  // Largest number of segments on one side of a bead (2: the paper's types; 3 (default)
  // adds 1-3 and 3-1). Cost grows linearly with it. Range 1-8.
  int max_bead = 3;
  // The paper's model exactly: c = 1 and s² = 6.8 unless given, no anchors, no
  // paragraphs, no calibration, bead types up to 2-2 (default false).
  bool plain = false;
  // Align paragraphs first when both sides have more than one (default true).
  bool paragraphs = true;
  // Lexical anchors (numbers, URLs, hashtags, names, ? and !) add evidence (default true).
  bool anchors = true;
  // A second pass with a lexicon learned from the first pass's beads: term pairs that keep
  // meeting in them reward the beads that hold both (default true; align() only, which has
  // the texts).
  bool lexicon = true;
  // Throws OptionsError naming the field, the rule and the value.
  void validate() const;
};

// The result of align(): beads in order, covering every segment of both sides exactly once.
struct Alignment {
  std::vector<Bead> beads;
  LengthModel model;  // the length model used (given or estimated)
};

// Aligns two segmented documents. Throws OptionsError for invalid options.
Alignment align(const Document& source, const Document& target, const AlignOptions& options = {});

// Aligns by lengths alone (code points per segment): no anchors, no paragraphs.
Alignment align_lengths(const std::vector<std::uint32_t>& source_lengths,
                        const std::vector<std::uint32_t>& target_lengths,
                        const AlignOptions& options = {});

}  // namespace tralign

#endif  // TRALIGN_ALIGN_H_
