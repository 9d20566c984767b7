// Independent high-precision references for the bound-layer tests (MPFR, 256 bits).
//
//   BigMatrix a = to_big(A);                       // exact copy of a double matrix
//   Bracket b = lambda_min_bracket(a);             // b.lo <= lambda_min(a) <= b.hi, tiny width
//   CHECK(Big(bound.lower) <= b.lo);               // a proved bound must not exceed it
//
// The eigenvalue reference is bisection on Sylvester's law of inertia: the number of negative
// pivots of an LDL^T factorisation of a - sigma I equals the number of eigenvalues below sigma.
// It shares no code with the floating-point routines under test.
#pragma once

#include <Eigen/Core>
#include <boost/multiprecision/mpfr.hpp>
#include <vector>

namespace gdcert::test {

using Big = boost::multiprecision::number<boost::multiprecision::mpfr_float_backend<256>,
                                          boost::multiprecision::et_off>;

// Dense square or rectangular matrix of Big, row-major.
struct BigMatrix {
  Eigen::Index rows = 0, cols = 0;
  std::vector<Big> v;
  BigMatrix(Eigen::Index r, Eigen::Index c) : rows(r), cols(c), v(static_cast<std::size_t>(r * c)) {}
  Big& operator()(Eigen::Index i, Eigen::Index j) { return v[i * cols + j]; }
  const Big& operator()(Eigen::Index i, Eigen::Index j) const { return v[i * cols + j]; }
};

struct Bracket {
  Big lo, hi;
};

BigMatrix to_big(const Eigen::MatrixXd& a);
BigMatrix hilbert_big(Eigen::Index n);               // 1 / (i + j + 1), rounded at 256 bits
BigMatrix gram_big(const Eigen::MatrixXd& j);        // J J^T (products exact, sums at 256 bits)
BigMatrix transpose_times_self(const Eigen::MatrixXd& a);  // A^T A

// Number of eigenvalues of the symmetric a (lower triangle read) below sigma. A pivot that
// is exactly zero is replaced by +2^-600 (a perturbation far below any tested quantity).
int count_below(const BigMatrix& a, const Big& sigma);
// lambda_min(a) within [lo, hi], hi - lo <= 2^-200 max(1, |lambda|) or 400 bisection steps.
Bracket lambda_min_bracket(const BigMatrix& a);
Bracket lambda_max_bracket(const BigMatrix& a);

}  // namespace gdcert::test
