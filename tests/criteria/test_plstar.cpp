// PL* (Liu-Zhu-Belkin) against closed forms and 256-bit MPFR eigenvalues: the certified mu
// never exceeds the true infimum of lambda_min(K) and is tight for linear systems; the
// Rayleigh upper bounds never fall below it; verdicts agree with Chatterjee's where both hold.
#include <doctest/doctest.h>

#include <cmath>
#include <random>

#include "arith/with_precision.hpp"
#include "bound/interval_matrix.hpp"
#include "bound/verified_eigen.hpp"
#include "criteria/chatterjee.hpp"
#include "bound/system_constants.hpp"
#include "criteria/plstar.hpp"
#include "expr/evaluator.hpp"
#include "mpfr_reference.hpp"
#include "reference_problems.hpp"
#include "test_options.hpp"

using namespace gdcert;
using gdcert::test::Big;

namespace {

PlStarOptions fast() { return test::budget_options<PlStarOptions>(3, 150); }

std::vector<ExactNumber> exact_point(const std::vector<double>& x) {
  std::vector<ExactNumber> out;
  for (double v : x) out.push_back(exact_double(v));
  return out;
}

// Row i of A w as text, and the matrix itself (small integers and halves: exact doubles).
struct Linear {
  Eigen::MatrixXd A;
  std::vector<std::string> rows, vars;
};
Linear linear_system(int n, int p, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> d(-6, 6);
  Linear l{Eigen::MatrixXd(n, p), {}, testing::numbered_vars(p)};
  for (int i = 0; i < n; ++i) {
    std::string s;
    for (int j = 0; j < p; ++j) {
      l.A(i, j) = d(rng) / 2.0;
      s += (j ? " + " : "") + std::string("(") + std::to_string(l.A(i, j)) + ")*x" + std::to_string(j + 1);
    }
    l.rows.push_back(s);
  }
  return l;
}

}  // namespace

TEST_CASE("linear F(w) = A w: mu equals lambda_min(A A^T), certified within 1e-10 and never above") {
  for (unsigned seed : {1u, 2u, 3u}) {
    Linear l = linear_system(3, 5, seed);
    gdcert::test::Bracket ref = gdcert::test::lambda_min_bracket(gdcert::test::gram_big(l.A));
    REQUIRE(ref.lo > 0);
    PlSystem sys = pl_system_from_targets(l.rows, {"1", "-2", "0.5"}, l.vars, "");
    std::vector<ExactNumber> c(5, parse_number("0.1"));
    PlStarOptions o = fast();
    o.use_perturbation = false;  // the per-box kernel bound must be tight by itself
    PlStarResult r = check_plstar(sys, c, parse_number("0.5"), o);
    CAPTURE(seed);
    CHECK(Big(r.mu_lower) <= ref.lo);
    CHECK(Big(r.mu_lower) >= ref.lo * Big(1 - 1e-10));
    CHECK(Big(r.mu_upper) >= ref.hi);  // the Rayleigh bound is an upper bound
    // With the perturbation bound (K constant: hess = 0) the same holds.
    PlStarResult r2 = check_plstar(sys, c, parse_number("0.5"), fast());
    CHECK(Big(r2.mu_lower) <= ref.lo);
    CHECK(Big(r2.mu_lower) >= ref.lo * Big(1 - 1e-10));
  }
}

TEST_CASE("--scale c: L = c |r|^2 means K = 2c J J^T") {
  Linear l = linear_system(2, 3, 7);
  std::string text = l.rows[0] + "; " + l.rows[1];
  gdcert::test::Bracket ref = gdcert::test::lambda_min_bracket(gdcert::test::gram_big(l.A));
  for (const char* c : {"1", "3", "0.1"}) {
    PlSystem sys = pl_system_from_residuals(Objective::from_residuals(text, l.vars, parse_number(c)));
    PlStarResult r = check_plstar(sys, exact_point({0, 0, 0}), parse_number("1"), fast());
    Big two_c = Big(2) * Big(c);  // 0.1 at 256 bits: far inside the 1e-10 tolerance below
    CAPTURE(c);
    CHECK(Big(r.mu_lower) <= two_c * ref.lo * Big(1 + 1e-60));
    CHECK(Big(r.mu_lower) >= two_c * ref.lo * Big(1 - 1e-10));
    // |F(w0) - y| = sqrt(2c) |r(w0)|, r(0) = 0 here: the linear system is at its zero.
    CHECK(r.residual_norm.lower() <= 0);
  }
}

TEST_CASE("output map tanh (Theorem 3): F(w) = w, K = (1 - tanh(w)^2)^2, inf at |w0| + r") {
  PlSystem sys = pl_system_from_targets({"x"}, {"0.38"}, {"x"}, "tanh");
  double t = std::tanh(0.65);
  double exact = (1 - t * t) * (1 - t * t);
  PlStarOptions o = fast();
  o.claimed_mu = exact_double(exact * 0.999);  // makes the search prove mu close to the infimum
  PlStarResult r = check_plstar(sys, {parse_number("0.4")}, parse_number("0.25"), o);
  CHECK(r.mu_lower <= exact * (1 + 1e-12));
  CHECK(r.mu_lower >= exact * 0.999);
  CHECK(r.mu_upper >= exact * (1 - 1e-12));
  CHECK(r.rho > 0);
  CHECK(r.rho <= 1 - t * t + 1e-12);
  CHECK(r.verdict == Verdict::Certified);  // |tanh(0.4) - 0.38| < 1e-4: R well below r
}

TEST_CASE("residual problems: PL* certified near non-singular zeros; where Chatterjee also certifies, both agree") {
  for (const auto& prob : testing::reference_problems()) {
    if (prob.singular) continue;
    CAPTURE(prob.name);
    std::vector<double> c = prob.zero;
    for (std::size_t i = 0; i < c.size(); ++i) c[i] += 1e-6 * (i % 2 ? -1 : 1);  // Theorem 6 needs |F(w0) - y| <~ r mu / (2 L_F)
    Objective f = Objective::from_residuals(prob.residuals, prob.vars, parse_number("1"));
    PlSystem sys = pl_system_from_residuals(f);
    ExactNumber radius = parse_number("0.05");
    PlStarResult r = check_plstar(sys, exact_point(c), radius, fast());
    CHECK(r.verdict == Verdict::Certified);
    CHECK(r.R_required <= 0.05);
    CHECK(r.mu_lower <= r.mu_upper);
    CHECK(r.step > 0);
    CHECK(r.rate < 1);
    REQUIRE(r.iterations.has_value());
    // Consistency: Chatterjee on the same ball also proves a zero in it.
    ChatterjeeOptions co;
    co.budget.seconds = 3;
    ChatterjeeResult cr = check_chatterjee(f, exact_point(c), radius, co);
    if (cr.verdict == Verdict::Certified) CHECK(r.R_required <= 0.05);
    CHECK(cr.verdict != Verdict::Refuted);
    // The zero itself lies in both balls (|zero - c| < R <= r).
    double d2 = 0;
    for (std::size_t i = 0; i < c.size(); ++i) d2 += (c[i] - prob.zero[i]) * (c[i] - prob.zero[i]);
    CHECK(std::sqrt(d2) <= r.R_required);
  }
}

TEST_CASE("Powell singular: PL* never certified around its singular zero") {
  const auto probs = testing::reference_problems();
  const auto& prob = probs.back();
  REQUIRE(prob.singular);
  PlSystem sys = pl_system_from_residuals(Objective::from_residuals(prob.residuals, prob.vars, parse_number("1")));
  for (const char* r : {"1", "0.1", "0.01", "0.001"}) {
    for (double off : {0.0, 1e-3, 0.05}) {
      PlStarOptions o = fast();
      o.budget.seconds = 0.5;
      PlStarResult res = check_plstar(sys, exact_point({off, -off, off, off}), parse_number(r), o);
      CAPTURE(r);
      CAPTURE(off);
      CHECK(res.verdict != Verdict::Certified);
    }
  }
}

TEST_CASE("tampering: a claimed mu above the true infimum is refuted with a witness") {
  Linear l = linear_system(2, 3, 11);
  PlSystem lin = pl_system_from_targets({l.rows[0], l.rows[1]}, {"1", "1"}, l.vars, "");
  gdcert::test::Bracket ref = gdcert::test::lambda_min_bracket(gdcert::test::gram_big(l.A));
  double lam = static_cast<double>(ref.lo);
  PlStarOptions o = fast();
  o.claimed_mu = exact_double(lam * 1.01);
  PlStarResult r = check_plstar(lin, exact_point({0, 0, 0}), parse_number("0.1"), o);
  CHECK(r.verdict == Verdict::Refuted);
  REQUIRE(r.witness.has_value());
  CHECK(Big(r.witness->mu_upper) >= ref.lo);  // still a true upper bound
  o.claimed_mu = exact_double(lam * 0.99);
  CHECK(check_plstar(lin, exact_point({0, 0, 0}), parse_number("0.1"), o).verdict != Verdict::Refuted);

  // Non-linear: Rosenbrock near its zero; the witness point's lambda_min, recomputed from an
  // MPFR Gram matrix of the double Jacobian there, is below the claim.
  Objective f = Objective::from_residuals("10*(y - x^2); 1 - x", {"x", "y"}, parse_number("1"));
  PlSystem rb = pl_system_from_residuals(f);
  PlStarResult honest = check_plstar(rb, exact_point({1.001, 0.999}), parse_number("0.05"), fast());
  REQUIRE(std::isfinite(honest.mu_upper));
  o.claimed_mu = exact_double(honest.mu_upper * 1.05);
  PlStarResult t = check_plstar(rb, exact_point({1.001, 0.999}), parse_number("0.05"), o);
  CHECK(t.verdict == Verdict::Refuted);
  REQUIRE(t.witness.has_value());
  double x = t.witness->point[0];
  // J = [[-20x, 10], [-1, 0]] (exact in doubles up to the product 20x: take the bracket there).
  Eigen::MatrixXd J(2, 2);
  J << -20 * x, 10, -1, 0;
  gdcert::test::Bracket w = gdcert::test::lambda_min_bracket(gdcert::test::gram_big(J));
  CHECK(Big(2) * w.hi < Big(o.claimed_mu->nearest) * Big(1 + 1e-6));
  CHECK(t.witness->mu_upper >= static_cast<double>(Big(2) * w.lo) * (1 - 1e-6));
}

TEST_CASE("verified lambda_min and the Rayleigh upper bounds bracket MPFR on hard matrices") {
  using gdcert::test::BigMatrix;
  auto check_sym = [](const Eigen::MatrixXd& a, const BigMatrix& big) {
    gdcert::test::Bracket ref = gdcert::test::lambda_min_bracket(big);
    EigenBound b = verified_lambda_min(a);
    if (b.proved) CHECK(Big(b.lower) <= ref.lo);
    CHECK(Big(lambda_min_upper(IntervalMatrix::from_point(a))) >= ref.hi);
  };
  // Hilbert 8x8 (entries rounded to doubles: the reference is of the rounded matrix).
  Eigen::MatrixXd h(8, 8);
  for (int i = 0; i < 8; ++i)
    for (int j = 0; j < 8; ++j) h(i, j) = 1.0 / (i + j + 1);
  check_sym(h, gdcert::test::to_big(h));
  // Wilkinson W21+ and W21- (the latter has a negative smallest eigenvalue).
  for (int sign : {1, -1}) {
    Eigen::MatrixXd w = Eigen::MatrixXd::Zero(21, 21);
    for (int i = 0; i < 21; ++i) {
      w(i, i) = sign > 0 ? std::abs(10 - i) : 10 - i;
      if (i + 1 < 21) w(i, i + 1) = w(i + 1, i) = 1;
    }
    check_sym(w, gdcert::test::to_big(w));
  }
  // Nearly singular Gram matrices J J^T: two rows almost parallel.
  for (double delta : {1e-4, 1e-7, 1e-10}) {
    Eigen::MatrixXd J(3, 4);
    J << 1, 2, 3, 4, 1, 2, 3, 4 + delta, 0.5, -1, 0, 2;
    gdcert::test::Bracket ref = gdcert::test::lambda_min_bracket(gdcert::test::gram_big(J));
    EigenBound b = verified_gram_lambda_min(IntervalMatrix::from_point(J));
    if (b.proved) CHECK(Big(b.lower) <= ref.lo);
    CHECK(Big(gram_lambda_min_upper(IntervalMatrix::from_point(J))) >= ref.hi);
  }
}

TEST_CASE("PL*_eps: more equations than unknowns, certified only where L >= eps") {
  // F(x) = (x, 2x), y = (1, 2.02): no exact solution, min L = 1/2 (0.02^2)/5 * ... > 0 tiny.
  PlSystem sys = pl_system_from_targets({"x", "2*x"}, {"1", "2.02"}, {"x"}, "");
  PlStarOptions o = fast();
  PlStarResult plain = check_plstar(sys, {parse_number("1.1")}, parse_number("0.3"), o);
  CHECK(plain.verdict == Verdict::Refuted);  // n > p: K singular, no mu > 0
  o.eps = parse_number("0.001");
  PlStarResult r = check_plstar(sys, {parse_number("1.1")}, parse_number("0.3"), o);
  // Exact: L(x) = 1/2 ((x-1)^2 + (2x-2.02)^2); |L'|^2 / (2L) is minimised where L is largest.
  auto ratio = [](double x) {
    double L = 0.5 * ((x - 1) * (x - 1) + (2 * x - 2.02) * (2 * x - 2.02));
    double g = (x - 1) + 2 * (2 * x - 2.02);
    return g * g / (2 * L);
  };
  double inf_ratio = INFINITY;
  for (int i = 0; i <= 20000; ++i) {
    double x = 0.8 + 0.6 * i / 20000.0;
    double L = 0.5 * ((x - 1) * (x - 1) + (2 * x - 2.02) * (2 * x - 2.02));
    if (L >= 0.001) inf_ratio = std::min(inf_ratio, ratio(x));
  }
  CHECK(r.mu_lower <= inf_ratio * (1 + 1e-9));
  CHECK(r.mu_lower > 0);
  CHECK(r.verdict == Verdict::Certified);
  REQUIRE(r.iterations.has_value());
}

TEST_CASE("MPFR intervals and radius search") {
  Objective f = Objective::from_residuals("10*(y - x^2); 1 - x", {"x", "y"}, parse_number("1"));
  PlSystem sys = pl_system_from_residuals(f);
  PrecisionScope scope(128);
  PlStarResult r =
      check_plstar(sys, exact_point({1.000001, 0.999999}), parse_number("0.05"), at_precision_of<MpInterval>(fast()));
  CHECK(r.verdict == Verdict::Certified);
  CHECK(r.precision == 128);
  PlStarOptions o = fast();
  o.budget.seconds = 4;
  PlStarResult a = search_radius_plstar(sys, exact_point({1.00001, 1.00002}), o);
  CHECK(a.verdict == Verdict::Certified);
  CHECK(a.R_required <= a.radius.nearest);
}
