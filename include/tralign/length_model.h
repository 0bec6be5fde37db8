// tralign/length_model.h: the length-based cost of a bead (Gale & Church 1993).
//
// Usage:
//   tralign::LengthModel model;                       // c = 1, s² = 6.8 (the paper's values)
//   double cost = tralign::match_cost(1, 1, 120, 131, model);   // -log P(1-1 bead)
//
// Gale, W. A. and Church, K. W. (1993). "A Program for Aligning Sentences in Bilingual
// Corpora". Computational Linguistics 19(1), 75-102. A bead pairs `source_count` source
// segments of total length l1 with `target_count` target segments of total length l2;
// δ = (l2 - c·l1) / sqrt(l1·s²) and cost = -log(P(type) · 2(1 - Φ(|δ|))).
#ifndef TRALIGN_LENGTH_MODEL_H_
#define TRALIGN_LENGTH_MODEL_H_

#include <vector>

namespace tralign {

// Parameters of the length model. Thread-safe value type.
struct LengthModel {
  double mean = 1.0;      // c: expected target characters per source character (> 0)
  double variance = 6.8;  // s²: variance of that ratio per source character (> 0)
};

// The paper's prior probability of a bead type (1-1 0.89, 1-0 and 0-1 0.0099, 2-1 and 1-2
// 0.089, 2-2 0.011). Other types (1-3, 3-1, ...) get a small prior that falls with size.
double bead_prior(int source_count, int target_count);

// δ of the paper: how many standard deviations the target length is from c·l1. Signed:
// negative when the target is shorter than expected. Finite for every input.
double length_delta(double source_length, double target_length, const LengthModel& model);

// -log of the probability of a bead with the given counts and total lengths (code points).
// Finite for every input, extreme lengths included.
double match_cost(int source_count, int target_count, double source_length,
                  double target_length, const LengthModel& model);

}  // namespace tralign

#endif  // TRALIGN_LENGTH_MODEL_H_
