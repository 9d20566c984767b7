// MpInterval over MPFI. The empty interval is stored as [NaN, NaN] (mpfi_is_empty agrees) and
// every operation tests for it first, because MPFI's own functions do not follow 1788 on empty
// or on 0 * inf; products and quotients use the same sign-case tables as Interval
// (arith/interval_cases.hpp) with MPFR directed rounding on the bounds.
#include "arith/mp_interval.hpp"

#include <mpfr.h>

#include <algorithm>
#include <cassert>
#include <cmath>
#include <ostream>
#include <stdexcept>

#include "arith/exact_number.hpp"

namespace gdcert {

ThreadMpCaches::~ThreadMpCaches() { mpfr_free_cache2(MPFR_FREE_LOCAL_CACHE); }

namespace {

thread_local unsigned t_precision = 128;

mpfr_ptr lo_of(mpfi_ptr x) { return &x->left; }
mpfr_ptr hi_of(mpfi_ptr x) { return &x->right; }
mpfr_srcptr lo_of(mpfi_srcptr x) { return &x->left; }
mpfr_srcptr hi_of(mpfi_srcptr x) { return &x->right; }

void set_empty(mpfi_ptr x) {
  mpfr_set_nan(lo_of(x));
  mpfr_set_nan(hi_of(x));
}

// A result at the current precision from an MPFI call f(result, args...).
template <class F, class... Args>
MpInterval apply(F f, const Args&... args) {
  MpInterval r;
  if ((args.is_empty() || ...)) return MpInterval::empty();
  f(r.get(), args.get()...);
  return r;
}

// The part of x inside [from, +inf) (domain restriction of log, log1p and sqrt).
MpInterval restrict_below(const MpInterval& x, double from) {
  return intersect(x, MpInterval(from, std::numeric_limits<double>::infinity()));
}

// Product or quotient of two bounds rounded down / up; 0 * inf = 0 (see interval_cases.hpp).
using MpfrOp = int (*)(mpfr_ptr, mpfr_srcptr, mpfr_srcptr, mpfr_rnd_t);
void bound_op(mpfr_ptr out, MpfrOp f, mpfr_srcptr a, mpfr_srcptr b, mpfr_rnd_t rnd) {
  if (f == mpfr_mul && (mpfr_zero_p(a) || mpfr_zero_p(b))) {
    mpfr_set_zero(out, 1);
    return;
  }
  f(out, a, b, rnd);
}
void set_pick(mpfr_ptr out, const cases::Pick& p, MpfrOp f, mpfi_srcptr a, mpfi_srcptr b,
              mpfr_rnd_t rnd) {
  if (p.kind == cases::Pick::Op) return bound_op(out, f, p.a ? hi_of(a) : lo_of(a), p.b ? hi_of(b) : lo_of(b), rnd);
  mpfr_set_inf(out, p.kind == cases::Pick::PlusInf ? 1 : -1);
}

cases::Sign sign_class(mpfi_srcptr x) {
  if (mpfr_sgn(lo_of(x)) >= 0) return cases::Sign::Nonneg;
  if (mpfr_sgn(hi_of(x)) <= 0) return cases::Sign::Nonpos;
  return cases::Sign::Mixed;
}
cases::Divisor divisor_class(mpfi_srcptr x) {
  int sl = mpfr_sgn(lo_of(x)), sh = mpfr_sgn(hi_of(x));
  if (sl > 0) return cases::Divisor::Pos;
  if (sh < 0) return cases::Divisor::Neg;
  if (sl == 0 && sh == 0) return cases::Divisor::Zero;
  if (sl == 0) return cases::Divisor::ZeroLo;
  if (sh == 0) return cases::Divisor::ZeroHi;
  return cases::Divisor::Mixed;
}

}  // namespace

unsigned mp_precision() { return t_precision; }
void set_mp_precision(unsigned bits) {
  if (bits < MPFR_PREC_MIN || bits > 1u << 20)
    throw std::invalid_argument("MPFR precision out of range: " + std::to_string(bits));
  t_precision = bits;
}

// --- life cycle ------------------------------------------------------------------------------
MpInterval::MpInterval() {
  mpfi_init2(v_, mp_precision());
  mpfi_set_si(v_, 0);
}
MpInterval::MpInterval(double x) : MpInterval(x, x) {}
MpInterval::MpInterval(double lo, double hi) {
  mpfi_init2(v_, mp_precision());
  if (!(lo <= hi)) {  // Interval's convention: lo > hi or NaN is empty
    set_empty(v_);
    return;
  }
  mpfr_set_d(lo_of(v_), lo, MPFR_RNDD);  // exact at >= 53 bits, outward below
  mpfr_set_d(hi_of(v_), hi, MPFR_RNDU);
}
MpInterval::MpInterval(const Interval& x) : MpInterval(x.lower(), x.upper()) {}
MpInterval::MpInterval(const MpInterval& o) {
  mpfi_init2(v_, mpfi_get_prec(o.v_));
  mpfr_set(lo_of(v_), lo_of(o.v_), MPFR_RNDD);
  mpfr_set(hi_of(v_), hi_of(o.v_), MPFR_RNDU);
}
MpInterval::MpInterval(MpInterval&& o) noexcept {
  mpfi_init2(v_, MPFR_PREC_MIN);
  mpfi_swap(v_, o.v_);
}
MpInterval& MpInterval::operator=(const MpInterval& o) {
  if (this != &o) {
    mpfi_set_prec(v_, mpfi_get_prec(o.v_));
    mpfr_set(lo_of(v_), lo_of(o.v_), MPFR_RNDD);
    mpfr_set(hi_of(v_), hi_of(o.v_), MPFR_RNDU);
  }
  return *this;
}
MpInterval& MpInterval::operator=(MpInterval&& o) noexcept {
  mpfi_swap(v_, o.v_);
  return *this;
}
MpInterval::~MpInterval() { mpfi_clear(v_); }

MpInterval MpInterval::from_decimal(std::string_view text) {
  std::string s = checked_number_text(text);
  MpInterval r;
  mpfr_strtofr(lo_of(r.v_), s.c_str(), nullptr, 0, MPFR_RNDD);
  mpfr_strtofr(hi_of(r.v_), s.c_str(), nullptr, 0, MPFR_RNDU);
  return r;
}
MpInterval MpInterval::empty() {
  MpInterval r;
  set_empty(r.v_);
  return r;
}
MpInterval MpInterval::entire() {
  MpInterval r;
  mpfr_set_inf(lo_of(r.v_), -1);
  mpfr_set_inf(hi_of(r.v_), 1);
  return r;
}
MpInterval MpInterval::pi() {
  MpInterval r;
  mpfi_const_pi(r.v_);
  return r;
}
MpInterval MpInterval::e() {
  MpInterval r;
  mpfi_set_si(r.v_, 1);
  mpfi_exp(r.v_, r.v_);
  return r;
}

bool MpInterval::is_empty() const { return mpfi_is_empty(v_) != 0; }
unsigned MpInterval::precision() const { return static_cast<unsigned>(mpfi_get_prec(v_)); }

MpInterval& MpInterval::operator+=(const MpInterval& o) { return *this = *this + o; }
MpInterval& MpInterval::operator-=(const MpInterval& o) { return *this = *this - o; }
MpInterval& MpInterval::operator*=(const MpInterval& o) { return *this = *this * o; }
MpInterval& MpInterval::operator/=(const MpInterval& o) { return *this = *this / o; }

// --- access ----------------------------------------------------------------------------------
double lower_double(const MpInterval& x) {
  if (x.is_empty()) return Interval::empty().lower();
  return mpfr_get_d(lo_of(x.get()), MPFR_RNDD);
}
double upper_double(const MpInterval& x) {
  if (x.is_empty()) return Interval::empty().upper();
  return mpfr_get_d(hi_of(x.get()), MPFR_RNDU);
}
Interval to_interval(const MpInterval& x) {
  return x.is_empty() ? Interval::empty() : Interval(lower_double(x), upper_double(x));
}
std::string to_string(const MpInterval& x, int digits) {
  if (x.is_empty()) return "[empty]";
  char lo[512], hi[512];
  digits = std::clamp(digits, 1, 400);
  mpfr_snprintf(lo, sizeof lo, "%.*RDg", digits, lo_of(x.get()));
  mpfr_snprintf(hi, sizeof hi, "%.*RUg", digits, hi_of(x.get()));
  return std::string("[") + lo + ", " + hi + "]";
}

double mid(const MpInterval& x) {
  if (x.is_empty()) return std::numeric_limits<double>::quiet_NaN();
  if (mpfr_inf_p(lo_of(x.get())) || mpfr_inf_p(hi_of(x.get()))) return mid(to_interval(x));
  mpfr_t m;
  mpfr_init2(m, x.precision());
  mpfi_mid(m, x.get());
  double r = mpfr_get_d(m, MPFR_RNDN);
  mpfr_clear(m);
  return r;
}
double mag(const MpInterval& x) {
  if (x.is_empty()) return std::numeric_limits<double>::quiet_NaN();
  return std::max(-mpfr_get_d(lo_of(x.get()), MPFR_RNDD), mpfr_get_d(hi_of(x.get()), MPFR_RNDU));
}
double mig(const MpInterval& x) {
  if (x.is_empty()) return std::numeric_limits<double>::quiet_NaN();
  if (mpfr_sgn(lo_of(x.get())) > 0) return mpfr_get_d(lo_of(x.get()), MPFR_RNDD);
  if (mpfr_sgn(hi_of(x.get())) < 0) return -mpfr_get_d(hi_of(x.get()), MPFR_RNDU);
  return 0.0;
}
bool contains(const MpInterval& x, double t) {
  return !x.is_empty() && !std::isnan(t) && mpfr_cmp_d(lo_of(x.get()), t) <= 0 &&
         mpfr_cmp_d(hi_of(x.get()), t) >= 0;
}
bool subset(const MpInterval& a, const MpInterval& b) {
  if (a.is_empty()) return true;
  if (b.is_empty()) return false;
  return mpfr_lessequal_p(lo_of(b.get()), lo_of(a.get())) &&
         mpfr_lessequal_p(hi_of(a.get()), hi_of(b.get()));
}
MpInterval hull(const MpInterval& a, const MpInterval& b) {
  if (a.is_empty()) return b;
  if (b.is_empty()) return a;
  MpInterval r;
  mpfr_min(lo_of(r.get()), lo_of(a.get()), lo_of(b.get()), MPFR_RNDD);
  mpfr_max(hi_of(r.get()), hi_of(a.get()), hi_of(b.get()), MPFR_RNDU);
  return r;
}
MpInterval intersect(const MpInterval& a, const MpInterval& b) {
  if (a.is_empty() || b.is_empty()) return MpInterval::empty();
  MpInterval r;
  mpfr_max(lo_of(r.get()), lo_of(a.get()), lo_of(b.get()), MPFR_RNDD);
  mpfr_min(hi_of(r.get()), hi_of(a.get()), hi_of(b.get()), MPFR_RNDU);
  if (mpfr_greater_p(lo_of(r.get()), hi_of(r.get()))) return MpInterval::empty();
  return r;
}

Truth less(const MpInterval& a, const MpInterval& b) {
  if (a.is_empty() || b.is_empty()) return Truth::Unknown;
  if (mpfr_less_p(hi_of(a.get()), lo_of(b.get()))) return Truth::True;
  if (mpfr_greaterequal_p(lo_of(a.get()), hi_of(b.get()))) return Truth::False;
  return Truth::Unknown;
}
Truth less_equal(const MpInterval& a, const MpInterval& b) {
  if (a.is_empty() || b.is_empty()) return Truth::Unknown;
  if (mpfr_lessequal_p(hi_of(a.get()), lo_of(b.get()))) return Truth::True;
  if (mpfr_greater_p(lo_of(a.get()), hi_of(b.get()))) return Truth::False;
  return Truth::Unknown;
}
Truth certainly_positive(const MpInterval& x) { return less(MpInterval(0.0), x); }
Truth certainly_nonnegative(const MpInterval& x) { return less_equal(MpInterval(0.0), x); }

// --- arithmetic ------------------------------------------------------------------------------
MpInterval operator+(const MpInterval& x) { return x; }
MpInterval operator-(const MpInterval& x) { return apply(mpfi_neg, x); }
MpInterval operator+(const MpInterval& a, const MpInterval& b) { return apply(mpfi_add, a, b); }
MpInterval operator-(const MpInterval& a, const MpInterval& b) { return apply(mpfi_sub, a, b); }

MpInterval operator*(const MpInterval& a, const MpInterval& b) {
  if (a.is_empty() || b.is_empty()) return MpInterval::empty();
  const cases::MulPlan p = cases::multiplication_plan(sign_class(a.get()), sign_class(b.get()));
  MpInterval r;
  set_pick(lo_of(r.get()), p.lo, mpfr_mul, a.get(), b.get(), MPFR_RNDD);
  set_pick(hi_of(r.get()), p.hi, mpfr_mul, a.get(), b.get(), MPFR_RNDU);
  if (p.both_mixed) {
    MpInterval alt;
    set_pick(lo_of(alt.get()), p.lo2, mpfr_mul, a.get(), b.get(), MPFR_RNDD);
    set_pick(hi_of(alt.get()), p.hi2, mpfr_mul, a.get(), b.get(), MPFR_RNDU);
    mpfr_min(lo_of(r.get()), lo_of(r.get()), lo_of(alt.get()), MPFR_RNDD);
    mpfr_max(hi_of(r.get()), hi_of(r.get()), hi_of(alt.get()), MPFR_RNDU);
  }
  return r;
}

MpInterval operator/(const MpInterval& a, const MpInterval& b) {
  if (a.is_empty() || b.is_empty()) return MpInterval::empty();
  bool a_zero = mpfr_zero_p(lo_of(a.get())) && mpfr_zero_p(hi_of(a.get()));
  const cases::DivPlan p = cases::division_plan(sign_class(a.get()), a_zero, divisor_class(b.get()));
  switch (p.kind) {
    case cases::DivPlan::Empty: return MpInterval::empty();
    case cases::DivPlan::Zero: return MpInterval(0.0);
    case cases::DivPlan::Entire: return MpInterval::entire();
    case cases::DivPlan::Bounded: break;
  }
  MpInterval r;
  set_pick(lo_of(r.get()), p.lo, mpfr_div, a.get(), b.get(), MPFR_RNDD);
  set_pick(hi_of(r.get()), p.hi, mpfr_div, a.get(), b.get(), MPFR_RNDU);
  return r;
}

MpInterval sqr(const MpInterval& x) { return apply(mpfi_sqr, x); }

MpInterval pown(const MpInterval& x, int n) {
  if (x.is_empty()) return x;
  if (n == 0) return MpInterval(1.0);
  unsigned long k = n < 0 ? 0ul - static_cast<unsigned long>(static_cast<long>(n))
                          : static_cast<unsigned long>(n);
  // mpfr_pow_ui rounds the exact power of each bound; odd powers are increasing, even powers
  // decrease then increase, with minimum 0 when x straddles 0.
  MpInterval p;
  mpfr_srcptr lo = lo_of(x.get()), hi = hi_of(x.get());
  mpfr_ptr plo = lo_of(p.get()), phi = hi_of(p.get());
  cases::Sign s = sign_class(x.get());
  if (k % 2 == 1 || s == cases::Sign::Nonneg) {
    mpfr_pow_ui(plo, lo, k, MPFR_RNDD);
    mpfr_pow_ui(phi, hi, k, MPFR_RNDU);
  } else if (s == cases::Sign::Nonpos) {
    mpfr_pow_ui(plo, hi, k, MPFR_RNDD);
    mpfr_pow_ui(phi, lo, k, MPFR_RNDU);
  } else {
    MpInterval alt;
    mpfr_pow_ui(phi, hi, k, MPFR_RNDU);
    mpfr_pow_ui(hi_of(alt.get()), lo, k, MPFR_RNDU);
    mpfr_max(phi, phi, hi_of(alt.get()), MPFR_RNDU);
    mpfr_set_zero(plo, 1);
  }
  // x^-k = 1 / x^k over x != 0, with the 1788 division limits at a zero bound.
  return n > 0 ? p : MpInterval(1.0) / p;
}

// x^y = exp(y log x) over x > 0, plus 0^y = 0 for y > 0 (as Interval's pow).
MpInterval pow(const MpInterval& x, const MpInterval& y) {
  MpInterval d = restrict_below(x, 0.0);
  if (d.is_empty() || y.is_empty()) return MpInterval::empty();
  bool has_positive = mpfr_sgn(hi_of(d.get())) > 0;
  MpInterval r = has_positive ? exp(y * log(d)) : MpInterval::empty();
  if (mpfr_zero_p(lo_of(d.get())) && mpfr_sgn(hi_of(y.get())) > 0) r = hull(r, MpInterval(0.0));
  return r;
}

MpInterval sqrt(const MpInterval& x) { return apply(mpfi_sqrt, restrict_below(x, 0.0)); }
MpInterval abs(const MpInterval& x) { return apply(mpfi_abs, x); }
MpInterval min(const MpInterval& a, const MpInterval& b) {
  if (a.is_empty() || b.is_empty()) return MpInterval::empty();
  MpInterval r;
  mpfr_min(lo_of(r.get()), lo_of(a.get()), lo_of(b.get()), MPFR_RNDD);
  mpfr_min(hi_of(r.get()), hi_of(a.get()), hi_of(b.get()), MPFR_RNDU);
  return r;
}
MpInterval max(const MpInterval& a, const MpInterval& b) {
  if (a.is_empty() || b.is_empty()) return MpInterval::empty();
  MpInterval r;
  mpfr_max(lo_of(r.get()), lo_of(a.get()), lo_of(b.get()), MPFR_RNDD);
  mpfr_max(hi_of(r.get()), hi_of(a.get()), hi_of(b.get()), MPFR_RNDU);
  return r;
}

MpInterval exp(const MpInterval& x) { return apply(mpfi_exp, x); }
MpInterval expm1(const MpInterval& x) { return apply(mpfi_expm1, x); }
MpInterval log(const MpInterval& x) {
  MpInterval d = restrict_below(x, 0.0);
  if (d.is_empty() || mpfr_zero_p(hi_of(d.get()))) return MpInterval::empty();
  return apply(mpfi_log, d);  // log of a zero lower bound is -inf in MPFR
}
MpInterval log1p(const MpInterval& x) {
  MpInterval d = restrict_below(x, -1.0);
  if (d.is_empty() || mpfr_cmp_si(hi_of(d.get()), -1) == 0) return MpInterval::empty();
  return apply(mpfi_log1p, d);
}

namespace {
// MPFI's periodic functions assume finite bounds; an infinite one covers every period.
template <class F>
MpInterval periodic(F f, const MpInterval& x, const MpInterval& full) {
  if (x.is_empty()) return x;
  if (mpfr_inf_p(lo_of(x.get())) || mpfr_inf_p(hi_of(x.get()))) return full;
  // A width above 2 pi covers a whole period (and a pole of tan), so `full` is the range; and an
  // argument of magnitude 2^65536 or more would make MPFR reduce it modulo pi to that many bits
  // (minutes, which no budget could interrupt), for nothing narrower than `full` at such widths.
  mpfr_t width;
  mpfr_init2(width, 64);
  mpfr_sub(width, hi_of(x.get()), lo_of(x.get()), MPFR_RNDD);
  const bool whole_period = mpfr_cmp_ui(width, 7) >= 0;
  mpfr_clear(width);
  auto huge = [](mpfr_srcptr b) { return !mpfr_zero_p(b) && mpfr_get_exp(b) > 65536; };
  if (whole_period || huge(lo_of(x.get())) || huge(hi_of(x.get()))) return full;
  MpInterval r = apply(f, x);
  if (mpfr_nan_p(lo_of(r.get())) || mpfr_nan_p(hi_of(r.get()))) return full;
  return r;
}
}  // namespace

MpInterval sin(const MpInterval& x) { return periodic(mpfi_sin, x, MpInterval(-1.0, 1.0)); }
MpInterval cos(const MpInterval& x) { return periodic(mpfi_cos, x, MpInterval(-1.0, 1.0)); }
MpInterval tan(const MpInterval& x) { return periodic(mpfi_tan, x, MpInterval::entire()); }
MpInterval atan(const MpInterval& x) { return apply(mpfi_atan, x); }
MpInterval sinh(const MpInterval& x) { return apply(mpfi_sinh, x); }
MpInterval cosh(const MpInterval& x) { return apply(mpfi_cosh, x); }
MpInterval tanh(const MpInterval& x) { return apply(mpfi_tanh, x); }
namespace {
// The bound of x as a point interval at the current precision (outward if it must round).
MpInterval endpoint(const MpInterval& x, bool upper) {
  MpInterval p;
  mpfr_srcptr t = upper ? hi_of(x.get()) : lo_of(x.get());
  mpfr_set(lo_of(p.get()), t, MPFR_RNDD);
  mpfr_set(hi_of(p.get()), t, MPFR_RNDU);
  return p;
}
// Increasing f evaluated on each bound of x separately (for formulas using x twice).
template <class F>
MpInterval increasing(const MpInterval& x, F f) {
  if (x.is_empty()) return x;
  MpInterval lo = f(endpoint(x, false)), hi = f(endpoint(x, true)), r;
  mpfr_set(lo_of(r.get()), lo_of(lo.get()), MPFR_RNDD);
  mpfr_set(hi_of(r.get()), hi_of(hi.get()), MPFR_RNDU);
  return r;
}
}  // namespace

// x occurs once in 1 / (1 + e^-x), so interval evaluation gives the range rounded out; MPFR's
// exponent range keeps e^800 and e^-800 ordinary numbers (beyond it: overflow to a huge bound or
// +inf, still outward). softplus at a large bound t is t + log1p(e^-t), not log1p(e^t), so
// the bound is not lost when e^t overflows even MPFR's range.
MpInterval sigmoid(const MpInterval& x) { return MpInterval(1.0) / (MpInterval(1.0) + exp(-x)); }
MpInterval softplus(const MpInterval& x) {
  return increasing(x, [](const MpInterval& t) {
    if (mpfr_sgn(lo_of(t.get())) <= 0) return log1p(exp(t));
    return t + log1p(exp(-t));
  });
}

std::ostream& operator<<(std::ostream& os, const MpInterval& x) {
  return os << to_string(x, 20);
}

}  // namespace gdcert
