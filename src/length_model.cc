// The length model of Gale & Church (1993), exactly as the paper and its C program define it.
#include "tralign/length_model.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "tralign/error.h"

namespace tralign {
namespace {

// -log(erfc(z)) for z >= 0, finite for every z. erfc underflows past z ≈ 26.5; beyond z = 20
// the asymptotic series erfc(z) ≈ exp(-z²)/(z√π)·(1 - 1/(2z²) + 3/(4z⁴) - 15/(8z⁶)) is exact
// to double precision.
double neg_log_erfc(double z) {
  if (z < 20.0) return -std::log(std::erfc(z));
  const double inv = 1.0 / (z * z);
  const double series = 1.0 - 0.5 * inv + 0.75 * inv * inv - 1.875 * inv * inv * inv;
  return z * z + std::log(z * std::sqrt(M_PI)) - std::log(series);
}

}  // namespace

double bead_prior(int source_count, int target_count) {
  if (source_count < 0 || target_count < 0 || (source_count == 0 && target_count == 0)) return 0.0;
  const int low = std::min(source_count, target_count);
  const int high = std::max(source_count, target_count);
  if (low == 0) {
    // 1-0 and 0-1: 0.0099; longer runs of unmatched segments are chains of those.
    return 0.0099 * std::pow(0.01, high - 1);
  }
  if (low == 1 && high == 1) return 0.89;
  if (low == 1 && high == 2) return 0.089;
  if (low == 2 && high == 2) return 0.011;
  // Beyond the paper: each further segment divides the 1-2 prior by ten (1-3: 0.0089).
  return 0.089 * std::pow(0.1, source_count + target_count - 3);
}

double length_delta(double source_length, double target_length, const LengthModel& model) {
  // Negative, NaN or infinite lengths are clamped so that the result stays finite.
  const double huge = 1e150;
  const double l1 = std::isnan(source_length) ? 0.0 : std::clamp(source_length, 0.0, huge);
  const double l2 = std::isnan(target_length) ? 0.0 : std::clamp(target_length, 0.0, huge);
  if (l1 == 0.0 && l2 == 0.0) return 0.0;
  const double c = model.mean;
  // The paper's text divides by sqrt(l1·s²); its C program (and NLTK) use the mean of l1 and
  // l2/c instead, so that 1-0 and 0-1 beads get a finite cost. We follow the program.
  const double mean_length = (l1 + l2 / c) / 2.0;
  const double delta = (l2 - c * l1) / std::sqrt(mean_length * model.variance);
  return std::clamp(delta, -huge, huge);
}

double match_cost(int source_count, int target_count, double source_length, double target_length,
                  const LengthModel& model) {
  const double prior = bead_prior(source_count, target_count);
  if (prior <= 0.0) {
    throw OptionsError("match_cost: source_count and target_count must be >= 0 and not both 0 (" +
                       std::to_string(source_count) + "-" + std::to_string(target_count) + ")");
  }
  if (!(model.mean > 0.0) || !(model.variance > 0.0)) {
    throw OptionsError("match_cost: LengthModel mean and variance must be > 0");
  }
  const double delta = std::fabs(length_delta(source_length, target_length, model));
  // 2(1 - Φ(|δ|)) = erfc(|δ|/√2).
  return -std::log(prior) + neg_log_erfc(delta / std::sqrt(2.0));
}

}  // namespace tralign
