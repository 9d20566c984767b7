// Range suprema of |sigma'| and |sigma''|: the global bounds (proved in model/network_eval.cpp)
// and the interval evaluation of the closed forms over the range (model's activation_values).
#include "bound/network_activation.hpp"

#include <algorithm>
#include <cmath>

#include "model/network_eval.hpp"

namespace gdcert {

ActivationBounds::ActivationBounds(Activation a, const ExactNumber& slope)
    : kind_(a),
      slope_(a == Activation::SmoothLeakyRelu && !slope.text.empty() ? slope.enclosure : Interval(0.0)),
      g1_(activation_first_sup(a, slope)),
      g2_(activation_second_sup(a, slope)) {}

std::pair<double, double> ActivationBounds::sup12(double lo, double hi) const {
  // Wide ranges: the interval evaluation would return (nearly) the global bounds anyway.
  if (!(lo <= hi) || kind_ == Activation::Identity || !(hi - lo <= 16)) return {g1_, g2_};
  const ActivationValues<Interval> v = activation_values(kind_, Interval(lo, hi), slope_, true);
  const double m1 = mag(v.first), m2 = mag(v.second);
  return {std::isnan(m1) ? g1_ : std::min(g1_, m1), std::isnan(m2) ? g2_ : std::min(g2_, m2)};
}

double ActivationBounds::sup(int order, double lo, double hi) const {
  const auto [s1, s2] = sup12(lo, hi);
  return order == 1 ? s1 : s2;
}

}  // namespace gdcert
