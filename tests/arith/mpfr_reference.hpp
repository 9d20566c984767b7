// Independent 256-bit MPFR references for the arithmetic tests.
//
//   Reference r = reference(Op::Exp, 0.5);     // [r.lo, r.hi]: 256-bit RNDD / RNDU bounds
//   CHECK(encloses(exp(Interval(0.5)), r));    // the interval contains the exact value
//   r.down_double() == the exact value rounded down to a double (for tightness checks)
//
// Each reference is one correctly rounded MPFR call per direction (or, for sigmoid and
// softplus, a composition of them rounded in the direction that keeps a bound), so it shares no
// code with the implementations under test. The exact value lies in [lo, hi], and when it is not
// a 256-bit number lo and hi are adjacent 256-bit numbers: a double or 128-bit bound then
// contains the exact value exactly when it contains [lo, hi].
#pragma once

#include <mpfr.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "arith/interval.hpp"
#include "arith/mp_interval.hpp"

namespace gdcert::test {

constexpr mpfr_prec_t kRefBits = 256;
constexpr double kInf = std::numeric_limits<double>::infinity();

enum class Op {
  Add, Sub, Mul, Div, Sqr, Sqrt, Exp, Expm1, Log, Log1p, Sin, Cos, Tan, Atan, Sinh, Cosh, Tanh,
  Sigmoid, Softplus
};
inline bool is_binary(Op op) { return op <= Op::Div; }
inline const char* name(Op op) {
  static const char* names[] = {"add",  "sub",  "mul",  "div",  "sqr",   "sqrt",  "exp",
                                "expm1", "log", "log1p", "sin", "cos",   "tan",   "atan",
                                "sinh", "cosh", "tanh", "sigmoid", "softplus"};
  return names[static_cast<int>(op)];
}
inline const std::vector<Op>& unary_functions() {
  static const std::vector<Op> ops = {Op::Sqr,  Op::Sqrt, Op::Exp,  Op::Expm1, Op::Log,
                                      Op::Log1p, Op::Sin, Op::Cos,  Op::Tan,   Op::Atan,
                                      Op::Sinh, Op::Cosh, Op::Tanh, Op::Sigmoid, Op::Softplus};
  return ops;
}

template <class T>
T apply(Op op, const T& a, const T& b = T()) {
  switch (op) {
    case Op::Add: return a + b;
    case Op::Sub: return a - b;
    case Op::Mul: return a * b;
    case Op::Div: return a / b;
    case Op::Sqr: return sqr(a);
    case Op::Sqrt: return sqrt(a);
    case Op::Exp: return exp(a);
    case Op::Expm1: return expm1(a);
    case Op::Log: return log(a);
    case Op::Log1p: return log1p(a);
    case Op::Sin: return sin(a);
    case Op::Cos: return cos(a);
    case Op::Tan: return tan(a);
    case Op::Atan: return atan(a);
    case Op::Sinh: return sinh(a);
    case Op::Cosh: return cosh(a);
    case Op::Tanh: return tanh(a);
    case Op::Sigmoid: return sigmoid(a);
    case Op::Softplus: return softplus(a);
  }
  return T();
}

class Mpfr {
 public:
  Mpfr() { mpfr_init2(v_, kRefBits); }
  ~Mpfr() { mpfr_clear(v_); }
  Mpfr(const Mpfr&) = delete;
  Mpfr& operator=(const Mpfr&) = delete;
  mpfr_ptr get() { return v_; }
  mpfr_srcptr get() const { return v_; }

 private:
  mpfr_t v_;
};

struct Reference {
  Reference(Op op, double x, double y);
  bool defined = false;  // false when the point is outside the function's domain
  Mpfr lo, hi;
  double down_double() const { return mpfr_get_d(lo.get(), MPFR_RNDD); }
  double up_double() const { return mpfr_get_d(hi.get(), MPFR_RNDU); }
};

namespace detail {
// One directed evaluation at 256 bits. Monotone compositions round every step so that the final
// value stays on the side of the direction.
inline bool eval(Op op, mpfr_ptr out, double x, double y, mpfr_rnd_t r) {
  const mpfr_rnd_t other = r == MPFR_RNDD ? MPFR_RNDU : MPFR_RNDD;
  Mpfr a, b;
  mpfr_set_d(a.get(), x, MPFR_RNDN);  // exact
  mpfr_set_d(b.get(), y, MPFR_RNDN);
  switch (op) {
    case Op::Add: mpfr_add(out, a.get(), b.get(), r); break;
    case Op::Sub: mpfr_sub(out, a.get(), b.get(), r); break;
    case Op::Mul: mpfr_mul(out, a.get(), b.get(), r); break;
    case Op::Div:
      if (y == 0) return false;
      mpfr_div(out, a.get(), b.get(), r);
      break;
    case Op::Sqr: mpfr_sqr(out, a.get(), r); break;
    case Op::Sqrt:
      if (x < 0) return false;
      mpfr_sqrt(out, a.get(), r);
      break;
    case Op::Exp: mpfr_exp(out, a.get(), r); break;
    case Op::Expm1: mpfr_expm1(out, a.get(), r); break;
    case Op::Log:
      if (!(x > 0)) return false;
      mpfr_log(out, a.get(), r);
      break;
    case Op::Log1p:
      if (!(x > -1)) return false;
      mpfr_log1p(out, a.get(), r);
      break;
    case Op::Sin: mpfr_sin(out, a.get(), r); break;
    case Op::Cos: mpfr_cos(out, a.get(), r); break;
    case Op::Tan: mpfr_tan(out, a.get(), r); break;
    case Op::Atan: mpfr_atan(out, a.get(), r); break;
    case Op::Sinh: mpfr_sinh(out, a.get(), r); break;
    case Op::Cosh: mpfr_cosh(out, a.get(), r); break;
    case Op::Tanh: mpfr_tanh(out, a.get(), r); break;
    case Op::Sigmoid:  // 1 / (1 + e^-x): decreasing in e^-x
      mpfr_neg(a.get(), a.get(), MPFR_RNDN);
      mpfr_exp(b.get(), a.get(), other);
      mpfr_add_ui(b.get(), b.get(), 1, other);
      mpfr_ui_div(out, 1, b.get(), r);
      break;
    case Op::Softplus:  // log1p(e^x), or x + log1p(e^-x) for x > 0 (e^x may leave MPFR's range)
      if (x > 0) {
        mpfr_neg(b.get(), a.get(), MPFR_RNDN);
        mpfr_exp(b.get(), b.get(), r);
        mpfr_log1p(b.get(), b.get(), r);
        mpfr_add(out, a.get(), b.get(), r);
      } else {
        mpfr_exp(b.get(), a.get(), r);
        mpfr_log1p(out, b.get(), r);
      }
      break;
  }
  return true;
}
}  // namespace detail

inline Reference::Reference(Op op, double x, double y) {
  if (std::isnan(x) || std::isnan(y) || std::isinf(x) || std::isinf(y)) return;
  defined = detail::eval(op, lo.get(), x, y, MPFR_RNDD) && detail::eval(op, hi.get(), x, y, MPFR_RNDU);
}
inline Reference reference(Op op, double x, double y = 0) { return Reference(op, x, y); }

// Does the computed enclosure contain [ref.lo, ref.hi]?
inline bool encloses(const Interval& r, const Reference& ref) {
  return !r.is_empty() && mpfr_cmp_d(ref.lo.get(), r.lower()) >= 0 &&
         mpfr_cmp_d(ref.hi.get(), r.upper()) <= 0;
}
inline bool encloses(const MpInterval& r, const Reference& ref) {
  return !r.is_empty() && mpfr_cmp(ref.lo.get(), &r.get()->left) >= 0 &&
         mpfr_cmp(ref.hi.get(), &r.get()->right) <= 0;
}

// --- random arguments ----------------------------------------------------------------------
class Sampler {
 public:
  explicit Sampler(std::uint64_t seed) : rng_(seed) {}

  double uniform(double lo, double hi) { return std::uniform_real_distribution<double>(lo, hi)(rng_); }
  int integer(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  // Any finite double, exponent uniform over the whole range (subnormals included).
  double any_finite() {
    for (;;) {
      double x = std::bit_cast<double>(bits_());
      if (std::isfinite(x)) return x;
    }
  }
  // |x| log-uniform in [2^lo_exp, 2^hi_exp], random sign.
  double log_uniform(int lo_exp, int hi_exp) {
    double m = std::ldexp(uniform(1, 2), integer(lo_exp, hi_exp - 1));
    return integer(0, 1) ? m : -m;
  }
  // A double within a few ulps of k pi/2 for a random k (hard cases for sin, cos, tan).
  double near_half_pi_multiple(int max_k) {
    double x = integer(-max_k, max_k) * 1.5707963267948966;
    for (int s = integer(-3, 3); s != 0; s += s > 0 ? -1 : 1) x = s > 0 ? next_up(x) : next_down(x);
    return x;
  }
  // A mixture: typical values, magnitudes across the whole range, tiny, special points.
  double mixed() {
    switch (integer(0, 7)) {
      case 0: return uniform(-10, 10);
      case 1: return uniform(-1, 1);
      case 2: return log_uniform(-1074, 1023);
      case 3: return log_uniform(-60, 60);
      case 4: return any_finite();
      case 5: return near_half_pi_multiple(1000);
      case 6: return static_cast<double>(integer(-4, 4));
      default: return log_uniform(-1074, -1000);  // subnormal and near
    }
  }
  // Values that matter for a function (e.g. exp's non-saturated range) mixed with the above.
  double for_op(Op op) {
    if (integer(0, 2) == 0) return mixed();
    switch (op) {
      case Op::Exp: case Op::Expm1: case Op::Sigmoid: case Op::Softplus:
      case Op::Sinh: case Op::Cosh: case Op::Tanh:
        return uniform(-750, 750) * std::ldexp(1.0, -integer(0, 30));
      case Op::Log: case Op::Sqrt: return std::fabs(mixed());
      case Op::Log1p: return integer(0, 1) ? uniform(-1, 1) : std::fabs(mixed());
      default: return mixed();
    }
  }
  // A random interval: a point, a narrow interval, or a wide one, around a value from `centre`.
  template <class Gen>
  Interval interval(Gen centre) {
    double a = centre(), b;
    switch (integer(0, 3)) {
      case 0: b = a; break;
      case 1: b = a + std::fabs(a) * uniform(0, 1e-6) + uniform(0, 1e-300); break;
      case 2: b = a + uniform(0, 4); break;
      default: b = centre(); break;
    }
    if (!std::isfinite(b)) b = a;
    return Interval(std::min(a, b), std::max(a, b));
  }

 private:
  std::uint64_t bits_() { return std::uniform_int_distribution<std::uint64_t>()(rng_); }
  std::mt19937_64 rng_;
};

// Points at which to sample an interval: both ends, the midpoint and random interior points.
inline std::vector<double> sample_points(const Interval& x, Sampler& s, int interior) {
  std::vector<double> pts = {x.lower(), x.upper(), mid(x)};
  for (int i = 0; i < interior; ++i) {
    double t = x.lower() + s.uniform(0, 1) * (x.upper() - x.lower());
    if (std::isfinite(t) && contains(x, t)) pts.push_back(t);
  }
  return pts;
}

}  // namespace gdcert::test
