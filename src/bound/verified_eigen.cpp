// Verified smallest eigenvalue: floating-point estimate, then a proof that M - s I is
// positive definite for a shift s just below it.
//
// Soundness argument, in three steps (M symmetric interval matrix, Mc its midpoint, Mr >= 0
// a radius with |A - Mc| <= Mr entrywise for every symmetric member A; both symmetric because
// they are built from the upper triangle only):
//  1. rump_proves_positive_definite(Mc, s) true  =>  Mc - s I is PD  =>  lambda_min(Mc) > s.
//  2. Weyl: lambda_min(A) >= lambda_min(Mc) - ||A - Mc||_2, and
//     ||A - Mc||_2 <= || |A - Mc| ||_2 <= ||Mr||_2 = rho(Mr) <= symmetric_nonneg_norm2_upper(Mr)
//     (Perron-Frobenius monotonicity; Collatz-Wielandt bound rounded up).
//     So lambda_min(A) >= s - rho_upper, subtracted with downward rounding.
//  3. Independently, for n <= 8, interval_cholesky_proves_positive_definite(M, s) true gives
//     lambda_min(A) > s for every member directly. The larger of the proved bounds is returned.
// The eigenvalue estimate only picks s; it never enters a bound.
#include "bound/verified_eigen.hpp"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <stdexcept>

#include "arith/rounding.hpp"

#ifdef __FAST_MATH__
#error "verified_eigen.cpp relies on IEEE round-to-nearest semantics: do not build with -ffast-math"
#endif

namespace gdcert {
namespace {

using Eigen::Index;

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr Index kSmall = 8;          // interval Cholesky and shift refinement up to this size
constexpr int kBackoffs = 10;        // shift attempts, each 8x further below the estimate
constexpr int kSmallRefineSteps = 40;
constexpr Index kMedium = 200;       // a few bisection steps on Rump's shift up to this size
constexpr int kMediumRefineSteps = 4;
constexpr Index kPanel = 32;         // row panel of the blocked Cholesky (cache reuse only)

}  // namespace

// Floating-point Cholesky A = R^T R (R upper triangular, stored over the upper triangle of w)
// with the operation order of the model in Rump's theorem / its Coq formalisation:
//   R_ij = fl((..((A_ij - R_0i R_0j) - R_1i R_1j) .. - R_{i-1,i} R_{i-1,j}) / R_ii),
//   R_jj = fl(sqrt(..(A_jj - R_0j^2) .. - R_{j-1,j}^2)),
// each product and difference rounded separately (no fma: the project builds with
// -ffp-contract=off, and Eigen's coefficient-wise expressions emit separate mul and sub).
// It is evaluated right-looking: step k subtracts R_ki R_kj from every later entry, so each
// entry still receives its subtractions in the order k = 0, 1, ..., and the inner loop over j
// vectorises. Returns true when every pivot is finite and positive ("runs to completion").
bool floating_point_cholesky(RowMatrix& w) {
  const Index n = w.rows();
  auto update_row = [&](Index i, Index k) {  // w(i, i..n-1) -= R_ki * R_k(i..n-1)
    const double rki = w(k, i);
    w.row(i).segment(i, n - i) -= rki * w.row(k).segment(i, n - i);
  };
  for (Index k0 = 0; k0 < n; k0 += kPanel) {
    const Index k1 = std::min(n, k0 + kPanel);
    for (Index k = k0; k < k1; ++k) {
      const double pivot = w(k, k);
      if (!(pivot > 0) || !std::isfinite(pivot)) return false;
      const double rkk = std::sqrt(pivot);
      w(k, k) = rkk;
      for (Index j = k + 1; j < n; ++j) w(k, j) = w(k, j) / rkk;  // a true division
      for (Index i = k + 1; i < k1; ++i) update_row(i, k);
    }
    for (Index i = k1; i < n; ++i)
      for (Index k = k0; k < k1; ++k) update_row(i, k);
  }
  return true;
}

namespace {

// Symmetric matrix from the upper triangle of a.
Eigen::MatrixXd symmetric_from_upper(const Eigen::MatrixXd& a) {
  Eigen::MatrixXd s = a.triangularView<Eigen::Upper>();
  s.triangularView<Eigen::StrictlyLower>() = a.transpose().triangularView<Eigen::StrictlyLower>();
  return s;
}

// Largest shift found with prove(s) true: s = est - delta, est - 8 delta, ..., then (when
// refine > 0) bisection towards the last failure. Every returned s passed prove(s).
template <class Prove>
std::optional<double> search_shift(Prove&& prove, double est, double delta0, int refine) {
  double delta = delta0, fail = est + delta0;
  std::optional<double> ok;
  for (int k = 0; k < kBackoffs; ++k, delta *= 8) {
    const double s = est - delta;
    if (prove(s)) {
      ok = s;
      break;
    }
    fail = s;
  }
  if (!ok) return ok;
  for (int r = 0; r < refine; ++r) {
    const double m = *ok + 0.5 * (fail - *ok);
    if (!(m > *ok && m < fail)) break;
    if (prove(m)) ok = m; else fail = m;
  }
  return ok;
}

EigenBound not_proved(double estimate, std::string why) {
  return {-kInf, estimate, false, std::move(why)};
}

// c: symmetric centre; rho: upper bound of ||A - c||_2 over the members; m: the interval
// matrix itself when available (nullptr for a point matrix).
EigenBound bound_symmetric(const Eigen::MatrixXd& c, double rho, const IntervalMatrix* m) {
  const Index n = c.rows();
  if (n == 0 || c.cols() != n) throw std::invalid_argument("verified_lambda_min: matrix must be square and non-empty");
  if (!c.allFinite() || std::isnan(rho)) return not_proved(std::nan(""), "non-finite input");
  if (n == 1) {
    const double lo = m ? (*m)(0, 0).lower() : c(0, 0);  // the eigenvalue is the entry
    if (!(lo > -kInf)) return not_proved(c(0, 0), "unbounded 1x1 entry");
    return {lo, c(0, 0), true, "exact-1x1"};
  }

  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(c, Eigen::EigenvaluesOnly);
  if (es.info() != Eigen::Success) return not_proved(std::nan(""), "eigensolver failed");
  const double est = es.eigenvalues()(0);
  const double scale = std::max(std::fabs(est), std::fabs(es.eigenvalues()(n - 1)));
  // First gap below the estimate: about twice Rump's shift constant
  // (gamma_{2n+2}/2 * trace of c - s I) plus the estimate's own error (~ n u ||c||).
  const double nd = static_cast<double>(n);
  const double delta0 = 2 * (nd + 1) * kUnitRoundoff * (c.diagonal().cwiseAbs().sum() + nd * std::fabs(est)) +
                        4 * nd * kUnitRoundoff * scale + std::numeric_limits<double>::min();
  const int refine = n <= kSmall ? kSmallRefineSteps : n <= kMedium ? kMediumRefineSteps : 0;

  EigenBound best = not_proved(est, "no positive-definiteness proof succeeded");
  auto rump = [&](double s) { return rump_proves_positive_definite(c, s); };
  if (auto s = search_shift(rump, est, delta0, refine)) {
    const double lower = sub_down(*s, rho);
    if (lower > -kInf) best = {lower, est, true, rho == 0 ? "rump-cholesky" : "rump-cholesky+weyl"};
  }
  if (n <= kSmall) {
    const IntervalMatrix point = m ? IntervalMatrix() : IntervalMatrix::from_point(c);
    const IntervalMatrix& im = m ? *m : point;
    auto interval = [&](double s) { return interval_cholesky_proves_positive_definite(im, s); };
    const double delta = std::isfinite(rho) ? add_up(delta0, rho) : delta0;
    if (auto s = search_shift(interval, est, delta, kSmallRefineSteps); s && (!best.proved || *s > best.lower))
      best = {*s, est, true, "interval-cholesky"};
  }
  return best;
}

}  // namespace

bool rump_proves_positive_definite(const Eigen::MatrixXd& a, double s) {
  // Theorem (Rump, "Verification of positive definiteness", BIT 46 (2006) 433-452, Cor. 2.4;
  // statement as machine-checked in ValidSDP, cholesky_infnan.v,
  // corollary_2_4_with_c_upper_bound_infnan): let A be a symmetric n x n floating-point
  // matrix without inf/nan, 0 <= A_ii <= maxdiag, 4 (n+1) u < 1, and
  //   c >= gamma_{2(n+1)} / 2 * tr(A) + 4 eta n (2 (n+1) + maxdiag).
  // Let At equal A off the diagonal with At_ii <= A_ii - c. If the floating-point Cholesky of
  // At (round to nearest, order as in floating_point_cholesky) runs to completion with
  // positive finite pivots, then A is positive definite.
  // Here A_ii = fl_down(a_ii - s) <= a_ii - s, so a - s I = A + (non-negative diagonal): PD too.
  const Index n = a.rows();
  if (n == 0 || a.cols() != n) throw std::invalid_argument("rump_proves_positive_definite: matrix must be square and non-empty");
  const double nd = static_cast<double>(n);
  if (!(4 * (nd + 1) * kUnitRoundoff < 1)) return false;

  RowMatrix w(n, n);
  double trace = 0, maxdiag = 0;
  for (Index i = 0; i < n; ++i) {
    const double d = sub_down(a(i, i), s);
    if (!(d >= 0) || !std::isfinite(d)) return false;  // the theorem needs A_ii >= 0
    trace = add_up(trace, d);
    maxdiag = std::max(maxdiag, d);
    w(i, i) = d;
    for (Index j = i + 1; j < n; ++j) {
      if (!std::isfinite(a(i, j))) return false;
      w(i, j) = a(i, j);
    }
  }
  const double gamma = gamma_upper(2 * (n + 1));
  const double underflow = mul_up(mul_up(4 * kEtaUnderflow, nd), add_up(2 * (nd + 1), maxdiag));
  const double shift = add_up(mul_up(0.5 * gamma, trace), underflow);
  if (!std::isfinite(shift)) return false;
  for (Index i = 0; i < n; ++i) w(i, i) = sub_down(w(i, i), shift);
  return floating_point_cholesky(w);
}

bool interval_cholesky_proves_positive_definite(const IntervalMatrix& m, double s) {
  // For each symmetric member A the exact Cholesky recurrences of A - s I are evaluated here
  // with interval operations on the upper triangle; by inclusion isotonicity every exact
  // intermediate lies in its interval, so certainly positive pivots mean positive exact
  // pivots, i.e. A - s I = R^T R with R_kk > 0: positive definite.
  const Index n = m.rows();
  if (n == 0 || m.cols() != n) throw std::invalid_argument("interval_cholesky: matrix must be square and non-empty");
  std::vector<Interval> r(static_cast<std::size_t>(n * n));
  auto R = [&](Index i, Index j) -> Interval& { return r[i * n + j]; };
  for (Index k = 0; k < n; ++k) {
    Interval pivot = m(k, k) - Interval(s);
    for (Index i = 0; i < k; ++i) pivot -= sqr(R(i, k));
    if (pivot.is_empty() || !(pivot.lower() > 0)) return false;
    const Interval rkk = sqrt(pivot);
    R(k, k) = rkk;
    for (Index j = k + 1; j < n; ++j) {
      Interval t = m(k, j);
      for (Index i = 0; i < k; ++i) t -= R(i, k) * R(i, j);
      R(k, j) = t / rkk;
    }
  }
  return true;
}

double verified_norm2_upper(const IntervalMatrix& a) {
  if (a.rows() == 0 || a.cols() == 0) return 0;
  const double fallback = norm2_upper(a);
  IntervalMatrix shorter = a;
  if (a.rows() > a.cols()) {
    shorter = IntervalMatrix(a.cols(), a.rows());
    for (Index i = 0; i < a.rows(); ++i)
      for (Index j = 0; j < a.cols(); ++j) shorter(j, i) = a(i, j);
  }
  const IntervalMatrix g = gram(shorter);
  if (g.rows() == 1) return std::min(fallback, sqrt_up(g(0, 0).upper()));
  // lambda_max(G) = -lambda_min(-G): minus a proved lower bound of lambda_min(-G) bounds it above.
  IntervalMatrix neg(g.rows(), g.cols());
  for (Index i = 0; i < g.rows(); ++i)
    for (Index j = 0; j < g.cols(); ++j) neg(i, j) = -g(i, j);
  const EigenBound e = verified_lambda_min(neg);
  if (!e.proved || !(e.lower > -kInf)) return fallback;
  return std::min(fallback, sqrt_up(std::max(0.0, -e.lower)));
}

double symmetric_nonneg_norm2_upper(const Eigen::MatrixXd& r) {
  // Collatz-Wielandt: rho(R) <= max_i (R x)_i / x_i for every x > 0 and R >= 0. Each x is a
  // valid test vector however it was computed; only R x and the quotients need rounding up.
  const Index n = r.rows();
  if ((r.array() == 0).all()) return 0.0;
  if (r.hasNaN()) return kInf;
  Eigen::VectorXd x = Eigen::VectorXd::Ones(n), y(n);
  double best = kInf;
  for (int it = 0; it < 6; ++it) {
    double bound = 0, ymax = 0;
    for (Index i = 0; i < n; ++i) {
      double yi = 0;
      for (Index j = 0; j < n; ++j) yi = add_up(yi, mul_up(r(i, j), x(j)));
      y(i) = yi;
      bound = std::max(bound, div_up(yi, x(i)));
      ymax = std::max(ymax, yi);
    }
    best = std::min(best, bound);
    if (!std::isfinite(ymax) || ymax == 0) break;
    for (Index i = 0; i < n; ++i) x(i) = std::max(y(i) / ymax, 1e-8);  // keep x > 0
  }
  return best;
}

EigenBound verified_lambda_min(const Eigen::MatrixXd& a) {
  if (a.rows() != a.cols()) throw std::invalid_argument("verified_lambda_min: matrix must be square");
  return bound_symmetric(symmetric_from_upper(a), 0.0, nullptr);
}

EigenBound verified_lambda_min(const IntervalMatrix& m) {
  if (m.rows() != m.cols()) throw std::invalid_argument("verified_lambda_min: matrix must be square");
  const Eigen::MatrixXd c = symmetric_from_upper(m.midpoint());
  const Eigen::MatrixXd r = symmetric_from_upper(m.radius());
  return bound_symmetric(c, symmetric_nonneg_norm2_upper(r), &m);
}

EigenBound verified_gram_lambda_min(const IntervalMatrix& j) {
  if (j.rows() > j.cols())
    return not_proved(0.0, "rank-deficient: more rows than columns, lambda_min(J J^T) = 0");
  EigenBound b = verified_lambda_min(gram(j));
  // The members of gram(j) include non-PSD matrices, but every actual J J^T is PSD.
  if (b.proved && b.lower < 0) {
    b.lower = 0;
    b.method += "+psd";
  }
  return b;
}

}  // namespace gdcert
