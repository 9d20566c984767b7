// IntervalMatrix: a dense row-major matrix of Intervals, its Gram product and rigorous norms.
//
//   IntervalMatrix J(2, 3);                    // entries start as [0, 0]
//   J(0, 0) = Interval(0.9, 1.1);  J(1, 2) = Interval(-2, -1.5);
//   IntervalMatrix G = gram(J);                // G(i, j) contains (A A^T)(i, j) for every A in J
//   double n2 = norm2_upper(G);                // ||B||_2 <= n2 for every B in G
//   Eigen::MatrixXd c = J.midpoint(), r = J.radius();   // J(i, j) within [c - r, c + r]
//
// A matrix "member" is any real matrix whose entries lie in the intervals. Every function here
// returns a bound that holds for all members; none of them is a floating-point estimate.
#pragma once

#include <Eigen/Core>
#include <span>
#include <vector>

#include "arith/interval.hpp"
#include "model/interval_products.hpp"  // gamma_upper and the products gram delegates to

namespace gdcert {

class IntervalMatrix {
 public:
  IntervalMatrix() = default;
  IntervalMatrix(Eigen::Index rows, Eigen::Index cols);

  Eigen::Index rows() const { return rows_; }
  Eigen::Index cols() const { return cols_; }
  Interval& operator()(Eigen::Index i, Eigen::Index j) { return data_[i * cols_ + j]; }
  const Interval& operator()(Eigen::Index i, Eigen::Index j) const { return data_[i * cols_ + j]; }

  static IntervalMatrix from_point(const Eigen::MatrixXd& a);
  // Entries [mid - rad, mid + rad], rounded outward (rad >= 0 is required).
  static IntervalMatrix from_mid_rad(const Eigen::MatrixXd& mid, const Eigen::MatrixXd& rad);

  // midpoint()(i, j) lies in (i, j); radius() is rounded up so that
  // [mid - rad, mid + rad] (exact reals) contains the entry. An unbounded entry has rad = inf.
  Eigen::MatrixXd midpoint() const;
  Eigen::MatrixXd radius() const;

  bool contains(const Eigen::MatrixXd& a) const;  // every a(i, j) lies in (i, j)
  std::span<const Interval> entries() const { return data_; }  // row-major
  // rows x cols from row-major entries (size rows * cols).
  static IntervalMatrix from_entries(Eigen::Index rows, Eigen::Index cols, std::vector<Interval> entries);

 private:
  Eigen::Index rows_ = 0, cols_ = 0;
  std::vector<Interval> data_;
};

// J J^T (n x n for an n x p J), outward rounded; diagonal entries never go below 0.
// Picks gram_entrywise for small products or unbounded entries, gram_midrad otherwise.
IntervalMatrix gram(const IntervalMatrix& j);
// Interval dot products; diagonal as sums of sqr. Tightest, O(n^2 p) interval operations.
IntervalMatrix gram_entrywise(const IntervalMatrix& j);
// Midpoint-radius product with floating-point GEMMs and an a-priori rounding-error bound
// (gamma_p, underflow included); fast for large matrices, a few ulps * p wider.
IntervalMatrix gram_midrad(const IntervalMatrix& j);

// Upper bounds over all members, computed from |M| (entry magnitudes) with upward rounding.
double frobenius_upper(const IntervalMatrix& m);
double norm1_upper(const IntervalMatrix& m);     // max column sum
double norm_inf_upper(const IntervalMatrix& m);  // max row sum
// min(Frobenius, sqrt(||.||_1 ||.||_inf)) >= max ||A||_2 over members.
double norm2_upper(const IntervalMatrix& m);

// Floating-point error constants (binary64, round to nearest), shared by the a-priori error
// bounds of gram_midrad and of Rump's Cholesky test.
inline constexpr double kUnitRoundoff = 0x1p-53;  // u
inline constexpr double kEtaUnderflow = 0x1p-1074;  // smallest subnormal (>= Rump's eta)
// gamma_upper(k) >= k u / (1 - k u): model/interval_products.hpp.

}  // namespace gdcert
