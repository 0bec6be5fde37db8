// The banded dynamic program: Viterbi, band widening, forward-backward posteriors.
#include "align_dp.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <utility>

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

struct TailTable {
  std::vector<double> values;
  TailTable() {
    const int size = static_cast<int>(kTableEnd * kTableScale) + 2;
    values.resize(static_cast<std::size_t>(size));
    for (int k = 0; k < size; ++k)
      values[static_cast<std::size_t>(k)] = tail_cost_exact(k / double(kTableScale));
  }
};

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

const double* tail_table() {
  static const TailTable table;
  return table.values.data();
}

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
  set_model(LengthModel{}, false);
}

void CostModel::set_model(const LengthModel& model, bool exact) {
  model_ = model;
  exact_ = exact;
  inv_mean_ = 1.0 / model.mean;
  inv_variance_half_ = 2.0 / model.variance;
  table_ = tail_table();
}

void CostModel::set_prior_costs(std::vector<double> prior_costs) {
  prior_costs_ = std::move(prior_costs);
}

void CostModel::set_anchors(const std::vector<std::uint64_t>* source,
                            const std::vector<std::uint64_t>* target, AnchorWeights weights) {
  source_anchors_ = source;
  target_anchors_ = target;
  anchor_weights_ = weights;
}

std::size_t Band::cells() const {
  std::size_t total = 0;
  for (std::size_t i = 0; i < lo.size(); ++i) total += hi[i] - lo[i] + 1;
  return total;
}

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
    // Row i spans from the diagonal at row i-1 to the diagonal at row i+1, plus `width`, so
    // that consecutive rows overlap and a path always exists.
    const std::uint64_t prev = i == 0 ? 0 : (std::uint64_t{i} - 1) * m / n;
    const std::uint64_t next = std::min<std::uint64_t>(m, ((std::uint64_t{i} + 1) * m + n - 1) / n);
    band.lo[i] = static_cast<std::uint32_t>(prev > width ? prev - width : 0);
    band.hi[i] = static_cast<std::uint32_t>(std::min<std::uint64_t>(m, next + width));
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

std::vector<std::size_t> row_offsets(const Band& band) {
  std::vector<std::size_t> offsets(band.lo.size() + 1);
  offsets[0] = 0;
  for (std::size_t i = 0; i < band.lo.size(); ++i)
    offsets[i + 1] = offsets[i] + (band.hi[i] - band.lo[i] + 1);
  return offsets;
}

}  // namespace

std::vector<Bead> viterbi(const CostModel& costs, const Band& band) {
  const std::uint32_t n = costs.source_size(), m = costs.target_size();
  const std::vector<BeadShape>& shapes = costs.shapes();
  const int shape_count = static_cast<int>(shapes.size());
  const std::vector<std::size_t> offsets = row_offsets(band);
  std::vector<double> best(offsets.back(), kInf);
  std::vector<std::uint8_t> back(offsets.back(), kNoShape);
  best[0] = 0.0;
  for (std::uint32_t i = 0; i <= n; ++i) {
    const std::uint32_t lo = band.lo[i], hi = band.hi[i];
    for (std::uint32_t j = lo; j <= hi; ++j) {
      if (i == 0 && j == 0) continue;
      double value = kInf;
      std::uint8_t choice = kNoShape;
      for (int t = 0; t < shape_count; ++t) {
        const auto a = static_cast<std::uint32_t>(shapes[static_cast<std::size_t>(t)].source_count);
        const auto b = static_cast<std::uint32_t>(shapes[static_cast<std::size_t>(t)].target_count);
        if (a > i || b > j) continue;
        const std::uint32_t pi = i - a, pj = j - b;
        if (pj < band.lo[pi] || pj > band.hi[pi]) continue;
        const double prev = best[offsets[pi] + (pj - band.lo[pi])];
        if (prev == kInf) continue;
        const double v = prev + costs.cost(i, j, t);
        if (v < value) {
          value = v;
          choice = static_cast<std::uint8_t>(t);
        }
      }
      const std::size_t cell = offsets[i] + (j - lo);
      best[cell] = value;
      back[cell] = choice;
    }
  }
  std::vector<Bead> beads;
  if (n == 0 && m == 0) return beads;
  std::uint32_t i = n, j = m;
  while (i > 0 || j > 0) {
    const std::uint8_t t = back[offsets[i] + (j - band.lo[i])];
    if (t == kNoShape) return {};
    const BeadShape& shape = shapes[t];
    Bead bead;
    bead.source_end = i;
    bead.target_end = j;
    bead.source_begin = i - static_cast<std::uint32_t>(shape.source_count);
    bead.target_begin = j - static_cast<std::uint32_t>(shape.target_count);
    bead.cost = costs.cost(i, j, t);
    bead.confidence = 1.0;
    beads.push_back(bead);
    i = bead.source_begin;
    j = bead.target_begin;
  }
  std::reverse(beads.begin(), beads.end());
  return beads;
}

namespace {

struct ForwardBackward {
  std::vector<std::size_t> offsets;
  std::vector<double> alpha, beta;  // log forward and backward sums per node
  double total = 0.0;               // log of the sum over all paths
  double node_log_posterior(const Band& band, std::uint32_t i, std::uint32_t j) const {
    const std::size_t cell = offsets[i] + (j - band.lo[i]);
    return alpha[cell] + beta[cell] - total;
  }
};

ForwardBackward forward_backward(const CostModel& costs, const Band& band) {
  ForwardBackward fb;
  const std::uint32_t n = costs.source_size();
  const std::vector<BeadShape>& shapes = costs.shapes();
  const int shape_count = static_cast<int>(shapes.size());
  fb.offsets = row_offsets(band);
  const std::vector<std::size_t>& offsets = fb.offsets;
  auto in_band = [&](std::uint32_t i, std::uint32_t j) {
    return j >= band.lo[i] && j <= band.hi[i];
  };
  auto at = [&](std::uint32_t i, std::uint32_t j) { return offsets[i] + (j - band.lo[i]); };
  std::array<double, 64> terms{};
  // Forward: alpha(i, j) = log sum over beads ending at (i, j) of alpha(start) - cost.
  std::vector<double>& alpha = fb.alpha;
  alpha.assign(offsets.back(), -kInf);
  alpha[0] = 0.0;
  for (std::uint32_t i = 0; i <= n; ++i) {
    for (std::uint32_t j = band.lo[i]; j <= band.hi[i]; ++j) {
      if (i == 0 && j == 0) continue;
      int count = 0;
      double top = -kInf;
      for (int t = 0; t < shape_count; ++t) {
        const auto a = static_cast<std::uint32_t>(shapes[static_cast<std::size_t>(t)].source_count);
        const auto b = static_cast<std::uint32_t>(shapes[static_cast<std::size_t>(t)].target_count);
        if (a > i || b > j || !in_band(i - a, j - b)) continue;
        const double prev = alpha[at(i - a, j - b)];
        if (prev == -kInf) continue;
        const double v = prev - costs.cost(i, j, t);
        terms[static_cast<std::size_t>(count++)] = v;
        top = std::max(top, v);
      }
      if (count == 0) continue;
      double sum = 0.0;
      for (int k = 0; k < count; ++k) {
        const double d = terms[static_cast<std::size_t>(k)] - top;
        if (d > -40.0) sum += std::exp(d);  // smaller terms change nothing in double
      }
      alpha[at(i, j)] = top + std::log(sum);
    }
  }
  // Backward: beta(i, j) = log sum over beads starting at (i, j) of beta(end) - cost.
  const std::uint32_t m = costs.target_size();
  std::vector<double>& beta = fb.beta;
  beta.assign(offsets.back(), -kInf);
  beta[at(n, m)] = 0.0;
  for (std::uint32_t ii = n + 1; ii-- > 0;) {
    for (std::uint32_t jj = band.hi[ii] + 1; jj-- > band.lo[ii];) {
      if (ii == n && jj == m) continue;
      int count = 0;
      double top = -kInf;
      for (int t = 0; t < shape_count; ++t) {
        const auto a = static_cast<std::uint32_t>(shapes[static_cast<std::size_t>(t)].source_count);
        const auto b = static_cast<std::uint32_t>(shapes[static_cast<std::size_t>(t)].target_count);
        const std::uint32_t ei = ii + a, ej = jj + b;
        if (ei > n || ej > m || !in_band(ei, ej)) continue;
        const double next = beta[at(ei, ej)];
        if (next == -kInf) continue;
        const double v = next - costs.cost(ei, ej, t);
        terms[static_cast<std::size_t>(count++)] = v;
        top = std::max(top, v);
      }
      if (count == 0) continue;
      double sum = 0.0;
      for (int k = 0; k < count; ++k) {
        const double d = terms[static_cast<std::size_t>(k)] - top;
        if (d > -40.0) sum += std::exp(d);  // smaller terms change nothing in double
      }
      beta[at(ii, jj)] = top + std::log(sum);
    }
  }
  fb.total = alpha[at(n, m)];
  return fb;
}

void assign_posteriors(const ForwardBackward& fb, const Band& band, std::vector<Bead>& beads) {
  for (Bead& bead : beads) {
    const std::size_t start =
        fb.offsets[bead.source_begin] + (bead.target_begin - band.lo[bead.source_begin]);
    const std::size_t end =
        fb.offsets[bead.source_end] + (bead.target_end - band.lo[bead.source_end]);
    const double p = std::exp(fb.alpha[start] - bead.cost + fb.beta[end] - fb.total);
    bead.confidence = std::isfinite(p) ? std::clamp(p, 0.0, 1.0) : 0.0;
  }
}

}  // namespace

void fill_posteriors(const CostModel& costs, const Band& band, std::vector<Bead>& beads) {
  assign_posteriors(forward_backward(costs, band), band, beads);
}

namespace {

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
  for (std::uint32_t r = n; r-- > 0;) band.lo[r] = std::min(band.lo[r], band.lo[r + 1]);
  for (std::uint32_t r = 1; r <= n; ++r) band.hi[r] = std::max(band.hi[r], band.hi[r - 1]);
}

// Viterbi in `band`, widened (margin doubling) where the path touches an edge of the band that
// is not an edge of the lattice, until it touches none.
std::vector<Bead> viterbi_widening(const CostModel& costs, Band& band, std::uint32_t& margin) {
  const std::uint32_t n = costs.source_size(), m = costs.target_size();
  margin = std::max<std::uint32_t>(margin, 1);
  for (;;) {
    std::vector<Bead> beads = viterbi(costs, band);
    std::vector<std::uint32_t> touched;
    for (const Bead& bead : beads) {
      const std::uint32_t i = bead.source_end, j = bead.target_end;
      if ((j == band.lo[i] && band.lo[i] > 0) || (j == band.hi[i] && band.hi[i] < m))
        touched.push_back(i);
    }
    if (touched.empty()) return beads;
    margin = std::min(2 * margin, kMaxMargin);
    widen(band, beads, touched, margin, n, m);
  }
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
  // A bead boundary of the fine texts may fall inside a merged segment: allow for half a
  // merged target segment of error at each end of a coarse bead.
  const double merged = costs.target_length(0, m) / std::max<double>(1.0, (m + 1) / 2);
  coarse.set_extra_variance(merged * merged / 4.0);
  Band coarse_band = coarse_to_fine_band(coarse, coarse_radius, coarse_radius, full_cells);
  std::uint32_t margin = coarse_radius;
  const std::vector<Bead> path = viterbi_widening(coarse, coarse_band, margin);
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
  for (std::uint32_t r = n; r-- > 0;) band.lo[r] = std::min(band.lo[r], band.lo[r + 1]);
  for (std::uint32_t r = 1; r <= n; ++r) band.hi[r] = std::max(band.hi[r], band.hi[r - 1]);
  return band;
}

double total_cost(const std::vector<Bead>& beads) {
  double total = 0.0;
  for (const Bead& b : beads) total += b.cost;
  return total;
}

// The band widened by `margin` columns around the path `beads` (a union with `band`).
Band widened_around(const Band& band, const std::vector<Bead>& beads, std::uint32_t margin,
                    std::uint32_t n, std::uint32_t m) {
  Band wider = band;
  for (const Bead& bead : beads) {
    const std::uint32_t lo = bead.target_begin > margin ? bead.target_begin - margin : 0;
    const auto hi =
        static_cast<std::uint32_t>(std::min<std::uint64_t>(m, std::uint64_t{bead.target_end} + margin));
    for (std::uint32_t r = bead.source_begin; r <= bead.source_end; ++r) {
      wider.lo[r] = std::min(wider.lo[r], lo);
      wider.hi[r] = std::max(wider.hi[r], hi);
    }
  }
  for (std::uint32_t r = n; r-- > 0;) wider.lo[r] = std::min(wider.lo[r], wider.lo[r + 1]);
  for (std::uint32_t r = 1; r <= n; ++r) wider.hi[r] = std::max(wider.hi[r], wider.hi[r - 1]);
  return wider;
}

// Ukkonen-style doubling check: the path is searched again in a band twice as wide around it;
// while that finds a cheaper path, the band keeps doubling.
void verify_wider(const CostModel& costs, BandedResult& result, std::uint32_t radius) {
  const std::uint32_t n = costs.source_size(), m = costs.target_size();
  double cost = total_cost(result.beads);
  for (std::uint32_t margin = 2 * radius;; margin *= 2) {
    Band wider = widened_around(result.band, result.beads, margin, n, m);
    if (wider.lo == result.band.lo && wider.hi == result.band.hi) return;
    std::vector<Bead> beads = viterbi(costs, wider);
    const double wider_cost = total_cost(beads);
    if (!(wider_cost < cost - 1e-9 * std::max(1.0, std::fabs(cost)))) return;
    result.beads = std::move(beads);
    result.band = std::move(wider);
    cost = wider_cost;
  }
}

}  // namespace

BandedResult banded_align(const CostModel& costs, std::uint32_t radius, bool confidences,
                          std::size_t full_cells) {
  const std::uint32_t n = costs.source_size(), m = costs.target_size();
  BandedResult result;
  radius = std::max<std::uint32_t>(radius, 1);
  // Round 0: the band around the straight diagonal, kept only if the path touches none of its
  // edges and is certain (most translations of the same document). Round 1: coarse to fine.
  // Round 2: coarse to fine with a band kWideFactor times wider, when round 1 is uncertain.
  for (int round = 0;; ++round) {
    bool touched = false;
    if (round == 0) {
      result.band = diagonal_band(n, m, radius);
      result.beads = viterbi(costs, result.band);
      for (const Bead& bead : result.beads) {
        const std::uint32_t i = bead.source_end, j = bead.target_end;
        const Band& band = result.band;
        if ((j == band.lo[i] && band.lo[i] > 0) || (j == band.hi[i] && band.hi[i] < m))
          touched = true;
      }
      if (touched) continue;
    } else {
      const std::uint32_t r = round == 1 ? radius : radius * kWideFactor;
      result.band = coarse_to_fine_band(costs, r, r, full_cells);
      std::uint32_t margin = r;
      result.beads = viterbi_widening(costs, result.band, margin);
    }
    verify_wider(costs, result, radius);
    const ForwardBackward fb = forward_backward(costs, result.band);
    assign_posteriors(fb, result.band, result.beads);
    // Where many beads are uncertain, length evidence is flat and a better path may lie further
    // away than the band's edge shows: search again in a wider band.
    std::size_t uncertain = 0;
    for (const Bead& bead : result.beads) uncertain += bead.confidence < kLowConfidence ? 1 : 0;
    if (round == 2 || static_cast<double>(uncertain) <=
                          kUncertainShare * static_cast<double>(result.beads.size()))
      break;
  }
  if (!confidences)
    for (Bead& bead : result.beads) bead.confidence = 1.0;
  return result;
}

}  // namespace internal
}  // namespace tralign
