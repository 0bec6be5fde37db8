// Private: the banded dynamic program of the aligner (Viterbi and forward-backward).
//
// The lattice has a node (i, j) for "the first i source and first j target segments are
// aligned"; a bead of shape a-b leads from (i-a, j-b) to (i, j). Only nodes inside a band are
// visited: for every row i the columns [lo[i], hi[i]]. The band starts around the expected
// diagonal and widens where the best path touches its edge, until it does not; its size, and
// so time and memory, stay linear in n + m when the texts are translations of each other.
#ifndef TRALIGN_SRC_ALIGN_DP_H_
#define TRALIGN_SRC_ALIGN_DP_H_

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include "huge_pages.h"
#include "tralign/align.h"
#include "tralign/length_model.h"

namespace tralign {
namespace internal {

// A bead type: a source segments against b target segments.
struct BeadShape {
  int source_count;
  int target_count;
};

// The bead types for `max_bead` (1-0, 0-1, 1-1, 2-1, 1-2, 2-2 in NLTK's order, then 1-k and
// k-1 for k = 3..max_bead). `paper_only` keeps the paper's six types.
std::vector<BeadShape> bead_shapes(int max_bead, bool paper_only);

// The most bead types a lattice may have (bead_shapes(8, false) has 18).
constexpr std::size_t kMaxShapes = 24;

// -log(2(1 - Φ(x))) = -log(erfc(x/√2)) for x >= 0, exact and finite for every x.
double tail_cost_exact(double x);
// The same tabulated with step 1/kTableScale up to kTableEnd (interpolated linearly, error
// below 2e-6 nats).
constexpr int kTableScale = 256;
constexpr double kTableEnd = 24.0;
const double* tail_table();
// The value of a table of step 1/kTableScale at 0 <= x < kTableEnd, interpolated linearly.
inline double interpolate_tail(const double* table, double x) {
  const double pos = x * kTableScale;
  const auto k = static_cast<std::size_t>(pos);
  const double frac = pos - static_cast<double>(k);
  return table[k] + frac * (table[k + 1] - table[k]);
}
inline double tail_cost_fast(const double* table, double x) {
  return x < kTableEnd ? interpolate_tail(table, x) : tail_cost_exact(x);
}
// 2(1 - Φ(x)) = exp(-tail_cost_exact(x)), tabulated as tail_table() (relative error below 2e-6).
const double* tail_probability_table();
inline double tail_probability_fast(const double* table, double x) {
  return x < kTableEnd ? interpolate_tail(table, x) : std::exp(-tail_cost_exact(x));
}

inline int popcount64(std::uint64_t x) {
  x = x - ((x >> 1) & 0x5555555555555555ULL);
  x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
  x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0FULL;
  return static_cast<int>((x * 0x0101010101010101ULL) >> 56);
}

// Evidence from lexical anchors, one 64-bit signature per segment (see align_anchors.h).
struct AnchorWeights {
  double match = 0.0;     // nats subtracted per anchor found on both sides
  double mismatch = 0.0;  // nats added per anchor found on one side only
  double cap = 0.0;       // the anchor term never moves a bead's cost by more than this
  std::uint64_t strict_mask = ~std::uint64_t{0};  // bits whose absence counts (mismatch)
};

// The cost of every bead of the lattice: -log P(shape) - log 2(1 - Φ(|δ|)) + anchors.
class CostModel {
 public:
  CostModel(const std::vector<std::uint32_t>& source_lengths,
            const std::vector<std::uint32_t>& target_lengths, std::vector<BeadShape> shapes);

  // Length model parameters; `exact` uses erfc (as match_cost) instead of the fast table.
  void set_model(const LengthModel& model, bool exact);
  // Variance added to s²·(l1 + l2/c)/2 in δ (target units²): the rounding error of the
  // coarse texts of the coarse-to-fine search (0: the paper's model).
  void set_extra_variance(double extra) { extra_variance_ = extra; }
  // -log prior per shape, in the order of shapes().
  void set_prior_costs(std::vector<double> prior_costs);
  // Whether 1-0 and 0-1 beads also pay the length cost of an empty side, as in the paper
  // (default true); false: their prior alone.
  void set_unmatched_length_cost(bool charged) { unmatched_length_cost_ = charged; }
  bool unmatched_length_cost() const { return unmatched_length_cost_; }
  // The length cost never exceeds this (default: no limit, the paper's model): a robust length
  // model, for pairs whose lengths say nothing (a garbled or masked translation).
  void set_length_cost_limit(double limit) {
    length_cost_limit_ = limit;
    length_weight_floor_ = std::exp(-limit);
  }
  double length_cost_limit() const { return length_cost_limit_; }
  // Two kinds of evidence from per-segment signatures: lexical anchors (align_anchors.h) and
  // the pairs of a lexicon learned from the document (align_lexicon.h).
  enum Evidence { kAnchors = 0, kLexicon = 1 };
  static constexpr std::size_t kEvidenceKinds = 2;
  // The signatures and weights of one kind (null: none).
  const std::vector<std::uint64_t>* source_signatures(Evidence kind) const {
    return evidence_[kind].source;
  }
  const std::vector<std::uint64_t>* target_signatures(Evidence kind) const {
    return evidence_[kind].target;
  }
  const AnchorWeights& evidence_weights(Evidence kind) const { return evidence_[kind].weights; }
  // Per-segment signatures of one kind (null: none). The vectors must outlive the model.
  void set_evidence(Evidence kind, const std::vector<std::uint64_t>* source,
                    const std::vector<std::uint64_t>* target, AnchorWeights weights);
  void set_anchors(const std::vector<std::uint64_t>* source,
                   const std::vector<std::uint64_t>* target, AnchorWeights weights) {
    set_evidence(kAnchors, source, target, weights);
  }

  std::uint32_t source_size() const { return n_; }
  std::uint32_t target_size() const { return m_; }
  const std::vector<BeadShape>& shapes() const { return shapes_; }
  const LengthModel& model() const { return model_; }
  bool exact() const { return exact_; }
  const std::vector<double>& prior_costs() const { return prior_costs_; }
  double source_length(std::uint32_t begin, std::uint32_t end) const {
    return static_cast<double>(source_prefix_[end] - source_prefix_[begin]);
  }
  double target_length(std::uint32_t begin, std::uint32_t end) const {
    return static_cast<double>(target_prefix_[end] - target_prefix_[begin]);
  }

  // Cost of the bead of shape `t` that ends at node (i, j); the caller checks that it fits.
  double cost(std::uint32_t i, std::uint32_t j, int t) const;

  // cost() for the inner loops: the terms that depend on the row alone, once per row.
  struct RowTerms {
    std::array<double, kMaxShapes> source_length;
    std::array<std::array<std::uint64_t, kMaxShapes>, kEvidenceKinds> source_bits;
  };
  void fill_row(std::uint32_t i, RowTerms& row) const;
  // The same as cost(i, j, t) for the row `row` was filled for.
  double cost_in_row(const RowTerms& row, std::uint32_t j, int t) const;
  // exp(-cost_in_row(row, j, t)), the bead's probability, without exp() or log() (tables) unless
  // the model is exact.
  double weight_in_row(const RowTerms& row, std::uint32_t j, int t) const;
  // The length part alone: -log 2(1 - Φ(|δ|)).
  double length_cost(double l1, double l2) const;
  // Beads of one shape ending in one row at columns first..last (first >= the shape's width).
  struct BeadRange {
    const RowTerms* row;  // filled for the row they end in
    int shape;
    std::uint32_t first, last;
    double* out;  // receives the value of the bead ending at column j at out[j - first]
  };
  // The ways row_values and the lattice passes compute: with the best vector code the CPU has
  // (AVX-512's population count, else AVX2, else scalar), AVX2 at most, or scalar (the last
  // two for tests). The same values, bit for bit, whichever.
  enum class Kernel { kBest, kAvx2, kScalar };
  void set_kernel(Kernel kernel) { kernel_ = kernel; }
  Kernel kernel() const { return kernel_; }
  // cost_in_row (`weights` false) or weight_in_row (true) of every bead of `ranges`.
  void row_values(const BeadRange* ranges, std::size_t count, bool weights) const;

 private:
  // |δ| as length_cost() computes it outside the exact model (with the extra variance).
  double fast_delta(double l1, double l2) const;
  // The evidence term of a bead whose sides' signatures (of kind `kind`) are s and t.
  double evidence_cost(std::size_t kind, std::uint64_t s, std::uint64_t t) const;
  double evidence_weight(std::size_t kind, std::uint64_t s, std::uint64_t t) const;
  std::uint64_t target_bits(std::size_t kind, std::uint32_t j, std::uint32_t b) const {
    std::uint64_t bits = 0;
    for (std::uint32_t k = 1; k <= b; ++k) bits |= (*evidence_[kind].target)[j - k];
    return bits;
  }

  std::uint32_t n_, m_;
  LargeArray<std::uint64_t> source_prefix_, target_prefix_;
  std::vector<BeadShape> shapes_;
  std::uint32_t tallest_ = 0;  // the most source segments of a shape
  std::vector<double> prior_costs_;
  std::vector<double> prior_weights_;  // exp(-prior_costs_)
  LengthModel model_;
  bool exact_ = false;
  bool unmatched_length_cost_ = true;
  double length_cost_limit_ = std::numeric_limits<double>::infinity();
  double length_weight_floor_ = 0.0;  // exp(-length_cost_limit_)
  double extra_variance_ = 0.0;
  double inv_mean_ = 1.0;
  const double* table_ = nullptr;
  const double* probability_table_ = nullptr;
  struct EvidenceSignatures {
    const std::vector<std::uint64_t>* source = nullptr;
    const std::vector<std::uint64_t>* target = nullptr;
    AnchorWeights weights;
    const double* weight_table = nullptr;  // exp(-term) by [shared * 65 + alone] bits
    const double* cost_table = nullptr;    // the term itself, by the same index
  };
  std::array<EvidenceSignatures, kEvidenceKinds> evidence_;
  Kernel kernel_ = Kernel::kBest;
};

// Columns [lo[i], hi[i]] of every row i = 0..n.
struct Band {
  LargeArray<std::uint32_t> lo, hi;
  std::size_t cells() const;
};

// The band around the straight diagonal from (0, 0) to (n, m), `width` columns on each side.
Band diagonal_band(std::uint32_t n, std::uint32_t m, std::uint32_t width);
// The whole n×m lattice (for tests and tiny inputs).
Band full_band(std::uint32_t n, std::uint32_t m);

// The best path in `band` (beads in order, cost filled, confidence 1). Empty if the band holds
// no path (it always holds one when built by the functions above).
std::vector<Bead> viterbi(const CostModel& costs, const Band& band);

// Fills every bead's confidence with its posterior probability in the band's lattice
// (forward-backward in probability space, each row scaled).
void fill_posteriors(const CostModel& costs, const Band& band, std::vector<Bead>& beads);

struct BandedResult {
  std::vector<Bead> beads;
  Band band;  // the final band
};

// Lattices up to this many nodes are searched whole.
constexpr std::size_t kFullLatticeCells = std::size_t{1} << 16;

// Coarse to fine: the best path of the texts with consecutive pairs of segments merged
// (recursively, down to a lattice of at most `full_cells` nodes, searched whole) gives the band,
// `radius` segments around it; Viterbi in that band, widened (doubling) where the path touches
// its edge, until it does not. Then posteriors if `confidences`.
BandedResult banded_align(const CostModel& costs, std::uint32_t radius, bool confidences,
                          std::size_t full_cells = kFullLatticeCells);

inline double CostModel::fast_delta(double l1, double l2) const {
  // δ² = diff² / (s²·(l1 + l2/c)/2 + extra)
  const double sum = l1 + l2 * inv_mean_;
  const double diff = l2 - model_.mean * l1;
  const double spread = model_.variance * 0.5 * sum + extra_variance_;
  return spread > 0.0 ? std::fabs(diff) / std::sqrt(spread) : 0.0;
}

inline double CostModel::length_cost(double l1, double l2) const {
  if (exact_ && extra_variance_ == 0.0)
    return tail_cost_exact(std::fabs(length_delta(l1, l2, model_)));
  const double delta = fast_delta(l1, l2);
  return std::min(length_cost_limit_,
                  exact_ ? tail_cost_exact(delta) : tail_cost_fast(table_, delta));
}

inline double CostModel::evidence_cost(std::size_t kind, std::uint64_t s, std::uint64_t t) const {
  if ((s | t) == 0) return 0.0;
  const AnchorWeights& w = evidence_[kind].weights;
  const int shared = popcount64(s & t);
  const int alone = popcount64((s ^ t) & w.strict_mask);
  return std::clamp(w.mismatch * alone - w.match * shared, -w.cap, w.cap);
}

inline double CostModel::evidence_weight(std::size_t kind, std::uint64_t s, std::uint64_t t) const {
  if ((s | t) == 0) return 1.0;
  const auto shared = static_cast<std::size_t>(popcount64(s & t));
  const auto alone =
      static_cast<std::size_t>(popcount64((s ^ t) & evidence_[kind].weights.strict_mask));
  return evidence_[kind].weight_table[shared * 65 + alone];
}

inline double CostModel::cost(std::uint32_t i, std::uint32_t j, int t) const {
  const BeadShape& shape = shapes_[static_cast<std::size_t>(t)];
  const auto a = static_cast<std::uint32_t>(shape.source_count);
  const auto b = static_cast<std::uint32_t>(shape.target_count);
  double c = prior_costs_[static_cast<std::size_t>(t)];
  if ((a == 0 || b == 0) && !unmatched_length_cost_) return c;
  const double l1 = static_cast<double>(source_prefix_[i] - source_prefix_[i - a]);
  const double l2 = static_cast<double>(target_prefix_[j] - target_prefix_[j - b]);
  c += length_cost(l1, l2);
  if (a == 0 || b == 0) return c;
  for (std::size_t kind = 0; kind < kEvidenceKinds; ++kind) {
    if (evidence_[kind].source == nullptr) continue;
    std::uint64_t s = 0;
    for (std::uint32_t k = 1; k <= a; ++k) s |= (*evidence_[kind].source)[i - k];
    c += evidence_cost(kind, s, target_bits(kind, j, b));
  }
  return c;
}

inline void CostModel::fill_row(std::uint32_t i, RowTerms& row) const {
  // The signatures of the last a source segments, for every height a, ORed once.
  constexpr std::uint32_t kMaxHeight = 16;
  std::array<std::array<std::uint64_t, kMaxHeight + 1>, kEvidenceKinds> by_height;
  const std::uint32_t top = std::min(tallest_, i);
  const bool tabulated = tallest_ <= kMaxHeight;
  if (tabulated)
    for (std::size_t kind = 0; kind < kEvidenceKinds; ++kind) {
      by_height[kind][0] = 0;
      const std::vector<std::uint64_t>* source = evidence_[kind].source;
      for (std::uint32_t a = 1; a <= top; ++a)
        by_height[kind][a] = by_height[kind][a - 1] | (source != nullptr ? (*source)[i - a] : 0);
    }
  for (std::size_t t = 0; t < shapes_.size(); ++t) {
    const auto a = static_cast<std::uint32_t>(shapes_[t].source_count);
    if (a > i) continue;
    row.source_length[t] = static_cast<double>(source_prefix_[i] - source_prefix_[i - a]);
    for (std::size_t kind = 0; kind < kEvidenceKinds; ++kind) {
      std::uint64_t s = 0;
      if (tabulated)
        s = by_height[kind][a];
      else if (evidence_[kind].source != nullptr)
        for (std::uint32_t k = 1; k <= a; ++k) s |= (*evidence_[kind].source)[i - k];
      row.source_bits[kind][t] = s;
    }
  }
}

inline double CostModel::cost_in_row(const RowTerms& row, std::uint32_t j, int t) const {
  const auto index = static_cast<std::size_t>(t);
  const BeadShape& shape = shapes_[index];
  const auto b = static_cast<std::uint32_t>(shape.target_count);
  double c = prior_costs_[index];
  if ((shape.source_count == 0 || b == 0) && !unmatched_length_cost_) return c;
  c += length_cost(row.source_length[index],
                   static_cast<double>(target_prefix_[j] - target_prefix_[j - b]));
  if (shape.source_count == 0 || b == 0) return c;
  for (std::size_t kind = 0; kind < kEvidenceKinds; ++kind)
    if (evidence_[kind].source != nullptr)
      c += evidence_cost(kind, row.source_bits[kind][index], target_bits(kind, j, b));
  return c;
}

inline double CostModel::weight_in_row(const RowTerms& row, std::uint32_t j, int t) const {
  if (exact_) return std::exp(-cost_in_row(row, j, t));
  const auto index = static_cast<std::size_t>(t);
  const BeadShape& shape = shapes_[index];
  const auto b = static_cast<std::uint32_t>(shape.target_count);
  double w = prior_weights_[index];
  if ((shape.source_count == 0 || b == 0) && !unmatched_length_cost_) return w;
  const double delta = fast_delta(row.source_length[index],
                                  static_cast<double>(target_prefix_[j] - target_prefix_[j - b]));
  w *= std::max(length_weight_floor_, tail_probability_fast(probability_table_, delta));
  if (shape.source_count == 0 || b == 0) return w;
  for (std::size_t kind = 0; kind < kEvidenceKinds; ++kind)
    if (evidence_[kind].source != nullptr)
      w *= evidence_weight(kind, row.source_bits[kind][index], target_bits(kind, j, b));
  return w;
}

}  // namespace internal
}  // namespace tralign

#endif  // TRALIGN_SRC_ALIGN_DP_H_
