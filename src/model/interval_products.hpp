// Fast rigorous products of interval matrices (model-level, for the network evaluation): a
// midpoint-radius split with floating-point GEMMs and an a-priori rounding-error bound, the
// technique of bound/interval_matrix.cpp's gram_midrad (Rump, "Fast and parallel interval
// arithmetic", BIT 39 (1999)), so that K = J J^T of a network with a million weights costs a few
// GEMMs instead of billions of interval operations.
//
//   std::vector<Interval> G = interval_gram(A, n, m);            // n x n, contains A A^T
//   std::vector<Interval> P = interval_times_point(A, n, k, B);  // n x m, contains A B
//
// Matrices are row-major std::vector<Interval>; B is an exact double matrix. Every entry of the
// result contains the exact value for every real matrix inside A (A's entries are intervals).
// Small products (and any non-finite entry) use plain outward-rounded interval loops.
#pragma once

#include <Eigen/Core>
#include <cstddef>
#include <span>
#include <vector>

#include "arith/interval.hpp"

namespace gdcert {

std::vector<Interval> interval_gram(std::span<const Interval> a, std::size_t n, std::size_t m);
std::vector<Interval> interval_times_point(std::span<const Interval> a, std::size_t n, std::size_t k,
                                           const Eigen::MatrixXd& b);
// The plain-loop versions (tightest; O(n^2 m) interval operations), for tests and small sizes.
std::vector<Interval> interval_gram_loops(std::span<const Interval> a, std::size_t n, std::size_t m);
std::vector<Interval> interval_times_point_loops(std::span<const Interval> a, std::size_t n, std::size_t k,
                                                 const Eigen::MatrixXd& b);

}  // namespace gdcert
