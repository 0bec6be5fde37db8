// PLACEHOLDER until the alignment module lands.
#include "tralign/length_model.h"

namespace tralign {

double bead_prior(int, int) { return 0.89; }
double match_cost(int, int, double, double, const LengthModel&) { return 0.0; }

}  // namespace tralign
namespace tralign {
double length_delta(double, double, const LengthModel&) { return 0.0; }
}  // namespace tralign
