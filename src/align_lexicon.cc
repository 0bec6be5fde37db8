// A translation lexicon learned from the first pass's beads.
#include "align_lexicon.h"

#include <algorithm>
#include <cstddef>
#include <string_view>
#include <unordered_map>
#include <utility>

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

std::uint32_t fnv1a(std::string_view bytes, std::uint32_t seed) {
  std::uint32_t h = 2166136261u ^ seed;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 16777619u;
  }
  return h;
}

// A Han, Kana or Hangul letter: a 3-byte sequence led by E3 (not the CJK punctuation block
// E3 80) up to ED.
inline bool is_cjk_letter(std::string_view s, std::size_t k) {
  const auto c = static_cast<unsigned char>(s[k]);
  if (c < 0xE3 || c > 0xED || k + 2 >= s.size()) return false;
  return !(c == 0xE3 && static_cast<unsigned char>(s[k + 1]) == 0x80);
}

inline bool is_word_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= 0x80 && c <= 0xDF);
}

void add_terms(std::string_view text, std::vector<std::uint32_t>& out) {
  const std::size_t size = text.size();
  char word[kStemBytes];
  std::size_t k = 0;
  while (k < size) {
    const auto c = static_cast<unsigned char>(text[k]);
    if (is_cjk_letter(text, k)) {
      // A run of CJK letters: its bigrams (or the letter alone).
      std::size_t start = k, letters = 0;
      while (k < size && is_cjk_letter(text, k)) {
        k += 3;
        ++letters;
      }
      if (letters == 1) {
        out.push_back(fnv1a(text.substr(start, 3), 1));
        continue;
      }
      for (std::size_t p = start; p + 6 <= k; p += 3) out.push_back(fnv1a(text.substr(p, 6), 2));
      continue;
    }
    if (is_word_byte(c)) {
      // ASCII letters and the 2-byte sequences (Latin, Greek, Cyrillic, ...) of a word.
      std::size_t length = 0, bytes = 0;
      while (k < size) {
        const auto d = static_cast<unsigned char>(text[k]);
        if (d < 0x80) {
          if (!((d >= 'a' && d <= 'z') || (d >= 'A' && d <= 'Z'))) break;
          if (length < kStemBytes) word[length++] = static_cast<char>(d | 0x20);
          ++k;
          ++bytes;
        } else if (d >= 0xC2 && d <= 0xDF && k + 1 < size &&
                   (static_cast<unsigned char>(text[k + 1]) & 0xC0) == 0x80) {
          for (int b = 0; b < 2; ++b)
            if (length < kStemBytes) word[length++] = text[k + static_cast<std::size_t>(b)];
          k += 2;
          bytes += 2;
        } else {
          break;
        }
      }
      if (bytes == 0) {
        ++k;  // a stray byte: never stall
        continue;
      }
      if (bytes >= kMinWordBytes) out.push_back(fnv1a(std::string_view(word, length), 3));
      continue;
    }
    ++k;
  }
}

// Sorted unique terms of the segments [begin, end) of `doc`, in `out` (cleared first).
void bead_terms(const Document& doc, std::uint32_t begin, std::uint32_t end,
                std::vector<std::uint32_t>& out) {
  out.clear();
  for (std::uint32_t k = begin; k < end; ++k) {
    const Segment& seg = doc.segments[k];
    if (seg.begin <= seg.end && seg.end <= doc.text.size())
      add_terms(doc.text.substr(seg.begin, seg.end - seg.begin), out);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
}

// Per term: in how many of the beads it occurs.
using Counts = std::unordered_map<std::uint32_t, std::uint32_t>;

}  // namespace

std::vector<std::uint32_t> segment_terms(std::string_view text) {
  std::vector<std::uint32_t> terms;
  add_terms(text, terms);
  std::sort(terms.begin(), terms.end());
  terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
  return terms;
}

Lexicon::Lexicon(const Document& source, const Document& target, const std::vector<Bead>& beads) {
  std::vector<const Bead*> chosen;
  for (const Bead& b : beads)
    if (b.source_count() > 0 && b.target_count() > 0 && b.confidence >= kMinConfidence)
      chosen.push_back(&b);
  if (chosen.size() < kMinBeads) return;
  if (chosen.size() > kMaxBeads) {
    std::vector<const Bead*> sample;
    sample.reserve(kMaxBeads);
    for (std::size_t k = 0; k < kMaxBeads; ++k)
      sample.push_back(chosen[k * chosen.size() / kMaxBeads]);
    chosen = std::move(sample);
  }
  const double bead_count = static_cast<double>(chosen.size());
  // Terms of both sides of every chosen bead, and their bead frequencies.
  std::vector<std::vector<std::uint32_t>> from(chosen.size()), to(chosen.size());
  Counts df_from, df_to;
  for (std::size_t k = 0; k < chosen.size(); ++k) {
    bead_terms(source, chosen[k]->source_begin, chosen[k]->source_end, from[k]);
    bead_terms(target, chosen[k]->target_begin, chosen[k]->target_end, to[k]);
    for (std::uint32_t t : from[k]) ++df_from[t];
    for (std::uint32_t t : to[k]) ++df_to[t];
  }
  const auto max_df = static_cast<std::uint32_t>(std::max(2.0, kMaxShare * bead_count));
  // Dense ids of the usable terms.
  auto ids = [&](const Counts& df, std::vector<std::uint32_t>& names) {
    std::vector<std::uint32_t> usable;
    for (const auto& [term, count] : df)
      if (count >= kMinCount && count <= max_df) usable.push_back(term);
    std::sort(usable.begin(), usable.end());
    names = usable;
    std::unordered_map<std::uint32_t, std::uint32_t> id;
    id.reserve(usable.size());
    for (std::uint32_t k = 0; k < usable.size(); ++k) id.emplace(usable[k], k);
    return id;
  };
  std::vector<std::uint32_t> from_names, to_names;
  const auto from_id = ids(df_from, from_names);
  const auto to_id = ids(df_to, to_names);
  if (from_names.empty() || to_names.empty()) return;
  // Every bead's usable terms (the rarest kMaxTermsPerBead of a side) as dense ids: the target
  // side's per bead, the source side's as postings (the beads of every source term).
  std::vector<std::uint32_t> df_x(from_names.size()), df_y(to_names.size());
  for (std::uint32_t x = 0; x < from_names.size(); ++x) df_x[x] = df_from.at(from_names[x]);
  for (std::uint32_t y = 0; y < to_names.size(); ++y) df_y[y] = df_to.at(to_names[y]);
  std::vector<std::uint32_t> to_offsets{0}, to_ids;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> postings;  // (source id, bead)
  std::vector<std::pair<std::uint32_t, std::uint32_t>> f, t;      // (df, id)
  auto rarest = [](std::vector<std::pair<std::uint32_t, std::uint32_t>>& side) {
    if (side.size() > kMaxTermsPerBead) {
      std::nth_element(side.begin(), side.begin() + kMaxTermsPerBead, side.end());
      side.resize(kMaxTermsPerBead);
    }
  };
  for (std::size_t k = 0; k < chosen.size(); ++k) {
    f.clear();
    t.clear();
    for (std::uint32_t x : from[k]) {
      const auto it = from_id.find(x);
      if (it != from_id.end()) f.emplace_back(df_x[it->second], it->second);
    }
    for (std::uint32_t y : to[k]) {
      const auto it = to_id.find(y);
      if (it != to_id.end()) t.emplace_back(df_y[it->second], it->second);
    }
    rarest(f);
    rarest(t);
    for (const auto& x : f) postings.emplace_back(x.second, static_cast<std::uint32_t>(k));
    for (const auto& y : t) to_ids.push_back(y.second);
    to_offsets.push_back(static_cast<std::uint32_t>(to_ids.size()));
  }
  std::sort(postings.begin(), postings.end());
  // Each term's best partner by Dice (ties: the more frequent pair, then the lower id). The
  // co-occurrences of one source term are counted at a time into a flat counter, only for the
  // target terms whose bead frequency lets the Dice reach kMinDice (the count is at most the
  // smaller of the two frequencies).
  struct Best {
    double dice = 0.0;
    std::uint32_t count = 0, partner = ~0u;
  };
  std::vector<Best> best_from(from_names.size()), best_to(to_names.size());
  auto better = [](const Best& b, double dice, std::uint32_t count, std::uint32_t partner) {
    if (dice != b.dice) return dice > b.dice;
    if (count != b.count) return count > b.count;
    return partner < b.partner;
  };
  std::vector<std::uint32_t> together(to_names.size(), 0), touched;
  for (std::size_t p = 0; p < postings.size();) {
    const std::uint32_t x = postings[p].first;
    const double dx = df_x[x];
    touched.clear();
    for (; p < postings.size() && postings[p].first == x; ++p) {
      const std::uint32_t k = postings[p].second;
      for (std::uint32_t e = to_offsets[k]; e < to_offsets[k + 1]; ++e) {
        const std::uint32_t y = to_ids[e];
        // The Dice with this term cannot reach kMinDice (computed as the test below is).
        const double dy = df_y[y];
        if (2.0 * std::min(dx, dy) / (dx + dy) < kMinDice) continue;
        if (together[y]++ == 0) touched.push_back(y);
      }
    }
    for (const std::uint32_t y : touched) {
      const std::uint32_t count = together[y];
      together[y] = 0;
      if (count < kMinCount) continue;
      const double dice = 2.0 * count / (dx + static_cast<double>(df_y[y]));
      if (dice < kMinDice) continue;
      if (better(best_from[x], dice, count, y)) best_from[x] = {dice, count, y};
      if (better(best_to[y], dice, count, x)) best_to[y] = {dice, count, x};
    }
  }
  for (std::uint32_t x = 0; x < from_names.size(); ++x) {
    const std::uint32_t y = best_from[x].partner;
    if (y == ~0u || best_to[y].partner != x) continue;
    const std::uint32_t a = from_names[x], b = to_names[y];
    const std::uint32_t rank = df_from.at(a) + df_to.at(b);
    const std::uint64_t mixed = (std::uint64_t{a} << 32 | b) * 0x9E3779B97F4A7C15ULL;
    const int bit = static_cast<int>(mixed >> 58);
    from_.emplace(a, Learned{rank, bit});
    to_.emplace(b, Learned{rank, bit});
  }
}

std::vector<std::uint64_t> Lexicon::signatures(const Document& doc, bool source,
                                               std::uint32_t begin, std::uint32_t end) const {
  const std::unordered_map<std::uint32_t, Learned>& lexicon = source ? from_ : to_;
  std::vector<std::uint64_t> out(end - begin, 0);
  std::vector<std::uint32_t> terms;
  std::vector<std::pair<std::uint32_t, int>> found;  // (rank, bit)
  for (std::uint32_t s = begin; s < end; ++s) {
    bead_terms(doc, s, s + 1, terms);
    found.clear();
    for (std::uint32_t term : terms) {
      const auto it = lexicon.find(term);
      if (it != lexicon.end()) found.emplace_back(it->second.rank, it->second.bit);
    }
    if (found.size() > kBitsPerSegment) {
      std::nth_element(found.begin(), found.begin() + kBitsPerSegment, found.end());
      found.resize(kBitsPerSegment);
    }
    for (const auto& [rank, bit] : found) out[s - begin] |= std::uint64_t{1} << bit;
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
