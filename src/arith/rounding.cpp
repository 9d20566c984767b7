// Slow paths of the directed basic operations: special operands, overflow, and the underflow
// range where the fma error term may itself be rounded. There the sign of the rounding error is
// recovered exactly by rescaling the operands to [0.5, 1) with frexp (exact), where a single fma
// of numbers near 1 cannot underflow, so its correctly rounded value has the sign of the exact one.
#include "arith/rounding.hpp"

namespace gdcert {
namespace {

constexpr double kMax = std::numeric_limits<double>::max();
constexpr double kInf = std::numeric_limits<double>::infinity();

// r: the round-to-nearest result; err_sign: the sign of (exact - r), or its exact value.
double adjust(double r, double err_sign, bool up) {
  if (up) return err_sign > 0 ? next_up(r) : r;
  return err_sign < 0 ? next_down(r) : r;
}

// Finite operands whose nearest result overflowed: the exact result is beyond +-max.
double overflowed(double r, bool up) {
  if (up) return r > 0 ? kInf : -kMax;
  return r > 0 ? kMax : -kInf;
}

double sign_of(double x) { return std::signbit(x) ? -1.0 : 1.0; }

// Map doubles onto integers preserving order, with +0 and -0 both at 0, so that stepping by n
// ulps is integer arithmetic across zero and binade boundaries.
std::int64_t order_key(double x) {
  auto b = std::bit_cast<std::int64_t>(x);
  return b >= 0 ? b : -(b & std::numeric_limits<std::int64_t>::max());
}
double from_key(std::int64_t k) {
  return k >= 0 ? std::bit_cast<double>(k) : -std::bit_cast<double>(-k);
}
const std::int64_t kInfKey = order_key(kInf);

}  // namespace

double ulps_down(double x, unsigned n) {
  if (std::isnan(x) || x == -kInf) return x;
  std::int64_t k = order_key(x) - static_cast<std::int64_t>(n);
  return k <= -kInfKey ? -kInf : from_key(k);
}
double ulps_up(double x, unsigned n) { return -ulps_down(-x, n); }

namespace rounding_detail {

double add_slow(double a, double b, double s, bool up) {
  if (std::isnan(s)) return s;
  if (std::isinf(s)) return (std::isinf(a) || std::isinf(b)) ? s : overflowed(s, up);
  // s finite but an intermediate of TwoSum overflowed: both operands are huge, so halving them
  // is exact, fl(a/2 + b/2) = s/2, and the error of the halved sum is half the error.
  double ha = a * 0.5, hb = b * 0.5;
  return adjust(s, two_sum_err(ha, hb, s * 0.5), up);
}

double mul_slow(double a, double b, bool up) {
  double p = a * b;
  if (std::isnan(p) || a == 0 || b == 0 || std::isinf(a) || std::isinf(b)) return p;
  if (std::isinf(p)) return overflowed(p, up);
  if (p == 0) return adjust(p, sign_of(a) * sign_of(b), up);
  // a b = fa fb 2^(ea+eb) and p = fp 2^ep are within a factor of 4 of each other, so
  // ea + eb - ep is a small integer and the scaled difference is computed without underflow.
  int ea, eb, ep;
  double fa = std::frexp(a, &ea), fb = std::frexp(b, &eb), fp = std::frexp(p, &ep);
  return adjust(p, std::fma(std::ldexp(fa, ea + eb - ep), fb, -fp), up);
}

double div_slow(double a, double b, bool up) {
  double q = a / b;
  if (std::isnan(q) || a == 0 || b == 0 || std::isinf(a) || std::isinf(b)) return q;
  if (std::isinf(q)) return overflowed(q, up);
  if (q == 0) return adjust(q, sign_of(a) * sign_of(b), up);
  // exact a/b - q has the sign of (a - q b) / b; a - q b = 2^ea (fa - fq fb 2^(eq+eb-ea)).
  int ea, eb, eq;
  double fa = std::frexp(a, &ea), fb = std::frexp(b, &eb), fq = std::frexp(q, &eq);
  double rem = std::fma(-std::ldexp(fq, eq + eb - ea), fb, fa);
  return adjust(q, b > 0 ? rem : -rem, up);
}

double sqrt_slow(double a, bool up) {
  double s = std::sqrt(a);
  if (std::isnan(s) || a == 0 || std::isinf(a)) return s;
  // a < 2^-900: scale by 2^1000 (exact); sqrt scales by 2^500 (exact, s is a normal number),
  // and the scaled a' - s'^2 is far from underflow, hence exact in one fma.
  double as = std::ldexp(a, 1000), ss = std::ldexp(s, 500);
  return adjust(s, std::fma(-ss, ss, as), up);
}

}  // namespace rounding_detail

namespace {
constexpr double kDivSafe = 0x1p-900;  // a - q b is exact when |a|, |q| >= this (and q finite)
}

double div_down(double a, double b) {
  double q = a / b, m = std::fabs(q);
  if (!(m >= kDivSafe && m <= kMax && std::fabs(a) >= kDivSafe && std::fabs(a) <= kMax))
    return rounding_detail::div_slow(a, b, false);
  double rem = std::fma(-q, b, a);
  return adjust(q, b > 0 ? rem : -rem, false);
}
double div_up(double a, double b) {
  double q = a / b, m = std::fabs(q);
  if (!(m >= kDivSafe && m <= kMax && std::fabs(a) >= kDivSafe && std::fabs(a) <= kMax))
    return rounding_detail::div_slow(a, b, true);
  double rem = std::fma(-q, b, a);
  return adjust(q, b > 0 ? rem : -rem, true);
}

double sqrt_down(double a) {
  if (!(a >= kDivSafe && a <= kMax)) return rounding_detail::sqrt_slow(a, false);
  double s = std::sqrt(a);
  return adjust(s, std::fma(-s, s, a), false);
}
double sqrt_up(double a) {
  if (!(a >= kDivSafe && a <= kMax)) return rounding_detail::sqrt_slow(a, true);
  double s = std::sqrt(a);
  return adjust(s, std::fma(-s, s, a), true);
}

}  // namespace gdcert
