// A translation lexicon learned from the first pass's beads.
#include "align_lexicon.h"

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <string_view>
#include <utility>

#include "dice.h"
#include "simd_bytes.h"

namespace tralign {
namespace internal {
namespace {

// Beads of the first pass the lexicon learns from: confident ones, at most this many (evenly
// spread over the document; learning stays constant time on long documents).
constexpr double kMinConfidence = 0.5;
constexpr std::size_t kMaxBeads = 30000;
// Fewer beads than this teach nothing reliable.
constexpr std::size_t kMinBeads = 30;
// A term must occur in at least kMinCount beads and in at most kMaxShare of them (function
// words meet everything); a pair must meet in at least kMinCount beads with a Dice
// coefficient of at least kMinDice.
constexpr std::uint32_t kMinCount = 2;
constexpr double kMaxShare = 0.05;
constexpr double kMinDice = 0.4;
// At most this many terms per bead side enter the pair counts (the rarest).
constexpr std::size_t kMaxTermsPerBead = 48;
// A segment's signature holds the bits of its rarest pairs, at most this many.
constexpr std::size_t kBitsPerSegment = 8;
// Words are cut to this many bytes; shorter words are not terms.
constexpr std::size_t kStemBytes = 6;
constexpr std::size_t kMinWordBytes = 3;
// A term (a word, a CJK letter or pair) takes this many bytes of the text at least.
constexpr std::size_t kMinTermBytes = 3;

constexpr std::uint32_t kFnvBasis = 2166136261u;
constexpr std::uint32_t kFnvPrime = 16777619u;
// FNV-1a seeds of the three kinds of term.
constexpr std::uint32_t kLoneLetterSeed = 1;
constexpr std::uint32_t kLetterPairSeed = 2;
constexpr std::uint32_t kWordSeed = 3;

inline std::uint32_t fnv1a(const unsigned char* bytes, std::size_t count, std::uint32_t seed) {
  std::uint32_t h = kFnvBasis ^ seed;
  for (std::size_t k = 0; k < count; ++k) {
    h ^= bytes[k];
    h *= kFnvPrime;
  }
  return h;
}

// What a byte can start: nothing, an ASCII letter, a 2-byte sequence (C2-DF) or a Han, Kana
// or Hangul letter (a 3-byte sequence led by E3-ED; not the CJK punctuation block E3 80).
enum ByteClass : unsigned char { kNothing, kAsciiLetter, kTwoByteLead, kCjkLead };
struct ByteClasses {
  unsigned char of[256] = {};
  constexpr ByteClasses() {
    for (int c = 0; c < 256; ++c) {
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) of[c] = kAsciiLetter;
      if (c >= 0xC2 && c <= 0xDF) of[c] = kTwoByteLead;
      if (c >= 0xE3 && c <= 0xED) of[c] = kCjkLead;
    }
  }
};
constexpr ByteClasses kByteClasses;

inline bool is_cjk_letter(const unsigned char* p, std::size_t k, std::size_t size) {
  return kByteClasses.of[p[k]] == kCjkLead && k + 2 < size && !(p[k] == 0xE3 && p[k + 1] == 0x80);
}

// One token of the text from byte k (a word, a run of CJK letters or one other byte): calls
// emit(term) for its terms and returns the byte after it.
template <typename Emit>
inline std::size_t scan_token(const unsigned char* p, std::size_t size, std::size_t k, Emit& emit) {
  const unsigned char cls = kByteClasses.of[p[k]];
  if (cls == kNothing) return k + 1;
  if (cls == kCjkLead) {
    if (!is_cjk_letter(p, k, size)) return k + 1;
    // A run of CJK letters: its bigrams (or the letter alone).
    const std::size_t start = k;
    k += 3;
    while (k < size && is_cjk_letter(p, k, size)) {
      emit(fnv1a(p + k - 3, 6, kLetterPairSeed));
      k += 3;
    }
    if (k == start + 3) emit(fnv1a(p + start, 3, kLoneLetterSeed));
    return k;
  }
  // A word: ASCII letters and the 2-byte sequences (Latin, Greek, Cyrillic, ...), hashed
  // lower-cased (ASCII) over its first kStemBytes bytes.
  std::uint32_t h = kFnvBasis ^ kWordSeed;
  std::size_t length = 0;
  const std::size_t start = k;
  while (k < size) {
    const unsigned char d = p[k];
    const unsigned char dcls = kByteClasses.of[d];
    if (dcls == kAsciiLetter) {
      if (length < kStemBytes) {
        h = (h ^ static_cast<unsigned char>(d | 0x20)) * kFnvPrime;
        ++length;
      }
      ++k;
    } else if (dcls == kTwoByteLead && k + 1 < size && (p[k + 1] & 0xC0) == 0x80) {
      for (std::size_t b = 0; b < 2; ++b)
        if (length < kStemBytes) {
          h = (h ^ p[k + b]) * kFnvPrime;
          ++length;
        }
      k += 2;
    } else {
      break;
    }
  }
  if (k == start) return k + 1;  // a stray lead byte: never stall
  if (k - start >= kMinWordBytes) emit(h);
  return k;
}

#if defined(__SSE2__)
constexpr std::size_t kChunk = 64;

// Bit i: byte i of the 64 at p is an ASCII letter / a lead byte C2-DF / a continuation byte
// 80-BF / a byte E0 or above.
struct ChunkBytes {
  std::uint64_t letter = 0, lead = 0, continuation = 0, high = 0;
  explicit ChunkBytes(const unsigned char* p) {
    const __m128i high_start = _mm_set1_epi8(static_cast<char>(0xE0));
    for (int b = 0; b < 4; ++b) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * b));
      const __m128i letters = ascii_letters(v);
      const __m128i leads = bytes_in_range(v, 0xC2, 0xDF - 0xC2 + 1);
      const __m128i continuations = _mm_cmplt_epi8(v, _mm_set1_epi8(-128 + 0x40));
      const __m128i highs = _mm_cmpeq_epi8(_mm_max_epu8(v, high_start), v);
      const int shift = 16 * b;
      letter |= std::uint64_t{static_cast<std::uint16_t>(_mm_movemask_epi8(letters))} << shift;
      lead |= std::uint64_t{static_cast<std::uint16_t>(_mm_movemask_epi8(leads))} << shift;
      continuation |= std::uint64_t{static_cast<std::uint16_t>(_mm_movemask_epi8(continuations))}
                      << shift;
      high |= std::uint64_t{static_cast<std::uint16_t>(_mm_movemask_epi8(highs))} << shift;
    }
  }
};

inline int lowest_bit(std::uint64_t x) { return __builtin_ctzll(x); }
inline int highest_bit(std::uint64_t x) { return 63 - __builtin_clzll(x); }
#endif

// Calls emit(term) for every term of `text` (see segment_terms), repeats included, in order.
// Where the text holds no byte E0 or above, 64 bytes at a time: the bytes of words (ASCII
// letters and valid 2-byte sequences) as a bit mask, a word per run of ones; the rest (CJK,
// other 3- and 4-byte sequences) one token at a time.
template <typename Emit>
inline void for_each_term(std::string_view text, Emit&& emit) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t size = text.size();
  std::size_t k = 0;
#if defined(__SSE2__)
  unsigned char padded[kChunk + kStemBytes];
  while (k < size) {
    if (p[k] >= 0xE0 || (p[k] & 0xC0) == 0x80) {  // nothing for the chunks to do here
      k = scan_token(p, size, k, emit);
      continue;
    }
    const std::size_t rest = size - k;
    const unsigned char* q = p + k;
    // The end of the text, padded with spaces (not word bytes); a stem is read whole (past the
    // chunk when its word ends there, see below).
    if (rest < sizeof padded) {
      std::memset(padded, ' ', sizeof padded);
      std::memcpy(padded, q, rest);
      q = padded;
    }
    const ChunkBytes bytes(q);
    // Word bytes; a lead byte's pair is unknown at bit 63 (its continuation is not loaded).
    const std::uint64_t pairs = bytes.lead & (bytes.continuation >> 1);
    const std::uint64_t word = bytes.letter | pairs | (pairs << 1);
    // The chunk's words end before `cut`, a byte known not to be a word byte.
    std::size_t cut = 0;
    if (bytes.high != 0) {
      cut = static_cast<std::size_t>(lowest_bit(bytes.high));
    } else if (rest < kChunk) {
      cut = rest;
    } else {
      const std::uint64_t gaps = ~word & ~(std::uint64_t{1} << 63);
      if (gaps != 0) cut = static_cast<std::size_t>(highest_bit(gaps));
    }
    if (cut == 0) {
      k = scan_token(p, size, k, emit);
      continue;
    }
    // The words of kMinWordBytes or more, by the bits where they start, and their stems hashed
    // without a branch on their length (short words and stems' lengths are too random to
    // predict): the first three bytes always, the next three kept or not by a select.
    const std::uint64_t words = word & ((std::uint64_t{1} << cut) - 1);
    static_assert(kMinWordBytes == 3 && kStemBytes == 6, "the stem's steps below");
    std::uint64_t starts = words & ~(words << 1) & (words >> 1) & (words >> 2);
    while (starts != 0) {
      const int start = lowest_bit(starts);
      starts &= starts - 1;
      const auto length = static_cast<std::size_t>(lowest_bit(~(words >> start)));
      const unsigned char* w = q + start;
      // FNV-1a over the lower-cased byte (ASCII letters: bit 5 set where bit 7 is clear).
      const auto step = [](std::uint32_t h, unsigned char byte) {
        const std::uint32_t d = byte;
        return (h ^ (d | (~d >> 2 & 0x20u))) * kFnvPrime;
      };
      std::uint32_t h = step(step(step(kFnvBasis ^ kWordSeed, w[0]), w[1]), w[2]);
      std::uint32_t next = step(h, w[3]);
      h = length > 3 ? next : h;
      next = step(h, w[4]);
      h = length > 4 ? next : h;
      next = step(h, w[5]);
      h = length > 5 ? next : h;
      emit(h);
    }
    k += cut;
  }
#else
  while (k < size) k = scan_token(p, size, k, emit);
#endif
}

// The text of segment k of `doc`; empty when its offsets are out of the text.
inline std::string_view segment_text(const Document& doc, std::uint32_t k) {
  const Segment& seg = doc.segments[k];
  if (seg.begin <= seg.end && seg.end <= doc.text.size())
    return doc.text.substr(seg.begin, seg.end - seg.begin);
  return {};
}

// One side of the chosen beads while learning: every term met with its bead frequency, and
// the distinct terms of every bead.
struct Occurrences {
  // 16 bits are enough for a bead number (+1) or a bead frequency, and a slot of 12 bytes
  // rather than 16 makes the table a quarter smaller (fewer fresh pages and cache misses
  // where the terms are many, as CJK letter pairs are).
  static_assert(kMaxBeads < 0xFFFF, "a bead frequency and a bead number in 16 bits");
  struct Count {
    std::uint32_t index = 0;  // dense, in the order first met
    std::uint16_t df = 0;     // beads holding the term
    std::uint16_t last = 0;   // the last bead (+1) holding it
  };
  TermTable<Count> table;
  LargeArray<std::uint32_t> items;        // the beads' distinct term indexes, bead after bead
  std::vector<std::uint32_t> offsets{0};  // bead k's: items [offsets[k], offsets[k + 1])

  // Room for the beads' terms (a term takes three bytes or more: no reallocation).
  void reserve(const Document& doc, const std::vector<const Bead*>& beads, bool source) {
    std::size_t bytes = 0;
    for (const Bead* b : beads) {
      const std::uint32_t begin = source ? b->source_begin : b->target_begin;
      const std::uint32_t end = source ? b->source_end : b->target_end;
      for (std::uint32_t k = begin; k < end; ++k) bytes += segment_text(doc, k).size();
    }
    items.reserve(bytes / kMinTermBytes);
    offsets.reserve(beads.size() + 1);
  }

  // Appends the next bead, the segments [begin, end) of `doc`.
  void add_bead(const Document& doc, std::uint32_t begin, std::uint32_t end) {
    const auto stamp = static_cast<std::uint16_t>(offsets.size());
    for (std::uint32_t k = begin; k < end; ++k) {
      for_each_term(segment_text(doc, k), [&](std::uint32_t term) {
        const std::size_t before = table.size();
        Count& count = table.insert(term).value;
        if (table.size() != before) count.index = static_cast<std::uint32_t>(before);
        if (count.last == stamp) return;
        count.last = stamp;
        ++count.df;
        items.push_back(count.index);
      });
    }
    offsets.push_back(static_cast<std::uint32_t>(items.size()));
  }
};

// The dense ids of the usable terms of a side (bead frequency in [kMinCount, max_df]), in the
// order of (bead frequency, term): a lower id is a rarer term, and the ids of a range of
// frequencies are a range. Their names (terms), bead frequencies, the id of every index of
// the Occurrences (kNone: not usable), and first[d]: the first id of frequency d or more.
struct Usable {
  static constexpr std::uint32_t kNone = ~0u;
  std::vector<std::uint32_t> names, df, id_of, first;
  Usable(const Occurrences& side, std::uint32_t max_df) {
    // The usable terms in the order of terms, then counted into place by frequency (stable:
    // within a frequency, the order of terms). Two linear sorts rather than one comparison
    // sort of (frequency, term) keys: tens of thousands of terms on a long CJK side.
    struct Term {
      std::uint32_t term, index, df;
    };
    std::vector<Term> usable;
    first.assign(max_df + 2, 0);
    side.table.for_each([&](std::uint32_t term, const Occurrences::Count& c) {
      if (c.df < kMinCount || c.df > max_df) return;
      usable.push_back({term, c.index, c.df});
      ++first[c.df + 1];
    });
    // By term: least significant digit first, three passes of 11 bits (counters in L1).
    {
      constexpr int kDigitBits = 11;
      constexpr std::uint32_t kDigits = 1u << kDigitBits;
      std::vector<Term> scratch(usable.size());
      std::vector<std::uint32_t> next(kDigits);
      for (int shift = 0; shift < 32; shift += kDigitBits) {
        std::fill(next.begin(), next.end(), 0);
        for (const Term& t : usable) ++next[(t.term >> shift) & (kDigits - 1)];
        std::uint32_t sum = 0;
        for (std::uint32_t& n : next) sum += std::exchange(n, sum);
        for (const Term& t : usable) scratch[next[(t.term >> shift) & (kDigits - 1)]++] = t;
        usable.swap(scratch);
      }
    }
    for (std::size_t d = 1; d < first.size(); ++d) first[d] += first[d - 1];
    id_of.assign(side.table.size(), kNone);
    names.resize(usable.size());
    df.resize(usable.size());
    std::vector<std::uint32_t> fill(first.begin(), first.end() - 1);
    for (const Term& t : usable) {
      const std::uint32_t id = fill[t.df]++;
      names[id] = t.term;
      df[id] = t.df;
      id_of[t.index] = id;
    }
  }
};

// Each bead's terms replaced, in place, by its usable ids, the rarest kMaxTermsPerBead of
// them (in no particular order).
void keep_rarest(Occurrences& side, const Usable& usable) {
  LargeArray<std::uint32_t>& ids = side.items;
  std::size_t out = 0;  // never past the bead being read
  std::uint32_t from = side.offsets[0];
  for (std::size_t k = 0; k + 1 < side.offsets.size(); ++k) {
    const std::size_t start = out;
    const std::uint32_t to = side.offsets[k + 1];
    for (std::uint32_t e = from; e < to; ++e) {
      const std::uint32_t id = usable.id_of[ids[e]];
      if (id != Usable::kNone) ids[out++] = id;
    }
    from = to;
    const auto begin = ids.begin() + static_cast<std::ptrdiff_t>(start);
    const auto end = ids.begin() + static_cast<std::ptrdiff_t>(out);
    if (out - start > kMaxTermsPerBead) {
      std::nth_element(begin, begin + kMaxTermsPerBead, end);
      out = start + kMaxTermsPerBead;
    }
    side.offsets[k + 1] = static_cast<std::uint32_t>(out);
  }
  ids.resize(out);
}

inline void prefetch(const void* address) {
#if defined(__GNUC__)
  __builtin_prefetch(address);
#else
  (void)address;
#endif
}

}  // namespace

std::vector<std::uint32_t> segment_terms(std::string_view text) {
  std::vector<std::uint32_t> terms;
  for_each_term(text, [&terms](std::uint32_t term) { terms.push_back(term); });
  std::sort(terms.begin(), terms.end());
  terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
  return terms;
}

Lexicon::Lexicon(const Document& source, const Document& target, const std::vector<Bead>& beads) {
  // The usable beads, or kMaxBeads of them evenly spread: usable bead number
  // k * usable_count / kMaxBeads for k < kMaxBeads (counted first: no list of them all is made).
  const auto usable = [](const Bead& b) {
    return b.source_count() > 0 && b.target_count() > 0 && b.confidence >= kMinConfidence;
  };
  const auto usable_count =
      static_cast<std::size_t>(std::count_if(beads.begin(), beads.end(), usable));
  if (usable_count < kMinBeads) return;
  const std::size_t chosen_count = std::min(usable_count, kMaxBeads);
  std::vector<const Bead*> chosen;
  chosen.reserve(chosen_count);
  std::size_t index = 0;  // of the next usable bead
  for (const Bead& b : beads) {
    if (!usable(b)) continue;
    if (index++ == chosen.size() * usable_count / chosen_count) chosen.push_back(&b);
    if (chosen.size() == chosen_count) break;
  }
  const double bead_count = static_cast<double>(chosen.size());
  // Terms of both sides of every chosen bead, and their bead frequencies.
  Occurrences from, to;
  from.reserve(source, chosen, true);
  to.reserve(target, chosen, false);
  const auto max_df = static_cast<std::uint32_t>(std::max(2.0, kMaxShare * bead_count));
  for (const Bead* b : chosen) from.add_bead(source, b->source_begin, b->source_end);
  const Usable xs(from, max_df);
  // The target side counted in the source side's table, emptied (no new memory to touch).
  to.table = std::move(from.table);
  to.table.clear();
  for (const Bead* b : chosen) to.add_bead(target, b->target_begin, b->target_end);
  const Usable ys(to, max_df);
  to.table = {};
  if (xs.names.empty() || ys.names.empty()) return;
  // Every bead's usable terms (the rarest kMaxTermsPerBead of a side) as ids: the target
  // side's per bead, the source side's as postings (the beads of every source term, in order,
  // counted into place).
  keep_rarest(from, xs);
  keep_rarest(to, ys);
  const LargeArray<std::uint32_t>& from_ids = from.items;
  const std::vector<std::uint32_t>& from_offsets = from.offsets;
  const LargeArray<std::uint32_t>& to_ids = to.items;
  const std::vector<std::uint32_t>& to_offsets = to.offsets;
  const std::size_t sources = xs.names.size();
  std::vector<std::uint32_t> starts(sources + 1, 0), postings(from_ids.size());
  for (const std::uint32_t x : from_ids) ++starts[x + 1];
  for (std::size_t x = 0; x < sources; ++x) starts[x + 1] += starts[x];
  {
    std::vector<std::uint32_t> fill(starts.begin(), starts.end() - 1);
    for (std::uint32_t k = 0; k + 1 < from_offsets.size(); ++k)
      for (std::uint32_t e = from_offsets[k]; e < from_offsets[k + 1]; ++e)
        postings[fill[from_ids[e]]++] = k;
  }
  // Each term's best partner by Dice (ties: the more frequent pair, then the lower term). The
  // co-occurrences of one source term are counted at a time into a flat counter, only for the
  // target terms whose bead frequency lets the Dice reach kMinDice (the count is at most the
  // smaller of the two frequencies): a range of target ids.
  struct Best {
    double dice = 0.0;
    std::uint32_t count = 0, partner = ~0u;
  };
  std::vector<Best> best_from(sources), best_to(ys.names.size());
  auto better = [](const Best& b, double dice, std::uint32_t count, std::uint32_t partner,
                   const std::vector<std::uint32_t>& names) {
    if (dice != b.dice) return dice > b.dice;
    if (count != b.count) return count > b.count;
    return b.partner == ~0u || names[partner] < names[b.partner];
  };
  // Per target id: its count so far; the ids counted, in touched[0, n) (branch-free: whether
  // an id is in range or new is too random to predict).
  std::vector<std::uint32_t> together(ys.names.size(), 0), touched(ys.names.size() + 1);
  std::uint32_t bounds_df = 0, low = 0, span = 0;  // the target ids [low, low + span) of bounds_df
  constexpr std::uint32_t kAhead = 8;              // postings prefetched ahead
  for (std::uint32_t x = 0; x < sources; ++x) {
    if (starts[x] == starts[x + 1]) continue;
    const std::uint32_t fx = xs.df[x];
    if (fx != bounds_df) {  // ids are in order of frequency: few changes
      const auto [lowest, highest] = dice_reachable(fx, max_df, kMinDice);
      low = ys.first[std::min(lowest, max_df + 1)];
      span = ys.first[std::min(highest, max_df) + 1] - low;
      bounds_df = fx;
    }
    if (span == 0) continue;
    const double dx = fx;
    std::size_t n = 0;
    for (std::uint32_t p = starts[x]; p < starts[x + 1]; ++p) {
      if (p + kAhead < starts[x + 1]) prefetch(to_ids.data() + to_offsets[postings[p + kAhead]]);
      const std::uint32_t k = postings[p];
      for (std::uint32_t e = to_offsets[k]; e < to_offsets[k + 1]; ++e) {
        const std::uint32_t y = to_ids[e];
        const std::uint32_t in = y - low < span ? 1 : 0;
        const std::uint32_t count = together[y];
        together[y] = count + in;
        touched[n] = y;
        n += in & (count == 0 ? 1 : 0);
      }
    }
    for (std::size_t t = 0; t < n; ++t) {
      const std::uint32_t y = touched[t];
      const std::uint32_t count = together[y];
      together[y] = 0;
      if (count < kMinCount) continue;
      const double dice = 2.0 * count / (dx + static_cast<double>(ys.df[y]));
      if (dice < kMinDice) continue;
      if (better(best_from[x], dice, count, y, ys.names)) best_from[x] = {dice, count, y};
      if (better(best_to[y], dice, count, x, xs.names)) best_to[y] = {dice, count, x};
    }
  }
  std::size_t pairs = 0;
  for (std::uint32_t x = 0; x < sources; ++x) {
    const std::uint32_t y = best_from[x].partner;
    pairs += y != ~0u && best_to[y].partner == x ? 1 : 0;
  }
  from_.reserve(2 * pairs);  // at most three eighths full: quick to miss
  to_.reserve(2 * pairs);
  from_filter_.reserve(pairs);
  to_filter_.reserve(pairs);
  for (std::uint32_t x = 0; x < sources; ++x) {
    const std::uint32_t y = best_from[x].partner;
    if (y == ~0u || best_to[y].partner != x) continue;
    const std::uint32_t a = xs.names[x], b = ys.names[y];
    const std::uint32_t rank = xs.df[x] + ys.df[y];
    const std::uint64_t mixed = (std::uint64_t{a} << 32 | b) * 0x9E3779B97F4A7C15ULL;
    const int bit = static_cast<int>(mixed >> 58);
    from_.insert(a).value = Learned{rank, bit};
    to_.insert(b).value = Learned{rank, bit};
    from_filter_.add(a);
    to_filter_.add(b);
  }
}

std::vector<std::uint64_t> Lexicon::signatures(const Document& doc, bool source,
                                               std::uint32_t begin, std::uint32_t end) const {
  const TermTable<Learned>& lexicon = source ? from_ : to_;
  const TermFilter& filter = source ? from_filter_ : to_filter_;
  std::vector<std::uint64_t> out(end - begin, 0);
  if (lexicon.size() == 0) return out;
  std::vector<std::uint32_t> candidates(256);
  std::vector<const Learned*> found;                  // the learned terms met (by slot)
  std::vector<std::pair<std::uint32_t, int>> ranked;  // (rank, bit)
  for (std::uint32_t s = begin; s < end; ++s) {
    // The terms the filter lets through, kept without a branch (whether a term passes is
    // too random to predict), then looked up.
    std::size_t passed = 0;
    for_each_term(segment_text(doc, s), [&](std::uint32_t term) {
      if (passed == candidates.size()) candidates.resize(2 * passed + 64);
      candidates[passed] = term;
      passed += filter.may_hold(term) ? 1 : 0;
    });
    found.clear();
    for (std::size_t c = 0; c < passed; ++c)
      if (const auto* slot = lexicon.find(candidates[c])) found.push_back(&slot->value);
    // The bits of the kBitsPerSegment rarest distinct pairs met (all when no more are met).
    std::uint64_t bits = 0;
    if (found.size() > kBitsPerSegment) {
      std::sort(found.begin(), found.end());
      found.erase(std::unique(found.begin(), found.end()), found.end());
    }
    if (found.size() > kBitsPerSegment) {
      ranked.clear();
      for (const Learned* learned : found) ranked.emplace_back(learned->rank, learned->bit);
      std::nth_element(ranked.begin(), ranked.begin() + kBitsPerSegment, ranked.end());
      for (std::size_t r = 0; r < kBitsPerSegment; ++r)
        bits |= std::uint64_t{1} << ranked[r].second;
    } else {
      for (const Learned* learned : found) bits |= std::uint64_t{1} << learned->bit;
    }
    out[s - begin] = bits;
  }
  return out;
}

AnchorWeights lexicon_weights() {
  AnchorWeights weights;
  weights.match = 1.0;
  weights.mismatch = 0.0;
  weights.cap = 4.0;
  weights.strict_mask = 0;
  return weights;
}

}  // namespace internal
}  // namespace tralign
