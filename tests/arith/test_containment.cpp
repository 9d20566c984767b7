// Containment of every operation, for Interval and MpInterval (at 128 and 53 bits), against
// 256-bit MPFR: random points (the exact value must be inside) and random intervals (each
// sampled point's value must be inside), plus the edge cases of each function.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>

#include "mpfr_reference.hpp"

namespace gdcert::test {
namespace {

constexpr double kMax = std::numeric_limits<double>::max();
constexpr double kTiny = std::numeric_limits<double>::denorm_min();

// The result as an Interval (outward) whatever T is.
Interval to_interval_of(const Interval& x) { return x; }
Interval to_interval_of(const MpInterval& x) { return to_interval(x); }

template <class T>
T make(const Interval& x) {
  if constexpr (std::is_same_v<T, Interval>) return x;
  else return T(x);
}

// Checks op(x[, y]) against the reference at every sample point; returns failures.
template <class T>
int check_op(Op op, const Interval& x, const Interval& y, Sampler& s, int interior) {
  T r = apply(op, make<T>(x), make<T>(y));
  int failures = 0;
  std::vector<double> ys = is_binary(op) ? sample_points(y, s, 1) : std::vector<double>{0.0};
  for (double a : sample_points(x, s, interior)) {
    for (double b : ys) {
      Reference ref = reference(op, a, b);
      if (!ref.defined || encloses(r, ref)) continue;
      static int printed = 0;
      ++failures;
      if (++printed <= 20) {
        std::printf("%s not contained: x = [%a, %a] y = [%a, %a] at (%a, %a): got %s\n", name(op),
                    x.lower(), x.upper(), y.lower(), y.upper(), a, b,
                    to_string(MpInterval(to_interval_of(r))).c_str());
      }
    }
  }
  return failures;
}

}  // namespace

TEST_CASE_TEMPLATE("every operation encloses the 256-bit value on random points and intervals",
                   T, Interval, MpInterval) {
  for (unsigned bits : {128u, 53u}) {
    if (std::is_same_v<T, Interval> && bits != 128) continue;
    PrecisionScope scope(bits);
    CAPTURE(bits);
    std::vector<Op> ops = {Op::Add, Op::Sub, Op::Mul, Op::Div};
    for (Op op : unary_functions()) ops.push_back(op);
    for (Op op : ops) {
      CAPTURE(name(op));
      Sampler s(0x5eed + static_cast<int>(op));
      int failures = 0;
      auto gen = [&] { return s.for_op(op); };
      for (int i = 0; i < 600; ++i) {  // points: the exact value must be inside
        Interval x(gen()), y(gen());
        failures += check_op<T>(op, x, y, s, 0);
      }
      for (int i = 0; i < 150; ++i) {  // intervals: sampled values must be inside
        Interval x = s.interval(gen), y = s.interval(gen);
        failures += check_op<T>(op, x, y, s, 5);
      }
      CHECK(failures == 0);
    }
  }
}

TEST_CASE_TEMPLATE("edge cases enclose the 256-bit value", T, Interval, MpInterval) {
  const double pts[] = {0.0, -0.0, kTiny, -kTiny, 1e-310, -1e-310, 0x1p-1022, 1e-300, -1e-300,
                        1e-20, -1e-20, 1e-8, 0.5, 1, -1, 2, 3, 1.5707963267948966,
                        -1.5707963267948966, 3.141592653589793, 4.71238898038469, 6.283185307179586,
                        355.0, 1e10, 1e22, 1e300, -1e300, kMax, -kMax, 709.78, 710, -745.1, -746,
                        -800, 800, 36, -36, 1e5, 0.9999999999999999, -0.9999999999999999,
                        1.0000000000000002, 20, -20};
  Sampler s(7);
  int failures = 0;
  for (Op op : unary_functions())
    for (double a : pts) {
      CAPTURE(name(op));
      failures += check_op<T>(op, Interval(a), Interval(0.0), s, 0);
      for (double b : pts)
        if (a < b) failures += check_op<T>(op, Interval(a, b), Interval(0.0), s, 3);
    }
  for (Op op : {Op::Add, Op::Sub, Op::Mul, Op::Div})
    for (double a : pts)
      for (double b : pts) failures += check_op<T>(op, Interval(a), Interval(b), s, 0);
  CHECK(failures == 0);
}

TEST_CASE_TEMPLATE("near the poles of tan and the extremes of sin and cos", T, Interval,
                   MpInterval) {
  Sampler s(11);
  int failures = 0;
  for (int i = 0; i < 1500; ++i) {
    double a = s.near_half_pi_multiple(i < 750 ? 8 : 1000000);
    double b = s.integer(0, 1) ? a : next_up(next_up(a));
    for (Op op : {Op::Sin, Op::Cos, Op::Tan})
      failures += check_op<T>(op, Interval(a, b), Interval(0.0), s, 0);
  }
  CHECK(failures == 0);
}

TEST_CASE_TEMPLATE("domains, infinities and empty follow IEEE 1788", T, Interval, MpInterval) {
  const T empty = T::empty(), entire = T::entire();
  for (Op op : unary_functions()) {
    CAPTURE(name(op));
    CHECK(apply(op, empty).is_empty());
  }
  CHECK((T(1.0) + empty).is_empty());
  CHECK((empty * T(0.0)).is_empty());
  CHECK(log(T(-2, -1)).is_empty());
  CHECK(log(T(0.0)).is_empty());
  CHECK(sqrt(T(-2, -1)).is_empty());
  CHECK(log1p(T(-3, -1)).is_empty());
  Interval l = to_interval_of(log(T(-1, 2)));
  CHECK(l.lower() == -kInf);
  CHECK(l.upper() >= 0.6931471805599453);
  CHECK(to_interval_of(sqrt(T(-5, 25))).lower() == 0);
  CHECK(to_interval_of(sqrt(T(-5, 25))).upper() == 5);
  CHECK(to_interval_of(log1p(T(-1, 0))).lower() == -kInf);
  // values at the infinities
  CHECK(subset(to_interval_of(exp(entire)), Interval(0, kInf)));
  CHECK(to_interval_of(exp(T(-kInf, 0))).upper() >= 1);
  CHECK(subset(to_interval_of(tanh(entire)), Interval(-1, 1)));
  CHECK(subset(to_interval_of(sigmoid(entire)), Interval(0, 1)));
  CHECK(subset(to_interval_of(atan(entire)), Interval(-1.5707963267948968, 1.5707963267948968)));
  CHECK(to_interval_of(sin(T(0, kInf))) == Interval(-1, 1));
  CHECK(to_interval_of(cos(entire)) == Interval(-1, 1));
  CHECK(to_interval_of(tan(T(1, kInf))).is_entire());
  CHECK(to_interval_of(cosh(entire)).lower() >= 1);
  CHECK(to_interval_of(softplus(T(-kInf, 0))).lower() >= 0);
  // sign information near zero
  CHECK(to_interval_of(tanh(T(0.0))) == Interval(0.0));
  CHECK(to_interval_of(sin(T(0.0))) == Interval(0.0));
  CHECK(to_interval_of(atan(T(0.0))) == Interval(0.0));
  CHECK(to_interval_of(sinh(T(0.0))) == Interval(0.0));
  CHECK(to_interval_of(expm1(T(0.0))) == Interval(0.0));
  CHECK(to_interval_of(log1p(T(0.0))) == Interval(0.0));
  CHECK(to_interval_of(exp(T(0.0))) == Interval(1.0));
  CHECK(to_interval_of(cosh(T(0.0))) == Interval(1.0));
  CHECK(to_interval_of(log(T(1.0))) == Interval(0.0));
  CHECK(to_interval_of(sigmoid(T(0.0))) == Interval(0.5));
  CHECK(to_interval_of(tanh(T(kTiny))).lower() >= 0);
  CHECK(to_interval_of(tanh(T(-1e-300))).upper() < 0);
  CHECK(to_interval_of(expm1(T(1e-300))).lower() > 0);
  CHECK(to_interval_of(sin(T(1e-300))).lower() > 0);
  // no overflow in sigmoid and softplus
  Interval sm = to_interval_of(sigmoid(T(-800.0)));
  CHECK(sm.lower() >= 0);
  CHECK(sm.upper() < 1e-300);
  CHECK(to_interval_of(sigmoid(T(800.0))).upper() == 1);
  Interval sp = to_interval_of(softplus(T(800.0)));
  CHECK(sp.lower() == 800);
  CHECK(sp.upper() <= next_up(800.0));
  Interval sp_huge = to_interval_of(softplus(T(1e300)));
  CHECK(sp_huge.lower() == 1e300);
  CHECK(sp_huge.upper() <= next_up(1e300));
  // width >= 2 pi covers the whole range of sin and cos; tan across a pole is entire
  CHECK(to_interval_of(sin(T(0, 7))) == Interval(-1, 1));
  CHECK(to_interval_of(cos(T(-4, 4))) == Interval(-1, 1));
  CHECK(to_interval_of(tan(T(1, 2))).is_entire());
  CHECK(!to_interval_of(tan(T(-1, 1))).is_entire());
  CHECK(to_interval_of(sin(T(1, 2))).upper() == 1);
  CHECK(to_interval_of(cos(T(3, 3.2))).lower() == -1);
}

TEST_CASE_TEMPLATE("pown and pow enclose the exact powers", T, Interval, MpInterval) {
  Sampler s(99);
  int failures = 0;
  for (int i = 0; i < 3000; ++i) {
    Interval x = s.interval([&] { return s.uniform(-4, 4); });
    int n = s.integer(-7, 7);
    Interval r = to_interval_of(pown(make<T>(x), n));
    for (double t : sample_points(x, s, 4)) {
      if (n < 0 && t == 0) continue;
      Mpfr v;
      mpfr_set_d(v.get(), t, MPFR_RNDN);
      mpfr_pow_si(v.get(), v.get(), n, MPFR_RNDN);  // exact at 256 bits (|n| <= 7)
      if (!(mpfr_cmp_d(v.get(), r.lower()) >= 0 && mpfr_cmp_d(v.get(), r.upper()) <= 0)) {
        ++failures;
        if (failures < 4) std::printf("pown([%a, %a], %d) misses %a\n", x.lower(), x.upper(), n, t);
      }
    }
    Interval xp(std::fabs(x.lower()), std::fabs(x.lower()) + std::fabs(x.upper()));
    Interval y = s.interval([&] { return s.uniform(-3, 3); });
    Interval p = to_interval_of(pow(make<T>(xp), make<T>(y)));
    for (double a : sample_points(xp, s, 2))
      for (double b : sample_points(y, s, 2)) {
        if (a == 0 && b <= 0) continue;
        Mpfr u, v, w;
        mpfr_set_d(u.get(), a, MPFR_RNDN);
        mpfr_set_d(v.get(), b, MPFR_RNDN);
        mpfr_pow(w.get(), u.get(), v.get(), MPFR_RNDN);
        // p's bounds are doubles, w is within 2^-255 relative: compare with a margin of
        // 2^-200 relative that no double can fall into unless it is wrong by more.
        Mpfr lo, hi;
        mpfr_mul_d(lo.get(), w.get(), 1 - 0x1p-200, MPFR_RNDD);
        mpfr_mul_d(hi.get(), w.get(), 1 + 0x1p-200, MPFR_RNDU);
        if (!(mpfr_cmp_d(hi.get(), p.lower()) >= 0 && mpfr_cmp_d(lo.get(), p.upper()) <= 0)) {
          ++failures;
          if (failures < 4) std::printf("pow(%a, %a) missed\n", a, b);
        }
      }
  }
  CHECK(failures == 0);
  CHECK(to_interval_of(pown(T(-2, 3), 2)) == Interval(0, 9));
  CHECK(to_interval_of(pown(T(-2, 3), 3)) == Interval(-8, 27));
  CHECK(to_interval_of(pown(T(-1, 1), -2)) == Interval(1, kInf));
  CHECK(to_interval_of(pown(T(-1, 1), -1)).is_entire());
  CHECK(to_interval_of(pown(T(0, 2), -1)) == Interval(0.5, kInf));
  CHECK(to_interval_of(pown(T(2.0), -2)) == Interval(0.25));
  CHECK(to_interval_of(pown(T(0.0), -2)).is_empty());
  CHECK(subset(Interval(0, 4), to_interval_of(pow(T(0, 2), T(2.0)))));
  CHECK(to_interval_of(pow(T(0, 2), T(2.0))).lower() == 0);
  CHECK(to_interval_of(pow(T(0.0), T(1, 2))) == Interval(0.0));
  CHECK(to_interval_of(pow(T(0.0), T(-2, -1))).is_empty());
  CHECK(to_interval_of(pow(T(-3, -1), T(2.0))).is_empty());
  CHECK(subset(Interval(1.0), to_interval_of(pow(T(0, 2), T(0.0)))));
}

}  // namespace gdcert::test
