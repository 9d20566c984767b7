// Elementary functions on Interval: libm at the endpoints of monotone pieces, widened by a
// margin that covers libm's error, then clamped by facts that hold exactly (range, sign, value at
// 0, comparison with the argument), so that tanh([0,0]) = [0,0], exp(x) >= 0, cosh(x) >= 1 and
// tiny arguments keep relative accuracy.
//
// Why the margin is sound. glibc documents the largest errors its test suite has found
// (sysdeps/x86_64/fpu/libm-test-ulps, round-to-nearest, binary64): exp, log, sin, cos are the
// newer correctly-analysed routines (< 1 ulp); expm1, log1p, tan, atan are listed at <= 1 ulp
// (log1p at <= 2 in some releases) and sinh, cosh, tanh at <= 2 ulps. We allow 4 ulps of the
// exact value, and step 2 * 4 ulps of the computed value because a computed value just below a
// power of two has an ulp half as large as that of an exact value just above it. The tests in
// tests/arith compare every function against MPFR at 256 bits on many thousands of arguments
// (including the hard regions: tiny, huge, near multiples of pi/2) and record the largest error
// seen, so a libm that breaks this budget fails the build's tests rather than a certificate.
//
// Periodic functions: the quarter-turn index of each endpoint is enclosed as t / [pi/2] with
// outward rounding; every multiple of pi/2 that may lie in the argument (an enclosure of the set
// of them) contributes its extreme value or its pole. Including one that is not really inside
// only widens the result, so an ambiguous index is harmless.
#include <cstdint>

#include "arith/interval.hpp"

namespace gdcert {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr unsigned kLibmSteps = 8;                      // 2 x 4 ulps, see above
constexpr double kHalfPiLo = 0x1.921fb54442d18p+0;      // pi/2 lies strictly between these
constexpr double kHalfPiHi = 0x1.921fb54442d19p+0;

struct Bounds {
  double lo, hi;
};

Bounds widen(double y) { return {ulps_down(y, kLibmSteps), ulps_up(y, kLibmSteps)}; }

Bounds clamp(Bounds b, double lo, double hi) { return {std::max(b.lo, lo), std::min(b.hi, hi)}; }

// f(t) has the sign of t (odd functions through 0 with f(t) t >= 0).
Bounds same_sign(Bounds b, double t) {
  if (t >= 0) b.lo = std::max(b.lo, 0.0);
  if (t <= 0) b.hi = std::min(b.hi, 0.0);
  return b;
}
// |f(t)| <= |t| (sin, tanh, atan, log1p for t > 0) resp. |f(t)| >= |t| (sinh, tan, expm1 ...).
Bounds inside_identity(Bounds b, double t) {
  return t >= 0 ? Bounds{b.lo, std::min(b.hi, t)} : Bounds{std::max(b.lo, t), b.hi};
}
Bounds outside_identity(Bounds b, double t) {
  return t >= 0 ? Bounds{std::max(b.lo, t), b.hi} : Bounds{b.lo, std::min(b.hi, t)};
}

// --- enclosures of f at a point t ---------------------------------------------------------
Bounds exp_pt(double t) {
  if (t == 0) return {1, 1};
  Bounds b = clamp(widen(std::exp(t)), 0, kInf);
  return t > 0 ? clamp(b, 1, kInf) : clamp(b, 0, 1);
}
Bounds expm1_pt(double t) {  // expm1(t) >= t, with the sign of t, > -1
  if (t == 0) return {0, 0};
  return clamp(same_sign(widen(std::expm1(t)), t), std::max(t, -1.0), kInf);
}
Bounds log_pt(double t) {  // t > 0
  if (t == 1) return {0, 0};
  Bounds b = widen(std::log(t));
  return t > 1 ? clamp(b, 0, kInf) : clamp(b, -kInf, 0);
}
Bounds log1p_pt(double t) {  // t > -1; log1p(t) <= t
  if (t == 0) return {0, 0};
  Bounds b = same_sign(widen(std::log1p(t)), t);
  b.hi = std::min(b.hi, t);
  return b;
}
Bounds sin_pt(double t) {
  if (t == 0) return {0, 0};
  Bounds b = clamp(widen(std::sin(t)), -1, 1);
  if (std::fabs(t) <= 3) b = inside_identity(same_sign(b, t), t);  // |t| < pi
  return b;
}
Bounds cos_pt(double t) {
  if (t == 0) return {1, 1};
  Bounds b = clamp(widen(std::cos(t)), -1, 1);
  if (std::fabs(t) <= 1.5) b.lo = std::max(b.lo, 0.0);  // |t| < pi/2
  return b;
}
Bounds tan_pt(double t) {  // only called away from poles
  if (t == 0) return {0, 0};
  Bounds b = widen(std::tan(t));
  if (std::fabs(t) <= 1.5) b = outside_identity(same_sign(b, t), t);
  return b;
}
Bounds atan_pt(double t) {
  if (t == 0) return {0, 0};
  return clamp(inside_identity(same_sign(widen(std::atan(t)), t), t), -kHalfPiHi, kHalfPiHi);
}
Bounds sinh_pt(double t) {
  if (t == 0) return {0, 0};
  return outside_identity(same_sign(widen(std::sinh(t)), t), t);
}
Bounds cosh_pt(double t) {
  if (t == 0) return {1, 1};
  return clamp(widen(std::cosh(t)), 1, kInf);
}
Bounds tanh_pt(double t) {
  if (t == 0) return {0, 0};
  return clamp(inside_identity(same_sign(widen(std::tanh(t)), t), t), -1, 1);
}
// 1 / (1 + e^-t) for t >= 0 and e^t / (1 + e^t) for t < 0: e stays in [0, 1], no overflow, and
// both forms are increasing in the enclosed e, so its bounds give the result's bounds.
Bounds sigmoid_pt(double t) {
  Bounds r;
  if (t >= 0) {
    Bounds e = exp_pt(-t);
    r = {div_down(1, add_up(1, e.hi)), div_up(1, add_down(1, e.lo))};
    r = clamp(r, 0.5, 1);
  } else {
    Bounds e = exp_pt(t);
    r = {div_down(e.lo, add_up(1, e.lo)), div_up(e.hi, add_down(1, e.hi))};
    r = clamp(r, 0, 0.5);
  }
  return r;
}
// log1p(e^t) for t <= 0 and t + log1p(e^-t) for t > 0; softplus(t) > max(0, t).
Bounds softplus_pt(double t) {
  Bounds r;
  if (t <= 0) {
    Bounds e = exp_pt(t);
    r = {log1p_pt(e.lo).lo, log1p_pt(e.hi).hi};
  } else {
    Bounds e = exp_pt(-t);
    r = {add_down(t, log1p_pt(e.lo).lo), add_up(t, log1p_pt(e.hi).hi)};
  }
  return clamp(r, std::max(0.0, t), kInf);
}

template <class F>
Interval increasing(const Interval& x, F f) {
  if (x.is_empty()) return x;
  return Interval(f(x.lower()).lo, f(x.upper()).hi);
}

// Enclosure [q_lo, q_hi] of the quarter-turn positions t / (pi/2) of the points of x.
struct QuarterTurns {
  double lo, hi;
  bool usable;  // false when the span is too wide or too large to enumerate integers exactly
};
QuarterTurns quarter_turns(const Interval& x) {
  const Interval half_pi(kHalfPiLo, kHalfPiHi);
  QuarterTurns q{(Interval(x.lower()) / half_pi).lower(), (Interval(x.upper()) / half_pi).upper(),
                 false};
  q.usable = std::isfinite(q.lo) && std::isfinite(q.hi) && std::fabs(q.lo) < 0x1p52 &&
             std::fabs(q.hi) < 0x1p52 && q.hi - q.lo < 4;
  return q;
}
// Calls visit(j mod 4) for each integer j in [q.lo, q.hi] (at most 4 of them when usable).
template <class Visit>
void for_each_quarter(const QuarterTurns& q, Visit visit) {
  for (double j = std::ceil(q.lo); j <= q.hi; j += 1) {
    auto m = static_cast<std::int64_t>(j) % 4;
    visit(static_cast<int>(m < 0 ? m + 4 : m));
  }
}

// sin and cos: hull of the endpoint values and the extremes at the enclosed multiples of pi/2.
template <class Point>
Interval periodic(const Interval& x, Point f, int max_quarter, int min_quarter) {
  if (x.is_empty()) return x;
  QuarterTurns q = quarter_turns(x);
  if (!q.usable) return Interval(-1, 1);
  Bounds a = f(x.lower()), b = f(x.upper());
  double lo = std::min(a.lo, b.lo), hi = std::max(a.hi, b.hi);
  for_each_quarter(q, [&](int m) {
    if (m == max_quarter) hi = 1;
    if (m == min_quarter) lo = -1;
  });
  return Interval(lo, hi);
}

}  // namespace

Interval exp(const Interval& x) { return increasing(x, exp_pt); }
Interval expm1(const Interval& x) { return increasing(x, expm1_pt); }

Interval log(const Interval& x) {
  Interval d = intersect(x, Interval(0.0, kInf));
  if (d.is_empty() || d.upper() == 0) return Interval::empty();
  return Interval(d.lower() == 0 ? -kInf : log_pt(d.lower()).lo, log_pt(d.upper()).hi);
}
Interval log1p(const Interval& x) {
  Interval d = intersect(x, Interval(-1.0, kInf));
  if (d.is_empty() || d.upper() == -1) return Interval::empty();
  return Interval(d.lower() == -1 ? -kInf : log1p_pt(d.lower()).lo, log1p_pt(d.upper()).hi);
}

Interval sin(const Interval& x) { return periodic(x, sin_pt, 1, 3); }
Interval cos(const Interval& x) { return periodic(x, cos_pt, 0, 2); }

Interval tan(const Interval& x) {
  if (x.is_empty()) return x;
  QuarterTurns q = quarter_turns(x);
  if (!q.usable || q.hi - q.lo >= 2) return Interval::entire();
  bool pole = false;
  for_each_quarter(q, [&](int m) { pole = pole || m % 2 == 1; });
  if (pole) return Interval::entire();
  return Interval(tan_pt(x.lower()).lo, tan_pt(x.upper()).hi);
}

Interval atan(const Interval& x) { return increasing(x, atan_pt); }
Interval sinh(const Interval& x) { return increasing(x, sinh_pt); }
Interval cosh(const Interval& x) {
  if (x.is_empty()) return x;
  return Interval(cosh_pt(mig(x)).lo, cosh_pt(mag(x)).hi);
}
Interval tanh(const Interval& x) { return increasing(x, tanh_pt); }
Interval sigmoid(const Interval& x) { return increasing(x, sigmoid_pt); }
Interval softplus(const Interval& x) { return increasing(x, softplus_pt); }

}  // namespace gdcert
