// Verified lower bounds on the smallest eigenvalue of symmetric (interval) matrices.
//
//   IntervalMatrix J = ...;                         // Jacobian enclosure over a box, n x p
//   EigenBound b = verified_gram_lambda_min(J);     // sigma_min(A)^2 >= b.lower for all A in J
//   if (b.proved && b.lower > 0) { /* every member has full row rank */ }
//
//   Eigen::MatrixXd H = ...;                        // symmetric, exact double entries
//   EigenBound h = verified_lambda_min(H);          // lambda_min(H) >= h.lower (proved)
//
// The floating-point eigenvalue (b.estimate) only chooses the shift s; the proof is that
// Mc - s I is positive definite (Rump's floating-point Cholesky test, or an interval Cholesky
// for n <= 8), combined with Weyl's inequality for the radius. Only the upper triangle of a
// symmetric input is read: the bound holds for every symmetric member.
#pragma once

#include <Eigen/Core>
#include <cmath>
#include <string>

#include "bound/interval_matrix.hpp"

namespace gdcert {

struct EigenBound {
  double lower = -INFINITY;  // rigorous: lambda_min(A) >= lower for every symmetric A in the input
  double estimate = NAN;     // floating-point estimate of lambda_min(midpoint) (NOT a bound)
  bool proved = false;       // false when no proof succeeded (then lower = -inf)
  std::string method;  // "rump-cholesky+weyl", "interval-cholesky", "exact-1x1", ...
};

EigenBound verified_lambda_min(const IntervalMatrix& m);
EigenBound verified_lambda_min(const Eigen::MatrixXd& a);  // entries are exact
// Lower bound of sigma_min(A)^2 = lambda_min(A A^T) for every A in j (n x p, n <= p);
// proved = false with method "rank-deficient" when n > p (then lambda_min = 0 always).
EigenBound verified_gram_lambda_min(const IntervalMatrix& j);
// Upper bound of ||A||_2 for every member A of a (any shape): sqrt of a proved upper bound of
// lambda_max of the Gram matrix of the shorter side (verified_lambda_min of its negation),
// never above norm2_upper(a), to which it falls back when the proof fails.
double verified_norm2_upper(const IntervalMatrix& a);

// --- building blocks (exposed for tests and for callers with their own shift) ---------------
using RowMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
// The floating-point Cholesky of Rump's test, in place on the upper triangle of w (the lower
// triangle is ignored): afterwards w holds R with A ~ R^T R. Bit-for-bit the left-to-right
// model of the theorem; returns false at the first non-positive or non-finite pivot.
bool floating_point_cholesky(RowMatrix& w);
// True only when a - s I is proved positive definite (a symmetric, upper triangle read, exact
// entries): Rump's criterion, BIT 46 (2006), in the form of Corollary 2.4 formalised in Coq
// by Roux (ValidSDP). Cost: one floating-point Cholesky, n^3/3 flops.
bool rump_proves_positive_definite(const Eigen::MatrixXd& a, double s);
// True only when every symmetric member of m, minus s I, is proved positive definite by an
// interval Cholesky factorisation whose pivots are all certainly positive.
bool interval_cholesky_proves_positive_definite(const IntervalMatrix& m, double s);
// Upper bound of the spectral radius (= 2-norm) of a symmetric non-negative matrix
// (Collatz-Wielandt bound with a few power steps; ||.||_inf at worst), rounded up.
double symmetric_nonneg_norm2_upper(const Eigen::MatrixXd& r);

}  // namespace gdcert
