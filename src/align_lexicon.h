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

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "align_dp.h"
#include "huge_pages.h"
#include "tralign/align.h"
#include "tralign/segment.h"

namespace tralign {
namespace internal {

// The terms of a segment's text, hashed to 32 bits, sorted and unique: words of three or
// more bytes, lower-cased (ASCII) and cut to their first six bytes (a crude stem), and pairs
// of consecutive Han, Kana or Hangul letters (a lone letter is a term too). Numbers and
// punctuation are left to the anchors.
std::vector<std::uint32_t> segment_terms(std::string_view text);

// A hash table from 32-bit terms to values (open addressing with linear probing, at most three
// quarters full; a lookup allocates nothing). Slots move only when the table grows.
template <typename Value>
class TermTable {
 public:
  struct Slot {
    std::uint32_t term = 0;  // 0: empty (the term 0 has a slot of its own)
    Value value{};
  };
  // The slot of `term`; null when absent.
  const Slot* find(std::uint32_t term) const {
    if (term == 0) return has_zero_ ? &zero_ : nullptr;
    if (slots_.empty()) return nullptr;
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t s = slot_of(term);; s = (s + 1) & mask) {
      const Slot& slot = slots_[s];
      if (slot.term == term) return &slot;
      if (slot.term == 0) return nullptr;
    }
  }
  // The slot of `term`, added with a value-initialised value when absent.
  Slot& insert(std::uint32_t term) {
    if (term == 0) {
      size_ += has_zero_ ? 0 : 1;
      has_zero_ = true;
      return zero_;
    }
    if (4 * (size_ + 1) > 3 * slots_.size()) reserve(size_ + 1);
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t s = slot_of(term);; s = (s + 1) & mask) {
      Slot& slot = slots_[s];
      if (slot.term == term) return slot;
      if (slot.term == 0) {
        slot.term = term;
        ++size_;
        return slot;
      }
    }
  }
  // Terms held.
  std::size_t size() const { return size_; }
  // Calls f(term, value) for every term held, in no particular order.
  template <typename F>
  void for_each(F&& f) const {
    if (has_zero_) f(std::uint32_t{0}, zero_.value);
    for (const Slot& slot : slots_)
      if (slot.term != 0) f(slot.term, slot.value);
  }
  // Removes every term; keeps the room.
  void clear() {
    std::fill(slots_.begin(), slots_.end(), Slot{});
    zero_ = Slot{};
    has_zero_ = false;
    size_ = 0;
  }
  // Room for `count` terms without moving a slot.
  void reserve(std::size_t count) {
    std::size_t capacity = 16;
    int bits = 4;
    while (3 * capacity < 4 * count) {
      capacity *= 2;
      ++bits;
    }
    if (capacity <= slots_.size()) return;
    LargeArray<Slot> old(capacity);
    old.swap(slots_);
    shift_ = 64 - bits;
    const std::size_t mask = capacity - 1;
    for (const Slot& slot : old) {
      if (slot.term == 0) continue;
      std::size_t s = slot_of(slot.term);
      while (slots_[s].term != 0) s = (s + 1) & mask;
      slots_[s] = slot;
    }
  }

 private:
  std::size_t slot_of(std::uint32_t term) const {
    return static_cast<std::size_t>((std::uint64_t{term} * 0x9E3779B97F4A7C15ULL) >> shift_);
  }
  LargeArray<Slot> slots_;  // a power of two of them
  Slot zero_;
  bool has_zero_ = false;
  std::size_t size_ = 0;
  int shift_ = 64;
};

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
    std::uint32_t rank = 0;  // lower: rarer (the bead frequencies of both terms)
    int bit = 0;
  };
  // A bit per hash of the learned terms of one side, about sixteen bits per term: a text's
  // terms are mostly not learned, and the filter (in L1) turns them away before their slot of
  // the table (in L2 on long documents) is read.
  class TermFilter {
   public:
    // Room for `count` terms.
    void reserve(std::size_t count) {
      int bits = 12;
      while ((std::size_t{1} << bits) < 16 * count) ++bits;
      words_.assign(std::size_t{1} << (bits - 6), 0);
      shift_ = 32 - bits;
    }
    void add(std::uint32_t term) {
      const std::uint32_t h = hash(term);
      words_[h >> 6] |= std::uint64_t{1} << (h & 63);
    }
    // False: `term` was never added.
    bool may_hold(std::uint32_t term) const {
      const std::uint32_t h = hash(term);
      return (words_[h >> 6] >> (h & 63) & 1) != 0;
    }

   private:
    std::uint32_t hash(std::uint32_t term) const { return (term * 0x9E3779B1u) >> shift_; }
    std::vector<std::uint64_t> words_;
    int shift_ = 32;
  };
  TermTable<Learned> from_, to_;  // by source / target term
  TermFilter from_filter_, to_filter_;
};

// The evidence weights of the lexicon's bits: a reward per shared bit, capped; an absent
// translation is no evidence (translators vary their words).
AnchorWeights lexicon_weights();

}  // namespace internal
}  // namespace tralign

#endif  // TRALIGN_SRC_ALIGN_LEXICON_H_
