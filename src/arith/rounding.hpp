// Directed rounding of the IEEE basic operations without touching the FPU rounding mode.
//
//   add_down(0.1, 0.2) <= 0.1 + 0.2 (exact sum) <= add_up(0.1, 0.2)
//   mul_up(1.0 / 3, 3.0) == 1.0;  mul_down(1.0 / 3, 3.0) == next_down(1.0)
//
// Why error-free transformations instead of fesetround: they are immune to the compiler moving
// or folding operations across a mode switch, they are thread-safe, and libm keeps running in its
// default mode. The rounding error of s = fl(a op b) is obtained exactly or with its exact sign
// (TwoSum for sums; fma for products, quotients and square roots) and its sign says whether s
// must move one ulp; the results are the tightest directed roundings (IEEE roundTowardNegative /
// roundTowardPositive), except that a zero result may carry either sign.
//
// Assumes the default round-to-nearest mode (nothing in gdcert changes it). The hot paths are
// inline; operands near overflow or underflow, where the fma error term could
// itself round, go to an exact out-of-line slow path.
#pragma once

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>

#if defined(__FAST_MATH__)
#error "gdcert's directed rounding needs IEEE semantics: do not compile with -ffast-math"
#endif

namespace gdcert {

inline double next_up(double x) {
  if (std::isnan(x) || x == std::numeric_limits<double>::infinity()) return x;
  if (x == 0.0) return std::numeric_limits<double>::denorm_min();
  auto bits = std::bit_cast<std::uint64_t>(x);
  bits = x > 0 ? bits + 1 : bits - 1;
  return std::bit_cast<double>(bits);
}
inline double next_down(double x) { return -next_up(-x); }

// x moved outward by n units in the last place (n >= 0): the n-th double below / above x,
// saturating at -inf / +inf. Used for libm error margins.
double ulps_down(double x, unsigned n);
double ulps_up(double x, unsigned n);

namespace rounding_detail {
// Products and quotients whose magnitude is in [kSafeMin, kSafeMax] have an fma error term that
// is exact (no underflow; Boldo-Muller: e_a + e_b >= emin + p - 1), so its sign can be trusted.
inline constexpr double kSafeMin = 0x1p-969;
inline constexpr double kSafeMax = std::numeric_limits<double>::max();
double add_slow(double a, double b, double s, bool up);
double mul_slow(double a, double b, bool up);
double div_slow(double a, double b, bool up);
double sqrt_slow(double a, bool up);
// x moved one ulp up (down) when err > 0 (< 0), else x; x finite and nonzero whenever err != 0
// (a rounded sum, product or quotient that is 0 or infinite has no finite error term here).
// Branch-free integer steps on the representation: these sit in the innermost loops.
inline double nudge_up(double x, double err) {
  auto b = std::bit_cast<std::int64_t>(x);
  std::int64_t d = static_cast<std::int64_t>(err > 0) * ((b >> 63) | 1);  // +-1 by sign of x
  return std::bit_cast<double>(b + d);
}
inline double nudge_down(double x, double err) {
  auto b = std::bit_cast<std::int64_t>(x);
  std::int64_t d = -static_cast<std::int64_t>(err < 0) * ((b >> 63) | 1);
  return std::bit_cast<double>(b + d);
}
// TwoSum (Knuth): exact a + b - s when s = fl(a + b) is finite.
inline double two_sum_err(double a, double b, double s) {
  double bb = s - a;
  return (a - (s - bb)) + (b - bb);
}
}  // namespace rounding_detail

inline double add_down(double a, double b) {
  double s = a + b;
  double e = rounding_detail::two_sum_err(a, b, s);
  if (!std::isfinite(e)) [[unlikely]] return rounding_detail::add_slow(a, b, s, false);
  return rounding_detail::nudge_down(s, e);  // e != 0 implies s != 0: a zero sum is exact
}
inline double add_up(double a, double b) {
  double s = a + b;
  double e = rounding_detail::two_sum_err(a, b, s);
  if (!std::isfinite(e)) [[unlikely]] return rounding_detail::add_slow(a, b, s, true);
  return rounding_detail::nudge_up(s, e);
}
inline double sub_down(double a, double b) { return add_down(a, -b); }
inline double sub_up(double a, double b) { return add_up(a, -b); }

inline double mul_down(double a, double b) {
  double p = a * b, m = std::fabs(p);
  if (!(m >= rounding_detail::kSafeMin && m <= rounding_detail::kSafeMax)) [[unlikely]]
    return rounding_detail::mul_slow(a, b, false);
  return rounding_detail::nudge_down(p, std::fma(a, b, -p));
}
inline double mul_up(double a, double b) {
  double p = a * b, m = std::fabs(p);
  if (!(m >= rounding_detail::kSafeMin && m <= rounding_detail::kSafeMax)) [[unlikely]]
    return rounding_detail::mul_slow(a, b, true);
  return rounding_detail::nudge_up(p, std::fma(a, b, -p));
}

double div_down(double a, double b);
double div_up(double a, double b);
double sqrt_down(double a);
double sqrt_up(double a);

}  // namespace gdcert
