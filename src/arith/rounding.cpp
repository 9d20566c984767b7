#include "arith/rounding.hpp"

namespace gdcert {
namespace {

constexpr double kMax = std::numeric_limits<double>::max();
constexpr double kInf = std::numeric_limits<double>::infinity();
// Below this magnitude the fma-computed error term of a product, quotient or root may itself
// be rounded (it falls into the subnormal range), so its sign is not trusted.
const double kTiny = std::ldexp(1.0, -969);

// r is the correctly rounded result; err the exact (or sign-exact) value of exact - r.
inline double adjust_down(double r, double err) { return err < 0 ? next_down(r) : r; }
inline double adjust_up(double r, double err) { return err > 0 ? next_up(r) : r; }

// Overflow of finite operands: the exact result is finite, so the rounded-down bound is the
// largest double and not infinity (and symmetrically).
inline double overflow_down(double r) { return r > 0 ? kMax : -kInf; }
inline double overflow_up(double r) { return r > 0 ? kInf : -kMax; }

inline double two_sum_err(double a, double b, double s) {
  double bb = s - a;
  return (a - (s - bb)) + (b - bb);
}

}  // namespace

double add_down(double a, double b) {
  double s = a + b;
  if (std::isinf(s)) return (std::isinf(a) || std::isinf(b)) ? s : overflow_down(s);
  if (std::isnan(s)) return s;
  return adjust_down(s, two_sum_err(a, b, s));
}
double add_up(double a, double b) {
  double s = a + b;
  if (std::isinf(s)) return (std::isinf(a) || std::isinf(b)) ? s : overflow_up(s);
  if (std::isnan(s)) return s;
  return adjust_up(s, two_sum_err(a, b, s));
}
double sub_down(double a, double b) { return add_down(a, -b); }
double sub_up(double a, double b) { return add_up(a, -b); }

double mul_down(double a, double b) {
  double p = a * b;
  if (a == 0 || b == 0 || std::isnan(p)) return p;
  if (std::isinf(p)) return (std::isinf(a) || std::isinf(b)) ? p : overflow_down(p);
  if (std::fabs(p) < kTiny) return next_down(p);
  return adjust_down(p, std::fma(a, b, -p));
}
double mul_up(double a, double b) {
  double p = a * b;
  if (a == 0 || b == 0 || std::isnan(p)) return p;
  if (std::isinf(p)) return (std::isinf(a) || std::isinf(b)) ? p : overflow_up(p);
  if (std::fabs(p) < kTiny) return next_up(p);
  return adjust_up(p, std::fma(a, b, -p));
}

// exact a/b - q = (a - q b) / b, and a - q b is computed exactly by one fma away from underflow.
static double div_err_sign(double a, double b, double q) {
  double rem = std::fma(-q, b, a);
  return b > 0 ? rem : -rem;
}
double div_down(double a, double b) {
  double q = a / b;
  if (a == 0 || std::isnan(q) || std::isinf(a) || std::isinf(b)) return q;
  if (std::isinf(q)) return overflow_down(q);
  if (std::fabs(q) < kTiny || std::fabs(a) < kTiny) return next_down(q);
  return adjust_down(q, div_err_sign(a, b, q));
}
double div_up(double a, double b) {
  double q = a / b;
  if (a == 0 || std::isnan(q) || std::isinf(a) || std::isinf(b)) return q;
  if (std::isinf(q)) return overflow_up(q);
  if (std::fabs(q) < kTiny || std::fabs(a) < kTiny) return next_up(q);
  return adjust_up(q, div_err_sign(a, b, q));
}

double sqrt_down(double a) {
  double s = std::sqrt(a);
  if (a == 0 || std::isnan(s) || std::isinf(s)) return s;
  if (a < kTiny) return next_down(s);
  return adjust_down(s, std::fma(-s, s, a));
}
double sqrt_up(double a) {
  double s = std::sqrt(a);
  if (a == 0 || std::isnan(s) || std::isinf(s)) return s;
  if (a < kTiny) return next_up(s);
  return adjust_up(s, std::fma(-s, s, a));
}

}  // namespace gdcert
