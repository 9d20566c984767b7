// Rigorous activation functions of a network and their first two derivatives, generic over the
// rigorous scalar types (Interval, MpInterval), plus upper bounds of |sigma'| and |sigma''|.
//
//   ActivationFunctions<Interval> act(Activation::Tanh, slope);
//   Interval y = act.value(x), d1 = act.d1(x), d2 = act.d2(x);   // enclosures over x
//   ActivationBounds b(Activation::Tanh, slope);
//   double s1 = b.sup(1, -2.0, 3.0);                              // >= sup |sigma'| on [-2, 3]
//
// The global suprema (every x in R) are proved analytically (see network_activation.cpp) and
// ActivationBounds::sup never returns more than them; on a bounded range it also tries the interval
// evaluation of the derivative formula and keeps the smaller bound.
#pragma once

#include "arith/exact_number.hpp"
#include "arith/interval.hpp"
#include "arith/mp_interval.hpp"
#include "model/network.hpp"

namespace gdcert {

template <class T>
struct ActivationFunctions {
  Activation kind;
  T slope;  // smooth_leaky_relu's a (enclosure of the exact decimal)
  T log2;

  ActivationFunctions(Activation k, const ExactNumber& a);

  T value(const T& x) const {
    switch (kind) {
      case Activation::Tanh: return tanh(x);
      case Activation::Sigmoid: return sigmoid(x);
      case Activation::Softplus: return softplus(x);
      case Activation::Silu: return x * sigmoid(x);
      case Activation::SmoothLeakyRelu: return slope * x + (T(1.0) - slope) * (softplus(x) - log2);
      case Activation::Identity: return x;
    }
    return T::entire();
  }
  // s(1 - s) = 1/4 - (s - 1/2)^2: one occurrence of s, so no dependency widening.
  static T logistic_slope(const T& s) { return T(0.25) - sqr(s - T(0.5)); }
  T d1(const T& x) const {
    switch (kind) {
      case Activation::Tanh: return T(1.0) - sqr(tanh(x));
      case Activation::Sigmoid: return logistic_slope(sigmoid(x));
      case Activation::Softplus: return sigmoid(x);
      case Activation::Silu: {
        T s = sigmoid(x);
        return s + x * logistic_slope(s);
      }
      case Activation::SmoothLeakyRelu: return slope + (T(1.0) - slope) * sigmoid(x);
      case Activation::Identity: return T(1.0);
    }
    return T::entire();
  }
  T d2(const T& x) const {
    switch (kind) {
      case Activation::Tanh: {  // -2 t (1 - t^2)
        T t = tanh(x);
        return T(-2.0) * t * (T(1.0) - sqr(t));
      }
      case Activation::Sigmoid: {  // s(1-s)(1-2s) = -2 u (1/4 - u^2), u = s - 1/2
        T u = sigmoid(x) - T(0.5);
        return T(-2.0) * u * (T(0.25) - sqr(u));
      }
      case Activation::Softplus: return logistic_slope(sigmoid(x));
      case Activation::Silu: {  // s(1-s)(2 + x(1-2s))
        T s = sigmoid(x);
        return logistic_slope(s) * (T(2.0) + x * (T(1.0) - T(2.0) * s));
      }
      case Activation::SmoothLeakyRelu: return (T(1.0) - slope) * logistic_slope(sigmoid(x));
      case Activation::Identity: return T(0.0);
    }
    return T::entire();
  }
};

template <>
ActivationFunctions<Interval>::ActivationFunctions(Activation k, const ExactNumber& a);
template <>
ActivationFunctions<MpInterval>::ActivationFunctions(Activation k, const ExactNumber& a);

// Upper bound of sup_{x in R} |sigma^(order)(x)|, order 1 or 2 (proved in the .cpp).
double derivative_global_sup(Activation a, const ExactNumber& slope, int order);

// sup |sigma'| and sup |sigma''| over ranges, for the norm propagation (hot: one call per
// neuron and sample).
class ActivationBounds {
 public:
  ActivationBounds(Activation a, const ExactNumber& slope);
  // Upper bound of sup |sigma^(order)| over [lo, hi] (lo <= hi, may be infinite; NaN gives the
  // global bound): the smaller of the global bound and the interval evaluation on the range.
  double sup(int order, double lo, double hi) const;
  double global(int order) const { return order == 1 ? g1_ : g2_; }
  const ActivationFunctions<Interval>& functions() const { return f_; }

 private:
  ActivationFunctions<Interval> f_;
  double g1_, g2_;
};

}  // namespace gdcert
