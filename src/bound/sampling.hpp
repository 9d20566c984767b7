// Sampling the ratio |grad f|^2 / f in a ball, in double precision.
//
//   SampledMinimum s = sample_min_ratio(objective, center, 0.5, {});
//   s.ratio       // an estimate: alpha(x0, r) <= (this, once re-evaluated rigorously)
//   s.point       // where it was found, strictly inside the ball in floating point
//
// Sampling never proves a lower bound: it gives candidates for an upper bound of alpha and
// refutation witnesses, which the caller re-evaluates with interval arithmetic before use.
// Points: uniform in the ball (Gaussian direction, radius r U^(1/p)), then a projected gradient
// descent on the ratio from the best few.
#pragma once

#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "bound/budget.hpp"
#include "model/objective.hpp"

namespace gdcert {

struct SampleOptions {
  std::size_t samples = 1500;
  std::size_t starts = 4;        // local searches from the best samples
  std::size_t local_steps = 80;  // projected-gradient steps per local search
  std::uint64_t seed = 1;
  Deadline deadline = Deadline::max();  // sampling stops there (a candidate is never required)
  const std::atomic<bool>* cancel = nullptr;  // or once this flag is set (Budget::cancel)
};

struct SampledMinimum {
  bool found = false;
  std::vector<double> point;
  double ratio = std::numeric_limits<double>::infinity();
  std::size_t evaluations = 0;
};

SampledMinimum sample_min_ratio(const Objective& f, std::span<const double> center, double radius,
                                const SampleOptions& options = {});

}  // namespace gdcert
