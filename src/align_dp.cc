// The banded dynamic program: Viterbi, band widening, forward-backward posteriors.
#include "align_dp.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <iterator>
#include <limits>
#include <map>
#include <mutex>
#include <stdexcept>
#include <tuple>
#include <utility>

#include "huge_pages.h"

#if defined(__GNUC__) && defined(__x86_64__)
#include <immintrin.h>
#endif

namespace tralign {
namespace internal {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr std::uint8_t kNoShape = 0xff;
// Beads of the path below this posterior are uncertain; when more than kUncertainShare of
// them are, the search runs again with a band kWideFactor times wider.
constexpr double kLowConfidence = 0.5;
constexpr double kUncertainShare = 0.05;
constexpr std::uint32_t kWideFactor = 4;
// Each widening adds at most this many segments on each side of the path (the margin doubles
// from the initial radius up to this).
constexpr std::uint32_t kMaxMargin = 64;
// Round 0 keeps the diagonal band's path (widened where it touches the edge) when it touches
// the edge at no more than this share of its beads.
constexpr double kDiagonalTouches = 0.01;
// Posteriors are summed over the paths within this many columns of the best one.
constexpr std::uint32_t kPosteriorMargin = 2;
// The doubling check stops at this margin: beyond it, a cheaper path is a different reading of
// a stretch that has no good alignment at all (noise, reordering), not a better one.
constexpr std::uint32_t kMaxVerifyMargin = 256;
// A stretch of the path is searched again in a window this many margins on each side of the
// rows where it touched the band's edge or changed.
constexpr std::uint32_t kWindowFactor = 4;
// Entries of an evidence table: [shared * 65 + alone] for 0..64 bits each.
constexpr std::size_t kEvidenceTableSize = 65 * 65;
// Blocks of four beads computed together by CostModel::row_values.
constexpr std::size_t kMaxBlocks = 64;

struct TailTable {
  std::vector<double> values;
  // values[k] and values[k + 1] - values[k] side by side at [2k], [2k + 1]: interpolate_tail's
  // two operands in one load.
  std::vector<double> pairs;
  explicit TailTable(bool probability) {
    const int size = static_cast<int>(kTableEnd * kTableScale) + 2;
    values.resize(static_cast<std::size_t>(size));
    for (int k = 0; k < size; ++k) {
      const double cost = tail_cost_exact(k / double(kTableScale));
      values[static_cast<std::size_t>(k)] = probability ? std::exp(-cost) : cost;
    }
    pairs.resize(2 * (values.size() - 1));
    for (std::size_t k = 0; k + 1 < values.size(); ++k) {
      pairs[2 * k] = values[k];
      pairs[2 * k + 1] = values[k + 1] - values[k];
    }
  }
};

const TailTable& tail_tables(bool probability) {
  static const TailTable costs(false), probabilities(true);
  return probability ? probabilities : costs;
}

}  // namespace

double tail_cost_exact(double x) {
  // Beyond 1000 standard deviations every length difference is equally impossible; capping x
  // keeps the cost finite (about 5e5 nats) for infinite or NaN δ under extreme model parameters.
  if (!(x < 1e3)) x = 1e3;
  const double z = x / std::sqrt(2.0);
  if (z < 20.0) return -std::log(std::erfc(z));
  const double inv = 1.0 / (z * z);
  const double series = 1.0 - 0.5 * inv + 0.75 * inv * inv - 1.875 * inv * inv * inv;
  return z * z + std::log(z * std::sqrt(M_PI)) - std::log(series);
}

const double* tail_table() { return tail_tables(false).values.data(); }

const double* tail_probability_table() { return tail_tables(true).values.data(); }

std::vector<BeadShape> bead_shapes(int max_bead, bool paper_only) {
  std::vector<BeadShape> shapes = {{1, 0}, {0, 1}, {1, 1}};
  if (max_bead >= 2) {
    shapes.push_back({2, 1});
    shapes.push_back({1, 2});
    shapes.push_back({2, 2});
  }
  if (!paper_only) {
    for (int k = 3; k <= max_bead; ++k) {
      shapes.push_back({1, k});
      shapes.push_back({k, 1});
    }
  }
  return shapes;
}

CostModel::CostModel(const std::vector<std::uint32_t>& source_lengths,
                     const std::vector<std::uint32_t>& target_lengths,
                     std::vector<BeadShape> shapes)
    : n_(static_cast<std::uint32_t>(source_lengths.size())),
      m_(static_cast<std::uint32_t>(target_lengths.size())),
      shapes_(std::move(shapes)) {
  if (shapes_.size() > kMaxShapes) throw std::length_error("CostModel: too many bead shapes");
  for (const BeadShape& shape : shapes_)
    tallest_ = std::max(tallest_, static_cast<std::uint32_t>(std::max(shape.source_count, 0)));
  source_prefix_.resize(source_lengths.size() + 1);
  target_prefix_.resize(target_lengths.size() + 1);
  source_prefix_[0] = target_prefix_[0] = 0;
  for (std::size_t k = 0; k < source_lengths.size(); ++k)
    source_prefix_[k + 1] = source_prefix_[k] + source_lengths[k];
  for (std::size_t k = 0; k < target_lengths.size(); ++k)
    target_prefix_[k + 1] = target_prefix_[k] + target_lengths[k];
  prior_costs_.resize(shapes_.size());
  for (std::size_t t = 0; t < shapes_.size(); ++t)
    prior_costs_[t] = -std::log(bead_prior(shapes_[t].source_count, shapes_[t].target_count));
  set_prior_costs(prior_costs_);
  set_model(LengthModel{}, false);
}

void CostModel::set_model(const LengthModel& model, bool exact) {
  model_ = model;
  exact_ = exact;
  inv_mean_ = 1.0 / model.mean;
  table_ = tail_table();
  probability_table_ = tail_probability_table();
}

void CostModel::set_prior_costs(std::vector<double> prior_costs) {
  prior_costs_ = std::move(prior_costs);
  prior_weights_.resize(prior_costs_.size());
  for (std::size_t t = 0; t < prior_costs_.size(); ++t)
    prior_weights_[t] = std::exp(-prior_costs_[t]);
}

namespace {

// exp(-evidence term) by [shared * 65 + alone] bits for `weights`, then the term itself by the
// same index: computed once per process for every distinct weights (align() builds many cost
// models, one per paragraph bead and coarse level, all with the same two).
const double* evidence_tables(const AnchorWeights& weights) {
  static std::mutex mutex;
  static std::map<std::tuple<double, double, double, std::uint64_t>, std::vector<double>> tables;
  const std::lock_guard<std::mutex> lock(mutex);
  std::vector<double>& table =
      tables[{weights.match, weights.mismatch, weights.cap, weights.strict_mask}];
  if (table.empty()) {
    table.resize(2 * kEvidenceTableSize);
    for (int shared = 0; shared <= 64; ++shared)
      for (int alone = 0; alone <= 64; ++alone) {
        // As CostModel::evidence_cost computes it.
        const double value = std::clamp(weights.mismatch * alone - weights.match * shared,
                                        -weights.cap, weights.cap);
        const auto index = static_cast<std::size_t>(shared * 65 + alone);
        table[index] = std::exp(-value);
        table[kEvidenceTableSize + index] = value;
      }
  }
  return table.data();  // std::map nodes do not move
}

}  // namespace

void CostModel::set_evidence(Evidence kind, const std::vector<std::uint64_t>* source,
                             const std::vector<std::uint64_t>* target, AnchorWeights weights) {
  EvidenceSignatures& e = evidence_[kind];
  e.source = source != nullptr && target != nullptr ? source : nullptr;
  e.target = e.source != nullptr ? target : nullptr;
  e.weights = weights;
  e.weight_table = e.source != nullptr ? evidence_tables(weights) : nullptr;
  e.cost_table = e.source != nullptr ? e.weight_table + kEvidenceTableSize : nullptr;
}

namespace {

// What row_values needs of every range, for the vectorized kernel.
struct CommonKernel {
  const std::uint64_t* target_prefix;
  double inv_mean, half_variance, extra_variance;
  double bound;              // the length cost limit (costs) or weight floor (weights)
  const double* tail_pairs;  // TailTable::pairs of tail_table() or tail_probability_table()
  bool weights;
  std::size_t kinds;  // evidence kinds in use
  std::array<const std::uint64_t*, CostModel::kEvidenceKinds> target_signatures;
  std::array<std::uint64_t, CostModel::kEvidenceKinds> strict_mask;
  std::array<const double*, CostModel::kEvidenceKinds> evidence_table;
};

// What it needs of one range (one shape in one row).
struct ShapeKernel {
  std::uint32_t width;   // the shape's target segments
  bool evidence;         // false for 1-0 and 0-1 beads
  double source_length;  // l1
  double mean_source;    // c·l1
  double prior;          // prior cost or weight
  std::array<std::uint64_t, CostModel::kEvidenceKinds> source_bits;
};

// Four beads of one shape ending at columns j..j+3 of one row, written to out[0..3].
struct Block {
  const ShapeKernel* shape;
  std::uint32_t j;
  double* out;
};

#if defined(__GNUC__) && defined(__x86_64__)
#define TRALIGN_DP_AVX2 1

#define TRALIGN_KERNEL_NAMESPACE avx2
#define TRALIGN_KERNEL_TARGET __attribute__((target("avx2")))
#define TRALIGN_KERNEL_AVX512 0
#include "align_dp_kernel.inc"
#undef TRALIGN_KERNEL_NAMESPACE
#undef TRALIGN_KERNEL_TARGET
#undef TRALIGN_KERNEL_AVX512

// AVX-512's population count on 256-bit vectors (AMD Zen 4, Intel Ice Lake and later).
#define TRALIGN_KERNEL_NAMESPACE avx512
#define TRALIGN_KERNEL_TARGET __attribute__((target("avx2,avx512f,avx512vl,avx512vpopcntdq")))
#define TRALIGN_KERNEL_AVX512 1
#include "align_dp_kernel.inc"
#undef TRALIGN_KERNEL_NAMESPACE
#undef TRALIGN_KERNEL_TARGET
#undef TRALIGN_KERNEL_AVX512

bool avx2_cpu() {
  static const bool supported = __builtin_cpu_supports("avx2");
  return supported;
}

using RunBlocks = void (*)(const CommonKernel&, const Block*, std::size_t);

// The kernel for `kernel` on this CPU; null for the scalar path.
RunBlocks blocks_kernel(CostModel::Kernel kernel) {
  static const bool avx512_cpu =
      avx2_cpu() && __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512vpopcntdq");
  if (kernel == CostModel::Kernel::kScalar || !avx2_cpu()) return nullptr;
  return kernel == CostModel::Kernel::kBest && avx512_cpu ? avx512::run_blocks : avx2::run_blocks;
}
#endif

}  // namespace

void CostModel::row_values(const BeadRange* ranges, std::size_t range_count, bool weights) const {
  if (range_count > kMaxShapes) throw std::length_error("CostModel::row_values: too many ranges");
#ifdef TRALIGN_DP_AVX2
  const RunBlocks run_blocks = exact_ ? nullptr : blocks_kernel(kernel_);
  const bool vector = run_blocks != nullptr;
  CommonKernel common{};
  if (vector) {
    common.target_prefix = target_prefix_.data();
    common.inv_mean = inv_mean_;
    common.half_variance = model_.variance * 0.5;
    common.extra_variance = extra_variance_;
    common.bound = weights ? length_weight_floor_ : length_cost_limit_;
    common.tail_pairs = tail_tables(weights).pairs.data();
    common.weights = weights;
    for (std::size_t kind = 0; kind < kEvidenceKinds; ++kind) {
      const EvidenceSignatures& e = evidence_[kind];
      if (e.source == nullptr) continue;
      common.target_signatures[common.kinds] = e.target->data();
      common.strict_mask[common.kinds] = e.weights.strict_mask;
      common.evidence_table[common.kinds] = weights ? e.weight_table : e.cost_table;
      ++common.kinds;
    }
  }
  std::array<ShapeKernel, kMaxShapes> kernels;
  std::array<Block, kMaxBlocks> blocks;
  std::size_t block_count = 0, kernel_count = 0;
#endif
  for (std::size_t r = 0; r < range_count; ++r) {
    const BeadRange& range = ranges[r];
    const auto index = static_cast<std::size_t>(range.shape);
    const BeadShape& shape = shapes_[index];
    const std::uint32_t count = range.last - range.first + 1;
    const bool unmatched = shape.source_count == 0 || shape.target_count == 0;
    if (unmatched && !unmatched_length_cost_) {
      std::fill(range.out, range.out + count,
                weights ? prior_weights_[index] : prior_costs_[index]);
      continue;
    }
#ifdef TRALIGN_DP_AVX2
    if (vector && count >= 4) {
      // (At most kMaxShapes ranges: a kernel per range.)
      ShapeKernel& k = kernels[kernel_count++];
      k.width = static_cast<std::uint32_t>(shape.target_count);
      k.evidence = !unmatched && common.kinds > 0;
      k.source_length = range.row->source_length[index];
      k.mean_source = model_.mean * k.source_length;
      k.prior = weights ? prior_weights_[index] : prior_costs_[index];
      for (std::size_t kind = 0, used = 0; kind < kEvidenceKinds; ++kind)
        if (evidence_[kind].source != nullptr)
          k.source_bits[used++] = range.row->source_bits[kind][index];
      // Blocks of four; the last one moved back to end at the last column (its overlap computed
      // twice, to the same values).
      for (std::uint32_t e = 0;; e += 4) {
        if (e + 4 > count) e = count - 4;
        if (block_count == blocks.size()) {
          run_blocks(common, blocks.data(), block_count);
          block_count = 0;
        }
        blocks[block_count++] = {&k, range.first + e, range.out + e};
        if (e + 4 >= count) break;
      }
      continue;
    }
#endif
    for (std::uint32_t j = range.first; j <= range.last; ++j)
      range.out[j - range.first] = weights ? weight_in_row(*range.row, j, range.shape)
                                           : cost_in_row(*range.row, j, range.shape);
  }
#ifdef TRALIGN_DP_AVX2
  if (block_count > 0) run_blocks(common, blocks.data(), block_count);
#endif
}

std::size_t Band::cells() const {
  std::size_t total = 0;
  for (std::size_t i = 0; i < lo.size(); ++i) total += hi[i] - lo[i] + 1;
  return total;
}

namespace {

// Columns [lo, hi] of row i of diagonal_band(n, m, width) (n > 0): from the diagonal at row i-1 to
// the diagonal at row i+1, plus `width`, so that consecutive rows overlap and a path always
// exists.
std::pair<std::uint32_t, std::uint32_t> diagonal_row(std::uint32_t i, std::uint32_t n,
                                                     std::uint32_t m, std::uint32_t width) {
  const std::uint64_t prev = i == 0 ? 0 : (std::uint64_t{i} - 1) * m / n;
  const std::uint64_t next = std::min<std::uint64_t>(m, ((std::uint64_t{i} + 1) * m + n - 1) / n);
  return {static_cast<std::uint32_t>(prev > width ? prev - width : 0),
          static_cast<std::uint32_t>(std::min<std::uint64_t>(m, next + width))};
}

}  // namespace

Band diagonal_band(std::uint32_t n, std::uint32_t m, std::uint32_t width) {
  Band band;
  band.lo.resize(n + std::size_t{1});
  band.hi.resize(n + std::size_t{1});
  for (std::uint32_t i = 0; i <= n; ++i) {
    if (n == 0) {
      band.lo[i] = 0;
      band.hi[i] = m;
      continue;
    }
    std::tie(band.lo[i], band.hi[i]) = diagonal_row(i, n, m, width);
  }
  return band;
}

Band full_band(std::uint32_t n, std::uint32_t m) {
  Band band;
  band.lo.assign(n + std::size_t{1}, 0);
  band.hi.assign(n + std::size_t{1}, m);
  return band;
}

namespace {

// The least power of two of at least `count` (a ring of that many slots is indexed by a mask,
// not a division).
std::size_t ring_size(std::size_t count) {
  std::size_t size = 1;
  while (size < count) size *= 2;
  return size;
}

// Rows of a lattice pass kept in a ring: at least the last `count` rows, each `width` cells
// wide, and room for a block of four cells written from a row's last cell.
class RowRing {
 public:
  RowRing(std::size_t count, std::size_t width)
      : mask_(ring_size(count) - 1), width_(width), cells_((mask_ + 1) * width + 3) {}
  double* row(std::uint32_t i) { return cells_.data() + (i & mask_) * width_; }

 private:
  std::size_t mask_, width_;
  std::vector<double> cells_;
};

std::uint32_t widest_row(const Band& band) {
  std::uint32_t widest = 0;
  for (std::size_t i = 0; i < band.lo.size(); ++i)
    widest = std::max(widest, band.hi[i] - band.lo[i] + 1);
  return widest;
}

// Rows (source segments) and columns (target segments) of every bead shape, and the most rows.
struct ShapeSizes {
  std::array<std::uint32_t, kMaxShapes> heights{}, widths{};
  std::uint32_t tallest = 0;
  // The shapes of height 0 (beads within a row: 0-1) and the others, each in order.
  std::array<std::uint8_t, kMaxShapes> flat{}, tall{};
  std::size_t flat_count = 0, tall_count = 0;
  explicit ShapeSizes(const std::vector<BeadShape>& shapes) {
    for (std::size_t k = 0; k < shapes.size(); ++k) {
      heights[k] = static_cast<std::uint32_t>(shapes[k].source_count);
      widths[k] = static_cast<std::uint32_t>(shapes[k].target_count);
      tallest = std::max(tallest, heights[k]);
      if (heights[k] == 0)
        flat[flat_count++] = static_cast<std::uint8_t>(k);
      else
        tall[tall_count++] = static_cast<std::uint8_t>(k);
    }
  }
};

// Per bead shape k, for the row being filled: its start row's values (null: the bead does not
// fit) and that row's columns; the columns [first[k], last[k]] of the row where the bead fits
// (empty: first > last); and the ranges of CostModel::row_values that put the beads' values in
// candidates[k * widest + (j - base)].
struct RowReach {
  std::array<const double*, kMaxShapes> from{};
  std::array<std::uint32_t, kMaxShapes> from_lo{}, from_hi{}, first{}, last{};
  std::array<CostModel::BeadRange, kMaxShapes> ranges{};
  std::size_t range_count = 0;

  // The ranges of the beads that end in the cells [lo, hi] of `row` and start in the rows set
  // in `from` (a bead of width w ending at column j starts at column j - w).
  void ending_in(const CostModel::RowTerms& row, std::size_t shape_count,
                 const std::array<std::uint32_t, kMaxShapes>& widths, std::uint32_t lo,
                 std::uint32_t hi, std::uint32_t base, double* candidates, std::size_t widest) {
    range_count = 0;
    for (std::size_t k = 0; k < shape_count; ++k) {
      first[k] = 1;
      last[k] = 0;
      if (from[k] == nullptr) continue;
      const std::uint32_t f = std::max(lo, from_lo[k] + widths[k]);
      const std::uint32_t l = std::min(hi, from_hi[k] + widths[k]);
      if (f > l) continue;
      first[k] = f;
      last[k] = l;
      ranges[range_count++] = {&row, static_cast<int>(k), f, l,
                               candidates + k * widest + (f - base)};
    }
  }
  // The start values of the beads of ranges[r] (set by ending_in), in order.
  const double* starts_of(const CostModel::BeadRange& range,
                          const std::array<std::uint32_t, kMaxShapes>& widths) const {
    const auto k = static_cast<std::size_t>(range.shape);
    return from[k] + (range.first - widths[k] - from_lo[k]);
  }
};

// best[e] = start[e] + cost[e] and choice[e] = k where that is below best[e], for e < count.
void relax(const double* __restrict start, const double* __restrict cost, std::uint32_t count,
           std::uint8_t k, double* __restrict best, std::uint8_t* __restrict choice) {
  for (std::uint32_t e = 0; e < count; ++e) {
    // (Without branches: which one is cheaper is hard to predict.)
    const double v = start[e] + cost[e];
    const auto keep = static_cast<std::uint8_t>(static_cast<int>(v < best[e]) - 1);
    best[e] = std::min(best[e], v);
    choice[e] = static_cast<std::uint8_t>((choice[e] & keep) | (k & ~keep));
  }
}

#ifdef TRALIGN_DP_AVX2
// Viterbi's choice at the nodes [lo, hi] of a row, four columns at a time in registers: per
// column the cheapest of the candidates of the shapes of positive height whose range holds it
// (candidates[k * widest + (j - base)]), the first shape among equals, into best[j - base] and
// choice[j]. A block may write up to three cells and choices past hi (there must be room).
__attribute__((target("avx2"))) void best_of_shapes(
    const double* candidates, std::size_t widest, std::uint32_t base, std::uint32_t lo,
    std::uint32_t hi, const std::uint8_t* shapes, std::size_t shape_count,
    const std::array<std::uint32_t, kMaxShapes>& first,
    const std::array<std::uint32_t, kMaxShapes>& last, double* best, std::uint8_t* choice) {
  // Byte l set in kSetBytes[mask] where bit l of mask is.
  static constexpr std::uint32_t kSetBytes[16] = {0x00000000, 0x000000ff, 0x0000ff00, 0x0000ffff,
                                                  0x00ff0000, 0x00ff00ff, 0x00ffff00, 0x00ffffff,
                                                  0xff000000, 0xff0000ff, 0xff00ff00, 0xff00ffff,
                                                  0xffff0000, 0xffff00ff, 0xffffff00, 0xffffffff};
  const __m256i lane = _mm256_setr_epi64x(0, 1, 2, 3);
  for (std::uint32_t j = lo; j <= hi; j += 4) {
    __m256d value = _mm256_set1_pd(kInf);
    std::uint32_t chosen = 0x01010101u * kNoShape;
    const __m256i column = _mm256_add_epi64(_mm256_set1_epi64x(j), lane);
    for (std::size_t s = 0; s < shape_count; ++s) {
      const std::uint8_t k = shapes[s];
      // Lanes of columns in [first, last] (64-bit compares of 32-bit columns: no overflow).
      const __m256i in = _mm256_andnot_si256(
          _mm256_or_si256(_mm256_cmpgt_epi64(_mm256_set1_epi64x(first[k]), column),
                          _mm256_cmpgt_epi64(column, _mm256_set1_epi64x(last[k]))),
          _mm256_set1_epi64x(-1));
      const __m256d v = _mm256_loadu_pd(candidates + k * widest + (j - base));
      const __m256d better =
          _mm256_and_pd(_mm256_cmp_pd(v, value, _CMP_LT_OQ), _mm256_castsi256_pd(in));
      value = _mm256_blendv_pd(value, v, better);
      const std::uint32_t set = kSetBytes[_mm256_movemask_pd(better)];
      chosen = (chosen & ~set) | (0x01010101u * k & set);
    }
    _mm256_storeu_pd(best + (j - base), value);
    std::memcpy(choice + j, &chosen, 4);
  }
}
#endif

// sum[e] += start[e] · factor · weight[e] for e < count (weights are finite); a start of
// probability 0 adds nothing, not even where the factor overflowed.
void accumulate(const double* __restrict start, const double* __restrict weight,
                std::uint32_t count, double factor, double* __restrict sum) {
  if (std::isfinite(factor)) {  // (then 0 · factor · weight is 0: no test, no branch)
    for (std::uint32_t e = 0; e < count; ++e) sum[e] += start[e] * factor * weight[e];
    return;
  }
  for (std::uint32_t e = 0; e < count; ++e) {
    const double v = start[e] * factor * weight[e];
    sum[e] += start[e] == 0.0 ? 0.0 : v;
  }
}

// The buffers of a Viterbi search, kept from one search to the next (fresh memory costs a page
// fault per page).
struct ViterbiScratch {
  LargeArray<std::uint8_t> back;
  LargeArray<std::uint8_t> path;  // the shapes of the best path's beads, in order
};

// The best path from node (i0, j0) to node (i1, j1) in `band`, as the shapes of its beads in
// order (scratch.path). False if the band holds no such path.
bool viterbi_path(const CostModel& costs, const Band& band, std::uint32_t i0, std::uint32_t j0,
                  std::uint32_t i1, std::uint32_t j1, ViterbiScratch& scratch) {
  const std::vector<BeadShape>& shapes = costs.shapes();
  const std::size_t shape_count = shapes.size();
  if (j0 < band.lo[i0] || j0 > band.hi[i0] || j1 < band.lo[i1] || j1 > band.hi[i1]) return false;
  // The choice at every node of rows i0..i1 (row i1 ends at column j1); the best costs of the
  // last rows alone, in a ring.
  // (Row by row: a row's choices start where the rows above it end.)
  std::size_t cells = 0;
  std::uint32_t widest = 0;
  for (std::uint32_t i = i0; i <= i1; ++i) {
    cells += band.hi[i] - band.lo[i] + 1;
    widest = std::max(widest, band.hi[i] - band.lo[i] + 1);
  }
  LargeArray<std::uint8_t>& back = scratch.back;
  back.assign(cells + 3, kNoShape);  // (+3: room for best_of_shapes past the last row)
  std::size_t row_offset = 0;        // of row i in the loop below
  const ShapeSizes sizes(shapes);
  const auto& heights = sizes.heights;
  const auto& widths = sizes.widths;
  const std::uint32_t tallest = sizes.tallest;
  RowRing ring(tallest + std::size_t{1}, widest);
  CostModel::RowTerms row;
  // Per shape, the start rows' costs, and in candidates[k * widest + (j - row_lo)] the start's
  // cost plus the bead's (the bead's alone for a shape of height 0, whose start is in the row
  // being filled).
  RowReach reach;
  const auto& first = reach.first;
  const auto& last = reach.last;
  std::vector<double> candidates(shape_count * widest + 3);  // (+3: blocks of four)
#ifdef TRALIGN_DP_AVX2
  const bool blocks = costs.kernel() != CostModel::Kernel::kScalar && avx2_cpu();
#else
  const bool blocks = false;
#endif
  for (std::uint32_t i = i0; i <= i1; ++i) {
    costs.fill_row(i, row);
    const std::uint32_t row_lo = band.lo[i];
    double* cur = ring.row(i);
    std::fill(cur, cur + (band.hi[i] - row_lo + 1), kInf);
    const std::uint32_t lo = i == i0 ? j0 : row_lo;
    const std::uint32_t hi = i == i1 ? std::min(band.hi[i], j1) : band.hi[i];
    for (std::size_t k = 0; k < shape_count; ++k) {
      if (i < i0 + heights[k]) {
        reach.from[k] = nullptr;
        continue;
      }
      const std::uint32_t pi = i - heights[k];
      reach.from[k] = ring.row(pi);
      reach.from_lo[k] = band.lo[pi];
      reach.from_hi[k] = band.hi[pi];
    }
    reach.ending_in(row, shape_count, widths, lo, hi, row_lo, candidates.data(), widest);
    costs.row_values(reach.ranges.data(), reach.range_count, false);
    std::uint8_t* choices = back.data() + row_offset - row_lo;  // choices[j]
    row_offset += band.hi[i] - row_lo + 1;
    // A node's bead is the cheapest one ending there, the first shape among equals (one of
    // infinite or NaN cost is never chosen). The beads from rows above first, shape by shape
    // (the columns do not depend on each other); then those within the row (0-1), which start
    // at its own nodes, column by column.
    for (std::size_t r = 0; r < reach.range_count; ++r) {
      const CostModel::BeadRange& range = reach.ranges[r];
      const auto k = static_cast<std::uint8_t>(range.shape);
      if (heights[k] == 0) continue;
      const double* start = reach.starts_of(range, widths);
      const std::uint32_t count = range.last - range.first + 1;
      if (blocks) {
        for (std::uint32_t e = 0; e < count; ++e) range.out[e] = start[e] + range.out[e];
      } else {
        relax(start, range.out, count, k, cur + (range.first - row_lo), choices + range.first);
      }
    }
#ifdef TRALIGN_DP_AVX2
    if (blocks)
      best_of_shapes(candidates.data(), widest, row_lo, lo, hi, sizes.tall.data(), sizes.tall_count,
                     first, last, cur, choices);
#endif
    if (i == i0) cur[j0 - row_lo] = 0.0;  // (no bead ends at the start node)
    if (sizes.flat_count > 0) {
      for (std::uint32_t j = lo; j <= hi; ++j) {
        for (std::size_t f = 0; f < sizes.flat_count; ++f) {
          const std::uint8_t k = sizes.flat[f];
          if (j < first[k] || j > last[k]) continue;
          const double v = cur[j - widths[k] - row_lo] + candidates[k * widest + (j - row_lo)];
          double& best = cur[j - row_lo];
          if (v < best || (v == best && v < kInf && k < choices[j])) {
            best = v;
            choices[j] = k;
          }
        }
      }
    }
  }
  // The path back from (i1, j1), then in order. row_offset: where row i's choices start.
  LargeArray<std::uint8_t>& path = scratch.path;
  path.clear();
  row_offset = cells - (band.hi[i1] - band.lo[i1] + 1);
  for (std::uint32_t i = i1, j = j1; i != i0 || j != j0;) {
    const std::uint8_t t = back[row_offset + (j - band.lo[i])];
    if (t == kNoShape) return false;
    path.push_back(t);
    for (std::uint32_t r = 0; r < heights[t]; ++r) {
      --i;
      row_offset -= band.hi[i] - band.lo[i] + 1;
    }
    j -= widths[t];
  }
  std::reverse(path.begin(), path.end());
  return true;
}

// The beads of the path from node (i0, j0) with the shapes `path`, their costs filled.
std::vector<Bead> path_beads(const CostModel& costs, std::uint32_t i0, std::uint32_t j0,
                             const LargeArray<std::uint8_t>& path) {
  const ShapeSizes sizes(costs.shapes());
  std::vector<Bead> beads;
  reserve_huge(beads, path.size());
  beads.resize(path.size());
  std::uint32_t i = i0, j = j0;
  for (std::size_t k = 0; k < path.size(); ++k) {
    const std::uint8_t t = path[k];
    Bead& bead = beads[k];
    bead.source_begin = i;
    bead.target_begin = j;
    i += sizes.heights[t];
    j += sizes.widths[t];
    bead.source_end = i;
    bead.target_end = j;
    bead.cost = costs.cost(i, j, t);
    bead.confidence = 1.0;
  }
  return beads;
}

}  // namespace

std::vector<Bead> viterbi_between(const CostModel& costs, const Band& band, std::uint32_t i0,
                                  std::uint32_t j0, std::uint32_t i1, std::uint32_t j1,
                                  ViterbiScratch* scratch = nullptr) {
  ViterbiScratch local;
  ViterbiScratch& use = scratch != nullptr ? *scratch : local;
  if (!viterbi_path(costs, band, i0, j0, i1, j1, use)) return {};
  return path_beads(costs, i0, j0, use.path);
}

std::vector<Bead> viterbi(const CostModel& costs, const Band& band) {
  return viterbi_between(costs, band, 0, 0, costs.source_size(), costs.target_size());
}

namespace {

std::vector<Bead> viterbi(const CostModel& costs, const Band& band, ViterbiScratch& scratch) {
  return viterbi_between(costs, band, 0, 0, costs.source_size(), costs.target_size(), &scratch);
}

}  // namespace

namespace {

// Divides the row `values` (width cells) by its largest value and returns that value (1 when
// the row is all zero): the row's scale relative to the scale it was computed in.
double normalize_row(double* values, std::uint32_t width) {
  double top = 0.0;
  for (std::uint32_t k = 0; k < width; ++k) top = std::max(top, values[k]);
  if (!(top > 0.0) || !std::isfinite(top)) return 1.0;
  const double inverse = 1.0 / top;
  for (std::uint32_t k = 0; k < width; ++k) values[k] *= inverse;
  return top;
}

}  // namespace

// Forward-backward in probability space, row by row, each row scaled so that its largest
// value is 1 (its log scale kept beside it): the sums of exp(-cost) need neither exp() nor
// log() per bead, and only the rows a bead can span are kept. The log forward sum is recorded
// at the path's start nodes and the log backward sum at its end nodes.
void fill_posteriors(const CostModel& costs, const Band& band, std::vector<Bead>& beads) {
  if (beads.empty()) return;
  const std::uint32_t n = costs.source_size(), m = costs.target_size();
  const std::vector<BeadShape>& shapes = costs.shapes();
  const auto shape_count = shapes.size();
  const ShapeSizes sizes(shapes);
  const auto& heights = sizes.heights;
  const auto& widths = sizes.widths;
  const std::uint32_t tallest = sizes.tallest;
  const std::uint32_t widest = widest_row(band);
  RowRing ring(tallest + std::size_t{1}, widest);
  // ratio[i & last_slot]: exp(scale of row i - scale of the row before it (forward) or after
  // it), in a ring of a power of two of slots.
  std::vector<double> ratio(ring_size(tallest + std::size_t{1}), 1.0);
  const std::size_t last_slot = ratio.size() - 1;
  std::array<double, kMaxShapes> factor{};
  // The log forward sum at each bead's start is kept in its confidence until the backward pass
  // (no array of its own: fresh memory costs page faults).
  CostModel::RowTerms row;
  // As in viterbi_between: per shape, the start rows' sums, and in candidates the bead's term
  // of the sum (the bead's weight alone for a shape of height 0).
  RowReach reach;
  auto& from = reach.from;
  auto& from_lo = reach.from_lo;
  auto& from_hi = reach.from_hi;
  auto& first = reach.first;
  auto& last = reach.last;
  auto& ranges = reach.ranges;
  std::vector<double> candidates(shape_count * widest);
  double scale = 0.0;  // log scale of the row last computed
  std::size_t node = 0;
  double total = -kInf;
  for (std::uint32_t i = 0; i <= n; ++i) {
    costs.fill_row(i, row);
    const std::uint32_t lo = band.lo[i], hi = band.hi[i];
    double* cur = ring.row(i);
    std::fill(cur, cur + (hi - lo + 1), 0.0);
    // Values of row i are computed in the scale of row i - 1; a bead from row i - a brings its
    // start's value from that row's scale.
    for (std::size_t k = 0; k < shape_count; ++k) {
      const std::uint32_t a = heights[k];
      if (a > i) {
        from[k] = nullptr;
        continue;
      }
      double f = 1.0;
      for (std::uint32_t r = i - a + 1; r < i; ++r) f /= ratio[r & last_slot];
      factor[k] = f;
      from[k] = ring.row(i - a);
      from_lo[k] = band.lo[i - a];
      from_hi[k] = band.hi[i - a];
    }
    reach.ending_in(row, shape_count, widths, lo, hi, lo, candidates.data(), widest);
    costs.row_values(ranges.data(), reach.range_count, true);
    // A node's sum: the beads from rows above, shape by shape in order (the columns do not
    // depend on each other), then those within the row (0-1), column by column.
    if (i == 0 && lo == 0) cur[0] = 1.0;
    for (std::size_t r = 0; r < reach.range_count; ++r) {
      const CostModel::BeadRange& range = ranges[r];
      const auto k = static_cast<std::size_t>(range.shape);
      if (heights[k] == 0) continue;
      accumulate(reach.starts_of(range, widths), range.out, range.last - range.first + 1, factor[k],
                 cur + (range.first - lo));
    }
    if (sizes.flat_count > 0) {
      for (std::uint32_t j = lo; j <= hi; ++j) {
        for (std::size_t f = 0; f < sizes.flat_count; ++f) {
          const std::uint8_t k = sizes.flat[f];
          if (j < first[k] || j > last[k]) continue;
          cur[j - lo] += cur[j - widths[k] - lo] * candidates[k * widest + (j - lo)];
        }
      }
    }
    const double top = normalize_row(cur, hi - lo + 1);
    ratio[i & last_slot] = top;
    scale += std::log(top);
    for (; node < beads.size() && beads[node].source_begin == i; ++node)
      beads[node].confidence = std::log(cur[beads[node].target_begin - lo]) + scale;
    if (i == n) total = std::log(cur[m - lo]) + scale;
  }
  // Backward: a bead of height a from row i ends in row i + a, whose row terms are kept in
  // terms[(i + a) & last_slot].
  std::vector<CostModel::RowTerms> terms(ratio.size());
  std::fill(ratio.begin(), ratio.end(), 1.0);
  scale = 0.0;
  std::size_t end = beads.size();
  for (std::uint32_t i = n + 1; i-- > 0;) {
    costs.fill_row(i, terms[i & last_slot]);
    const std::uint32_t lo = band.lo[i], hi = band.hi[i];
    double* cur = ring.row(i);
    std::fill(cur, cur + (hi - lo + 1), 0.0);
    std::size_t range_count = 0;
    for (std::size_t k = 0; k < shape_count; ++k) {
      first[k] = 1;
      last[k] = 0;
      const std::uint32_t a = heights[k];
      if (i + a > n) {
        from[k] = nullptr;
        continue;
      }
      double f = 1.0;
      for (std::uint32_t r = i + 1; r < i + a; ++r) f /= ratio[r & last_slot];
      factor[k] = f;
      from[k] = ring.row(i + a);
      from_lo[k] = band.lo[i + a];
      from_hi[k] = band.hi[i + a];
      // End columns [ef, el] of the beads from columns [ef - w, el - w] of this row.
      const std::uint32_t w = widths[k];
      const std::uint32_t ef = std::max(lo + w, from_lo[k]);
      const std::uint32_t el = std::min({hi + w, from_hi[k], m});
      if (ef > el) continue;
      first[k] = ef - w;
      last[k] = el - w;
      ranges[range_count++] = {&terms[(i + a) & last_slot], static_cast<int>(k), ef, el,
                               candidates.data() + k * widest + (ef - w - lo)};
    }
    costs.row_values(ranges.data(), range_count, true);
    // As in the forward pass; the beads within the row from the last column back.
    if (i == n) cur[m - lo] = 1.0;
    for (std::size_t r = 0; r < range_count; ++r) {
      const CostModel::BeadRange& range = ranges[r];
      const auto k = static_cast<std::size_t>(range.shape);
      if (heights[k] == 0) continue;
      accumulate(from[k] + (range.first - from_lo[k]), range.out, range.last - range.first + 1,
                 factor[k], cur + (range.first - widths[k] - lo));
    }
    if (sizes.flat_count > 0) {
      for (std::uint32_t j = hi + 1; j-- > lo;) {
        for (std::size_t f = 0; f < sizes.flat_count; ++f) {
          const std::uint8_t k = sizes.flat[f];
          if (j < first[k] || j > last[k]) continue;
          cur[j - lo] += cur[j + widths[k] - lo] * candidates[k * widest + (j - lo)];
        }
      }
    }
    const double top = normalize_row(cur, hi - lo + 1);
    ratio[i & last_slot] = top;
    scale += std::log(top);
    for (; end > 0 && beads[end - 1].source_end == i; --end) {
      Bead& bead = beads[end - 1];
      const double log_beta = std::log(cur[bead.target_end - lo]) + scale;
      const double p = std::exp(bead.confidence - bead.cost + log_beta - total);
      bead.confidence = std::isfinite(p) ? std::clamp(p, 0.0, 1.0) : 0.0;
    }
  }
}

namespace {

// Makes the band's edges monotone (lo and hi never decrease from row to row), so that
// consecutive rows overlap and a path through widened rows can reach the rows around them.
// Returns whether the band changed.
bool make_monotone(Band& band) {
  const auto n = static_cast<std::uint32_t>(band.lo.size() - 1);
  bool changed = false;
  for (std::uint32_t r = n; r-- > 0;) {
    changed |= band.lo[r + 1] < band.lo[r];
    band.lo[r] = std::min(band.lo[r], band.lo[r + 1]);
  }
  for (std::uint32_t r = 1; r <= n; ++r) {
    changed |= band.hi[r - 1] > band.hi[r];
    band.hi[r] = std::max(band.hi[r], band.hi[r - 1]);
  }
  return changed;
}

// Widens `band` by `margin` around the path `beads`, in the rows within `margin` of `rows`.
void widen(Band& band, const std::vector<Bead>& beads, const std::vector<std::uint32_t>& rows,
           std::uint32_t margin, std::uint32_t n, std::uint32_t m) {
  std::vector<std::uint32_t> path_lo(n + std::size_t{1}, m), path_hi(n + std::size_t{1}, 0);
  path_lo[0] = 0;
  for (const Bead& bead : beads) {
    for (std::uint32_t i = bead.source_begin; i <= bead.source_end; ++i) {
      path_lo[i] = std::min(path_lo[i], bead.target_begin);
      path_hi[i] = std::max(path_hi[i], bead.target_end);
    }
  }
  for (std::uint32_t t : rows) {
    const std::uint32_t from = t > margin ? t - margin : 0;
    const auto to =
        static_cast<std::uint32_t>(std::min<std::uint64_t>(n, std::uint64_t{t} + margin));
    for (std::uint32_t r = from; r <= to; ++r) {
      band.lo[r] = std::min(band.lo[r], path_lo[r] > margin ? path_lo[r] - margin : 0);
      band.hi[r] = std::max(band.hi[r], static_cast<std::uint32_t>(std::min<std::uint64_t>(
                                            m, std::uint64_t{path_hi[r]} + margin)));
    }
  }
  make_monotone(band);
}

// Row ranges [first, last] of the lattice, sorted and disjoint.
using Rows = std::vector<std::pair<std::uint32_t, std::uint32_t>>;

// Adds rows [first, last] to `rows` (built in increasing order), merging with the last range.
void add_rows(Rows& rows, std::uint32_t first, std::uint32_t last) {
  if (!rows.empty() && first <= rows.back().second + 1)
    rows.back().second = std::max(rows.back().second, last);
  else
    rows.emplace_back(first, last);
}

// Rows [row - reach, row + reach] within 0..n.
std::pair<std::uint32_t, std::uint32_t> around(std::uint32_t row, std::uint32_t reach,
                                               std::uint32_t n) {
  return {row > reach ? row - reach : 0,
          static_cast<std::uint32_t>(std::min<std::uint64_t>(n, std::uint64_t{row} + reach))};
}

double total_cost(const std::vector<Bead>& beads) {
  double total = 0.0;
  for (const Bead& b : beads) total += b.cost;
  return total;
}

// Searches the best path again in every window of rows `rows`, between the nodes where `beads`
// enters and leaves the window (the path elsewhere is kept), in `band`. A window's new stretch
// replaces the old one when it is cheaper. Returns the rows where the path changed, each
// widened by `reach` rows.
Rows research(const CostModel& costs, const Band& band, std::vector<Bead>& beads, const Rows& rows,
              std::uint32_t reach, ViterbiScratch& scratch) {
  const std::uint32_t n = costs.source_size();
  // Each window as a range [first, last] of bead indexes to replace (first > last: none).
  std::vector<std::pair<std::size_t, std::size_t>> spans;
  for (const auto& [r0, r1] : rows) {
    const auto enter =
        std::upper_bound(beads.begin(), beads.end(), r0,
                         [](std::uint32_t r, const Bead& b) { return r < b.source_end; });
    auto leave = std::lower_bound(beads.begin(), beads.end(), r1,
                                  [](const Bead& b, std::uint32_t r) { return b.source_end < r; });
    if (leave == beads.end()) {
      if (beads.empty()) continue;
      leave = beads.end() - 1;
    }
    auto first = static_cast<std::size_t>(enter - beads.begin());
    auto last = static_cast<std::size_t>(leave - beads.begin());
    if (first > last) continue;
    if (!spans.empty() && first <= spans.back().second)
      spans.back().second = std::max(spans.back().second, last);
    else
      spans.emplace_back(first, last);
  }
  Rows changed;
  // The cheaper stretches found, by span.
  std::vector<std::pair<std::size_t, std::vector<Bead>>> better;
  for (std::size_t k = 0; k < spans.size(); ++k) {
    const auto [first, last] = spans[k];
    const std::uint32_t i0 = beads[first].source_begin, j0 = beads[first].target_begin;
    const std::uint32_t i1 = beads[last].source_end, j1 = beads[last].target_end;
    if (!viterbi_path(costs, band, i0, j0, i1, j1, scratch)) continue;
    // The same stretch (the usual case) costs the same: not cheaper.
    bool same = scratch.path.size() == last - first + 1;
    if (same) {
      const ShapeSizes sizes(costs.shapes());
      std::uint32_t i = i0, j = j0;
      for (std::size_t e = 0; e < scratch.path.size() && same; ++e) {
        i += sizes.heights[scratch.path[e]];
        j += sizes.widths[scratch.path[e]];
        same = beads[first + e].source_end == i && beads[first + e].target_end == j;
      }
    }
    if (same) continue;
    std::vector<Bead> stretch = path_beads(costs, i0, j0, scratch.path);
    double old_cost = 0.0;
    for (std::size_t b = first; b <= last; ++b) old_cost += beads[b].cost;
    const double new_cost = total_cost(stretch);
    if (stretch.empty() || !(new_cost < old_cost - 1e-9 * std::max(1.0, std::fabs(old_cost))))
      continue;
    // The rows of nodes on one stretch and not the other.
    std::vector<std::uint64_t> a, b, diff;
    const std::uint64_t width = std::uint64_t{costs.target_size()} + 1;
    for (std::size_t e = first; e <= last; ++e)
      a.push_back(std::uint64_t{beads[e].source_end} * width + beads[e].target_end);
    for (const Bead& bead : stretch)
      b.push_back(std::uint64_t{bead.source_end} * width + bead.target_end);
    std::set_symmetric_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(diff));
    for (std::uint64_t node : diff) {
      const auto [lo, hi] = around(static_cast<std::uint32_t>(node / width), reach, n);
      add_rows(changed, lo, hi);
    }
    better.emplace_back(k, std::move(stretch));
  }
  if (better.empty()) return changed;
  std::vector<Bead> path;
  path.reserve(beads.size());
  std::size_t next = 0;
  for (auto& [k, stretch] : better) {
    const auto [first, last] = spans[k];
    path.insert(path.end(), beads.begin() + static_cast<std::ptrdiff_t>(next),
                beads.begin() + static_cast<std::ptrdiff_t>(first));
    path.insert(path.end(), stretch.begin(), stretch.end());
    next = last + 1;
  }
  path.insert(path.end(), beads.begin() + static_cast<std::ptrdiff_t>(next), beads.end());
  beads = std::move(path);
  return changed;
}

// Viterbi in `band`, widened (margin doubling) where the path touches an edge of the band that
// is not an edge of the lattice, until it touches none.
// The rows where the path `beads` touches an edge of `band` that is not an edge of the lattice.
std::vector<std::uint32_t> touched_rows(const Band& band, const std::vector<Bead>& beads,
                                        std::uint32_t m) {
  std::vector<std::uint32_t> touched;
  for (const Bead& bead : beads) {
    const std::uint32_t i = bead.source_end, j = bead.target_end;
    if ((j == band.lo[i] && band.lo[i] > 0) || (j == band.hi[i] && band.hi[i] < m))
      touched.push_back(i);
  }
  return touched;
}

// The nodes of the path `beads` on or beyond an edge of diagonal_band(n, m, width) that is not an
// edge of the lattice: where a search in that band would have touched its edge.
std::size_t beyond_diagonal(const std::vector<Bead>& beads, std::uint32_t n, std::uint32_t m,
                            std::uint32_t width) {
  if (n == 0) return 0;
  std::size_t count = 0;
  for (const Bead& bead : beads) {
    const std::uint32_t j = bead.target_end;
    const auto [lo, hi] = diagonal_row(bead.source_end, n, m, width);
    count += (j <= lo && lo > 0) || (j >= hi && hi < m) ? 1 : 0;
  }
  return count;
}

// Widens `band` where the path `beads` touches its edge (margin doubling up to kMaxMargin) and
// searches again around those rows, until the path touches no edge.
void widen_until_inside(const CostModel& costs, Band& band, std::vector<Bead>& beads,
                        std::uint32_t& margin, ViterbiScratch& scratch) {
  const std::uint32_t n = costs.source_size(), m = costs.target_size();
  margin = std::max<std::uint32_t>(margin, 1);
  for (;;) {
    const std::vector<std::uint32_t> touched = touched_rows(band, beads, m);
    if (touched.empty() || beads.empty()) return;
    margin = std::min(2 * margin, kMaxMargin);
    widen(band, beads, touched, margin, n, m);
    // Search again only around the rows that touched (the path elsewhere stays optimal in its
    // unchanged band, up to how the new stretches join it).
    Rows rows;
    for (std::uint32_t t : touched) {
      const auto [lo, hi] = around(t, kWindowFactor * margin, n);
      add_rows(rows, lo, hi);
    }
    research(costs, band, beads, rows, 0, scratch);
  }
}

// Viterbi in `band`, widened where the path touches its edge until it does not.
std::vector<Bead> viterbi_widening(const CostModel& costs, Band& band, std::uint32_t& margin,
                                   ViterbiScratch& scratch) {
  std::vector<Bead> beads = viterbi(costs, band, scratch);
  widen_until_inside(costs, band, beads, margin, scratch);
  return beads;
}

// Sums of consecutive pairs: the lengths of a text with half as many segments.
std::vector<std::uint32_t> halve(const CostModel& costs, bool source) {
  const std::uint32_t size = source ? costs.source_size() : costs.target_size();
  std::vector<std::uint32_t> lengths((size + 1) / 2);
  for (std::uint32_t k = 0; k < size; k += 2) {
    const std::uint32_t end = std::min(size, k + 2);
    const double length = source ? costs.source_length(k, end) : costs.target_length(k, end);
    lengths[k / 2] = static_cast<std::uint32_t>(std::min(length, 4e9));
  }
  return lengths;
}

void verify_wider(const CostModel& costs, BandedResult& result, std::uint32_t radius,
                  ViterbiScratch& scratch, bool grown_only);

// The band for `costs`: the whole lattice when it is small, else the path found on texts with
// half as many segments (consecutive pairs merged), projected back and widened by `radius`.
Band coarse_to_fine_band(const CostModel& costs, std::uint32_t radius, std::uint32_t coarse_radius,
                         std::size_t full_cells) {
  const std::uint32_t n = costs.source_size(), m = costs.target_size();
  const std::uint64_t cells = (std::uint64_t{n} + 1) * (std::uint64_t{m} + 1);
  if (cells <= full_cells || std::min(n, m) <= 4) return full_band(n, m);
  CostModel coarse(halve(costs, true), halve(costs, false), costs.shapes());
  coarse.set_model(costs.model(), costs.exact());
  coarse.set_prior_costs(costs.prior_costs());
  coarse.set_unmatched_length_cost(costs.unmatched_length_cost());
  coarse.set_length_cost_limit(costs.length_cost_limit());
  coarse.set_kernel(costs.kernel());
  // The merged segments' signatures: the union of the pair's.
  std::array<std::vector<std::uint64_t>, CostModel::kEvidenceKinds> source_bits, target_bits;
  auto merge = [](const std::vector<std::uint64_t>& fine) {
    std::vector<std::uint64_t> merged((fine.size() + 1) / 2, 0);
    for (std::size_t k = 0; k < fine.size(); ++k) merged[k / 2] |= fine[k];
    return merged;
  };
  for (std::size_t k = 0; k < CostModel::kEvidenceKinds; ++k) {
    const auto kind = static_cast<CostModel::Evidence>(k);
    if (costs.source_signatures(kind) == nullptr) continue;
    source_bits[k] = merge(*costs.source_signatures(kind));
    target_bits[k] = merge(*costs.target_signatures(kind));
    coarse.set_evidence(kind, &source_bits[k], &target_bits[k], costs.evidence_weights(kind));
  }
  // A bead boundary of the fine texts may fall inside a merged segment: allow for half a
  // merged target segment of error at each end of a coarse bead.
  const double merged = costs.target_length(0, m) / std::max<double>(1.0, (m + 1) / 2);
  coarse.set_extra_variance(merged * merged / 4.0);
  Band coarse_band = coarse_to_fine_band(coarse, coarse_radius, coarse_radius, full_cells);
  std::uint32_t margin = coarse_radius;
  BandedResult coarse_result;
  ViterbiScratch scratch;
  coarse_result.beads = viterbi_widening(coarse, coarse_band, margin, scratch);
  coarse_result.band = std::move(coarse_band);
  // The coarse path is checked as the fine one is (a cheaper path in a wider band): an error
  // here would leave the fine band far from the fine path, and at this size the check is cheap.
  if (!coarse_result.beads.empty())
    verify_wider(coarse, coarse_result, coarse_radius, scratch, /*grown_only=*/false);
  const std::vector<Bead>& path = coarse_result.beads;
  // No coarse path (every cost infinite, as with extreme model parameters): the diagonal band,
  // which always holds a path.
  if (path.empty()) return diagonal_band(n, m, radius);
  Band band;
  band.lo.assign(n + std::size_t{1}, m);
  band.hi.assign(n + std::size_t{1}, 0);
  for (const Bead& bead : path) {
    const std::uint32_t i0 = std::min(n, 2 * bead.source_begin),
                        i1 = std::min(n, 2 * bead.source_end);
    const std::uint32_t j0 = std::min(m, 2 * bead.target_begin),
                        j1 = std::min(m, 2 * bead.target_end);
    const std::uint32_t lo = j0 > radius ? j0 - radius : 0;
    const auto hi =
        static_cast<std::uint32_t>(std::min<std::uint64_t>(m, std::uint64_t{j1} + radius));
    for (std::uint32_t r = i0; r <= i1; ++r) {
      band.lo[r] = std::min(band.lo[r], lo);
      band.hi[r] = std::max(band.hi[r], hi);
    }
  }
  band.lo[0] = 0;
  band.hi[n] = m;
  make_monotone(band);
  return band;
}

// Widens `wider` by `margin` columns around the beads of `beads` that touch a row of `rows`
// (a union with the band it was), in place. Returns whether it changed.
bool widen_around(Band& wider, const std::vector<Bead>& beads, const Rows& rows,
                  std::uint32_t margin, std::uint32_t m) {
  bool changed = false;
  auto range = rows.begin();
  for (const Bead& bead : beads) {
    while (range != rows.end() && range->second < bead.source_begin) ++range;
    if (range == rows.end()) break;
    if (range->first > bead.source_end) continue;
    const std::uint32_t lo = bead.target_begin > margin ? bead.target_begin - margin : 0;
    const auto hi = static_cast<std::uint32_t>(
        std::min<std::uint64_t>(m, std::uint64_t{bead.target_end} + margin));
    for (std::uint32_t r = bead.source_begin; r <= bead.source_end; ++r) {
      changed |= lo < wider.lo[r] || hi > wider.hi[r];
      wider.lo[r] = std::min(wider.lo[r], lo);
      wider.hi[r] = std::max(wider.hi[r], hi);
    }
  }
  return make_monotone(wider) || changed;
}

// Ukkonen-style doubling check: the path is searched again in a band twice as wide around it;
// while that finds a cheaper path, the band keeps doubling around the stretches where the path
// changed (elsewhere the wider band found nothing better, so it stays as it is: time and
// memory stay linear when a few stretches need a wide search).
// With `grown_only`, the first widening searches again only the windows around the rows it
// widened: elsewhere the band is the one the path was found in (as widen_until_inside).
void verify_wider(const CostModel& costs, BandedResult& result, std::uint32_t radius,
                  ViterbiScratch& scratch, bool grown_only) {
  const std::uint32_t n = costs.source_size(), m = costs.target_size();
  Rows rows = {{0, n}};
  for (std::uint32_t margin = 2 * radius; !rows.empty() && margin <= kMaxVerifyMargin;
       margin *= 2) {
    const bool first = grown_only && margin == 2 * radius;
    LargeArray<std::uint32_t> lo, hi;
    if (first) {
      lo = result.band.lo;
      hi = result.band.hi;
    }
    if (!widen_around(result.band, result.beads, rows, margin, m)) return;
    if (first) {
      rows.clear();
      for (std::uint32_t r = 0; r <= n; ++r) {
        if (result.band.lo[r] == lo[r] && result.band.hi[r] == hi[r]) continue;
        const auto [a, b] = around(r, kWindowFactor * margin, n);
        add_rows(rows, a, b);
      }
      if (rows.empty()) return;
    }
    rows = research(costs, result.band, result.beads, rows, kWindowFactor * margin, scratch);
  }
}

}  // namespace

BandedResult banded_align(const CostModel& costs, std::uint32_t radius, bool confidences,
                          std::size_t full_cells) {
  const std::uint32_t n = costs.source_size(), m = costs.target_size();
  BandedResult result, best;
  ViterbiScratch scratch;
  double best_cost = kInf;
  radius = std::max<std::uint32_t>(radius, 1);
  // Round 0: the band around the straight diagonal, kept if the path touches its edges in few
  // places (widened there) and is certain (most translations of the same document). Round 1:
  // coarse to fine. Round 2: coarse to fine with a band kWideFactor times wider, when round 1
  // is uncertain. The cheapest path of the rounds is the result.
  for (int round = 0;; ++round) {
    if (round == 0) {
      // (As wide as the check below: on a path near the diagonal it has nothing left to do.)
      result.band = diagonal_band(n, m, 2 * radius);
      result.beads = viterbi(costs, result.band, scratch);
      const std::size_t touched = beyond_diagonal(result.beads, n, m, radius);
      // A path that leaves the diagonal band in a few places is widened there; one that
      // leaves it often has drifted away from the diagonal: coarse to fine finds where to.
      if (static_cast<double>(touched) >
          kDiagonalTouches * static_cast<double>(result.beads.size()))
        continue;
      std::uint32_t margin = 2 * radius;
      widen_until_inside(costs, result.band, result.beads, margin, scratch);
    } else {
      const std::uint32_t r = round == 1 ? radius : radius * kWideFactor;
      result.band = coarse_to_fine_band(costs, r, r, full_cells);
      std::uint32_t margin = r;
      result.beads = viterbi_widening(costs, result.band, margin, scratch);
    }
    verify_wider(costs, result, radius, scratch, /*grown_only=*/round == 0);
    // Posteriors in the band kPosteriorMargin columns around the path: the paths that carry
    // any weight lie there (the search's band may be much wider in places).
    // (In place: the search's band is no longer needed.)
    result.band.lo.assign(n + std::size_t{1}, m);
    result.band.hi.assign(n + std::size_t{1}, 0);
    result.band.lo[0] = 0;
    result.band.hi[n] = m;
    widen_around(result.band, result.beads, {{0, n}}, kPosteriorMargin, m);
    fill_posteriors(costs, result.band, result.beads);
    const double cost = total_cost(result.beads);
    // Where many beads are uncertain, length evidence is flat and a better path may lie further
    // away than the band's edge shows: search again in a wider band.
    std::size_t uncertain = 0;
    for (const Bead& bead : result.beads) uncertain += bead.confidence < kLowConfidence ? 1 : 0;
    const bool last = round == 2 || static_cast<double>(uncertain) <=
                                        kUncertainShare * static_cast<double>(result.beads.size());
    // (The next round computes its band and path afresh: the result can move.)
    if (best.beads.empty() || cost < best_cost) {
      best = std::move(result);
      best_cost = cost;
    }
    if (last) break;
  }
  if (!confidences)
    for (Bead& bead : best.beads) bead.confidence = 1.0;
  return best;
}

}  // namespace internal
}  // namespace tralign
