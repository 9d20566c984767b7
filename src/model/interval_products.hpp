// Fast rigorous products of interval matrices: a midpoint-radius split with floating-point GEMMs
// and an a-priori rounding-error bound (Rump, "Fast and parallel interval arithmetic", BIT 39
// (1999)), so that K = J J^T of a network with a million weights costs a few GEMMs instead of
// billions of interval operations. The one implementation: bound/interval_matrix's gram,
// gram_midrad and gram_entrywise delegate here.
//
//   std::vector<Interval> G = interval_gram(A, n, m);            // n x n, contains A A^T
//   std::vector<Interval> P = interval_times_point(A, n, k, B);  // n x m, contains A B
//   std::vector<Interval> Q = interval_times_point(A, n, k, W, true);  // contains A W^T
//
// Matrices are row-major std::vector<Interval>; B is an exact double matrix. Every entry of the
// result contains the exact value for every real matrix inside A (A's entries are intervals).
// interval_gram and interval_times_point use plain outward-rounded interval loops for small
// products (and for any non-finite entry).
#pragma once

#include <Eigen/Core>
#include <cstddef>
#include <span>
#include <vector>

#include "arith/interval.hpp"

namespace gdcert {

// gamma_k = k u / (1 - k u) (u = 2^-53), rounded up; +inf when k u >= 1/2. The relative error
// bound of a length-k floating-point dot product (Higham, Numerical Accuracy, 3.1).
double gamma_upper(std::size_t k);

std::vector<Interval> interval_gram(std::span<const Interval> a, std::size_t n, std::size_t m);
// B is k x m, or m x k with transpose_b (then the product is A B^T).
std::vector<Interval> interval_times_point(std::span<const Interval> a, std::size_t n, std::size_t k,
                                           const Eigen::MatrixXd& b, bool transpose_b = false);
// Always the midpoint-radius product (the loops only for non-finite entries).
std::vector<Interval> interval_gram_midrad(std::span<const Interval> a, std::size_t n, std::size_t m);
// The plain-loop versions (tightest; O(n^2 m) interval operations), for tests and small sizes.
std::vector<Interval> interval_gram_loops(std::span<const Interval> a, std::size_t n, std::size_t m);
std::vector<Interval> interval_times_point_loops(std::span<const Interval> a, std::size_t n, std::size_t k,
                                                 const Eigen::MatrixXd& b, bool transpose_b = false);

// The loop of A B (or A B^T) for any scalar type: out[i, j] accumulates acc(out[i, j], a[i, t], w)
// over the non-zero weights w = B[t, j]; out starts at T(0). Shared by interval_times_point_loops
// and the MPFI / double products of model/network_eval.
template <class T, class Acc>
std::vector<T> times_point_loops(std::span<const T> a, std::size_t n, std::size_t k, const Eigen::MatrixXd& b,
                                 bool transpose_b, Acc&& acc) {
  const std::size_t m = static_cast<std::size_t>(transpose_b ? b.rows() : b.cols());
  std::vector<T> out(n * m, T(0.0));
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t t = 0; t < k; ++t) {
      const T& x = a[i * k + t];
      for (std::size_t j = 0; j < m; ++j) {
        const auto tt = static_cast<Eigen::Index>(t), jj = static_cast<Eigen::Index>(j);
        const double w = transpose_b ? b(jj, tt) : b(tt, jj);
        if (w != 0) acc(out[i * m + j], x, w);
      }
    }
  return out;
}

}  // namespace gdcert
