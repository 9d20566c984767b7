// ResidualBallBounds: the seam between what is certified (a model) and the criteria.
//
//   std::unique_ptr<ResidualBallBounds> b = ...;          // expression system, or a network
//   const CentreBounds& c = b->centre();                   // r(w0), K(w0) = J J^T, lambda_min
//   BallConstants k = b->over_ball(parse_number("0.1"));   // sup / inf over B(w0, 0.1)
//   k.sigma_min_lower                                      // inf_B sigma_min(J(w)) >= this
//   PointBounds q = b->at_point(w);                        // rigorous re-evaluation at a double w
//
// A residual system r : R^p -> R^n around a fixed centre w0, with the objective
// f = c |r|^2 (c > 0, `scale()`): Chatterjee's S(w) = (1/n) sum (f(x_i, w) - y_i)^2 has c = 1/n,
// PL*'s L = 1/2 |F - y|^2 has c = 1/2. The criteria only ever see these numbers, so a model
// with its own structure-aware bounds (a network's layer-by-layer norm propagation) plugs in
// beside the expression engine without touching them.
//
// Every number is rigorous in the direction its name says (upper bounds are +inf and lower
// bounds 0 or -inf when nothing was proved), computed at the precision the implementation was
// built with (an explicit constructor argument, never ambient state). The centre may be exact
// decimals (expressions) or exact doubles (network weights).
#pragma once

#include <cmath>
#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "arith/exact_number.hpp"
#include "arith/interval.hpp"
#include "bound/interval_matrix.hpp"
#include "bound/verified_eigen.hpp"

namespace gdcert {

// At the centre w0.
struct CentreBounds {
  bool defined = false;             // r proved defined and differentiable at w0 (else nothing below holds)
  std::vector<Interval> residual;   // r_i(w0)
  Interval residual_norm;           // |r(w0)|
  IntervalMatrix kernel;            // J(w0) J(w0)^T (n x n), J the Jacobian of r
  EigenBound lambda_min;            // lambda_min(K(w0)) >= lambda_min.lower when proved
  double lambda_min_upper = INFINITY;  // rigorous upper bound (Rayleigh quotient)
  double jac_norm_lower = 0;        // ||J(w0)||_2 >= this
};

// Over the closed ball B(w0, radius), for every radius in the enclosure of the one asked for.
struct BallConstants {
  bool defined = false;             // r proved C^2 on the ball (else the sup bounds are +inf)
  double sigma_min_lower = 0;       // inf_B sigma_min(J(w)) >= this (0 when n > p)
  std::string sigma_method = "none";  // which bound gave it ("perturbation", "per-neuron", ...)
  double jac_sup = INFINITY;        // sup_B ||J(w)||_2
  double hess_max = INFINITY;       // sup_B max_i ||Hess r_i(w)||_2
  double hess_rss = INFINITY;       // sup_B sqrt(sum_i ||Hess r_i(w)||_2^2)
  double residual_sup = INFINITY;   // sup_B |r(w)|
  double objective_hessian_sup = INFINITY;  // sup_B ||Hess |r|^2||_2 when known more tightly than
                                            // 2 (jac_sup^2 + residual_sup hess_rss); else +inf
  double f_hessian_sup = INFINITY;  // sup_B ||Hess f||_2 of f = c |r|^2 itself (scale included),
                                    // when the model bounds f directly; else +inf
};

// At one double point w (exact as given), for upper bounds of infima and refutation witnesses.
struct PointBounds {
  bool defined = false;
  Interval residual_norm_sq;        // |r(w)|^2
  Interval gradient_norm_sq;        // |J(w)^T r(w)|^2, so |grad f|^2 / f = 4 c gradient_norm_sq / residual_norm_sq
  double lambda_min_upper = INFINITY;  // >= lambda_min(K(w)) (rigorous; any vector gives one)
  // f(w) = c |r(w)|^2 and |grad f(w)|^2 enclosed from f's own formula, when the model has one
  // (tighter than c residual_norm_sq and 4 c^2 gradient_norm_sq); entire when not available.
  Interval objective = Interval::entire();
  Interval objective_gradient_norm_sq = Interval::entire();
};

class ResidualBallBounds {
 public:
  virtual ~ResidualBallBounds() = default;
  virtual std::size_t num_parameters() const = 0;  // p
  virtual std::size_t num_residuals() const = 0;   // n
  virtual Interval scale() const = 0;              // c in f = c |r|^2, enclosed
  virtual std::vector<double> centre_point() const = 0;  // doubles inside the centre's enclosure
  virtual const CentreBounds& centre() = 0;        // computed once, then cached
  virtual BallConstants over_ball(const ExactNumber& radius) = 0;
  virtual PointBounds at_point(std::span<const double> w) = 0;
  // Whether w lies in B(w0, radius), proved (false also when unknown).
  virtual bool point_in_ball(std::span<const double> w, const ExactNumber& radius) const = 0;
  virtual unsigned precision() const = 0;          // bits of the arithmetic used
};

}  // namespace gdcert
