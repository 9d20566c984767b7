// Subdivision-free lower bound of |grad f|^2 / f over a whole ball, for residual forms.
//
//   RatioBound rb = perturbation_ratio_lower(objective, ball);   // method "perturbation"
//
// For x in B(c, r): sigma_min(J(x)) >= sigma_min(J(c)) - ||J(x) - J(c)||_2 (Weyl), and
// ||J(x) - J(c)||_F <= |x - c| * sqrt(sum_i sup_X ||Hess r_i||_2^2) with X the bounding box of
// the ball (mean value theorem row by row). So |grad f|^2 / f >= 4 c (sigma_c - r K)^2 when
// sigma_c > r K. This is what carries the proof when p is too large to subdivide (p = 100).
#pragma once

#include "bound/ball.hpp"
#include "bound/ratio_bound.hpp"
#include "expr/evaluator.hpp"
#include "model/objective.hpp"

namespace gdcert {

struct PerturbationData {
  double sigma_center = 0;  // rigorous lower bound of sigma_min(J(c))
  double hessian_k = 0;     // rigorous upper bound of sqrt(sum_i sup ||Hess r_i||_2^2)
};

template <class T>
RatioBound perturbation_ratio_lower(const Objective& f, const Ball<T>& ball,
                                    PerturbationData* data = nullptr);

// Rigorous upper bound of ||H||_2 for a symmetric matrix given by its upper-triangle entries:
// min(Frobenius norm, max absolute row sum), rounded up.
template <class T>
double symmetric_norm2_upper(std::span<const HessianEntry<T>> entries, std::size_t p);

}  // namespace gdcert
