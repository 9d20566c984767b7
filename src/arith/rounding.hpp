// Directed rounding of the IEEE basic operations without touching the FPU rounding mode.
//
//   add_down(0.1, 0.2) <= 0.1 + 0.2 (exact sum) <= add_up(0.1, 0.2)
//
// Why error-free transformations instead of fesetround: they are immune to the compiler moving
// or folding operations across a mode switch, they are thread-safe, and libm keeps running in its
// default mode. The rounding error of s = fl(a + b) is computed exactly (TwoSum; fma for
// products, quotients and square roots) and its sign says whether s must move one ulp. Where the
// error term itself may be inexact (subnormal range) we widen unconditionally.
#pragma once

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>

namespace gdcert {

inline double next_up(double x) {
  if (std::isnan(x) || x == std::numeric_limits<double>::infinity()) return x;
  if (x == 0.0) return std::numeric_limits<double>::denorm_min();
  auto bits = std::bit_cast<std::uint64_t>(x);
  bits = x > 0 ? bits + 1 : bits - 1;
  return std::bit_cast<double>(bits);
}
inline double next_down(double x) { return -next_up(-x); }

double add_down(double a, double b);
double add_up(double a, double b);
double sub_down(double a, double b);
double sub_up(double a, double b);
double mul_down(double a, double b);
double mul_up(double a, double b);
double div_down(double a, double b);
double div_up(double a, double b);
double sqrt_down(double a);
double sqrt_up(double a);

}  // namespace gdcert
