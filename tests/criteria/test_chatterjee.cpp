// Chatterjee's criterion against the closed form of (xy-1)^2 and the MGH zero-residual problems.
// Every certified verdict is cross-checked against a dense, rigorously re-evaluated sampling of
// the ratio in the ball: no sampled point may fall below the certified lower bound of alpha.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>
#include <random>

#include "arith/with_precision.hpp"
#include "criteria/chatterjee.hpp"
#include "expr/evaluator.hpp"
#include "reference_problems.hpp"

using namespace gdcert;

namespace {

ChatterjeeOptions fast_options() {
  ChatterjeeOptions o;
  o.budget.seconds = 2;
  o.sampling.samples = 300;
  return o;
}

std::vector<ExactNumber> exact_point(const std::vector<double>& x) {
  std::vector<ExactNumber> out;
  for (double v : x) out.push_back(exact_double(v));
  return out;
}

// Dense uniform sampling of the ratio, each point enclosed in interval arithmetic: the
// certified lower bound must lie below the upper end of every enclosure.
void cross_check_by_sampling(const Objective& f, const std::vector<ExactNumber>& c, double r,
                             double alpha_lower, int samples = 3000) {
  Evaluator<Interval> ev(f.function());
  std::mt19937_64 rng(42);
  std::normal_distribution<double> normal;
  std::uniform_real_distribution<double> uniform;
  const std::size_t p = c.size();
  std::vector<Interval> x(p);
  int checked = 0;
  for (int s = 0; s < samples; ++s) {
    std::vector<double> d(p);
    double n2 = 0;
    for (auto& v : d) v = normal(rng), n2 += v * v;
    double scale = r * (1 - 1e-9) * std::pow(uniform(rng), 1.0 / p) / std::sqrt(n2);
    for (std::size_t i = 0; i < p; ++i) x[i] = Interval(c[i].nearest + d[i] * scale);
    if (!is_true(ev.evaluate(x, Order::Gradient))) continue;
    Interval fx = ev.value(0);
    if (!is_true(certainly_positive(fx))) continue;
    Interval g2(0.0);
    for (const auto& g : ev.gradient(0)) g2 += sqr(g);
    CHECK((g2 / fx).upper() >= alpha_lower);
    ++checked;
  }
  CHECK(checked > samples / 2);
}

}  // namespace

TEST_CASE("(xy-1)^2: never certified outside the closed-form region, certified well inside it") {
  Objective f = Objective::from_expression("(x*y-1)^2", {});
  int holds_clearly = 0, certified_of_those = 0, checks = 0;
  for (int i = -5; i <= 5; ++i) {
    for (int j = -5; j <= 5; ++j) {
      char xs[32], ys[32];
      std::snprintf(xs, sizeof xs, "%.1f", 0.6 * i);
      std::snprintf(ys, sizeof ys, "%.1f", 0.6 * j + 0.1);
      std::vector<ExactNumber> c = {parse_number(xs), parse_number(ys)};
      const double x0 = c[0].nearest, y0 = c[1].nearest, norm = std::hypot(x0, y0);
      const double fx0 = (x0 * y0 - 1) * (x0 * y0 - 1);
      for (double rel : {0.25, 0.5, 0.75}) {
        char rs[32];
        std::snprintf(rs, sizeof rs, "%.3g", rel * norm);
        ExactNumber r = parse_number(rs);
        if (!(r.nearest > 0)) continue;
        const double rv = r.nearest;
        // Closed form: criterion <=> f(x0) < r^2 (|x0| - r)^2 (r < |x0|).
        const double rhs = rv < norm ? rv * rv * (norm - rv) * (norm - rv) : 0.0;
        ChatterjeeResult res = check_chatterjee(f, c, r, fast_options());
        ++checks;
        CAPTURE(xs);
        CAPTURE(ys);
        CAPTURE(rs);
        if (fx0 >= rhs * (1 + 1e-9)) CHECK(res.verdict != Verdict::Certified);
        if (fx0 < 0.95 * rhs) {
          ++holds_clearly;
          if (res.verdict == Verdict::Certified) {
            ++certified_of_those;
            cross_check_by_sampling(f, c, rv, res.alpha_lower, 300);
          }
        }
        if (res.verdict == Verdict::Certified) {
          // The certified bound never exceeds the exact alpha = 4 (|x0| - r)^2.
          CHECK(res.alpha_lower <= 4 * (norm - rv) * (norm - rv) * (1 + 1e-12));
          REQUIRE(res.gd.has_value());
          CHECK(res.gd->step > 0);
          CHECK(res.gd->rate < 1);
        }
      }
    }
  }
  MESSAGE("(xy-1)^2 grid: " << checks << " checks; " << certified_of_those << " of " << holds_clearly
                            << " clear cases certified");
  REQUIRE(holds_clearly > 20);
  CHECK(certified_of_those >= 0.95 * holds_clearly);
}

TEST_CASE("(xy-1)^2 outside the region is refuted with a rigorous witness") {
  Objective f = Objective::from_expression("(x*y-1)^2", {});
  // |x0 y0 - 1| = 0.75 > (x0^2 + y0^2)/4 = 0.125: fails for every r.
  ChatterjeeResult res =
      check_chatterjee(f, {parse_number("0.5"), parse_number("0.5")}, parse_number("0.3"), fast_options());
  CHECK(res.verdict == Verdict::Refuted);
  REQUIRE(res.witness.has_value());
  const auto& w = res.witness->point;
  double ratio = 4 * (w[0] * w[0] + w[1] * w[1]);
  CHECK(res.witness->ratio.lower() <= ratio * (1 + 1e-12));
  CHECK(res.witness->ratio.upper() >= ratio * (1 - 1e-12));
  CHECK(std::hypot(w[0] - 0.5, w[1] - 0.5) <= 0.3);
}

TEST_CASE("zero-residual problems certify near a non-singular zero") {
  for (const auto& prob : testing::reference_problems()) {
    if (prob.singular) continue;
    CAPTURE(prob.name);
    Objective f = Objective::from_residuals(prob.residuals, prob.vars, parse_number("1"));
    std::vector<double> c = prob.zero;
    for (std::size_t i = 0; i < c.size(); ++i) c[i] += 1e-4 * (i % 2 ? -1 : 1);
    auto centre = exact_point(c);
    ChatterjeeResult res = check_chatterjee(f, centre, parse_number("0.01"), fast_options());
    CHECK(res.verdict == Verdict::Certified);
    MESSAGE(prob.name << ": " << std::string(to_string(res.verdict)) << " alpha >= " << res.alpha_lower << " ("
                      << res.bound_used << "), " << res.seconds << " s, " << res.boxes << " boxes");
    if (res.verdict == Verdict::Certified) cross_check_by_sampling(f, centre, 0.01, res.alpha_lower, 1000);
  }
}

TEST_CASE("Powell singular: never certified around its singular zero") {
  auto problems = testing::reference_problems();
  const auto& prob = problems.back();
  REQUIRE(prob.singular);
  Objective f = Objective::from_residuals(prob.residuals, prob.vars, parse_number("1"));
  for (double offset : {0.0, 1e-3, 1e-2, 0.1}) {
    for (const char* r : {"0.001", "0.01", "0.1", "1"}) {
      std::vector<double> c = {offset, -offset, offset, offset / 2};
      ChatterjeeResult res = check_chatterjee(f, exact_point(c), parse_number(r), fast_options());
      CAPTURE(offset);
      CAPTURE(r);
      CHECK(res.verdict != Verdict::Certified);
    }
  }
}

TEST_CASE("a general expression (not a sum of squares) needs f >= 0 proved on B(x0, 2r)") {
  // A product of positive factors: non-negative, but not structurally a sum of squares.
  Objective f = Objective::from_expression("(x^2 + 1)*(y^2 + 1)", {});
  ChatterjeeResult res =
      check_chatterjee(f, {parse_number("1"), parse_number("1")}, parse_number("0.5"), fast_options());
  // f >= 1 has no zero, so the criterion must fail: never certified.
  CHECK(res.verdict != Verdict::Certified);
}

TEST_CASE("functions undefined in the ball give inconclusive, never a certificate") {
  Objective f = Objective::from_residuals("log(x) - 0.1; y", {"x", "y"}, parse_number("1"));
  ChatterjeeResult res =
      check_chatterjee(f, {parse_number("0.2"), parse_number("0")}, parse_number("0.5"), fast_options());
  CHECK(res.verdict != Verdict::Certified);
  Objective g = Objective::from_residuals("1/x - 1; y", {"x", "y"}, parse_number("1"));
  ChatterjeeResult rg =
      check_chatterjee(g, {parse_number("0.1"), parse_number("0")}, parse_number("0.2"), fast_options());
  CHECK(rg.verdict != Verdict::Certified);
}

TEST_CASE("more residuals than variables: the Gram bound is reported as not applicable") {
  Objective f = Objective::from_residuals("x - 1; x - 1.001", {"x"}, parse_number("1"));
  ChatterjeeResult res = check_chatterjee(f, {parse_number("1")}, parse_number("0.1"), fast_options());
  CHECK(res.gram_rank_deficient);
}

TEST_CASE("MPFR intervals give the same verdicts") {
  PrecisionScope scope(128);
  Objective f = Objective::from_expression("(x*y-1)^2", {});
  ChatterjeeResult res = check_chatterjee(f, {parse_number("2"), parse_number("0.3")}, parse_number("0.5"),
                                          at_precision_of<MpInterval>(fast_options()));
  CHECK(res.verdict == Verdict::Certified);
  CHECK(res.precision == 128);
  // alpha(x0, r) = 4 (|x0| - r)^2 exactly; the bound is below it and close.
  double exact = 4 * std::pow(std::hypot(2.0, 0.3) - 0.5, 2);
  CHECK(res.alpha_lower <= exact);
  CHECK(res.alpha_lower >= 0.9 * exact);
}

TEST_CASE("radius search finds a radius near the best one for (xy-1)^2") {
  Objective f = Objective::from_expression("(x*y-1)^2", {});
  ChatterjeeOptions o = fast_options();
  o.budget.seconds = 8;
  ChatterjeeResult res = search_radius_chatterjee(f, {parse_number("2"), parse_number("0.3")}, o);
  REQUIRE(res.verdict == Verdict::Certified);
  // margin(r) = 4 r^2 (|x0| - r)^2 - 4 f(x0) is largest at r = |x0| / 2 ~ 1.011.
  CHECK(res.radius.nearest > 0.6);
  CHECK(res.radius.nearest < 1.4);
}

// Issue 13: Rosenbrock as people write it, 100*(y-x^2)^2, is recognised as a sum of squares
// (residuals 1 - x and sqrt(100)*(y - x^2)) and certifies like the residual form; the certified
// lower bound of alpha survives a dense rigorous sampling of the ratio.
TEST_CASE("scaled squares: (1-x)^2 + 100*(y-x^2)^2 certifies like its residual form") {
  Objective f = Objective::from_expression("(1-x)^2 + 100*(y-x^2)^2", {"x", "y"});
  REQUIRE(f.has_residual_form());
  CHECK(f.num_residuals() == 2);
  Objective g = Objective::from_residuals("1-x; 10*(y-x^2)", {"x", "y"}, parse_number("1"));
  const std::vector<ExactNumber> centre = {parse_number("1.1"), parse_number("1.2")};
  ChatterjeeResult a = check_chatterjee(f, centre, parse_number("1.5"), fast_options());
  ChatterjeeResult b = check_chatterjee(g, centre, parse_number("1.5"), fast_options());
  CHECK(a.verdict == Verdict::Certified);
  CHECK(b.verdict == Verdict::Certified);
  CHECK(a.hypothesis_proved);
  // Both enclose the same f(x0) = 0.02 exactly.
  CHECK(a.f_center.lower() <= 0.02);
  CHECK(a.f_center.upper() >= 0.02);
  if (a.verdict == Verdict::Certified) cross_check_by_sampling(f, centre, 1.5, a.alpha_lower, 2000);
}

// Issue 13: f = h * (sum of squares) is recognised, with residual sqrt(h) (x^2 + y^2 - 1); the
// theorem's f >= 0 on B(x0, 2r) comes from h = exp(x) > 0 proved there. Closed form of the ratio:
// |grad f|^2 / f = e^x ((4x + s)^2 + 16 y^2) with s = x^2 + y^2 - 1, evaluated in 256-bit MPFI at
// points of the ball, must never fall below the certified alpha_lower.
TEST_CASE_TEMPLATE("weighted squares: (x^2+y^2-1)^2*exp(x) certifies near the circle", T, Interval, MpInterval) {
  PrecisionScope scope(128);  // MpInterval only
  Objective f = Objective::from_expression("(x^2+y^2-1)^2*exp(x)", {"x", "y"});
  REQUIRE(f.weighted());
  CHECK(f.weight_text() == "h = exp(x)");
  CHECK(f.describe().find("h = exp(x)") != std::string::npos);
  const std::vector<ExactNumber> centre = {parse_number("0.6"), parse_number("0.8")};
  ChatterjeeResult r = check_chatterjee(f, centre, parse_number("0.1"), at_precision_of<T>(fast_options()));
  CAPTURE(r.reason);
  REQUIRE(r.verdict == Verdict::Certified);
  CHECK(r.hypothesis_proved);
  CHECK(r.hypothesis == "f = h * sum of squares with h = exp(x) > 0 proved on B(x0, 2r)");
  CHECK(r.alpha_lower > 10);  // exact alpha ~ 17.6 on this ball (e^0.5 * 16 * 0.9^2 at the nearest point)
  cross_check_by_sampling(f, centre, 0.1, r.alpha_lower);
  PrecisionScope ref(256);
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> u(-1, 1);
  int inside = 0;
  for (int s = 0; s < 4000; ++s) {
    const double x = 0.6 + 0.1 * u(rng), y = 0.8 + 0.1 * u(rng);
    if ((x - 0.6) * (x - 0.6) + (y - 0.8) * (y - 0.8) > 0.0099) continue;
    ++inside;
    const MpInterval X(x), Y(y), S = sqr(X) + sqr(Y) - MpInterval(1.0);
    const MpInterval ratio = exp(X) * (sqr(MpInterval(4.0) * X + S) + MpInterval(16.0) * sqr(Y));
    CHECK_FALSE(is_true(less(ratio, MpInterval(r.alpha_lower))));  // alpha_lower <= the exact ratio
  }
  CHECK(inside > 2000);
  CHECK(r.alpha_upper >= r.alpha_lower);
}

TEST_CASE_TEMPLATE("weighted squares: a weight not positive on B(x0, 2r) is never certified", T, Interval, MpInterval) {
  PrecisionScope scope(128);
  // f = x (y - 1)^2 is negative for x < 0, e.g. at (-0.1, 0.9), inside B((0.6, 1), 0.8). On
  // B(x0, 0.4) itself alpha >= 4 * 0.2 > 0 = 4 f(x0), so only the hypothesis stops a certificate.
  Objective f = Objective::from_expression("x*(y-1)^2", {"x", "y"});
  REQUIRE(f.weighted());
  const std::vector<ExactNumber> centre = {parse_number("0.6"), parse_number("1")};
  ChatterjeeResult bad = check_chatterjee(f, centre, parse_number("0.4"), at_precision_of<T>(fast_options()));
  CHECK(bad.verdict == Verdict::Inconclusive);
  CHECK(bad.cause == Cause::WeightNotPositive);
  CHECK(bad.suggestion.find("smaller radius") != std::string::npos);
  CHECK(bad.suggestion.find("--residuals") == std::string::npos);
  CHECK_FALSE(bad.hypothesis_proved);
  CHECK(bad.hypothesis.find("x > 0 on B(x0, 2r) is false") != std::string::npos);
  CHECK(bad.alpha_lower == -INFINITY);
  // r = 0.25: x >= 0.1 on B(x0, 2r), certified; alpha = 1.4 exactly (at (0.35, 1)).
  ChatterjeeResult good = check_chatterjee(f, centre, parse_number("0.25"), at_precision_of<T>(fast_options()));
  CAPTURE(good.reason);
  REQUIRE(good.verdict == Verdict::Certified);
  CHECK(good.alpha_lower <= 1.4);
  CHECK(good.alpha_upper >= 1.4);
  // The radius search certifies only radii with 2r < 0.6.
  ChatterjeeResult searched = search_radius_chatterjee(f, centre, at_precision_of<T>(fast_options()));
  if (searched.verdict == Verdict::Certified) CHECK(2 * searched.radius.nearest < 0.6);
}

TEST_CASE("weighted squares: a weight negative only outside B(x0, 2r) is proved positive on it") {
  // h = exp(1 - |x - (0.6, 1)|^2) - 1 > 0 exactly inside the unit disc around the centre; the
  // corners of B(x0, 2r)'s bounding box (2r = 0.9) lie outside it. Box midpoints outside the ball
  // must not count against h.
  Objective f = Objective::from_expression("(exp(1 - (x-0.6)^2 - (y-1)^2) - 1)*(y-1)^2", {"x", "y"});
  REQUIRE(f.weighted());
  ChatterjeeOptions o = fast_options();
  o.budget.seconds = 10;
  ChatterjeeResult r = check_chatterjee(f, {parse_number("0.6"), parse_number("1")}, parse_number("0.45"), o);
  CAPTURE(r.reason);
  CAPTURE(r.hypothesis);
  CHECK(r.hypothesis_proved);
  CHECK(r.cause != Cause::HypothesisNotProved);
}

TEST_CASE("weighted squares: the structural verdicts stay correct") {
  // A positive constant beside a weighted term is not recognised (f < 0 where x < 0), so no
  // "positive minimum" claim is made.
  Objective c = Objective::from_expression("x*(y-1)^2 + 0.01", {"x", "y"});
  CHECK_FALSE(c.has_residual_form());
  CHECK(c.positive_constant_terms().empty());
  ChatterjeeResult rc =
      check_chatterjee(c, {parse_number("0.6"), parse_number("1")}, parse_number("0.1"), fast_options());
  CHECK(rc.verdict != Verdict::Certified);
  CHECK(rc.cause != Cause::PositiveMinimum);
  // More residuals than variables under a weight that changes sign in the ball: rank deficient,
  // and no "alpha >= 0" (f, and the ratio, are negative where x < 0).
  Objective d = Objective::from_expression("x*((y-1)^2 + (y-2)^2 + (y-3)^2)", {"x", "y"});
  REQUIRE(d.weighted());
  ChatterjeeResult rd =
      check_chatterjee(d, {parse_number("0.1"), parse_number("1")}, parse_number("0.5"), fast_options());
  CHECK(rd.verdict != Verdict::Certified);
  CHECK(rd.cause == Cause::RankDeficient);
  CHECK(rd.alpha_lower == -INFINITY);
}
