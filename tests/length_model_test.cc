// Tests of the Gale-Church length model (length_model.h).
#include "tralign/length_model.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "tralign/error.h"

using tralign::LengthModel;
using tralign::length_delta;
using tralign::match_cost;

// Reference values computed independently with Python's math module:
//   d = (l2 - c*l1) / math.sqrt(s2 * (l1 + l2/c) / 2)
//   cost = -math.log(prior) - math.log(math.erfc(abs(d) / math.sqrt(2)))
// with the paper's priors (1-1 0.89, 1-0/0-1 0.0099, 2-1/1-2 0.089, 2-2 0.011).
TEST_CASE("match_cost equals an independent computation of the paper's formula",
          "[length_model]") {
  const LengthModel paper;  // c = 1, s² = 6.8
  CHECK(match_cost(1, 1, 100, 110, paper) == Approx(0.461526796817).epsilon(1e-10));
  CHECK(match_cost(1, 1, 100, 100, paper) == Approx(0.116533816256).epsilon(1e-10));
  CHECK(match_cost(1, 0, 50, 0, paper) == Approx(13.597200935973).epsilon(1e-10));
  CHECK(match_cost(0, 1, 0, 50, paper) == Approx(13.597200935973).epsilon(1e-10));
  CHECK(match_cost(2, 1, 80, 95, paper) == Approx(3.037911563376).epsilon(1e-10));
  CHECK(match_cost(1, 2, 120, 60, paper) == Approx(6.599454719721).epsilon(1e-10));
  CHECK(match_cost(2, 2, 200, 230, paper) == Approx(5.347596269759).epsilon(1e-10));
  CHECK(match_cost(1, 1, 100, 30, LengthModel{0.3, 2.0}) ==
        Approx(0.116533816256).epsilon(1e-10));
}

TEST_CASE("length_delta is signed, zero for an empty bead and uses the C program's mean",
          "[length_model]") {
  const LengthModel paper;
  CHECK(length_delta(100, 110, paper) == Approx(0.374240594283).epsilon(1e-10));
  CHECK(length_delta(50, 0, paper) == Approx(-3.834824944237).epsilon(1e-10));
  CHECK(length_delta(0, 50, paper) == Approx(3.834824944237).epsilon(1e-10));
  CHECK(length_delta(0, 0, paper) == 0.0);
  CHECK(length_delta(100, 30, LengthModel{0.3, 2.0}) == 0.0);
}

TEST_CASE("costs stay finite for extreme lengths", "[length_model]") {
  const LengthModel paper;
  const double huge = 1e12;
  for (double l1 : {0.0, 1.0, 1e6, huge, std::numeric_limits<double>::infinity()}) {
    for (double l2 : {0.0, 1.0, 1e6, huge, -5.0, std::nan("")}) {
      if (l1 == 0.0 && (l2 == 0.0 || !(l2 > 0.0))) continue;
      CHECK(std::isfinite(length_delta(l1, l2, paper)));
      CHECK(std::isfinite(match_cost(1, 1, l1, l2, paper)));
      CHECK(match_cost(1, 1, l1, l2, paper) > 0.0);
    }
  }
  // Far in the tail the cost grows like δ²/2.
  const double delta = length_delta(1e6, 0, paper);
  CHECK(match_cost(1, 1, 1e6, 0, paper) == Approx(delta * delta / 2).epsilon(1e-3));
}

TEST_CASE("bead priors are the paper's, and other types get less", "[length_model]") {
  CHECK(tralign::bead_prior(1, 1) == 0.89);
  CHECK(tralign::bead_prior(1, 0) == 0.0099);
  CHECK(tralign::bead_prior(0, 1) == 0.0099);
  CHECK(tralign::bead_prior(2, 1) == 0.089);
  CHECK(tralign::bead_prior(1, 2) == 0.089);
  CHECK(tralign::bead_prior(2, 2) == 0.011);
  CHECK(tralign::bead_prior(1, 3) < tralign::bead_prior(1, 2));
  CHECK(tralign::bead_prior(3, 1) == tralign::bead_prior(1, 3));
  CHECK(tralign::bead_prior(0, 0) == 0.0);
}

TEST_CASE("match_cost rejects a 0-0 bead and a non-positive model", "[length_model]") {
  CHECK_THROWS_AS(match_cost(0, 0, 1, 1, LengthModel{}), tralign::OptionsError);
  CHECK_THROWS_AS(match_cost(1, 1, 1, 1, LengthModel{0.0, 6.8}), tralign::OptionsError);
  CHECK_THROWS_AS(match_cost(1, 1, 1, 1, LengthModel{1.0, -1.0}), tralign::OptionsError);
}
