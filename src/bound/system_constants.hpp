// Ball constants of a residual system from its expressions (the engine behind
// ExpressionBallBounds), the rigorous Rayleigh upper bound of lambda_min at a point, and the
// sample points of a ball. Moved from src/criteria/pl_common (issue 9): they are bounds.
//
//   SystemConstants k = system_constants<Interval>(objective, ball);
//   k.jac_sup        // >= sup over B of ||J(w)||_2     (J: residual Jacobian)
//   k.hess_rss       // >= sup over B of sqrt(sum_i ||Hess r_i||_2^2)
//   KernelPoint kp = kernel_at<Interval>(residual_evaluator, w);
//   kp.upper         // >= lambda_min(J(w) J(w)^T), rigorous (Rayleigh quotient in intervals)
//
// Everything is in residual units (f = c sum r_i^2); callers scale by 2c for PL*'s
// L = 1/2 |F - y|^2 = c |r|^2, F - y = sqrt(2c) r.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "bound/ball.hpp"
#include "bound/interval_matrix.hpp"
#include "bound/verified_eigen.hpp"
#include "expr/evaluator.hpp"
#include "model/objective.hpp"

namespace gdcert {

// Rigorous constants of the residual system r over a ball B(c, r), from the centre and from
// the bounding box X of the ball. Upper bounds unless named otherwise; +inf when not proved.
struct SystemConstants {
  bool defined = false;        // residuals proved C^2 on X (otherwise the sup bounds are inf)
  Interval residual_center;    // |r(c)| enclosure
  IntervalMatrix jac_center;   // J(c) enclosure (n x p)
  EigenBound lambda_center;    // lambda_min(J(c) J(c)^T) >= lambda_center.lower (proved flag)
  double lambda_center_upper = INFINITY;  // Rayleigh upper bound at c
  double jac_center_norm_lower = 0;       // ||J(c)||_2 >= this (largest row norm)
  double jac_sup = INFINITY;   // sup_B ||J||_2: min(norm2 over X, ||J(c)|| + r hess_rss)
  double hess_max = INFINITY;  // sup_X max_i ||Hess r_i||_2
  double hess_rss = INFINITY;  // sup_X sqrt(sum_i ||Hess r_i||_2^2) >= Hessian tensor norm
  double residual_sup = INFINITY;  // sup_B |r|: min(|r| over X, |r(c)| + r jac_sup)
  double f_hessian_sup = INFINITY; // sup_X ||Hess f||_2 (f = c |r|^2 itself)
};

template <class T>
SystemConstants system_constants(const Objective& f, const Ball<T>& ball);

// lambda_min(J(w) J(w)^T) at a double point w, J enclosed at the point: `upper` is rigorous
// (v^T J J^T v / v^T v for the floating-point eigenvector v, in interval arithmetic; any
// vector gives an upper bound of lambda_min); `estimate` is the float value.
struct KernelPoint {
  bool ok = false;  // residuals defined at w
  double estimate = INFINITY;
  double upper = INFINITY;
};
template <class T>
KernelPoint kernel_at(Evaluator<T>& residuals, std::span<const double> w);
// The same for a given (exact) matrix: upper bound of lambda_min(A A^T) for every A in j.
double gram_lambda_min_upper(const IntervalMatrix& j);
// Upper bound of lambda_min of a symmetric interval matrix (Rayleigh quotient, float vector).
double lambda_min_upper(const IntervalMatrix& m);

// `count` points in the ball B(c, radius) (double): the centre, uniform points (Gaussian
// direction, radius U^(1/p)) and points just inside the sphere, where extremes of smooth
// quantities tend to sit. Callers re-check membership rigorously (point_in_ball).
std::vector<std::vector<double>> ball_points(std::span<const double> center, double radius,
                                             std::size_t count, std::uint64_t seed);

}  // namespace gdcert
