// Global derivative bounds of the activations, with their proofs.
//
// tanh: sigma' = 1 - t^2 in (0, 1], t = tanh x; sigma'' = -2 t (1 - t^2), and h(t) = 2t(1-t^2)
//   on (-1, 1) has |h| <= h(1/sqrt 3) = 4 / (3 sqrt 3) = 0.769800358... < 0.7698004.
// sigmoid: sigma' = s(1-s) <= 1/4; sigma'' = s(1-s)(1-2s) = -2u(1/4 - u^2) with u = s - 1/2 in
//   (-1/2, 1/2), maximal at |u| = 1/(2 sqrt 3): 1/(6 sqrt 3) = 0.0962250448... < 0.0962251.
// softplus: sigma' = s in (0, 1); sigma'' = s(1-s) <= 1/4.
// silu x s(x): with y = x/2, s(1-s) = 1/(4 cosh^2 y) and 1 - 2s = -tanh y.
//   sigma' = s + x s(1-s), |sigma'| <= 1 + |y| / (2 cosh^2 y) <= 1 + |y| / (2 (1 + y^2)) <= 5/4.
//   sigma'' = s(1-s)(2 + x(1-2s)) = (1 - y tanh y) / (2 cosh^2 y); y tanh y >= 0, so when
//   y tanh y <= 1 it lies in [0, 1/2], otherwise |sigma''| <= (y tanh y) / (2 cosh^2 y)
//   <= |y| / (2 (1 + y^2)) <= 1/4. Hence |sigma''| <= 1/2.
// smooth leaky ReLU a x + (1-a)(softplus x - log 2): sigma' = a + (1-a) s lies between a and 1,
//   |sigma'| <= max(|a|, 1); sigma'' = (1-a) s(1-s), |sigma''| <= |1-a| / 4 (rounded up from the
//   enclosure of a).
// identity: 1 and 0.
#include "bound/network_activation.hpp"

#include <algorithm>
#include <cmath>

namespace gdcert {

template <>
ActivationFunctions<Interval>::ActivationFunctions(Activation k, const ExactNumber& a)
    : kind(k), slope(a.text.empty() ? Interval(0.0) : a.enclosure), log2(gdcert::log(Interval(2.0))) {}

template <>
ActivationFunctions<MpInterval>::ActivationFunctions(Activation k, const ExactNumber& a)
    : kind(k),
      slope(a.text.empty() ? MpInterval(0.0) : MpInterval::from_decimal(a.text)),
      log2(gdcert::log(MpInterval(2.0))) {}

double derivative_global_sup(Activation a, const ExactNumber& slope, int order) {
  switch (a) {
    case Activation::Tanh: return order == 1 ? 1.0 : 0.7698004;
    case Activation::Sigmoid: return order == 1 ? 0.25 : 0.0962251;
    case Activation::Softplus: return order == 1 ? 1.0 : 0.25;
    case Activation::Silu: return order == 1 ? 1.25 : 0.5;
    case Activation::SmoothLeakyRelu: {
      const Interval s = slope.text.empty() ? Interval(0.0) : slope.enclosure;
      if (order == 1) return std::max(mag(s), 1.0);
      return mul_up(mag(Interval(1.0) - s), 0.25);
    }
    case Activation::Identity: return order == 1 ? 1.0 : 0.0;
  }
  return INFINITY;
}

ActivationBounds::ActivationBounds(Activation a, const ExactNumber& slope)
    : f_(a, slope),
      g1_(derivative_global_sup(a, slope, 1)),
      g2_(derivative_global_sup(a, slope, 2)) {}

double ActivationBounds::sup(int order, double lo, double hi) const {
  const double g = global(order);
  if (!(lo <= hi) || f_.kind == Activation::Identity) return g;
  // Wide ranges: the interval evaluation would return (nearly) the global bound anyway.
  if (!(hi - lo <= 16)) return g;
  const Interval x(lo, hi);
  const Interval v = order == 1 ? f_.d1(x) : f_.d2(x);
  const double m = mag(v);
  return std::isnan(m) ? g : std::min(g, m);
}

}  // namespace gdcert
