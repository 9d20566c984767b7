// Upper bounds of |sigma'| and |sigma''| of a network's activation over ranges of the
// pre-activation, for the norm propagation of bound/network_ball_bounds (hot: one call per neuron
// and sample). Built on the model's activations (model/network_eval.hpp: activation_values, the
// one implementation of sigma, sigma', sigma'', and the proved global suprema).
//
//   ActivationBounds b(Activation::Tanh, slope);
//   double s1 = b.sup(1, -2.0, 3.0);     // >= sup |sigma'| on [-2, 3]
//   double g2 = b.global(2);             // >= sup |sigma''| on R
//
// sup never returns more than the global bound; on a bounded range it also takes the interval
// evaluation of the derivative's closed form over the range and keeps the smaller bound.
#pragma once

#include "arith/exact_number.hpp"
#include "arith/interval.hpp"
#include "model/network.hpp"

namespace gdcert {

class ActivationBounds {
 public:
  ActivationBounds(Activation a, const ExactNumber& slope);
  // Upper bound of sup |sigma^(order)| over [lo, hi], order 1 or 2 (lo <= hi, may be infinite;
  // NaN gives the global bound).
  double sup(int order, double lo, double hi) const;
  // Both orders at once (one evaluation of the closed forms): {sup |sigma'|, sup |sigma''|}.
  std::pair<double, double> sup12(double lo, double hi) const;
  double global(int order) const { return order == 1 ? g1_ : g2_; }
  Activation kind() const { return kind_; }
  const Interval& slope() const { return slope_; }

 private:
  Activation kind_;
  Interval slope_;  // smooth_leaky_relu's a, enclosed (0 otherwise)
  double g1_, g2_;
};

}  // namespace gdcert
