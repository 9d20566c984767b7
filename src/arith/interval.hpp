// Interval: a closed interval [lo, hi] of doubles, every operation outward rounded.
//
//   Interval x(1, 2), y = enclose_decimal("0.1");   // y is the tightest interval around 1/10
//   Interval z = x * y + sqr(x);                      // z contains every exact result
//   certainly_positive(z) == Truth::True
//
// Semantics follow IEEE 1788 set-based intervals: an operation returns an enclosure of the
// range over the points of its arguments that lie in its domain (sqrt([-1, 4]) = [0, 2],
// [1, 2] / [0, 1] = [1, +inf]); the empty interval propagates. Whether the arguments stayed
// inside the domain is the caller's business (the expression evaluator tracks it), because a
// bound built from a partially undefined function is not a bound.
#pragma once

#include <algorithm>
#include <cmath>
#include <iosfwd>
#include <limits>

#include "arith/interval_cases.hpp"
#include "arith/rounding.hpp"
#include "arith/truth.hpp"

namespace gdcert {

class Interval {
 public:
  constexpr Interval() : lo_(0), hi_(0) {}
  constexpr Interval(double x) : lo_(x), hi_(x) {}  // NOLINT: a double is an exact point
  constexpr Interval(double lo, double hi) : lo_(lo), hi_(hi) {}

  static constexpr Interval empty() {
    return Interval(std::numeric_limits<double>::infinity(),
                    -std::numeric_limits<double>::infinity());
  }
  static constexpr Interval entire() {
    return Interval(-std::numeric_limits<double>::infinity(),
                    std::numeric_limits<double>::infinity());
  }

  constexpr double lower() const { return lo_; }
  constexpr double upper() const { return hi_; }
  constexpr bool is_empty() const { return !(lo_ <= hi_); }
  constexpr bool is_entire() const {
    return lo_ == -std::numeric_limits<double>::infinity() &&
           hi_ == std::numeric_limits<double>::infinity();
  }

  Interval& operator+=(const Interval& o);
  Interval& operator-=(const Interval& o);
  Interval& operator*=(const Interval& o);
  Interval& operator/=(const Interval& o);

 private:
  double lo_, hi_;
};

// --- access -------------------------------------------------------------------------------
inline double lower(const Interval& x) { return x.lower(); }
inline double upper(const Interval& x) { return x.upper(); }
double mid(const Interval& x);    // a double inside x (midpoint when finite)
double rad(const Interval& x);    // upper bound of the radius around mid(x)
double width(const Interval& x);  // upper bound of hi - lo (NaN for empty)
double mag(const Interval& x);    // max |t| over x (exact; NaN for empty)
double mig(const Interval& x);    // min |t| over x (exact; NaN for empty)
inline bool contains(const Interval& x, double t) { return x.lower() <= t && t <= x.upper(); }
bool subset(const Interval& a, const Interval& b);  // a within b
Interval hull(const Interval& a, const Interval& b);
// Set equality: same bounds by value (-0 == +0), or both empty.
inline bool operator==(const Interval& a, const Interval& b) {
  return (a.is_empty() && b.is_empty()) || (a.lower() == b.lower() && a.upper() == b.upper());
}
Interval intersect(const Interval& a, const Interval& b);

// --- three-valued comparisons: True only when it holds for every pair of points -----------
Truth less(const Interval& a, const Interval& b);
Truth less_equal(const Interval& a, const Interval& b);
inline Truth greater(const Interval& a, const Interval& b) { return less(b, a); }
inline Truth greater_equal(const Interval& a, const Interval& b) { return less_equal(b, a); }
inline Truth certainly_positive(const Interval& x) { return less(Interval(0.0), x); }
inline Truth certainly_nonnegative(const Interval& x) { return less_equal(Interval(0.0), x); }

// --- arithmetic ---------------------------------------------------------------------------
inline Interval operator+(const Interval& x) { return x; }
inline Interval operator-(const Interval& x) { return Interval(-x.upper(), -x.lower()); }
Interval operator+(const Interval& a, const Interval& b);  // inline below: hot paths
Interval operator-(const Interval& a, const Interval& b);
Interval operator*(const Interval& a, const Interval& b);
Interval operator/(const Interval& a, const Interval& b);
inline Interval& Interval::operator+=(const Interval& o) { return *this = *this + o; }
inline Interval& Interval::operator-=(const Interval& o) { return *this = *this - o; }
inline Interval& Interval::operator*=(const Interval& o) { return *this = *this * o; }
inline Interval& Interval::operator/=(const Interval& o) { return *this = *this / o; }

Interval sqr(const Interval& x);
Interval pown(const Interval& x, int n);            // integer power, n may be negative
Interval pow(const Interval& x, const Interval& y);  // real power, over x > 0
Interval sqrt(const Interval& x);
Interval abs(const Interval& x);
Interval min(const Interval& a, const Interval& b);
Interval max(const Interval& a, const Interval& b);

// --- elementary functions (arith/interval_elementary.cpp) --------------------------------
Interval exp(const Interval& x);
Interval expm1(const Interval& x);
Interval log(const Interval& x);
Interval log1p(const Interval& x);
Interval sin(const Interval& x);
Interval cos(const Interval& x);
Interval tan(const Interval& x);
Interval atan(const Interval& x);
Interval sinh(const Interval& x);
Interval cosh(const Interval& x);
Interval tanh(const Interval& x);
Interval sigmoid(const Interval& x);   // 1 / (1 + e^-x)
Interval softplus(const Interval& x);  // log(1 + e^x)

std::ostream& operator<<(std::ostream& os, const Interval& x);

// --- inline definitions of the hot operations ---------------------------------------------
namespace interval_detail {
// Products of bounds where 0 * inf counts as 0 (1788: an infinite bound stands for
// "unbounded", and a zero factor makes the product 0 at every real point).
inline double mul_bound_down(double a, double b) { return (a == 0 || b == 0) ? 0.0 : mul_down(a, b); }
inline double mul_bound_up(double a, double b) { return (a == 0 || b == 0) ? 0.0 : mul_up(a, b); }
}  // namespace interval_detail

inline Interval operator+(const Interval& a, const Interval& b) {
  if (a.is_empty() || b.is_empty()) return Interval::empty();
  return Interval(add_down(a.lower(), b.lower()), add_up(a.upper(), b.upper()));
}
inline Interval operator-(const Interval& a, const Interval& b) {
  if (a.is_empty() || b.is_empty()) return Interval::empty();
  return Interval(sub_down(a.lower(), b.upper()), sub_up(a.upper(), b.lower()));
}
// Sign-case table (arith/interval_cases.hpp): two directed products unless both operands
// straddle zero.
inline Interval operator*(const Interval& a, const Interval& b) {
  using interval_detail::mul_bound_down, interval_detail::mul_bound_up;
  if (a.is_empty() || b.is_empty()) return Interval::empty();
  const double A[2] = {a.lower(), a.upper()}, B[2] = {b.lower(), b.upper()};
  const cases::MulPlan p =
      cases::multiplication_plan(cases::sign_class(A[0], A[1]), cases::sign_class(B[0], B[1]));
  double lo = mul_bound_down(A[p.lo.a], B[p.lo.b]), hi = mul_bound_up(A[p.hi.a], B[p.hi.b]);
  if (p.both_mixed) {
    lo = std::min(lo, mul_bound_down(A[p.lo2.a], B[p.lo2.b]));
    hi = std::max(hi, mul_bound_up(A[p.hi2.a], B[p.hi2.b]));
  }
  return Interval(lo, hi);
}

}  // namespace gdcert
