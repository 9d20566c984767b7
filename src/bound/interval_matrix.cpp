// Interval matrices: construction, Gram products and norms (all bounds rounded outward).
#include "bound/interval_matrix.hpp"

#include <algorithm>
#include <cassert>
#include <limits>

#include "arith/rounding.hpp"

namespace gdcert {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// Below this many interval multiply-adds the entrywise product is cheap and the tightest.
constexpr double kEntrywiseWork = 1 << 15;

bool all_finite(const Eigen::MatrixXd& a) { return a.allFinite(); }

// Upper bound of the exact value of a non-negative dot product of length k whose
// round-to-nearest result (any summation order) is fl:
//   |fl - exact| <= gamma_k exact + k eta   =>   exact <= (fl + k eta) / (1 - gamma_k).
// (The k eta term covers the products that fell into the subnormal range; additions of
// floating-point numbers are exact there.)
double nonneg_dot_upper(double fl, double gamma, double underflow) {
  return div_up(add_up(fl, underflow), sub_down(1.0, gamma));
}

}  // namespace

double gamma_upper(Eigen::Index k) {
  double ku = mul_up(static_cast<double>(k), kUnitRoundoff);
  if (!(ku < 0.5)) return kInf;
  return div_up(ku, sub_down(1.0, ku));
}

IntervalMatrix::IntervalMatrix(Eigen::Index rows, Eigen::Index cols)
    : rows_(rows), cols_(cols), data_(static_cast<std::size_t>(rows * cols)) {
  assert(rows >= 0 && cols >= 0);
}

IntervalMatrix IntervalMatrix::from_point(const Eigen::MatrixXd& a) {
  IntervalMatrix m(a.rows(), a.cols());
  for (Eigen::Index i = 0; i < a.rows(); ++i)
    for (Eigen::Index j = 0; j < a.cols(); ++j) m(i, j) = Interval(a(i, j));
  return m;
}

IntervalMatrix IntervalMatrix::from_mid_rad(const Eigen::MatrixXd& mid, const Eigen::MatrixXd& rad) {
  assert(mid.rows() == rad.rows() && mid.cols() == rad.cols());
  IntervalMatrix m(mid.rows(), mid.cols());
  for (Eigen::Index i = 0; i < mid.rows(); ++i)
    for (Eigen::Index j = 0; j < mid.cols(); ++j) {
      assert(rad(i, j) >= 0);
      m(i, j) = Interval(sub_down(mid(i, j), rad(i, j)), add_up(mid(i, j), rad(i, j)));
    }
  return m;
}

Eigen::MatrixXd IntervalMatrix::midpoint() const {
  Eigen::MatrixXd c(rows_, cols_);
  for (Eigen::Index i = 0; i < rows_; ++i)
    for (Eigen::Index j = 0; j < cols_; ++j) c(i, j) = mid((*this)(i, j));
  return c;
}

Eigen::MatrixXd IntervalMatrix::radius() const {
  // gdcert::rad is measured from gdcert::mid and rounded up, so the pair is consistent.
  Eigen::MatrixXd r(rows_, cols_);
  for (Eigen::Index i = 0; i < rows_; ++i)
    for (Eigen::Index j = 0; j < cols_; ++j) r(i, j) = rad((*this)(i, j));
  return r;
}

bool IntervalMatrix::contains(const Eigen::MatrixXd& a) const {
  if (a.rows() != rows_ || a.cols() != cols_) return false;
  for (Eigen::Index i = 0; i < rows_; ++i)
    for (Eigen::Index j = 0; j < cols_; ++j)
      if (!gdcert::contains((*this)(i, j), a(i, j))) return false;
  return true;
}

IntervalMatrix gram_entrywise(const IntervalMatrix& j) {
  const Eigen::Index n = j.rows(), p = j.cols();
  IntervalMatrix g(n, n);
  for (Eigen::Index a = 0; a < n; ++a) {
    Interval d(0.0);
    for (Eigen::Index k = 0; k < p; ++k) d += sqr(j(a, k));  // >= 0 by construction
    g(a, a) = d;
    for (Eigen::Index b = a + 1; b < n; ++b) {
      Interval s(0.0);
      for (Eigen::Index k = 0; k < p; ++k) s += j(a, k) * j(b, k);
      g(a, b) = g(b, a) = s;
    }
  }
  return g;
}

IntervalMatrix gram_midrad(const IntervalMatrix& j) {
  const Eigen::Index n = j.rows(), p = j.cols();
  const Eigen::MatrixXd jc = j.midpoint(), jr = j.radius();
  if (!all_finite(jc) || !all_finite(jr)) return gram_entrywise(j);

  // J = Jc + E with |E| <= Jr, so for every member
  //   |(J J^T - Jc Jc^T)_ab| <= (|Jc| Jr^T)_ab + (Jr (|Jc| + Jr)^T)_ab =: X_ab + Y_ab.
  // The computed fl(Jc Jc^T) (any summation order, round to nearest) is off by at most
  // gamma_p (|Jc||Jc|^T)_ab + p eta <= gamma_p ||Jc_a|| ||Jc_b|| + p eta (Cauchy-Schwarz;
  // row norms rounded up), which saves a second n x n x p product. X and Y are computed in
  // floating point and replaced by upper bounds of their exact values (nonneg_dot_upper).
  Eigen::MatrixXd gc = Eigen::MatrixXd::Zero(n, n);
  gc.selfadjointView<Eigen::Upper>().rankUpdate(jc);  // upper triangle of Jc Jc^T
  Eigen::VectorXd row_norm(n);
  for (Eigen::Index a = 0; a < n; ++a) {
    double s = 0;
    for (Eigen::Index k = 0; k < p; ++k) s = add_up(s, mul_up(jc(a, k), jc(a, k)));
    row_norm(a) = sqrt_up(s);
  }
  const bool point = (jr.array() == 0).all();
  Eigen::MatrixXd x, y;
  if (!point) {
    const Eigen::MatrixXd ac = jc.cwiseAbs();
    Eigen::MatrixXd pm(n, p);  // |Jc| + Jr, rounded up
    for (Eigen::Index a = 0; a < n; ++a)
      for (Eigen::Index k = 0; k < p; ++k) pm(a, k) = add_up(ac(a, k), jr(a, k));
    x = ac * jr.transpose();
    y = jr * pm.transpose();
  }
  const double gamma = gamma_upper(p + 1);  // one spare rounding for safety
  const double underflow = mul_up(static_cast<double>(2 * (p + 1)), kEtaUnderflow);

  auto radius_bound = [&](Eigen::Index a, Eigen::Index b) {
    double r = add_up(mul_up(gamma, mul_up(row_norm(a), row_norm(b))), underflow);
    if (!point) {
      r = add_up(r, nonneg_dot_upper(x(a, b), gamma, underflow));
      r = add_up(r, nonneg_dot_upper(y(a, b), gamma, underflow));
    }
    return r;
  };

  IntervalMatrix g(n, n);
  for (Eigen::Index a = 0; a < n; ++a)
    for (Eigen::Index b = a; b < n; ++b) {
      // Both (a, b) and (b, a) bound the same exact entry: keep the smaller radius.
      const double r = std::min(radius_bound(a, b), radius_bound(b, a));
      const double c = gc(a, b);
      Interval e = (std::isfinite(c) && !std::isnan(r))
                       ? Interval(sub_down(c, r), add_up(c, r))
                       : Interval::entire();
      if (a == b) e = intersect(e, Interval(0.0, kInf));  // a sum of squares
      g(a, b) = g(b, a) = e;
    }
  return g;
}

IntervalMatrix gram(const IntervalMatrix& j) {
  const double work = static_cast<double>(j.rows()) * static_cast<double>(j.rows()) *
                      static_cast<double>(j.cols());
  return work <= kEntrywiseWork ? gram_entrywise(j) : gram_midrad(j);
}

double frobenius_upper(const IntervalMatrix& m) {
  double s = 0;
  for (Eigen::Index i = 0; i < m.rows(); ++i)
    for (Eigen::Index j = 0; j < m.cols(); ++j) {
      const double a = mag(m(i, j));
      s = add_up(s, mul_up(a, a));
    }
  return sqrt_up(s);
}

double norm1_upper(const IntervalMatrix& m) {
  double best = 0;
  for (Eigen::Index j = 0; j < m.cols(); ++j) {
    double s = 0;
    for (Eigen::Index i = 0; i < m.rows(); ++i) s = add_up(s, mag(m(i, j)));
    best = std::max(best, s);
  }
  return best;
}

double norm_inf_upper(const IntervalMatrix& m) {
  double best = 0;
  for (Eigen::Index i = 0; i < m.rows(); ++i) {
    double s = 0;
    for (Eigen::Index j = 0; j < m.cols(); ++j) s = add_up(s, mag(m(i, j)));
    best = std::max(best, s);
  }
  return best;
}

double norm2_upper(const IntervalMatrix& m) {
  // ||A||_2 <= || |A| ||_2 <= || |M| ||_2 (Perron-Frobenius monotonicity), and
  // ||B||_2^2 <= ||B||_1 ||B||_inf, ||B||_2 <= ||B||_F for any B.
  return std::min(frobenius_upper(m), sqrt_up(mul_up(norm1_upper(m), norm_inf_upper(m))));
}

}  // namespace gdcert
