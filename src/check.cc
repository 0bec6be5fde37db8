// Findings over an alignment: omissions, additions, untranslated segments, drift, mismatches.
//
// 1. Re-scoring (CheckOptions::realign_band): a banded forward-backward pass around the
//    aligner's path. Bead costs are Gale & Church's (match_cost under the alignment's model)
//    plus lexical evidence (numbers, names, URLs, tags shared or missing, copied segments) and
//    paragraph boundaries; a 1-0/0-1 bead costs -log P(1-0) whatever its length. Gale &
//    Church's own 1-0 cost grows with the length of the dropped segment, so their program
//    hides a short dropped segment inside a 2-1 bead; here the evidence decides. The pass
//    gives the best path and the posterior of every bead and of every unaligned segment.
// 2. Findings on the re-scored beads, each with a posterior-based confidence.
#include "tralign/check.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <limits>
#include <regex>
#include <string>
#include <unordered_map>
#include <utility>

#include "check_text.h"
#include "dice.h"
#include "tralign/error.h"
#include "tralign/length_model.h"
#include "utf8.h"

namespace tralign {

namespace {
constexpr std::string_view kKindNames[] = {"omission", "addition", "untranslated", "drift",
                                           "mismatch"};
constexpr std::string_view kSeverityNames[] = {"info", "warning", "error"};
}  // namespace

std::string_view to_string(FindingKind kind) { return kKindNames[static_cast<int>(kind)]; }
std::string_view to_string(Severity severity) { return kSeverityNames[static_cast<int>(severity)]; }
FindingKind parse_finding_kind(std::string_view name) {
  for (int i = 0; i < 5; ++i)
    if (kKindNames[i] == name) return static_cast<FindingKind>(i);
  throw OptionsError("unknown finding kind: " + std::string(name));
}
Severity parse_severity(std::string_view name) {
  for (int i = 0; i < 3; ++i)
    if (kSeverityNames[i] == name) return static_cast<Severity>(i);
  throw OptionsError("unknown severity: " + std::string(name));
}

namespace {

void require(bool ok, const char* field, const char* rule, double value) {
  if (!ok) {
    throw OptionsError(std::string("CheckOptions.") + field + " must be " + rule + " (got " +
                       std::to_string(value) + ")");
  }
}

bool probability(double p) { return p >= 0.0 && p <= 1.0; }

}  // namespace

void CheckOptions::validate() const {
  for (const std::string& pattern : ignore_patterns) {
    try {
      std::regex re(pattern, std::regex::ECMAScript);
    } catch (const std::regex_error& e) {
      throw OptionsError("CheckOptions.ignore_patterns must be ECMAScript regular expressions (\"" +
                         pattern + "\": " + e.what() + ")");
    }
  }
  require(realign_band >= 0 && realign_band <= 1000, "realign_band", "in [0, 1000]", realign_band);
  require(prior_iterations >= 0 && prior_iterations <= 100, "prior_iterations", "in [0, 100]",
          prior_iterations);
  require(prior_pseudo_count > 0.0 && std::isfinite(prior_pseudo_count), "prior_pseudo_count",
          "finite and > 0", prior_pseudo_count);
  require(length_outlier >= 0.0 && length_outlier < 1.0, "length_outlier", "in [0, 1)",
          length_outlier);
  require(anchor_weight >= 0.0 && std::isfinite(anchor_weight), "anchor_weight", "finite and >= 0",
          anchor_weight);
  require(anchor_miss_weight >= 0.0 && std::isfinite(anchor_miss_weight), "anchor_miss_weight",
          "finite and >= 0", anchor_miss_weight);
  require(paragraph_weight >= 0.0 && std::isfinite(paragraph_weight), "paragraph_weight",
          "finite and >= 0", paragraph_weight);
  require(lexicon_weight >= 0.0 && std::isfinite(lexicon_weight), "lexicon_weight",
          "finite and >= 0", lexicon_weight);
  require(lexicon_rounds >= 1 && lexicon_rounds <= 10, "lexicon_rounds", "in [1, 10]",
          lexicon_rounds);
  require(lexicon_outlier > 0.0 && lexicon_outlier < 1.0, "lexicon_outlier", "in (0, 1)",
          lexicon_outlier);
  require(lexicon_min_count >= 1, "lexicon_min_count", ">= 1", lexicon_min_count);
  require(probability(lexicon_min_dice), "lexicon_min_dice", "in [0, 1]", lexicon_min_dice);
  require(probability(lexicon_max_share) && lexicon_max_share > 0.0, "lexicon_max_share",
          "in (0, 1]", lexicon_max_share);
  require(probability(error_posterior), "error_posterior", "in [0, 1]", error_posterior);
  require(probability(copy_similarity) && copy_similarity > 0.0, "copy_similarity", "in (0, 1]",
          copy_similarity);
  require(probability(foreign_script_share) && foreign_script_share > 0.0, "foreign_script_share",
          "in (0, 1]", foreign_script_share);
  require(untranslated_min_letters >= 0, "untranslated_min_letters", ">= 0",
          untranslated_min_letters);
  require(drift_z > 0.0, "drift_z", "> 0", drift_z);
  require(drift_cut_z >= 0.0, "drift_cut_z", ">= 0", drift_cut_z);
  require(drift_warning_z > 0.0, "drift_warning_z", "> 0", drift_warning_z);
  require(stretch_beads >= 1, "stretch_beads", ">= 1", stretch_beads);
  require(probability(stretch_posterior), "stretch_posterior", "in [0, 1]", stretch_posterior);
  require(probability(mismatch_posterior), "mismatch_posterior", "in [0, 1]", mismatch_posterior);
}

namespace {

using internal::SegmentFacts;

constexpr double kInf = std::numeric_limits<double>::infinity();

// -log(exp(-a) + exp(-b)), for costs.
double add_costs(double a, double b) {
  if (a == kInf) return b;
  if (b == kInf) return a;
  const double low = std::min(a, b);
  return low - std::log1p(std::exp(-std::fabs(a - b)));
}

// A bead of the re-scored path.
struct Bead2 {
  std::uint32_t sb = 0, se = 0, tb = 0, te = 0;
  double posterior = 1.0;
  bool null() const { return sb == se || tb == te; }
};

// One side of the pair, analyzed.
struct Side {
  const Document* document = nullptr;
  std::vector<SegmentFacts> facts;
  // Per segment: its terms (SegmentFacts::terms, in that order) as dense numbers in
  // [0, term_count), the same term the same number throughout the side.
  std::vector<std::vector<std::uint32_t>> term_ids;
  std::uint32_t term_count = 0;
  std::vector<double> null_posterior;  // per segment: P(no counterpart)
  bool paragraphs_informative = false;
  internal::Script script = internal::Script::kOther;

  std::string_view text(std::uint32_t i) const {
    const Segment& s = document->segments[i];
    return document->text.substr(s.begin, s.end - s.begin);
  }
  std::uint32_t size() const { return static_cast<std::uint32_t>(document->segments.size()); }
};

// Fills side->term_ids: the distinct terms numbered in order of first appearance, through an
// open-addressing table (a Chinese text has about a million term occurrences).
void number_terms(Side* side) {
  constexpr std::uint32_t kFree = std::numeric_limits<std::uint32_t>::max();
  std::vector<std::uint64_t> keys(1024);
  std::vector<std::uint32_t> numbers(keys.size(), kFree);
  int shift = 54;  // 64 - log2(keys.size())
  std::uint32_t count = 0;
  auto slot = [&](std::uint64_t term) {
    std::size_t k = static_cast<std::size_t>((term * 0x9E3779B97F4A7C15ULL) >> shift);
    while (numbers[k] != kFree && keys[k] != term) k = (k + 1) & (keys.size() - 1);
    return k;
  };
  side->term_ids.resize(side->facts.size());
  for (std::size_t i = 0; i < side->facts.size(); ++i) {
    auto& ids = side->term_ids[i];
    ids.reserve(side->facts[i].terms.size());
    for (auto term : side->facts[i].terms) {
      std::size_t k = slot(term);
      if (numbers[k] == kFree) {
        if (2 * (static_cast<std::size_t>(count) + 1) > keys.size()) {
          const std::vector<std::uint64_t> old_keys = std::move(keys);
          const std::vector<std::uint32_t> old_numbers = std::move(numbers);
          keys.assign(2 * old_keys.size(), 0);
          numbers.assign(keys.size(), kFree);
          --shift;
          for (std::size_t o = 0; o < old_keys.size(); ++o) {
            if (old_numbers[o] == kFree) continue;
            const std::size_t n = slot(old_keys[o]);
            keys[n] = old_keys[o];
            numbers[n] = old_numbers[o];
          }
          k = slot(term);
        }
        keys[k] = term;
        numbers[k] = count++;
      }
      ids.push_back(numbers[k]);
    }
  }
  side->term_count = count;
}

Side analyze_side(const Document& document) {
  Side side;
  side.document = &document;
  const std::size_t n = document.segments.size();
  side.facts.reserve(n);
  std::array<std::uint64_t, internal::kScriptCount> letters{};
  for (std::size_t i = 0; i < n; ++i) {
    const Segment& s = document.segments[i];
    if (s.begin > s.end || s.end > document.text.size()) {
      throw InputError("check: segment " + std::to_string(i) + " lies outside its text (bytes " +
                       std::to_string(s.begin) + "-" + std::to_string(s.end) + " of " +
                       std::to_string(document.text.size()) + ")");
    }
    side.facts.push_back(
        internal::analyze(document.text.substr(s.begin, s.end - s.begin), document.lang));
    for (std::size_t k = 0; k < internal::kScriptCount; ++k)
      letters[k] += side.facts.back().script[k];
  }
  std::size_t best = 0;
  for (std::size_t k = 1; k < internal::kScriptCount; ++k)
    if (letters[k] > letters[best]) best = k;
  number_terms(&side);
  side.script = letters[best] == 0 ? internal::Script::kOther : static_cast<internal::Script>(best);
  // Paragraphs tell something only where they hold several segments (not with kLines).
  std::uint32_t paragraphs = 0;
  for (std::size_t i = 0; i < n; ++i)
    if (i == 0 || document.segments[i].paragraph != document.segments[i - 1].paragraph)
      ++paragraphs;
  side.paragraphs_informative =
      n > 0 && static_cast<double>(paragraphs) < 0.9 * static_cast<double>(n);
  side.null_posterior.assign(n, 0.0);
  return side;
}

// A translation lexicon learned from the document itself, as hunalign does: terms (word
// stems, Han/Kana letter pairs) that share the aligner's beads far more often than chance
// says. One direction (source terms -> target terms); check() uses both.
//
// Terms are numbered densely per side (Side::term_ids) and co-occurrences are counted per source
// term over the beads that hold it into a flat counter: a Chinese document has millions of
// co-occurring (Han letter pair, English stem) pairs, far too many for a hash map of pairs.
class Lexicon {
 public:
  Lexicon(const Side& from, const Side& to, const Alignment& alignment, bool source_is_from,
          const CheckOptions& options)
      : outlier_(options.lexicon_outlier),
        log_keep_(std::log1p(-options.lexicon_outlier)),
        log_outlier_(std::log(options.lexicon_outlier)) {
    if (options.lexicon_weight <= 0.0) return;
    // The terms of both sides of every non-null bead.
    std::vector<std::vector<std::uint32_t>> ids_from, ids_to;
    for (const Bead& b : alignment.beads) {
      if (b.source_begin == b.source_end || b.target_begin == b.target_end) continue;
      const std::uint32_t fb = source_is_from ? b.source_begin : b.target_begin;
      const std::uint32_t fe = source_is_from ? b.source_end : b.target_end;
      const std::uint32_t tb = source_is_from ? b.target_begin : b.source_begin;
      const std::uint32_t te = source_is_from ? b.target_end : b.source_end;
      ids_from.push_back(gather(from, fb, fe));
      ids_to.push_back(gather(to, tb, te));
    }
    const double beads = static_cast<double>(ids_from.size());
    if (beads < 20.0) return;
    const std::uint32_t from_count = from.term_count, to_count = to.term_count;
    std::vector<std::uint32_t> df_from(from_count, 0), df_to(to_count, 0);
    for (const auto& v : ids_from)
      for (auto t : v) ++df_from[t];
    for (const auto& v : ids_to)
      for (auto t : v) ++df_to[t];
    const auto min_count = static_cast<std::uint32_t>(options.lexicon_min_count);
    const double max_df = options.lexicon_max_share * beads;
    auto usable = [&](std::uint32_t d) {
      return d >= min_count && static_cast<double>(d) <= max_df;
    };
    // Per usable source term x, the beads that hold it: holding[holding_at[x], holding_at[x +
    // 1]). Per bead k, its usable target terms as (df, term) by rising df: usable_to[usable_at[k],
    // usable_at[k + 1]). (Flat arrays: the counting below walks them for millions of pairs.)
    std::vector<std::size_t> holding_at(from_count + 1, 0);
    for (std::uint32_t x = 0; x < from_count; ++x)
      holding_at[x + 1] = holding_at[x] + (usable(df_from[x]) ? df_from[x] : 0);
    std::vector<std::uint32_t> holding(holding_at[from_count]);
    {
      std::vector<std::size_t> fill(holding_at.begin(), holding_at.end() - 1);
      for (std::size_t k = 0; k < ids_from.size(); ++k)
        for (auto x : ids_from[k])
          if (usable(df_from[x])) holding[fill[x]++] = static_cast<std::uint32_t>(k);
    }
    std::vector<std::size_t> usable_at(ids_to.size() + 1, 0);
    std::vector<std::pair<std::uint32_t, std::uint32_t>> usable_to;
    std::uint32_t top_df = 0;
    for (std::size_t k = 0; k < ids_to.size(); ++k) {
      for (auto y : ids_to[k]) {
        if (!usable(df_to[y])) continue;
        usable_to.emplace_back(df_to[y], y);
        top_df = std::max(top_df, df_to[y]);
      }
      usable_at[k + 1] = usable_to.size();
      std::sort(usable_to.begin() + static_cast<std::ptrdiff_t>(usable_at[k]), usable_to.end());
    }
    // Co-occurrence counts, one source term at a time, of the target terms whose df can reach
    // the Dice threshold with it; a pair is a translation when it meets lexicon_min_count and
    // lexicon_min_dice.
    std::vector<std::vector<std::uint32_t>> translations(from_count);
    std::vector<std::uint32_t> together(to_count, 0), touched;
    for (std::uint32_t x = 0; x < from_count; ++x) {
      if (holding_at[x] == holding_at[x + 1]) continue;
      // Only the target terms whose df lets the Dice reach lexicon_min_dice (dice.h).
      const auto [low_df, high_df] =
          internal::dice_reachable(df_from[x], top_df, options.lexicon_min_dice);
      touched.clear();
      for (std::size_t h = holding_at[x]; h < holding_at[x + 1]; ++h) {
        const std::uint32_t k = holding[h];
        const auto* it = usable_to.data() + usable_at[k];
        const auto* end = usable_to.data() + usable_at[k + 1];
        if (it == end) continue;
        if (it->first < low_df) it = std::lower_bound(it, end, std::make_pair(low_df, 0U));
        for (; it != end && it->first <= high_df; ++it)
          if (together[it->second]++ == 0) touched.push_back(it->second);
      }
      auto& list = translations[x];
      for (auto y : touched) {
        const std::uint32_t count = together[y];
        together[y] = 0;
        if (count < min_count) continue;
        const double dice = 2.0 * count / static_cast<double>(df_from[x] + df_to[y]);
        if (dice >= options.lexicon_min_dice) list.push_back(y);
      }
      std::sort(list.begin(), list.end());
    }
    holding = {};
    usable_to = {};
    // Per term: how often a bead that holds it holds a translation (p1), and how often a
    // segment of the other side holds one by chance (p0).
    std::vector<std::uint32_t> hits(from_count, 0);
    for (std::size_t k = 0; k < ids_from.size(); ++k)
      for (auto x : ids_from[k])
        if (!translations[x].empty() && meets(translations[x], ids_to[k])) ++hits[x];
    std::vector<std::vector<std::uint32_t>> reverse(to_count);
    for (std::uint32_t x = 0; x < from_count; ++x)
      for (auto y : translations[x]) reverse[y].push_back(x);
    // Per segment of the other side: the terms whose translation it holds.
    std::vector<std::uint32_t> chance(from_count, 0);
    translated_in_.resize(to.size());
    memo_rows_.resize(from.size());
    std::vector<std::uint32_t> seen_in(from_count, std::numeric_limits<std::uint32_t>::max());
    for (std::uint32_t y = 0; y < to.size(); ++y) {
      auto& seen = translated_in_[y];
      for (auto id : to.term_ids[y])
        for (auto x : reverse[id])
          if (seen_in[x] != y) {
            seen_in[x] = y;
            seen.push_back(x);
          }
      std::sort(seen.begin(), seen.end());
      for (auto x : seen) ++chance[x];
    }
    const double segments = std::max(1.0, static_cast<double>(to.size()));
    std::vector<std::int32_t> weight_of(from_count, -1);
    for (std::uint32_t x = 0; x < from_count; ++x) {
      if (translations[x].empty()) continue;
      const double df = df_from[x];
      const double p1 = std::min(0.95, (hits[x] + 0.5) / (df + 1.0));
      const double p0 = std::clamp((chance[x] + 0.5) / (segments + 1.0), 1e-4, 0.9);
      if (p1 <= p0) continue;
      weight_of[x] = static_cast<std::int32_t>(weights_.size());
      weights_.push_back(make_weight(p0, std::log(p1 / p0), std::log((1.0 - p1) / (1.0 - p0))));
    }
    // Per segment: its lexicon terms (at most 64, the rarest first: they say the most).
    known_.resize(from.size());
    known_by_id_.resize(from.size());
    for (std::uint32_t x = 0; x < from.size(); ++x) {
      std::vector<std::uint32_t> k;  // term ids
      for (auto id : from.term_ids[x])
        if (weight_of[id] >= 0) k.push_back(id);
      std::sort(k.begin(), k.end(), [&](std::uint32_t a, std::uint32_t b) {
        return weights_[static_cast<std::size_t>(weight_of[a])].p0 <
               weights_[static_cast<std::size_t>(weight_of[b])].p0;
      });
      if (k.size() > 64) k.resize(64);
      auto& known = known_[x];
      auto& by_id = known_by_id_[x];
      for (std::size_t b = 0; b < k.size(); ++b) {
        known.push_back(static_cast<std::uint32_t>(weight_of[k[b]]));
        by_id.push_back({k[b], static_cast<std::uint32_t>(b)});
      }
      std::sort(by_id.begin(), by_id.end());
    }
    active_ = !weights_.empty();
  }

  bool active() const { return active_; }

  // Log-likelihood ratio (nats) that the other side's segments [tb, te) translate this side's
  // [fb, fe), against their being unrelated: every lexicon term of [fb, fe) whose translation
  // is there counts log(p1/p0), every one whose translation is missing log((1-p1)/(1-p0)).
  // Per segment of this side, the ratio is mixed with a share `outlier` of free translations
  // (paraphrase, a lexicon gap), so one segment costs at most -log(outlier). `outlier` must
  // be the options' lexicon_outlier the lexicon was built with.
  double ratio(std::uint32_t fb, std::uint32_t fe, std::uint32_t tb, std::uint32_t te,
               double outlier) const {
    double total = 0.0;
    const std::uint32_t width = te - tb;
    const bool cached = outlier == outlier_ && width >= 1 && width <= kWidths;
    for (std::uint32_t x = fb; x < fe; ++x) {
      if (cached) {
        total += segment_ratio(x, tb, width);
      } else {
        std::uint64_t found = 0;
        for (std::uint32_t y = tb; y < te; ++y) found |= mask(x, y);
        total += mix(llr(x, found, width), std::log1p(-outlier), std::log(outlier));
      }
    }
    return total;
  }

 private:
  static constexpr std::uint32_t kWidths = 4;  // widths with precomputed weights

  struct Weight {
    double p0, match, miss;
    // For a width of w = 1..kWidths segments: the llr of a missing [w - 1][0] and of a found
    // [w - 1][1] translation; 0 where the term says nothing (adding 0 leaves a sum as it is).
    std::array<std::array<double, 2>, kWidths> llr;
  };

  static Weight make_weight(double p0, double match, double miss) {
    Weight w{p0, match, miss, {}};
    w.llr[0] = {miss, match};
    for (std::uint32_t k = 2; k <= kWidths; ++k) {
      double found = 0.0, missing = 0.0;
      if (wide(w, static_cast<double>(k), &found, &missing)) w.llr[k - 1] = {missing, found};
    }
    return w;
  }

  // The llr of a term over several segments: more room for a translation by chance. False
  // when the term says nothing there.
  static bool wide(const Weight& w, double width, double* found, double* missing) {
    const double p0 = 1.0 - std::pow(1.0 - w.p0, width);
    const double p1 = std::exp(w.match) * w.p0;
    if (p1 <= p0) return false;
    *found = std::log(p1 / p0);
    *missing = std::log((1.0 - p1) / (1.0 - p0));
    return true;
  }

  // log((1 - outlier) e^llr + outlier), computed without overflow.
  static double mix(double llr, double log_keep, double log_outlier) {
    const double a = log_keep + llr, c = log_outlier;
    return std::max(a, c) + std::log1p(std::exp(-std::fabs(a - c)));
  }

  // The llr of segment x's lexicon terms against `width` segments holding the translations
  // of the terms in `found` (bit b: the b-th term).
  double llr(std::uint32_t x, std::uint64_t found, std::uint32_t width) const {
    double llr = 0.0;
    const auto& k = known_[x];
    if (width > kWidths) {
      for (std::size_t b = 0; b < k.size(); ++b) {
        double f = 0.0, m = 0.0;
        if (wide(weights_[k[b]], static_cast<double>(width), &f, &m))
          llr += (found >> b) & 1U ? f : m;
      }
      return llr;
    }
    const std::size_t w = width <= 1 ? 0 : width - 1;
    for (std::size_t b = 0; b < k.size(); ++b) llr += weights_[k[b]].llr[w][(found >> b) & 1U];
    return llr;
  }

  // mix(llr) of segment x against [tb, tb + width), 1 <= width <= kWidths, memoized.
  double segment_ratio(std::uint32_t x, std::uint32_t tb, std::uint32_t width) const {
    Memo* m = memos(x, tb, tb + width);
    double& r = m->ratio[width - 1];
    if (std::isnan(r)) {
      std::uint64_t found = 0;
      for (std::uint32_t k = 0; k < width; ++k) {
        if (!m[k].has_mask) {
          m[k].mask = mask(x, tb + k);
          m[k].has_mask = true;
        }
        found |= m[k].mask;
      }
      r = mix(llr(x, found, width), log_keep_, log_outlier_);
    }
    return r;
  }

  // The sorted distinct term ids of segments [b, e) of `side`.
  static std::vector<std::uint32_t> gather(const Side& side, std::uint32_t b, std::uint32_t e) {
    std::vector<std::uint32_t> out;
    for (auto k = b; k < e; ++k)
      out.insert(out.end(), side.term_ids[k].begin(), side.term_ids[k].end());
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }

  // Two sorted vectors share an element.
  static bool meets(const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b) {
    std::size_t i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
      if (a[i] == b[j]) return true;
      if (a[i] < b[j])
        ++i;
      else
        ++j;
    }
    return false;
  }

  // Bit b set: the b-th lexicon term of segment x has a translation in segment y.
  std::uint64_t mask(std::uint32_t x, std::uint32_t y) const {
    const auto& a = known_by_id_[x];
    const auto& b = translated_in_[y];
    std::uint64_t m = 0;
    std::size_t i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
      if (a[i].first == b[j]) {
        m |= std::uint64_t{1} << a[i].second;
        ++i;
        ++j;
      } else if (a[i].first < b[j]) {
        ++i;
      } else {
        ++j;
      }
    }
    return m;
  }

  // Memo of one pair of segments (x of this side, y of the other): the mask, and mix(llr) of
  // x against [y, y + w) for w = 1..kWidths (NaN: not computed yet).
  struct Memo {
    std::uint64_t mask = 0;
    bool has_mask = false;
    std::array<double, kWidths> ratio{};
    Memo() { ratio.fill(std::numeric_limits<double>::quiet_NaN()); }
  };
  // The memos of one segment x for the segments [base, base + memos.size()) of the other side
  // (the band keeps that range short).
  struct MemoRow {
    std::uint32_t base = 0;
    std::vector<Memo> memos;
  };

  // The memos of segment x for [lo, hi), lo < hi; valid until the next call.
  Memo* memos(std::uint32_t x, std::uint32_t lo, std::uint32_t hi) const {
    constexpr std::uint32_t kSlack = 8;  // room on both sides against regrowing
    MemoRow& row = memo_rows_[x];
    if (row.memos.empty()) {
      row.base = lo - std::min(lo, kSlack);
      row.memos.resize(hi - row.base + kSlack);
    } else if (lo < row.base) {
      const std::uint32_t base = lo - std::min(lo, kSlack);
      row.memos.insert(row.memos.begin(), row.base - base, Memo());
      row.base = base;
    }
    if (hi - row.base > row.memos.size()) row.memos.resize(hi - row.base);
    return &row.memos[lo - row.base];
  }

  double outlier_ = 0.0, log_keep_ = 0.0, log_outlier_ = 0.0;
  bool active_ = false;
  std::vector<Weight> weights_;
  std::vector<std::vector<std::uint32_t>> known_;  // per segment: weight indexes, rarest first
  // Per segment: (term id, position in known_) sorted by term id.
  std::vector<std::vector<std::pair<std::uint32_t, std::uint32_t>>> known_by_id_;
  // Per segment of the other side: the sorted ids of the terms whose translation it holds.
  std::vector<std::vector<std::uint32_t>> translated_in_;
  mutable std::vector<MemoRow> memo_rows_;  // per segment of this side
};

// The cost model of the re-scoring pass.
class BeadCost {
 public:
  BeadCost(const Side& source, const Side& target, const CheckOptions& options,
           const Lexicon* forward = nullptr, const Lexicon* backward = nullptr)
      : source_(source),
        target_(target),
        options_(options),
        forward_(forward),
        backward_(backward),
        paragraphs_(source.paragraphs_informative && target.paragraphs_informative) {}

  // -log of the evidence for a bead of source [i, i + a) and target [j, j + b), a + b >= 1,
  // besides its length and its prior: lexical anchors and paragraph boundaries.
  double lexical_evidence(std::uint32_t i, std::uint32_t j, int a, int b) const {
    if (a == 0 || b == 0) return 0.0;
    double cost = lexical(i, j, a, b);
    if (forward_ && forward_->active() && backward_ && backward_->active()) {
      const auto ua = static_cast<std::uint32_t>(a), ub = static_cast<std::uint32_t>(b);
      cost -= 0.5 * options_.lexicon_weight *
              (forward_->ratio(i, i + ua, j, j + ub, options_.lexicon_outlier) +
               backward_->ratio(j, j + ub, i, i + ua, options_.lexicon_outlier));
    }
    if (paragraphs_) {
      const int crossed_s = boundaries(*source_.document, i, a);
      const int crossed_t = boundaries(*target_.document, j, b);
      cost += options_.paragraph_weight * std::abs(crossed_s - crossed_t);
    }
    return cost;
  }

  // -log of the length evidence: Gale & Church's tail probability without the type's prior,
  // mixed with a small share of outliers (a cut or padded translation) so that a bad length
  // alone cannot outweigh everything else.
  double length_evidence(int a, int b, double ls, double lt, const LengthModel& model) const {
    const double tail = match_cost(a, b, ls, lt, model) + std::log(bead_prior(a, b));
    const double outlier = options_.length_outlier;
    return -std::log((1.0 - outlier) * std::exp(-tail) + outlier);
  }

  bool is_copy(std::uint32_t i, std::uint32_t j) const {
    const SegmentFacts& s = source_.facts[i];
    const SegmentFacts& t = target_.facts[j];
    if (s.letters < 2 || t.letters < 2) return false;
    // similarity() is 2 * common / (|s| + |t|) bigrams with common <= min(|s|, |t|): a bound
    // below the threshold settles it without the merge (the same division, so exact).
    if (!s.grams.empty() && !t.grams.empty()) {
      const std::size_t low = std::min(s.grams.size(), t.grams.size());
      if (2.0 * static_cast<double>(low) / static_cast<double>(s.grams.size() + t.grams.size()) <
          options_.copy_similarity)
        return false;
    }
    return internal::similarity(s, t) >= options_.copy_similarity;
  }

 private:
  static int boundaries(const Document& d, std::uint32_t begin, int count) {
    int crossed = 0;
    for (int k = 1; k < count; ++k) {
      const std::uint32_t at = begin + static_cast<std::uint32_t>(k);
      if (d.segments[at].paragraph != d.segments[at - 1].paragraph) ++crossed;
    }
    return crossed;
  }

  // The anchors of several neighbouring segments, sorted (names without duplicates), kept
  // while the pass asks for the same segments again.
  struct Anchors {
    std::uint32_t begin = std::numeric_limits<std::uint32_t>::max();
    std::vector<std::uint64_t> strong, names;
  };
  static constexpr int kMaxCount = 4;  // the widest bead shape

  // The anchors of segments [begin, begin + count), count >= 1: a segment's own lists, or for
  // several their unions, memoized in `memo` (one per count).
  static const Anchors& gather(const std::vector<SegmentFacts>& facts, std::uint32_t begin,
                               int count, std::array<Anchors, kMaxCount + 1>* memo) {
    Anchors& out = (*memo)[static_cast<std::size_t>(std::min(count, kMaxCount))];
    if (out.begin == begin && count <= kMaxCount) return out;
    out.begin = count <= kMaxCount ? begin : std::numeric_limits<std::uint32_t>::max();
    out.strong.clear();
    out.names.clear();
    for (int k = 0; k < count; ++k) {
      const SegmentFacts& f = facts[begin + static_cast<std::uint32_t>(k)];
      out.strong.insert(out.strong.end(), f.strong_anchors.begin(), f.strong_anchors.end());
      out.names.insert(out.names.end(), f.name_anchors.begin(), f.name_anchors.end());
    }
    if (count > 1) {
      std::sort(out.strong.begin(), out.strong.end());
      std::sort(out.names.begin(), out.names.end());
    }
    out.names.erase(std::unique(out.names.begin(), out.names.end()), out.names.end());
    return out;
  }

  double lexical(std::uint32_t i, std::uint32_t j, int a, int b) const {
    double cost = 0.0;
    const Anchors& s = gather(source_.facts, i, a, &source_anchors_);
    const Anchors& t = gather(target_.facts, j, b, &target_anchors_);
    if (!s.strong.empty() || !t.strong.empty()) {
      const std::size_t common = internal::count_common(s.strong, t.strong);
      const std::size_t missing = s.strong.size() + t.strong.size() - 2 * common;
      cost += -options_.anchor_weight * static_cast<double>(common) +
              options_.anchor_miss_weight * static_cast<double>(missing);
    }
    if (!s.names.empty()) {
      cost -=
          options_.anchor_weight * static_cast<double>(internal::count_common(s.names, t.names));
    }
    return cost;
  }

  const Side& source_;
  const Side& target_;
  const CheckOptions& options_;
  const Lexicon* forward_;
  const Lexicon* backward_;
  bool paragraphs_;
  mutable std::array<Anchors, kMaxCount + 1> source_anchors_, target_anchors_;  // gather()'s
};

// The bead shapes of the re-scoring pass.
constexpr int kShapes[][2] = {{1, 1}, {1, 0}, {0, 1}, {2, 1}, {1, 2}, {2, 2},
                              {3, 1}, {1, 3}, {3, 2}, {2, 3}, {4, 1}, {1, 4}};

// A band of target positions per source position: cells (i, j) with lo[i] <= j <= hi[i].
struct Band {
  std::vector<std::uint32_t> lo, hi;
  std::vector<std::size_t> offset;  // index of (i, lo[i]) in the flat tables
  std::size_t cells = 0;
  bool contains(std::uint32_t i, std::uint32_t j) const { return j >= lo[i] && j <= hi[i]; }
  std::size_t at(std::uint32_t i, std::uint32_t j) const { return offset[i] + (j - lo[i]); }
};

void validate_alignment(const Alignment& alignment, std::uint32_t n, std::uint32_t m) {
  std::uint32_t i = 0, j = 0;
  for (const Bead& b : alignment.beads) {
    if (b.source_begin != i || b.target_begin != j || b.source_end < b.source_begin ||
        b.target_end < b.target_begin) {
      throw InputError("check: the alignment's beads do not cover the segments in order (bead " +
                       std::to_string(b.source_begin) + "-" + std::to_string(b.source_end) + ":" +
                       std::to_string(b.target_begin) + "-" + std::to_string(b.target_end) + ")");
    }
    i = b.source_end;
    j = b.target_end;
  }
  if (i != n || j != m) {
    throw InputError("check: the alignment covers " + std::to_string(i) + " of " +
                     std::to_string(n) + " source and " + std::to_string(j) + " of " +
                     std::to_string(m) + " target segments");
  }
}

Band make_band(const Alignment& alignment, std::uint32_t n, std::uint32_t m,
               const std::vector<std::uint32_t>& width,
               const std::vector<std::pair<std::uint32_t, std::uint32_t>>& anchors) {
  Band band;
  band.lo.assign(n + 1, std::numeric_limits<std::uint32_t>::max());
  band.hi.assign(n + 1, 0);
  auto include = [&](std::uint32_t i, std::uint32_t from, std::uint32_t to) {
    band.lo[i] = std::min(band.lo[i], from);
    band.hi[i] = std::max(band.hi[i], to);
  };
  include(0, 0, 0);
  for (const Bead& b : alignment.beads) {
    if (b.source_begin == b.source_end) {
      include(b.source_begin, b.target_begin, b.target_end);
      continue;
    }
    include(b.source_begin, b.target_begin, b.target_begin);
    for (std::uint32_t i = b.source_begin + 1; i < b.source_end; ++i)
      include(i, b.target_begin, b.target_end);
    include(b.source_end, b.target_end, b.target_end);
  }
  // Copied segments are anchors the aligner may have missed: the band reaches them.
  for (const auto& [ai, aj] : anchors) {
    const std::uint32_t reach = 2 * width[ai];
    const std::uint32_t from = ai > reach ? ai - reach : 0, to = std::min(n, ai + 1 + reach);
    for (std::uint32_t i = from; i <= to; ++i) {
      const std::uint32_t j = aj + i >= ai ? aj + i - ai : 0;
      include(i, j > reach ? j - reach : 0, std::min(m, j + reach));
    }
  }
  // Keep the band monotone so that every cell can be reached.
  for (std::uint32_t i = 1; i <= n; ++i) band.lo[i] = std::max(band.lo[i], band.lo[i - 1]);
  for (std::uint32_t i = n; i-- > 0;) band.hi[i] = std::min(band.hi[i], band.hi[i + 1]);
  band.offset.resize(n + 1);
  for (std::uint32_t i = 0; i <= n; ++i) {
    band.lo[i] = band.lo[i] > width[i] ? band.lo[i] - width[i] : 0;
    band.hi[i] = std::min(m, band.hi[i] + width[i]);
    band.offset[i] = band.cells;
    band.cells += band.hi[i] - band.lo[i] + 1;
  }
  return band;
}

// The banded forward-backward pass: returns the best path with bead posteriors and fills the
// sides' null posteriors. The bead-type priors are re-estimated from the document by EM
// (expected counts, smoothed toward Gale & Church's priors).
std::vector<Bead2> rescore_in(const Band& band, Side& source, Side& target, LengthModel& model,
                              const CheckOptions& options, const Lexicon& forward_lexicon,
                              const Lexicon& backward_lexicon) {
  constexpr std::size_t kCount = std::size(kShapes);
  const std::uint32_t n = source.size(), m = target.size();
  const BeadCost cost(source, target, options, &forward_lexicon, &backward_lexicon);
  std::vector<double> source_prefix(n + 1, 0.0), target_prefix(m + 1, 0.0);
  for (std::uint32_t i = 0; i < n; ++i)
    source_prefix[i + 1] = source_prefix[i] + source.document->segments[i].length;
  for (std::uint32_t j = 0; j < m; ++j)
    target_prefix[j + 1] = target_prefix[j] + target.document->segments[j].length;
  // Lexical evidence of every bead in the band (fixed), and its length evidence (recomputed
  // when the length model is re-estimated). A copied 1-1 segment has no length evidence.
  std::vector<float> lexical(band.cells * kCount, std::numeric_limits<float>::infinity());
  std::vector<float> evidence(band.cells * kCount, std::numeric_limits<float>::infinity());
  std::vector<bool> copy(band.cells, false);
  for (std::uint32_t i = 0; i <= n; ++i) {
    for (std::uint32_t j = band.lo[i]; j <= band.hi[i]; ++j) {
      if (i < n && j < m) copy[band.at(i, j)] = cost.is_copy(i, j);
      for (std::size_t s = 0; s < kCount; ++s) {
        const auto a = static_cast<std::uint32_t>(kShapes[s][0]);
        const auto b = static_cast<std::uint32_t>(kShapes[s][1]);
        if (i + a > n || j + b > m || !band.contains(i + a, j + b)) continue;
        lexical[band.at(i, j) * kCount + s] =
            static_cast<float>(cost.lexical_evidence(i, j, kShapes[s][0], kShapes[s][1]));
      }
    }
  }
  auto update_evidence = [&]() {
    for (std::uint32_t i = 0; i <= n; ++i) {
      for (std::uint32_t j = band.lo[i]; j <= band.hi[i]; ++j) {
        const std::size_t cell = band.at(i, j);
        for (std::size_t s = 0; s < kCount; ++s) {
          const float lex = lexical[cell * kCount + s];
          if (lex == std::numeric_limits<float>::infinity()) continue;
          const int a = kShapes[s][0], b = kShapes[s][1];
          double length = 0.0;
          if (a > 0 && b > 0 && !(s == 0 && copy[cell])) {
            length = cost.length_evidence(
                a, b, source_prefix[i + static_cast<std::uint32_t>(a)] - source_prefix[i],
                target_prefix[j + static_cast<std::uint32_t>(b)] - target_prefix[j], model);
          }
          evidence[cell * kCount + s] = static_cast<float>(length + lex);
        }
      }
    }
  };
  update_evidence();
  std::array<double, kCount> paper{}, prior_cost{};
  double paper_total = 0.0;
  for (std::size_t s = 0; s < kCount; ++s) {
    paper[s] = bead_prior(kShapes[s][0], kShapes[s][1]);
    paper_total += paper[s];
  }
  for (std::size_t s = 0; s < kCount; ++s) {
    paper[s] /= paper_total;
    prior_cost[s] = -std::log(paper[s]);
  }
  std::vector<double> forward(band.cells), backward(band.cells);
  auto bead_cost = [&](std::size_t cell, std::size_t s) {
    return static_cast<double>(evidence[cell * kCount + s]) + prior_cost[s];
  };
  auto run_forward_backward = [&]() {
    std::fill(forward.begin(), forward.end(), kInf);
    std::fill(backward.begin(), backward.end(), kInf);
    forward[band.at(0, 0)] = 0.0;
    for (std::uint32_t i = 0; i <= n; ++i) {
      for (std::uint32_t j = band.lo[i]; j <= band.hi[i]; ++j) {
        const double f = forward[band.at(i, j)];
        if (f == kInf) continue;
        for (std::size_t s = 0; s < kCount; ++s) {
          const double c = bead_cost(band.at(i, j), s);
          if (c == kInf) continue;
          const std::size_t next = band.at(i + static_cast<std::uint32_t>(kShapes[s][0]),
                                           j + static_cast<std::uint32_t>(kShapes[s][1]));
          forward[next] = add_costs(forward[next], f + c);
        }
      }
    }
    backward[band.at(n, m)] = 0.0;
    for (std::uint32_t i = n + 1; i-- > 0;) {
      for (std::uint32_t j = band.hi[i] + 1; j-- > band.lo[i];) {
        if (i == n && j == m) continue;
        double total = kInf;
        for (std::size_t s = 0; s < kCount; ++s) {
          const double c = bead_cost(band.at(i, j), s);
          if (c == kInf) continue;
          const double next = backward[band.at(i + static_cast<std::uint32_t>(kShapes[s][0]),
                                               j + static_cast<std::uint32_t>(kShapes[s][1]))];
          total = add_costs(total, c + next);
        }
        backward[band.at(i, j)] = total;
      }
    }
    return forward[band.at(n, m)];
  };
  auto posterior = [&](std::uint32_t i, std::uint32_t j, std::size_t s, double total) {
    const std::size_t cell = band.at(i, j);
    const double c = bead_cost(cell, s);
    if (c == kInf || forward[cell] == kInf) return 0.0;
    const double bk = backward[band.at(i + static_cast<std::uint32_t>(kShapes[s][0]),
                                       j + static_cast<std::uint32_t>(kShapes[s][1]))];
    if (bk == kInf) return 0.0;
    return std::clamp(std::exp(-(forward[cell] + c + bk - total)), 0.0, 1.0);
  };
  double total = kInf;
  for (int iteration = 0; iteration <= options.prior_iterations; ++iteration) {
    total = run_forward_backward();
    if (total == kInf) return {};
    if (iteration == options.prior_iterations) break;
    std::array<double, kCount> counts{};
    double beads = 0.0;
    for (std::uint32_t i = 0; i <= n; ++i)
      for (std::uint32_t j = band.lo[i]; j <= band.hi[i]; ++j)
        for (std::size_t s = 0; s < kCount; ++s) {
          const double p = posterior(i, j, s, total);
          counts[s] += p;
          beads += p;
        }
    for (std::size_t s = 0; s < kCount; ++s) {
      const double p = (counts[s] + options.prior_pseudo_count * paper[s]) /
                       (beads + options.prior_pseudo_count);
      prior_cost[s] = -std::log(std::max(p, 1e-6));
    }
    // Gale & Church's c from the expected 1-1 beads that are neither copies nor outliers
    // (|δ| < 3): copies and cut segments in the text skew the aligner's total-length estimate.
    // s² stays the aligner's (a trimmed estimate would understate the tails).
    double sum_s = 0.0, sum_t = 0.0, weight = 0.0;
    for (std::uint32_t i = 0; i < n; ++i)
      for (std::uint32_t j = band.lo[i]; j <= std::min(band.hi[i], m - 1); ++j) {
        if (copy[band.at(i, j)] || !band.contains(i + 1, j + 1)) continue;
        const double ls = source_prefix[i + 1] - source_prefix[i];
        const double lt = target_prefix[j + 1] - target_prefix[j];
        if (ls <= 0.0 || std::fabs(length_delta(ls, lt, model)) >= 3.0) continue;
        const double p = posterior(i, j, 0, total);
        sum_s += p * ls;
        sum_t += p * lt;
        weight += p;
      }
    if (weight >= 10.0 && sum_s > 0.0 && sum_t > 0.0) {
      LengthModel next = model;
      next.mean = sum_t / sum_s;
      model = next;
      update_evidence();
    }
  }
  // Null posteriors of every segment.
  std::fill(source.null_posterior.begin(), source.null_posterior.end(), 0.0);
  std::fill(target.null_posterior.begin(), target.null_posterior.end(), 0.0);
  for (std::uint32_t i = 0; i <= n; ++i) {
    for (std::uint32_t j = band.lo[i]; j <= band.hi[i]; ++j) {
      if (i < n) source.null_posterior[i] += posterior(i, j, 1, total);
      if (j < m) target.null_posterior[j] += posterior(i, j, 2, total);
    }
  }
  for (double& p : source.null_posterior) p = std::min(p, 1.0);
  for (double& p : target.null_posterior) p = std::min(p, 1.0);
  // The best path (Viterbi).
  std::vector<double> best(band.cells, kInf);
  std::vector<std::uint8_t> from(band.cells, 0);
  best[band.at(0, 0)] = 0.0;
  for (std::uint32_t i = 0; i <= n; ++i) {
    for (std::uint32_t j = band.lo[i]; j <= band.hi[i]; ++j) {
      const double v = best[band.at(i, j)];
      if (v == kInf) continue;
      for (std::size_t s = 0; s < kCount; ++s) {
        const double c = bead_cost(band.at(i, j), s);
        if (c == kInf) continue;
        const std::size_t next = band.at(i + static_cast<std::uint32_t>(kShapes[s][0]),
                                         j + static_cast<std::uint32_t>(kShapes[s][1]));
        if (v + c < best[next]) {
          best[next] = v + c;
          from[next] = static_cast<std::uint8_t>(s);
        }
      }
    }
  }
  std::vector<Bead2> path;
  std::uint32_t i = n, j = m;
  while (i > 0 || j > 0) {
    const std::size_t s = from[band.at(i, j)];
    const auto a = static_cast<std::uint32_t>(kShapes[s][0]);
    const auto b = static_cast<std::uint32_t>(kShapes[s][1]);
    path.push_back({i - a, i, j - b, j, posterior(i - a, j - b, s, total)});
    i -= a;
    j -= b;
  }
  std::reverse(path.begin(), path.end());
  return path;
}

// Re-scores in a band around the aligner's path; where the best path runs along the band's
// edge, the band is widened there (doubled, up to `kMaxWidening` times) and the pass repeated.
std::vector<Bead2> rescore(Side& source, Side& target, const Alignment& alignment,
                           LengthModel& model, const CheckOptions& options) {
  constexpr int kMaxWidening = 4;
  const std::uint32_t n = source.size(), m = target.size();
  std::vector<std::uint32_t> width(n + 1, static_cast<std::uint32_t>(options.realign_band));
  // Segments whose normalized text occurs once on each side.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> anchors;
  {
    std::unordered_map<std::string_view, std::int64_t> seen;
    for (std::uint32_t i = 0; i < n; ++i) {
      const SegmentFacts& f = source.facts[i];
      if (f.letters < static_cast<std::uint32_t>(std::max(options.untranslated_min_letters, 2)))
        continue;
      auto [it, fresh] = seen.emplace(f.normalized, i);
      if (!fresh) it->second = -1;
    }
    std::unordered_map<std::string_view, std::int64_t> found;
    for (std::uint32_t j = 0; j < m; ++j) {
      auto it = seen.find(target.facts[j].normalized);
      if (it == seen.end() || it->second < 0) continue;
      auto [f, fresh] = found.emplace(it->first, j);
      if (!fresh) f->second = -1;
    }
    for (const auto& [text, j] : found)
      if (j >= 0)
        anchors.emplace_back(static_cast<std::uint32_t>(seen[text]), static_cast<std::uint32_t>(j));
  }
  const Lexicon forward(source, target, alignment, true, options);
  const Lexicon backward(target, source, alignment, false, options);
  std::vector<Bead2> path;
  for (int round = 0;; ++round) {
    const Band band = make_band(alignment, n, m, width, anchors);
    model = alignment.model;
    path = rescore_in(band, source, target, model, options, forward, backward);
    if (path.empty() || round == kMaxWidening) return path;
    std::vector<std::uint32_t> touched;
    for (const Bead2& b : path) {
      const std::uint32_t i = b.se, j = b.te;
      if ((band.lo[i] > 0 && j <= band.lo[i]) || (band.hi[i] < m && j >= band.hi[i]))
        touched.push_back(i);
    }
    if (touched.empty()) return path;
    std::vector<std::uint32_t> wider = width;
    for (std::uint32_t i : touched) {
      const std::uint32_t reach = 4 * width[i];
      const std::uint32_t from = i > reach ? i - reach : 0, to = std::min(n, i + reach);
      for (std::uint32_t k = from; k <= to; ++k) wider[k] = std::max(wider[k], 2 * width[i]);
    }
    width = std::move(wider);
  }
}

std::vector<Bead2> as_given(Side& source, Side& target, const Alignment& alignment) {
  std::vector<Bead2> beads;
  for (const Bead& b : alignment.beads) {
    beads.push_back({b.source_begin, b.source_end, b.target_begin, b.target_end, b.confidence});
    if (b.target_begin == b.target_end)
      for (auto i = b.source_begin; i < b.source_end; ++i) source.null_posterior[i] = b.confidence;
    if (b.source_begin == b.source_end)
      for (auto j = b.target_begin; j < b.target_end; ++j) target.null_posterior[j] = b.confidence;
  }
  return beads;
}

// A segment's text for a message (one line): quoted, at most 60 characters, a tab or a line
// break (utf8::Flatten::kTabsAndBreaks: a CR LF, VT, NEL, LS ...) as one space.
std::string quote(std::string_view segment) {
  std::string out;
  std::size_t chars = 0, k = 0;
  while (k < segment.size() && chars < 60) {
    std::size_t len = utf8::flat_break_length(segment, k, utf8::Flatten::kTabsAndBreaks);
    if (len > 0) {
      out += ' ';
    } else {
      const auto c = static_cast<unsigned char>(segment[k]);
      len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
      len = std::min(len, segment.size() - k);
      out.append(segment, k, len);
    }
    k += len;
    ++chars;
  }
  if (k < segment.size()) out += "…";
  return "\u201c" + out + "\u201d";
}

std::string plural(std::size_t count, const char* word) {
  return std::to_string(count) + " " + word + (count == 1 ? "" : "s");
}

class Checker {
 public:
  Checker(const Document& source, const Document& target, const Alignment& alignment,
          const CheckOptions& options)
      : alignment_(alignment),
        options_(options),
        source_(analyze_side(source)),
        target_(analyze_side(target)) {}

  std::vector<Finding> run() {
    validate_alignment(alignment_, source_.size(), target_.size());
    model_ = alignment_.model;
    beads_ = options_.realign_band > 0 ? rescore(source_, target_, alignment_, model_, options_)
                                       : as_given(source_, target_, alignment_);
    // Each further round learns the lexicon again from the re-scored path (cleaner than the
    // aligner's where that one went astray) and re-scores around that path.
    for (int round = 1; round < options_.lexicon_rounds && options_.realign_band > 0 &&
                        options_.lexicon_weight > 0.0 && !beads_.empty();
         ++round) {
      Alignment again;
      again.model = alignment_.model;
      for (const Bead2& b : beads_) {
        Bead bead;
        bead.source_begin = b.sb;
        bead.source_end = b.se;
        bead.target_begin = b.tb;
        bead.target_end = b.te;
        bead.confidence = b.posterior;
        again.beads.push_back(bead);
      }
      LengthModel model = alignment_.model;
      std::vector<Bead2> next = rescore(source_, target_, again, model, options_);
      if (next.empty()) break;
      beads_ = std::move(next);
      model_ = model;
    }
    if (beads_.empty()) beads_ = as_given(source_, target_, alignment_);
    target_bead_.assign(target_.size(), 0);
    source_bead_.assign(source_.size(), 0);
    for (std::size_t k = 0; k < beads_.size(); ++k) {
      for (auto i = beads_[k].sb; i < beads_[k].se; ++i) source_bead_[i] = k;
      for (auto j = beads_[k].tb; j < beads_[k].te; ++j) target_bead_[j] = k;
    }
    untranslated_.assign(target_.size(), false);
    explained_.assign(source_.size(), false);
    find_untranslated();
    find_unaligned(true);
    find_unaligned(false);
    find_drift();
    find_mismatches();
    return filter_and_sort();
  }

 private:
  // Byte range of segments [begin, end) of a side; an empty range at the insertion point when
  // the range is empty.
  static void range(const Side& side, std::uint32_t begin, std::uint32_t end, std::size_t* b,
                    std::size_t* e) {
    const auto& segs = side.document->segments;
    if (begin < end) {
      *b = segs[begin].begin;
      *e = segs[end - 1].end;
    } else {
      *b = *e = begin > 0 ? segs[begin - 1].end : 0;
    }
  }

  Finding make(FindingKind kind, Severity severity, std::string code,
               std::vector<std::uint32_t> source, std::vector<std::uint32_t> target,
               std::uint32_t sb, std::uint32_t se, std::uint32_t tb, std::uint32_t te,
               double confidence, std::string message) const {
    Finding f;
    f.kind = kind;
    f.severity = severity;
    f.code = std::move(code);
    f.source = std::move(source);
    f.target = std::move(target);
    range(source_, sb, se, &f.source_begin, &f.source_end);
    range(target_, tb, te, &f.target_begin, &f.target_end);
    f.confidence = std::clamp(confidence, 0.0, 1.0);
    f.message = std::move(message);
    return f;
  }

  static std::vector<std::uint32_t> indexes(std::uint32_t begin, std::uint32_t end) {
    std::vector<std::uint32_t> out;
    for (auto k = begin; k < end; ++k) out.push_back(k);
    return out;
  }

  // untranslated: a copy of a nearby source segment, or the source's script in the target.
  void find_untranslated() {
    const bool scripts_differ = source_.script != target_.script &&
                                source_.script != internal::Script::kOther &&
                                target_.script != internal::Script::kOther;
    for (std::uint32_t j = 0; j < target_.size(); ++j) {
      const SegmentFacts& t = target_.facts[j];
      if (t.letters < static_cast<std::uint32_t>(options_.untranslated_min_letters) ||
          t.names_only())
        continue;
      const std::size_t k = target_bead_[j];
      const Bead2& bead = beads_[k];
      // Candidates: the bead's own sources, and for an unaligned target those of the beads
      // around it.
      std::uint32_t from = bead.sb, to = bead.se;
      if (bead.sb == bead.se) {
        const std::size_t lo = k >= 2 ? k - 2 : 0, hi = std::min(beads_.size() - 1, k + 2);
        from = beads_[lo].sb;
        to = beads_[hi].se;
      }
      double best = 0.0;
      std::uint32_t best_source = 0;
      for (auto i = from; i < to; ++i) {
        const double sim = internal::similarity(source_.facts[i], t);
        if (sim > best) {
          best = sim;
          best_source = i;
        }
      }
      if (best >= options_.copy_similarity && source_.facts[best_source].letters >= 2) {
        untranslated_[j] = true;
        explained_[best_source] = true;
        findings_.push_back(
            make(FindingKind::kUntranslated, Severity::kWarning, "untranslated.copy", {best_source},
                 {j}, best_source, best_source + 1, j, j + 1, best,
                 "target segment is a copy of the source: " + quote(target_.text(j))));
        continue;
      }
      if (!scripts_differ) continue;
      const double share = static_cast<double>(t.script[static_cast<std::size_t>(source_.script)]) /
                           static_cast<double>(t.letters);
      if (share >= options_.foreign_script_share) {
        untranslated_[j] = true;
        std::vector<std::uint32_t> src = indexes(bead.sb, bead.se);
        for (auto i = bead.sb; i < bead.se; ++i) explained_[i] = true;
        findings_.push_back(
            make(FindingKind::kUntranslated, Severity::kWarning, "untranslated.script", src, {j},
                 bead.sb, bead.se, j, j + 1, share,
                 "target segment is still in the source's script: " + quote(target_.text(j))));
      }
    }
  }

  // omission (source side) / addition (target side): runs of neighbouring unaligned segments.
  void find_unaligned(bool source_side) {
    const Side& side = source_side ? source_ : target_;
    std::vector<bool> unaligned(side.size(), false);
    for (const Bead2& b : beads_) {
      if (source_side && b.tb == b.te)
        for (auto i = b.sb; i < b.se; ++i) unaligned[i] = true;
      if (!source_side && b.sb == b.se)
        for (auto j = b.tb; j < b.te; ++j) unaligned[j] = true;
    }
    for (std::uint32_t k = 0; k < side.size(); ++k) {
      if (source_side && explained_[k]) unaligned[k] = false;
      if (!source_side && untranslated_[k]) unaligned[k] = false;
    }
    std::uint32_t k = 0;
    while (k < side.size()) {
      if (!unaligned[k]) {
        ++k;
        continue;
      }
      std::uint32_t end = k;
      while (end < side.size() && unaligned[end]) ++end;
      report_run(source_side, k, end);
      k = end;
    }
  }

  void report_run(bool source_side, std::uint32_t begin, std::uint32_t end) {
    const Side& side = source_side ? source_ : target_;
    std::vector<std::uint32_t> members;
    double posterior = 0.0;
    bool letters = false;
    for (auto k = begin; k < end; ++k) {
      if (side.facts[k].text.empty()) continue;  // an empty line has nothing to miss
      members.push_back(k);
      posterior += side.null_posterior[k];
      letters = letters || side.facts[k].letters > 0;
    }
    if (members.empty()) return;
    posterior /= static_cast<double>(members.size());
    // Does the run fill whole paragraphs (a paragraph with nothing facing it)?
    const auto& segs = side.document->segments;
    const bool whole_paragraphs =
        side.paragraphs_informative &&
        (begin == 0 || segs[begin - 1].paragraph != segs[begin].paragraph) &&
        (end == side.size() || segs[end].paragraph != segs[end - 1].paragraph);
    Severity severity = Severity::kInfo;
    if (letters)
      severity = posterior >= options_.error_posterior ? Severity::kError : Severity::kWarning;
    const char* what = source_side ? "omission" : "addition";
    std::string code = std::string(what) + (whole_paragraphs     ? ".paragraph"
                                            : members.size() > 1 ? ".run"
                                                                 : ".segment");
    std::string message =
        source_side
            ? plural(members.size(), "source segment") + " with no counterpart in the target"
            : plural(members.size(), "target segment") + " with no counterpart in the source";
    message += ", from " + quote(side.text(members.front()));
    // The position on the other side: the end of the previous bead.
    const std::size_t bead = source_side ? source_bead_[begin] : target_bead_[begin];
    const std::uint32_t other = source_side ? beads_[bead].tb : beads_[bead].sb;
    if (source_side) {
      findings_.push_back(make(FindingKind::kOmission, severity, code, members, {}, begin, end,
                               other, other, posterior, message));
    } else {
      findings_.push_back(make(FindingKind::kAddition, severity, code, {}, members, other, other,
                               begin, end, posterior, message));
    }
  }

  double length(const Side& side, std::uint32_t begin, std::uint32_t end) const {
    double l = 0.0;
    for (auto k = begin; k < end; ++k) l += side.document->segments[k].length;
    return l;
  }

  bool has_untranslated(const Bead2& b) const {
    for (auto j = b.tb; j < b.te; ++j)
      if (untranslated_[j]) return true;
    return false;
  }

  // drift: lengths far beyond the model, targets cut short, stretches of doubtful beads.
  void find_drift() {
    for (const Bead2& b : beads_) {
      if (b.null() || has_untranslated(b)) continue;
      // A k-k bead is checked pair by pair (a cut sentence hides in a 2-2 bead).
      if (b.se - b.sb == b.te - b.tb && b.se - b.sb > 1) {
        for (std::uint32_t k = 0; k < b.se - b.sb; ++k)
          check_drift(b.sb + k, b.sb + k + 1, b.tb + k, b.tb + k + 1, b.posterior);
      } else {
        check_drift(b.sb, b.se, b.tb, b.te, b.posterior);
      }
    }
    // Stretches of doubtful beads.
    std::size_t k = 0;
    while (k < beads_.size()) {
      if (beads_[k].null() || beads_[k].posterior >= options_.stretch_posterior) {
        ++k;
        continue;
      }
      std::size_t end = k;
      double sum = 0.0;
      while (end < beads_.size() && !beads_[end].null() &&
             beads_[end].posterior < options_.stretch_posterior) {
        sum += beads_[end].posterior;
        ++end;
      }
      if (end - k >= static_cast<std::size_t>(options_.stretch_beads)) {
        const Bead2& first = beads_[k];
        const Bead2& last = beads_[end - 1];
        findings_.push_back(make(FindingKind::kDrift, Severity::kInfo, "drift.doubtful",
                                 indexes(first.sb, last.se), indexes(first.tb, last.te), first.sb,
                                 last.se, first.tb, last.te,
                                 1.0 - sum / static_cast<double>(end - k),
                                 "the alignment is doubtful over " + plural(end - k, "bead") +
                                     " from " + quote(source_.text(first.sb))));
      }
      k = end;
    }
  }

  void check_drift(std::uint32_t sb, std::uint32_t se, std::uint32_t tb, std::uint32_t te,
                   double posterior) {
    const double ls = length(source_, sb, se), lt = length(target_, tb, te);
    const double z = length_delta(ls, lt, model_);
    const SegmentFacts& last_target = target_.facts[te - 1];
    const bool cut = source_.facts[se - 1].ends_terminal && !last_target.ends_terminal &&
                     last_target.letters > 0 && z <= -options_.drift_cut_z;
    if (std::fabs(z) < options_.drift_z && !cut) return;
    const double tail = std::erfc(std::fabs(z) / std::sqrt(2.0));  // P(|δ| this far)
    const Severity severity =
        cut || std::fabs(z) >= options_.drift_warning_z ? Severity::kWarning : Severity::kInfo;
    char delta[32];
    std::snprintf(delta, sizeof delta, "%+.1f", z);
    std::string code, message;
    std::vector<std::uint32_t> targets = indexes(tb, te);
    if (cut) {
      code = "drift.cut";
      message = "the target stops short of the source (δ " + std::string(delta) +
                "): " + quote(target_.text(te - 1));
      targets = {te - 1};
    } else if (z < 0) {
      code = "drift.short";
      message = "the target is much shorter than the model expects (δ " + std::string(delta) + ")";
    } else {
      code = "drift.long";
      message = "the target is much longer than the model expects (δ " + std::string(delta) + ")";
    }
    findings_.push_back(make(FindingKind::kDrift, severity, code, indexes(sb, se), targets, sb, se,
                             targets.front(), targets.back() + 1, (1.0 - tail) * posterior,
                             message));
  }

  // mismatch: numbers, URLs, e-mails, tags, placeholders that differ inside a bead.
  void find_mismatches() {
    for (const Bead2& b : beads_) {
      if (b.null() || has_untranslated(b)) continue;
      std::vector<const internal::Entities*> s, t;
      for (auto i = b.sb; i < b.se; ++i) s.push_back(&source_.facts[i].entities);
      for (auto j = b.tb; j < b.te; ++j) t.push_back(&target_.facts[j].entities);
      for (auto& d : internal::compare_entities(s, t)) {
        const Severity severity =
            b.posterior >= options_.mismatch_posterior ? Severity::kWarning : Severity::kInfo;
        findings_.push_back(make(FindingKind::kMismatch, severity, std::move(d.code),
                                 indexes(b.sb, b.se), indexes(b.tb, b.te), b.sb, b.se, b.tb, b.te,
                                 b.posterior, std::move(d.message)));
      }
    }
  }

  std::vector<Finding> filter_and_sort() {
    std::vector<std::regex> patterns;
    for (const std::string& p : options_.ignore_patterns)
      patterns.emplace_back(p, std::regex::ECMAScript);
    std::vector<Finding> out;
    for (Finding& f : findings_) {
      if (std::find(options_.ignore_kinds.begin(), options_.ignore_kinds.end(), f.kind) !=
          options_.ignore_kinds.end())
        continue;
      if (!patterns.empty() && matches_all(f, patterns)) continue;
      out.push_back(std::move(f));
    }
    std::stable_sort(out.begin(), out.end(), [](const Finding& a, const Finding& b) {
      if (a.source_begin != b.source_begin) return a.source_begin < b.source_begin;
      return a.target_begin < b.target_begin;
    });
    return out;
  }

  // Every segment the finding names matches one of the patterns (in the text the check
  // reads: a line break inside a segment is a space).
  bool matches_all(const Finding& f, const std::vector<std::regex>& patterns) const {
    auto matches = [&](std::string_view text) {
      const std::string s = internal::without_line_breaks(text);
      for (const std::regex& re : patterns)
        if (std::regex_search(s, re)) return true;
      return false;
    };
    if (f.source.empty() && f.target.empty()) return false;
    for (auto i : f.source)
      if (!matches(source_.text(i))) return false;
    for (auto j : f.target)
      if (!matches(target_.text(j))) return false;
    return true;
  }

  const Alignment& alignment_;
  const CheckOptions& options_;
  Side source_;
  Side target_;
  LengthModel model_;  // the alignment's, or re-estimated by the re-scoring
  std::vector<Bead2> beads_;
  std::vector<std::size_t> source_bead_, target_bead_;
  std::vector<bool> untranslated_;  // per target segment
  std::vector<bool> explained_;     // per source segment: its copy is in the target
  std::vector<Finding> findings_;
};

}  // namespace

std::vector<Finding> check(const Document& source, const Document& target,
                           const Alignment& alignment, const CheckOptions& options) {
  options.validate();
  if (!(alignment.model.mean > 0.0) || !(alignment.model.variance > 0.0))
    throw OptionsError("check: the alignment's LengthModel needs mean and variance > 0");
  return Checker(source, target, alignment, options).run();
}

}  // namespace tralign
