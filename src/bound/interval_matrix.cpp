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

// The largest of `lines` sums, each of `length` terms magnitude(line, k) added in order of k and
// rounded up: the column sums of |M| (norm 1) or its row sums (norm inf), with one loop for both.
template <class Magnitude>
double max_line_sum_upper(Eigen::Index lines, Eigen::Index length, Magnitude magnitude) {
  double best = 0;
  for (Eigen::Index l = 0; l < lines; ++l) {
    double s = 0;
    for (Eigen::Index k = 0; k < length; ++k) s = add_up(s, magnitude(l, k));
    best = std::max(best, s);
  }
  return best;
}

}  // namespace

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

IntervalMatrix IntervalMatrix::from_entries(Eigen::Index rows, Eigen::Index cols, std::vector<Interval> entries) {
  assert(rows >= 0 && cols >= 0 && entries.size() == static_cast<std::size_t>(rows * cols));
  IntervalMatrix m;
  m.rows_ = rows;
  m.cols_ = cols;
  m.data_ = std::move(entries);
  return m;
}

// The products are model/interval_products' (one implementation for the network evaluator and
// for the bounds).
IntervalMatrix gram_entrywise(const IntervalMatrix& j) {
  const auto n = static_cast<std::size_t>(j.rows()), p = static_cast<std::size_t>(j.cols());
  return IntervalMatrix::from_entries(j.rows(), j.rows(), interval_gram_loops(j.entries(), n, p));
}

IntervalMatrix gram_midrad(const IntervalMatrix& j) {
  const auto n = static_cast<std::size_t>(j.rows()), p = static_cast<std::size_t>(j.cols());
  return IntervalMatrix::from_entries(j.rows(), j.rows(), interval_gram_midrad(j.entries(), n, p));
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
  return max_line_sum_upper(m.cols(), m.rows(),  // column j, summed down its rows
                            [&](Eigen::Index j, Eigen::Index i) { return mag(m(i, j)); });
}

double norm_inf_upper(const IntervalMatrix& m) {
  return max_line_sum_upper(m.rows(), m.cols(),  // row i, summed along its columns
                            [&](Eigen::Index i, Eigen::Index j) { return mag(m(i, j)); });
}

double norm2_upper(const IntervalMatrix& m) {
  // ||A||_2 <= || |A| ||_2 <= || |M| ||_2 (Perron-Frobenius monotonicity), and
  // ||B||_2^2 <= ||B||_1 ||B||_inf, ||B||_2 <= ||B||_F for any B.
  return std::min(frobenius_upper(m), sqrt_up(mul_up(norm1_upper(m), norm_inf_upper(m))));
}

}  // namespace gdcert
