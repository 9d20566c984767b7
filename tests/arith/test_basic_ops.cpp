// Tightness of the directed basic operations (each bound is the exact result rounded outward to
// a double, i.e. MPFR's RNDD / RNDU), the libm error budget of the elementary functions, and
// the set operations, comparisons and accessors of Interval.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>

#include "mpfr_reference.hpp"

namespace gdcert::test {
namespace {

constexpr double kMax = std::numeric_limits<double>::max();
constexpr double kTiny = std::numeric_limits<double>::denorm_min();

// Operand pairs that exercise every path: cancellation, overflow, underflow, subnormals.
std::pair<double, double> operands(Sampler& s, int kind) {
  switch (kind % 6) {
    case 0: return {s.mixed(), s.mixed()};
    case 1: return {s.any_finite(), s.any_finite()};
    case 2: {  // near cancellation
      double a = s.log_uniform(-30, 30);
      return {a, -a * (1 + s.uniform(-1e-15, 1e-15))};
    }
    case 3: return {s.log_uniform(-1074, -900), s.log_uniform(-200, 200)};  // underflow range
    case 4: return {s.log_uniform(900, 1024), s.log_uniform(-200, 200)};    // overflow range
    default: return {s.log_uniform(-600, -400), s.log_uniform(-600, -400)};  // tiny products
  }
}

Interval tight(Op op, double a, double b) {
  Reference r(op, a, b);
  return Interval(r.down_double(), r.up_double());
}

}  // namespace

TEST_CASE("directed basic operations are the tightest roundings on points") {
  Sampler s(2024);
  int checked = 0, failures = 0;
  for (int i = 0; i < 30000; ++i) {
    auto [a, b] = operands(s, i);
    for (Op op : {Op::Add, Op::Sub, Op::Mul, Op::Div, Op::Sqr, Op::Sqrt}) {
      double x = op == Op::Sqrt ? std::fabs(a) : a;
      if (op == Op::Div && b == 0) continue;
      Interval got = apply(op, Interval(x), Interval(b)), want = tight(op, x, b);
      ++checked;
      if (!(got == want)) {
        if (++failures <= 10)
          std::printf("%s(%a, %a): got [%a, %a] want [%a, %a]\n", name(op), x, b, got.lower(),
                      got.upper(), want.lower(), want.upper());
      }
    }
  }
  MESSAGE("tightness checked on " << checked << " point operations");
  CHECK(failures == 0);
  // the scalar functions themselves
  CHECK(add_up(0.1, 0.2) == 0.30000000000000004);
  CHECK(add_down(0.1, 0.2) == 0.3);
  CHECK(add_down(0.1, 0.2) == next_down(add_up(0.1, 0.2)));
  CHECK(mul_up(1.0 / 3, 3.0) == 1.0);
  CHECK(mul_down(1.0 / 3, 3.0) == next_down(1.0));
  CHECK(add_up(kMax, kMax) == kInf);
  CHECK(add_down(kMax, kMax) == kMax);
  CHECK(mul_down(kTiny, 0.5) == 0);
  CHECK(mul_up(kTiny, 0.5) == kTiny);
  CHECK(mul_down(-kTiny, 0.5) == -kTiny);
  CHECK(div_up(kTiny, 3.0) == kTiny);
  CHECK(div_down(kTiny, 3.0) == 0);
  CHECK(sqrt_down(2.0) < sqrt_up(2.0));
  CHECK(sqrt_up(4.0) == 2.0);
  CHECK(ulps_up(1.0, 2) == next_up(next_up(1.0)));
  CHECK(ulps_down(kTiny, 2) == -kTiny);
  CHECK(ulps_down(-kMax, 1) == -kInf);
}

TEST_CASE("interval basic operations are tight on random finite intervals") {
  Sampler s(77);
  int failures = 0;
  for (int i = 0; i < 8000; ++i) {
    auto gen = [&] { return operands(s, i).first; };
    Interval x = s.interval(gen), y = s.interval(gen);
    double xs[2] = {x.lower(), x.upper()}, ys[2] = {y.lower(), y.upper()};
    for (Op op : {Op::Add, Op::Sub, Op::Mul, Op::Div}) {
      if (op == Op::Div && contains(y, 0.0)) continue;
      // Tight result: outward roundings of the extreme corner values (exact for these ops,
      // which are monotone in each argument on such boxes).
      double lo = kInf, hi = -kInf;
      for (double a : xs)
        for (double b : ys) {
          Interval t = tight(op, a, b);
          lo = std::min(lo, t.lower());
          hi = std::max(hi, t.upper());
        }
      Interval got = apply(op, x, y);
      if (!(got == Interval(lo, hi))) {
        if (++failures <= 10)
          std::printf("%s([%a,%a],[%a,%a]): got [%a,%a] want [%a,%a]\n", name(op), x.lower(),
                      x.upper(), y.lower(), y.upper(), got.lower(), got.upper(), lo, hi);
      }
    }
    Interval sq = sqr(x);
    double m = mig(x), M = mag(x);
    CHECK(sq == Interval(tight(Op::Sqr, m, 0).lower(), tight(Op::Sqr, M, 0).upper()));
  }
  CHECK(failures == 0);
}

TEST_CASE("division and multiplication follow the 1788 cases") {
  const double inf = kInf;
  CHECK(Interval(15, 30) / Interval(-3, 0) == Interval(-inf, -5));
  CHECK(Interval(15, 30) / Interval(0, 3) == Interval(5, inf));
  CHECK(Interval(-30, -15) / Interval(0, 3) == Interval(-inf, -5));
  CHECK(Interval(-30, -15) / Interval(-3, 0) == Interval(5, inf));
  CHECK((Interval(1, 2) / Interval(0.0)).is_empty());
  CHECK((Interval(0.0) / Interval(0.0)).is_empty());
  CHECK(Interval(0.0) / Interval(-1, 1) == Interval(0.0));
  CHECK(Interval(1, 2) / Interval(-1, 1) == Interval::entire());
  CHECK(Interval(-1, 2) / Interval(0, 1) == Interval::entire());
  CHECK(Interval(0, 2) / Interval(0, 1) == Interval(0, inf));
  CHECK(Interval(0, 2) / Interval(-1, 0) == Interval(-inf, 0));
  CHECK(Interval(1, inf) / Interval(2, inf) == Interval(0, inf));
  CHECK(Interval(0.0) * Interval::entire() == Interval(0.0));
  CHECK(Interval(0, 1) * Interval(2, inf) == Interval(0, inf));
  CHECK(Interval(-1, 1) * Interval(-inf, 0) == Interval::entire());
  CHECK(Interval(-2, 3) * Interval(-5, 7) == Interval(-15, 21));
  CHECK((Interval::empty() * Interval(0.0)).is_empty());
  CHECK((Interval::empty() / Interval(1.0)).is_empty());
  CHECK(Interval(-1, 1) + Interval(-inf, 2) == Interval(-inf, 3));
  CHECK(sqrt(Interval(-5, 25)) == Interval(0, 5));
  CHECK(sqr(Interval(-3, 2)) == Interval(0, 9));
  CHECK(-Interval(1, 2) == Interval(-2, -1));
  CHECK((-Interval::empty()).is_empty());
}

TEST_CASE("libm stays within the error budget of the elementary enclosures") {
  // The enclosures allow 4 ulps of libm error (interval_elementary.cpp). Measure the largest
  // error of glibc on this machine over many arguments and require it to be below that budget.
  Sampler s(31337);
  struct F {
    Op op;
    double (*f)(double);
  };
  const F fs[] = {{Op::Exp, [](double x) { return std::exp(x); }},
                  {Op::Expm1, [](double x) { return std::expm1(x); }},
                  {Op::Log, [](double x) { return std::log(x); }},
                  {Op::Log1p, [](double x) { return std::log1p(x); }},
                  {Op::Sin, [](double x) { return std::sin(x); }},
                  {Op::Cos, [](double x) { return std::cos(x); }},
                  {Op::Tan, [](double x) { return std::tan(x); }},
                  {Op::Atan, [](double x) { return std::atan(x); }},
                  {Op::Sinh, [](double x) { return std::sinh(x); }},
                  {Op::Cosh, [](double x) { return std::cosh(x); }},
                  {Op::Tanh, [](double x) { return std::tanh(x); }}};
  for (const F& f : fs) {
    double worst = 0;
    for (int i = 0; i < 4000; ++i) {
      double x = s.for_op(f.op);
      Reference r(f.op, x, 0);
      double y = f.f(x);
      if (!r.defined || !std::isfinite(y) || y == 0) continue;
      // error in ulps of the exact value: |y - exact| / ulp(exact)
      Mpfr d;
      mpfr_sub_d(d.get(), r.lo.get(), y, MPFR_RNDN);
      mpfr_abs(d.get(), d.get(), MPFR_RNDN);
      double exact = r.down_double();
      double ulp = std::max(next_up(std::fabs(exact)) - std::fabs(exact), kTiny);
      worst = std::max(worst, mpfr_get_d(d.get(), MPFR_RNDU) / ulp);
    }
    MESSAGE(std::string(name(f.op)) << ": largest libm error seen " << worst << " ulp");
    CHECK(worst < 4);
  }
}

TEST_CASE("set operations, comparisons and accessors") {
  const double inf = kInf;
  Interval a(1, 2), b(3, 4), c(1.5, 3.5), e = Interval::empty();
  CHECK(less(a, b) == Truth::True);
  CHECK(less(b, a) == Truth::False);
  CHECK(less(a, c) == Truth::Unknown);
  CHECK(less(Interval(1, 3), Interval(3, 4)) == Truth::Unknown);
  CHECK(less_equal(Interval(1, 3), Interval(3, 4)) == Truth::True);
  CHECK(less_equal(Interval(3, 4), Interval(1, 3)) == Truth::Unknown);
  CHECK(less_equal(Interval(3.5, 4), Interval(1, 3)) == Truth::False);
  CHECK(greater(b, a) == Truth::True);
  CHECK(less(e, a) == Truth::Unknown);
  CHECK(certainly_positive(Interval(0, 1)) == Truth::Unknown);
  CHECK(certainly_nonnegative(Interval(0, 1)) == Truth::True);
  CHECK(certainly_positive(Interval(-2, -1)) == Truth::False);
  CHECK(hull(a, b) == Interval(1, 4));
  CHECK(hull(a, e) == a);
  CHECK(intersect(a, c) == Interval(1.5, 2));
  CHECK(intersect(a, b).is_empty());
  CHECK(intersect(a, e).is_empty());
  CHECK(subset(a, Interval(0, 2)));
  CHECK(subset(e, a));
  CHECK(!subset(c, a));
  CHECK(mid(a) == 1.5);
  CHECK(rad(a) == 0.5);
  CHECK(width(Interval(0.1, 0.3)) >= 0.3 - 0.1);
  CHECK(mid(Interval::entire()) == 0);
  CHECK(contains(Interval(0, inf), mid(Interval(0, inf))));
  CHECK(std::isfinite(mid(Interval(0, inf))));
  CHECK(mid(Interval(-kMax, kMax)) == 0);
  CHECK(contains(Interval(kTiny, 2 * kTiny), mid(Interval(kTiny, 2 * kTiny))));
  CHECK(mag(Interval(-3, 2)) == 3);
  CHECK(mig(Interval(-3, 2)) == 0);
  CHECK(mig(Interval(-3, -2)) == 2);
  CHECK(std::isnan(mag(e)));
  CHECK(std::isnan(mig(e)));
  CHECK(std::isnan(mid(e)));
  CHECK(abs(Interval(-3, 2)) == Interval(0, 3));
  CHECK(min(a, c) == Interval(1, 2));
  CHECK(max(a, c) == Interval(1.5, 3.5));
  CHECK(Interval::entire().is_entire());
  CHECK(!contains(e, 0.0));
}

}  // namespace gdcert::test
