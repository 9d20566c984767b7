// IntervalMatrix: midpoint/radius consistency, Gram containment and norm bounds, each checked
// against MPFR (256-bit) references computed from sampled member matrices.
#include <doctest/doctest.h>

#include <cmath>
#include <random>

#include "bound/interval_matrix.hpp"
#include "mpfr_reference.hpp"

using namespace gdcert;
using gdcert::test::Big;
using gdcert::test::BigMatrix;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// n x p interval matrix with normal midpoints (row i scaled by row_scale^i) and radii
// rel_rad * |mid| (0 for a point matrix).
IntervalMatrix random_interval_matrix(std::mt19937_64& rng, Eigen::Index n, Eigen::Index p,
                                      double rel_rad, double scale = 1, double row_scale = 1) {
  std::normal_distribution<double> normal;
  std::uniform_real_distribution<double> unif(0, 1);
  Eigen::MatrixXd mid(n, p), rad(n, p);
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j < p; ++j) {
      mid(i, j) = scale * std::pow(row_scale, static_cast<double>(i)) * normal(rng);
      rad(i, j) = rel_rad * unif(rng) * std::fabs(mid(i, j));
    }
  return IntervalMatrix::from_mid_rad(mid, rad);
}

// A member: each entry an endpoint or a point inside, chosen at random.
Eigen::MatrixXd sample_member(std::mt19937_64& rng, const IntervalMatrix& m) {
  std::uniform_int_distribution<int> pick(0, 2);
  std::uniform_real_distribution<double> unif(0, 1);
  Eigen::MatrixXd a(m.rows(), m.cols());
  for (Eigen::Index i = 0; i < m.rows(); ++i)
    for (Eigen::Index j = 0; j < m.cols(); ++j) {
      const Interval& x = m(i, j);
      const int k = pick(rng);
      const double t = x.lower() + unif(rng) * (x.upper() - x.lower());
      a(i, j) = k == 0 ? x.lower() : k == 1 ? x.upper() : std::clamp(t, x.lower(), x.upper());
    }
  REQUIRE(m.contains(a));
  return a;
}

// Wrappers so TEST_CASE_TEMPLATE runs every Gram variant through the same checks.
struct EntrywiseGram { static IntervalMatrix run(const IntervalMatrix& j) { return gram_entrywise(j); } };
struct MidradGram { static IntervalMatrix run(const IntervalMatrix& j) { return gram_midrad(j); } };
struct AutoGram { static IntervalMatrix run(const IntervalMatrix& j) { return gram(j); } };

// Every entry of g contains the exact value e(i, j) (computed at 256 bits; the slack
// 2^-240 |e| covers that rounding and is far below one double ulp).
void check_contains(const IntervalMatrix& g, const BigMatrix& e) {
  const Big slack = boost::multiprecision::ldexp(Big(1), -240);
  for (Eigen::Index a = 0; a < g.rows(); ++a)
    for (Eigen::Index b = 0; b < g.cols(); ++b) {
      const Big x = e(a, b), tol = slack * abs(x);
      CHECK(Big(g(a, b).lower()) <= x - tol);
      CHECK(Big(g(a, b).upper()) >= x + tol);
    }
}

}  // namespace

TEST_CASE("midpoint and radius enclose every entry") {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> unif(-1, 1);
  IntervalMatrix m(4, 5);
  for (Eigen::Index i = 0; i < 4; ++i)
    for (Eigen::Index j = 0; j < 5; ++j) {
      const double a = unif(rng) * std::pow(10.0, 3 * static_cast<double>(i) - 4);
      const double w = std::fabs(unif(rng)) * std::pow(10.0, -4.0 * static_cast<double>(j));
      m(i, j) = Interval(a, a + w);  // a + w rounded: still a valid upper end
    }
  m(0, 0) = Interval(0.1, next_up(0.1));
  m(0, 1) = Interval(-3.0);
  m(3, 4) = Interval(-kInf, 2.0);
  const Eigen::MatrixXd c = m.midpoint(), r = m.radius();
  for (Eigen::Index i = 0; i < 4; ++i)
    for (Eigen::Index j = 0; j < 5; ++j) {
      CHECK(contains(m(i, j), c(i, j)));
      CHECK(r(i, j) >= 0);
      if (std::isinf(m(i, j).lower())) {
        CHECK(r(i, j) == kInf);
        continue;
      }
      CHECK(Big(c(i, j)) - Big(r(i, j)) <= Big(m(i, j).lower()));
      CHECK(Big(c(i, j)) + Big(r(i, j)) >= Big(m(i, j).upper()));
    }
  CHECK(r(0, 1) == 0);

  // from_mid_rad rounds outward: it contains the exact [mid - rad, mid + rad].
  Eigen::MatrixXd mid(1, 2), rad(1, 2);
  mid << 1.0, 1e16;
  rad << 1e-17, 1.0;
  const IntervalMatrix e = IntervalMatrix::from_mid_rad(mid, rad);
  for (Eigen::Index j = 0; j < 2; ++j) {
    CHECK(Big(e(0, j).lower()) <= Big(mid(0, j)) - Big(rad(0, j)));
    CHECK(Big(e(0, j).upper()) >= Big(mid(0, j)) + Big(rad(0, j)));
  }
  CHECK(e(0, 0).lower() < 1.0);
  CHECK(e(0, 0).upper() > 1.0);
  CHECK(IntervalMatrix::from_point(mid).contains(mid));
}

TEST_CASE_TEMPLATE("gram encloses A A^T for sampled members", G, EntrywiseGram, MidradGram, AutoGram) {
  std::mt19937_64 rng(11);
  struct Shape { Eigen::Index n, p; double rel_rad, scale, row_scale; };
  const Shape shapes[] = {
      {3, 5, 0.0, 1, 1},         // point matrix
      {3, 5, 1e-3, 1, 1},
      {20, 30, 1e-6, 1, 1},
      {12, 40, 0.0, 1, 3},       // rows of very different size
      {8, 16, 1e-2, 1e-160, 2},  // products in the subnormal range: the underflow term
      {6, 9, 0.5, 1e3, 1},       // wide intervals, sign changes
  };
  for (const Shape& s : shapes) {
    CAPTURE(s.n);
    CAPTURE(s.p);
    CAPTURE(s.scale);
    const IntervalMatrix j = random_interval_matrix(rng, s.n, s.p, s.rel_rad, s.scale, s.row_scale);
    const IntervalMatrix g = G::run(j);
    REQUIRE(g.rows() == s.n);
    REQUIRE(g.cols() == s.n);
    for (Eigen::Index a = 0; a < s.n; ++a) CHECK(g(a, a).lower() >= 0);
    for (int t = 0; t < 6; ++t) check_contains(g, gdcert::test::gram_big(sample_member(rng, j)));
    check_contains(g, gdcert::test::gram_big(j.midpoint()));
  }
}

TEST_CASE_TEMPLATE("gram of a point matrix is tight", G, EntrywiseGram, MidradGram) {
  // Not a soundness property, but a bound wider than ~p ulps would make the eigenvalue
  // proofs fail: width <= 4 (p + 2) u ||J_a|| ||J_b|| + tiny.
  std::mt19937_64 rng(5);
  const IntervalMatrix j = random_interval_matrix(rng, 10, 25, 0.0);
  const IntervalMatrix g = G::run(j);
  const Eigen::VectorXd norms = j.midpoint().rowwise().norm();
  const Eigen::MatrixXd aat = norms * norms.transpose();
  for (Eigen::Index r = 0; r < 10; ++r)
    for (Eigen::Index c = 0; c < 10; ++c)
      CHECK(width(g(r, c)) <= 4 * 27 * kUnitRoundoff * aat(r, c) + 1e-300);
}

TEST_CASE("gram with an unbounded entry falls back to entrywise intervals") {
  IntervalMatrix j(2, 3);
  j(0, 0) = Interval(1, kInf);
  j(1, 1) = Interval(2);
  const IntervalMatrix g = gram_midrad(j);
  CHECK(g(0, 0).upper() == kInf);
  CHECK(g(0, 0).lower() >= 1);
  CHECK(g(1, 1).lower() == 4);
  CHECK(g(0, 1).lower() == 0);
}

TEST_CASE("frobenius_upper and norm2_upper bound every member") {
  std::mt19937_64 rng(3);
  for (int rep = 0; rep < 6; ++rep) {
    const Eigen::Index n = 2 + 3 * rep, p = 30 - 4 * rep;
    const IntervalMatrix m = random_interval_matrix(rng, n, p, rep % 2 ? 1e-2 : 0.3, 1, 1.2);
    const double fro = frobenius_upper(m), n2 = norm2_upper(m);
    CHECK(n2 <= fro);
    for (int t = 0; t < 4; ++t) {
      const Eigen::MatrixXd a = sample_member(rng, m);
      Big f = 0;
      for (Eigen::Index i = 0; i < n; ++i)
        for (Eigen::Index k = 0; k < p; ++k) f += Big(a(i, k)) * Big(a(i, k));
      CHECK(Big(fro) * Big(fro) >= f);
      // ||A||_2 <= n2  <=>  n2^2 I - A^T A has no negative eigenvalue.
      const BigMatrix ata = gdcert::test::transpose_times_self(a);
      CHECK(gdcert::test::count_below(ata, Big(n2) * Big(n2)) == p);
    }
  }
}

TEST_CASE("norm bounds on closed forms") {
  // Rank one u v^T: ||.||_2 = ||.||_F = |u| |v|, so the bound is tight up to rounding.
  Eigen::VectorXd u(4), v(3);
  u << 1, -2, 0.5, 3;
  v << 0.25, 4, -1;
  const IntervalMatrix r1 = IntervalMatrix::from_point(u * v.transpose());
  const double exact = std::sqrt(14.25 * 17.0625);
  CHECK(norm2_upper(r1) >= exact * (1 - 1e-15));
  CHECK(norm2_upper(r1) <= exact * (1 + 1e-14));
  CHECK(Big(frobenius_upper(r1)) * Big(frobenius_upper(r1)) >= Big(14.25) * Big(17.0625));

  // Identity: sqrt(||I||_1 ||I||_inf) = 1 = ||I||_2 exactly, Frobenius is sqrt(n).
  const IntervalMatrix id = IntervalMatrix::from_point(Eigen::MatrixXd::Identity(10, 10));
  CHECK(norm2_upper(id) == 1.0);
  CHECK(frobenius_upper(id) >= std::sqrt(10.0));
  CHECK(norm1_upper(id) == 1.0);
  CHECK(norm_inf_upper(id) == 1.0);

  // diag(3, 1) with an interval entry: the bound 3 is attained by a member.
  IntervalMatrix d(2, 2);
  d(0, 0) = Interval(-3, 2);
  d(1, 1) = Interval(1);
  CHECK(norm2_upper(d) == 3.0);
}

TEST_CASE("gamma_upper bounds k u / (1 - k u)") {
  for (Eigen::Index k : {1, 2, 17, 1000, 123457, 1 << 30}) {
    const Big ku = Big(static_cast<double>(k)) * Big(kUnitRoundoff);
    CHECK(Big(gamma_upper(k)) >= ku / (1 - ku));
    CHECK(gamma_upper(k) <= 1.01 * static_cast<double>(k) * kUnitRoundoff / (1 - static_cast<double>(k) * kUnitRoundoff));
  }
  CHECK(gamma_upper(Eigen::Index(1) << 53) == kInf);
}
