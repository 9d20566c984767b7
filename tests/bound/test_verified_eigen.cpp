// Verified lambda_min: every proved bound is compared with an MPFR (256-bit) bisection
// reference (Sylvester inertia); it must never exceed it, and must be tight where the
// problem is well conditioned.
#include <doctest/doctest.h>

#include <cmath>
#include <random>

#include "bound/ball_bounds.hpp"
#include "bound/verified_eigen.hpp"
#include "mpfr_reference.hpp"

using namespace gdcert;
using gdcert::test::Big;
using gdcert::test::BigMatrix;
using gdcert::test::Bracket;

namespace {

// The two entry points for a point matrix: they must agree on soundness.
struct PointInput {
  static EigenBound run(const Eigen::MatrixXd& a) { return verified_lambda_min(a); }
};
struct IntervalInput {
  static EigenBound run(const Eigen::MatrixXd& a) { return verified_lambda_min(IntervalMatrix::from_point(a)); }
};

Eigen::MatrixXd random_normal(std::mt19937_64& rng, Eigen::Index n, Eigen::Index p) {
  std::normal_distribution<double> normal;
  Eigen::MatrixXd j(n, p);
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index k = 0; k < p; ++k) j(i, k) = normal(rng);
  return j;
}

Eigen::MatrixXd hilbert(Eigen::Index n) {
  Eigen::MatrixXd h(n, n);
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j < n; ++j) h(i, j) = 1.0 / static_cast<double>(i + j + 1);
  return h;
}

// Wilkinson's W_{2m+1}^+: diagonal |m - i|, ones next to it.
Eigen::MatrixXd wilkinson_plus(Eigen::Index m) {
  const Eigen::Index n = 2 * m + 1;
  Eigen::MatrixXd w = Eigen::MatrixXd::Zero(n, n);
  for (Eigen::Index i = 0; i < n; ++i) {
    w(i, i) = static_cast<double>(std::abs(m - i));
    if (i + 1 < n) w(i, i + 1) = w(i + 1, i) = 1;
  }
  return w;
}

// The core soundness assertion: lower <= lambda_min (via the bracket's lower end, which the
// inertia count certified as below the spectrum). Returns the relative gap for tightness checks.
double check_sound(const EigenBound& b, const Bracket& ref) {
  CAPTURE(b.method);
  CAPTURE(b.lower);
  CAPTURE(b.estimate);
  CHECK(b.proved);
  CHECK(Big(b.lower) <= ref.lo);
  const double lam = static_cast<double>(ref.lo);
  return std::fabs(lam - b.lower) / std::fabs(lam);
}

// A random symmetric member of m (upper triangle sampled, mirrored).
Eigen::MatrixXd symmetric_member(std::mt19937_64& rng, const IntervalMatrix& m) {
  std::uniform_real_distribution<double> unif(0, 1);
  Eigen::MatrixXd a(m.rows(), m.cols());
  for (Eigen::Index i = 0; i < m.rows(); ++i)
    for (Eigen::Index j = i; j < m.cols(); ++j) {
      const Interval& x = m(i, j);
      const double u = unif(rng);
      const double t = u < 0.3 ? x.lower() : u < 0.6 ? x.upper() : x.lower() + unif(rng) * (x.upper() - x.lower());
      a(i, j) = a(j, i) = std::clamp(t, x.lower(), x.upper());
    }
  return a;
}

}  // namespace

TEST_CASE_TEMPLATE("Hilbert 8x8: positive and below the reference", In, PointInput, IntervalInput) {
  const Eigen::MatrixXd h = hilbert(8);
  const EigenBound b = In::run(h);
  const Bracket ref = gdcert::test::lambda_min_bracket(gdcert::test::to_big(h));
  const double gap = check_sound(b, ref);
  CHECK(b.lower > 0);
  CHECK(static_cast<double>(ref.lo) == doctest::Approx(1.11e-10).epsilon(0.01));
  CHECK(gap < 1e-3);
  MESSAGE("Hilbert 8 (double entries): bound " << b.lower << " ref " << static_cast<double>(ref.lo)
                                               << " rel gap " << gap << " via " << b.method);
}

TEST_CASE("Hilbert 8x8 with exact rational entries enclosed") {
  IntervalMatrix h(8, 8);
  for (Eigen::Index i = 0; i < 8; ++i)
    for (Eigen::Index j = 0; j < 8; ++j) h(i, j) = Interval(1.0) / Interval(static_cast<double>(i + j + 1));
  const EigenBound b = verified_lambda_min(h);
  const Bracket ref = gdcert::test::lambda_min_bracket(gdcert::test::hilbert_big(8));
  const double gap = check_sound(b, ref);
  CHECK(b.lower > 0);
  MESSAGE("Hilbert 8 (exact, interval): bound " << b.lower << " ref " << static_cast<double>(ref.lo)
                                                << " rel gap " << gap << " via " << b.method);
}

TEST_CASE_TEMPLATE("Wilkinson W21+: negative lambda_min is never claimed positive", In, PointInput, IntervalInput) {
  const Eigen::MatrixXd w = wilkinson_plus(10);
  const EigenBound b = In::run(w);
  const Bracket ref = gdcert::test::lambda_min_bracket(gdcert::test::to_big(w));
  check_sound(b, ref);
  CHECK(b.lower < 0);
  CHECK(std::fabs(b.lower - static_cast<double>(ref.lo)) < 1e-12);

  const Eigen::MatrixXd shifted = w + 2 * Eigen::MatrixXd::Identity(21, 21);
  const EigenBound bs = In::run(shifted);
  const double gap = check_sound(bs, gdcert::test::lambda_min_bracket(gdcert::test::to_big(shifted)));
  CHECK(bs.lower > 0);
  CHECK(gap < 1e-10);
}

TEST_CASE_TEMPLATE("random Gram matrices J J^T, J 20 x 30", In, PointInput, IntervalInput) {
  std::mt19937_64 rng(2024);
  for (int rep = 0; rep < 3; ++rep) {
    const Eigen::MatrixXd j = random_normal(rng, 20, 30);
    const Eigen::MatrixXd g = j * j.transpose();  // a double matrix: the reference uses it as is
    const EigenBound b = In::run(g);
    const double gap = check_sound(b, gdcert::test::lambda_min_bracket(gdcert::test::to_big(g)));
    CHECK(b.lower > 0);
    CHECK(gap < 1e-6);
    if (rep == 0) MESSAGE("Gram 20x30: bound " << b.lower << " rel gap " << gap << " via " << b.method);
  }
}

TEST_CASE("verified_gram_lambda_min against the exact J J^T") {
  std::mt19937_64 rng(99);
  for (int rep = 0; rep < 3; ++rep) {
    const Eigen::MatrixXd j = random_normal(rng, 20, 30);
    const EigenBound b = verified_gram_lambda_min(IntervalMatrix::from_point(j));
    const double gap = check_sound(b, gdcert::test::lambda_min_bracket(gdcert::test::gram_big(j)));
    CHECK(b.lower > 0);
    CHECK(gap < 1e-6);
  }
}

TEST_CASE("nearly singular Gram matrices") {
  std::mt19937_64 rng(17);
  std::normal_distribution<double> normal;
  for (double eps : {6e-4, 2e-4}) {
    Eigen::MatrixXd j = random_normal(rng, 20, 30);
    for (Eigen::Index k = 0; k < 30; ++k) j(19, k) = j(0, k) + eps * normal(rng);  // rows nearly dependent
    const EigenBound b = verified_gram_lambda_min(IntervalMatrix::from_point(j));
    const Bracket ref = gdcert::test::lambda_min_bracket(gdcert::test::gram_big(j));
    const Bracket top = gdcert::test::lambda_max_bracket(gdcert::test::gram_big(j));
    const double rel = static_cast<double>(ref.lo / top.hi);
    CAPTURE(rel);
    CHECK(rel < 1e-7);
    CHECK(rel > 1e-10);
    const double gap = check_sound(b, ref);
    CHECK(b.lower > 0);
    CHECK(gap < 1e-3);
    MESSAGE("nearly singular Gram (lambda_min/lambda_max = " << rel << "): bound " << b.lower
                                                             << " ref " << static_cast<double>(ref.lo) << " rel gap " << gap);
  }
}

TEST_CASE_TEMPLATE("diagonal matrices", In, PointInput, IntervalInput) {
  for (Eigen::Index n : {3, 8, 40}) {
    Eigen::VectorXd d(n);
    for (Eigen::Index i = 0; i < n; ++i) d(i) = std::pow(10.0, 3.0 - 6.0 * static_cast<double>(i) / static_cast<double>(n - 1));
    const Eigen::MatrixXd a = d.asDiagonal();
    const EigenBound b = In::run(a);
    const double lam = d.minCoeff();
    CHECK(b.proved);
    CAPTURE(n);
    CAPTURE(b.method);
    CHECK(b.lower <= lam);  // the eigenvalues are the (exact) diagonal entries
    // Rump's shift is ~ n u trace: the loss is relative to the largest entry.
    CHECK(lam - b.lower <= 1e-12 * static_cast<double>(n) * d.maxCoeff());
    if (n <= 8) CHECK(b.lower >= lam * (1 - 1e-14));  // interval Cholesky is exact here
  }
}

TEST_CASE_TEMPLATE("matrices with a negative eigenvalue are not claimed positive", In, PointInput, IntervalInput) {
  Eigen::MatrixXd a(2, 2);
  a << 1, 2, 2, 1;  // eigenvalues 3, -1
  EigenBound b = In::run(a);
  CHECK(b.lower <= -1);

  // A Gram matrix shifted just below singularity: lambda_min ~ -1e-7 relative to its norm.
  std::mt19937_64 rng(5);
  Eigen::MatrixXd j = random_normal(rng, 12, 20);
  j.row(11) = j.row(3) + 1e-4 * random_normal(rng, 1, 20);
  const Eigen::MatrixXd g = j * j.transpose();
  const Bracket g_ref = gdcert::test::lambda_min_bracket(gdcert::test::to_big(g));
  const Eigen::MatrixXd h = g - 2 * static_cast<double>(g_ref.hi) * Eigen::MatrixXd::Identity(12, 12);
  const Bracket ref = gdcert::test::lambda_min_bracket(gdcert::test::to_big(h));
  REQUIRE(ref.hi < 0);
  b = In::run(h);
  if (b.proved) CHECK(Big(b.lower) <= ref.lo);
  CHECK(b.lower < 0);
}

TEST_CASE("interval matrices: every sampled symmetric member is above the bound") {
  std::mt19937_64 rng(77);
  std::uniform_real_distribution<double> unif(0, 1);
  struct Case { Eigen::Index n, p; double rad; };
  for (const Case& c : {Case{20, 30, 1e-6}, Case{5, 7, 1e-2}, Case{5, 7, 0.3}, Case{12, 12, 1e-4}}) {
    CAPTURE(c.n);
    CAPTURE(c.rad);
    const Eigen::MatrixXd j = random_normal(rng, c.n, c.p);
    const Eigen::MatrixXd g = j * j.transpose();
    Eigen::MatrixXd r(c.n, c.n);
    for (Eigen::Index a = 0; a < c.n; ++a)
      for (Eigen::Index b = a; b < c.n; ++b) r(a, b) = r(b, a) = c.rad * unif(rng);
    const IntervalMatrix m = IntervalMatrix::from_mid_rad(g, r);
    const EigenBound b = verified_lambda_min(m);
    CAPTURE(b.method);
    CAPTURE(b.lower);
    CHECK(b.proved);
    for (int t = 0; t < 8; ++t) {
      const Eigen::MatrixXd a = symmetric_member(rng, m);
      CHECK(Big(b.lower) <= gdcert::test::lambda_min_bracket(gdcert::test::to_big(a)).lo);
    }
    // Weyl with ||Mr||_2 <= n rad cannot lose more than that against the centre.
    const Bracket centre = gdcert::test::lambda_min_bracket(gdcert::test::to_big(g));
    CHECK(b.lower >= static_cast<double>(centre.lo) - static_cast<double>(c.n) * c.rad - 1e-9);
  }
}

TEST_CASE("verified_gram_lambda_min over an interval Jacobian") {
  std::mt19937_64 rng(31);
  std::uniform_real_distribution<double> unif(-1, 1);
  const Eigen::MatrixXd jc = random_normal(rng, 15, 25);
  const Eigen::MatrixXd jr = Eigen::MatrixXd::Constant(15, 25, 1e-7);
  const IntervalMatrix j = IntervalMatrix::from_mid_rad(jc, jr);
  const EigenBound b = verified_gram_lambda_min(j);
  CHECK(b.proved);
  CHECK(b.lower > 0);
  for (int t = 0; t < 6; ++t) {
    Eigen::MatrixXd a = jc;
    for (Eigen::Index i = 0; i < 15; ++i)
      for (Eigen::Index k = 0; k < 25; ++k) a(i, k) = std::clamp(jc(i, k) + 1e-7 * unif(rng), j(i, k).lower(), j(i, k).upper());
    REQUIRE(j.contains(a));
    CHECK(Big(b.lower) <= gdcert::test::lambda_min_bracket(gdcert::test::gram_big(a)).lo);
  }

  const EigenBound wide = verified_gram_lambda_min(IntervalMatrix::from_point(random_normal(rng, 6, 4)));
  CHECK_FALSE(wide.proved);  // n > p: sigma_min is 0 and the tool must say so
  CHECK(wide.lower == -std::numeric_limits<double>::infinity());
}

TEST_CASE("1 x 1 and invalid inputs") {
  Eigen::MatrixXd a(1, 1);
  a << 0.1;
  EigenBound b = verified_lambda_min(a);
  CHECK(b.proved);
  CHECK(b.lower == 0.1);
  IntervalMatrix m(1, 1);
  m(0, 0) = Interval(-2, 5);
  CHECK(verified_lambda_min(m).lower == -2);
  CHECK_THROWS_AS(verified_lambda_min(Eigen::MatrixXd(2, 3)), std::invalid_argument);
  Eigen::MatrixXd bad = Eigen::MatrixXd::Identity(3, 3);
  bad(0, 2) = std::nan("");
  CHECK_FALSE(verified_lambda_min(bad).proved);
}

TEST_CASE("the Cholesky tests never prove a shift above lambda_min") {
  // Sweep shifts across lambda_min (within a few units of the proof's resolution) and check
  // every "proved" answer against the reference.
  std::mt19937_64 rng(8);
  for (Eigen::Index n : {6, 25}) {
    const Eigen::MatrixXd j = random_normal(rng, n, n + 3);
    const Eigen::MatrixXd g = j * j.transpose();
    const Bracket ref = gdcert::test::lambda_min_bracket(gdcert::test::to_big(g));
    const double lam = static_cast<double>(ref.lo);
    const IntervalMatrix gi = IntervalMatrix::from_point(g);
    int rump_yes = 0, interval_yes = 0;
    for (int k = -40; k <= 400; ++k) {
      const double s = lam * (1 - k * 1e-12);
      if (rump_proves_positive_definite(g, s)) {
        ++rump_yes;
        CHECK(Big(s) < ref.hi);
      }
      if (n <= 8 && interval_cholesky_proves_positive_definite(gi, s)) {
        ++interval_yes;
        CHECK(Big(s) < ref.hi);
      }
    }
    CHECK(rump_yes > 0);  // it does prove something this close
    if (n <= 8) CHECK(interval_yes > 0);
  }
  // Indefinite and semidefinite matrices are rejected at shift 0.
  Eigen::MatrixXd z = Eigen::MatrixXd::Ones(4, 4);  // rank one, lambda_min = 0
  CHECK_FALSE(rump_proves_positive_definite(z, 0.0));
  CHECK_FALSE(interval_cholesky_proves_positive_definite(IntervalMatrix::from_point(z), 0.0));
  CHECK(rump_proves_positive_definite(z, -1e-12));
}

TEST_CASE("symmetric_nonneg_norm2_upper bounds the spectral radius") {
  std::mt19937_64 rng(4);
  std::uniform_real_distribution<double> unif(0, 1);
  for (Eigen::Index n : {3, 10, 30}) {
    Eigen::MatrixXd r(n, n);
    for (Eigen::Index a = 0; a < n; ++a)
      for (Eigen::Index b = a; b < n; ++b) r(a, b) = r(b, a) = unif(rng) < 0.3 ? 0.0 : unif(rng);
    const double bound = symmetric_nonneg_norm2_upper(r);
    CHECK(Big(bound) >= gdcert::test::lambda_max_bracket(gdcert::test::to_big(r)).hi);
    CHECK(bound <= r.rowwise().sum().maxCoeff() * (1 + 1e-12));
  }
  CHECK(symmetric_nonneg_norm2_upper(Eigen::MatrixXd::Zero(4, 4)) == 0);
  CHECK(symmetric_nonneg_norm2_upper(Eigen::MatrixXd::Identity(4, 4)) == 1);
}

TEST_CASE("the blocked Cholesky is bit-for-bit the theorem's left-to-right model") {
  // Rump's theorem is about one specific floating-point algorithm; the fast right-looking,
  // panelled evaluation must reproduce it exactly (n > panel size to cross panels).
  std::mt19937_64 rng(12);
  const Eigen::Index n = 75;
  const Eigen::MatrixXd j = random_normal(rng, n, n + 10);
  const Eigen::MatrixXd a = j * j.transpose();
  RowMatrix w = a;
  REQUIRE(floating_point_cholesky(w));
  Eigen::MatrixXd r = Eigen::MatrixXd::Zero(n, n);
  for (Eigen::Index i = 0; i < n; ++i) {
    double s = a(i, i);
    for (Eigen::Index k = 0; k < i; ++k) s = s - r(k, i) * r(k, i);
    r(i, i) = std::sqrt(s);
    for (Eigen::Index c = i + 1; c < n; ++c) {
      double t = a(i, c);
      for (Eigen::Index k = 0; k < i; ++k) t = t - r(k, i) * r(k, c);
      r(i, c) = t / r(i, i);
    }
  }
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index c = i; c < n; ++c) CHECK(w(i, c) == r(i, c));

  RowMatrix bad = -Eigen::MatrixXd::Identity(3, 3);
  CHECK_FALSE(floating_point_cholesky(bad));
}

TEST_CASE("a default EigenBound claims nothing (a centre that is not defined copies it: fuzz finding)") {
  EigenBound b;
  CHECK_FALSE(b.proved);
  CHECK(b.lower == -INFINITY);
  CentreBounds c;
  CentreBounds moved = std::move(c);
  CHECK_FALSE(moved.lambda_min.proved);
}
