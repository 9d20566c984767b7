// The PL* ball condition (C. Liu, L. Zhu, M. Belkin, "Loss landscapes and optimization in
// over-parameterized non-linear systems and neural networks").
//
//   PlSystem s = pl_system_from_residuals(Objective::from_residuals("10*(y-x^2); 1-x", {"x", "y"}, one));
//   PlStarOptions o;  o.precision = 128;                 // 0: double intervals
//   PlStarResult r = check_plstar(s, {parse_number("1.01"), parse_number("1.02")}, parse_number("0.1"), o);
//   r.verdict == Verdict::Certified    // R = 2 L_F |F(w0) - y| / mu <= r proved (Theorem 6)
//   r.mu_lower, r.step, r.rate, r.iterations
//
//   ExpressionBallBounds b(s.objective, centre, 0);       // or a network's ResidualBallBounds
//   PlStarResult q = check_plstar(b, parse_number("0.1"), o);   // the same criterion, seam only
//
// Convention (the one the paper's proofs use, stated in every report): L(w) = 1/2 |F(w) - y|^2
// and L is mu-PL* on S when 1/2 |grad L|^2 >= mu L on S. Theorem 1: lambda_min(K(w)) >= mu on S,
// K = DF DF^T, implies mu-PL* on S; gdcert proves the kernel bound.
//
// What is proved, all over the closed ball B = B(w0, r), outward rounded:
//  - mu_lower <= inf_B lambda_min(K): verified lambda_min of the Jacobian Gram matrix per box
//    of a branch and bound (small p), or sigma_min(J(w0)) - r sqrt(sum_i sup ||Hess r_i||^2)
//    for the whole ball (any p); with an output map also rho^2 lambda_min(K_F) (Theorem 3).
//  - mu_upper >= inf_B lambda_min(K): v^T K(w) v / v^T v at sampled points w (float v, interval
//    arithmetic), so it is a rigorous upper bound, never an estimate.
//  - L_F >= sup_B ||DF||_2; beta_F >= sup_B sqrt(sum_i ||Hess F_i||_2^2), which bounds the
//    operator norm of the Hessian tensor (the constant Definition 2 needs: max_i ||Hess F_i||
//    alone does not bound ||sum_i a_i Hess F_i|| for |a| = 1); hessian_max >= sup_B max_i
//    ||Hess F_i||_2 (the ||H_F|| of Theorem 2); |F(w0) - y| enclosed.
//  - Theorem 6: certified when R = 2 L_F |F(w0) - y| / mu (upper bound) <= r (lower bound).
//    Step: the descent lemma between consecutive iterates needs ||Hess L|| on the segment, and
//    ||Hess L|| <= L_F^2 + beta_F |F(w) - y|; the paper's proof uses |F(w0) - y| there, which
//    it shows at the iterates but not between them. gdcert uses H = min(L_F^2 + beta_F sup_B
//    |F - y|, sup_B ||Hess L||_2) and eta = 1/H rounded down (<= the paper's step).
//  - PL*_eps (Definition 5, Theorem 9): mu-PL* only where L >= eps; certified when
//    R = 2 sqrt(2 beta L(w0)) / mu <= r with beta = max(L_F^2, sup_B ||Hess L||_2): the L_F^2
//    term makes |grad L|^2 <= 2 beta L hold pointwise on the ball (|grad L| <= L_F |F - y|),
//    which Theorem 9's proof takes from global smoothness; eta = 1/beta.
//  - Refuted only with a witness point w in B: with --mu M when lambda_min(K(w)) < M is proved;
//    otherwise when 2 L_F,lower |F(w0) - y|_lower / lambda_min(K(w))_upper > r, i.e. the
//    kernel-based Theorem 6 condition provably fails on this ball.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <optional>
#include <string>
#include <vector>

#include "arith/exact_number.hpp"
#include "bound/ball_bounds.hpp"
#include "bound/ball_branch_and_bound.hpp"
#include "bound/budget.hpp"
#include "model/pl_system.hpp"
#include "criteria/cause.hpp"
#include "criteria/outcome.hpp"
#include "criteria/verdict.hpp"

namespace gdcert {

inline constexpr const char* kPlStarConvention =
    "L(w) = 1/2 |F(w) - y|^2; mu-PL* on S means 1/2 |grad L(w)|^2 >= mu L(w) on S; "
    "lambda_min(K(w)) >= mu with K = DF DF^T implies it (Liu-Zhu-Belkin Theorem 1)";

struct PlStarOptions {
  Budget budget;
  double tol = 1e-12;                   // iterations until L(w_t) <= tol L(w0)
  std::optional<ExactNumber> claimed_mu;  // --mu: prove lambda_min(K) >= mu on the ball
  std::optional<ExactNumber> eps;         // --eps: PL*_eps (only where L >= eps)
  std::size_t samples = 300;              // sampled points for the upper bound / witness
  std::uint64_t seed = 1;
  std::size_t max_split_dimension = 12;   // branch and bound only up to this many variables
  bool use_perturbation = true;           // the whole-ball bound (off: boxes only; for tests)
  BudgetClock::Sink progress;
  unsigned precision = 0;                 // 0: double intervals; else MPFR bits (expression entry points)
};

// A model's optional refinement of the whole-ball bounds (the expression engine: branch and
// bound over the ball for small p). mu_lower proves inf_B of the certified quantity (the
// kernel bound, or the PL* ratio where L >= eps) >= result.lower, calling on_midpoint with
// points of the ball it visits (candidate witnesses).
struct PlStarRefinement {
  bool split = true;  // subdivides (false: one box, the budget messages do not apply)
  std::function<AlphaLowerBound(double target, BudgetClock& clock,
                                const std::function<bool(std::span<const double>)>& on_midpoint)>
      mu_lower;
  std::function<double()> rho;  // inf over the ball of min_i |phi'(F_i)| (output map), or empty
};

struct PlStarWitness {
  std::vector<double> point;  // exact doubles, proved inside the ball
  double mu_upper;            // rigorous upper bound of the certified quantity at the point
  std::string why;
};

struct HessianControl {       // Theorem 2, with R = r and the certified mu
  double lambda0_lower = 0;   // lambda_min(K(w0)) >= this
  double hessian_max = INFINITY;  // sup_B max_i ||Hess F_i||_2 <= this
  double threshold = 0;       // (lambda0 - mu) / (2 L_F sqrt(n) r), rounded down
  bool holds = false;         // hessian_max <= threshold proved
};

struct PlStarResult : CriterionOutcome {
  std::size_t n = 0, p = 0;
  double mu_lower = 0, mu_upper = INFINITY;  // bounds of inf_B lambda_min(K) (eps: of the PL* ratio)
  std::string mu_method = "none";
  std::optional<double> claimed_mu;          // nearest double of --mu
  double L_F = INFINITY, beta_F = INFINITY, hessian_max = INFINITY;
  Interval residual_norm;                    // |F(w0) - y|
  Interval loss_center;                      // L(w0)
  double residual_sup = INFINITY;            // sup_B |F - y|
  double hessian_L = INFINITY;               // the H (or beta) the step is built from
  double R_required = INFINITY;              // upper bound
  double step = 0, rate = 1;                 // step: exact double, safe; rate: upper bound
  double tol = 0;
  std::optional<unsigned long long> iterations;
  double lambda0_upper = INFINITY;
  HessianControl hessian_control;
  std::optional<double> eps;
  std::string output_map;                    // "" when none
  double rho = 0;                            // inf over the bounding box of min_i |phi'(F_i)|
  std::optional<PlStarWitness> witness;
};

// A residual system given by the seam (expression, network, ...): everything from `bounds`.
PlStarResult check_plstar(ResidualBallBounds& bounds, const ExactNumber& radius, const PlStarOptions& options,
                          const PlStarRefinement* refine = nullptr);
// An expression system: the seam (ExpressionBallBounds at options.precision) plus the
// expression-only refinement (branch and bound, output map).
PlStarResult check_plstar(const PlSystem& system, const std::vector<ExactNumber>& center,
                          const ExactNumber& radius, const PlStarOptions& options);

// --radius auto: geometric scan of r (quick checks), then refinement around the best certified
// radius; best = largest r - R_required.
PlStarResult search_radius_plstar(const PlSystem& system, const std::vector<ExactNumber>& center,
                                  const PlStarOptions& options);
PlStarResult search_radius_plstar(ResidualBallBounds& bounds, const PlStarOptions& options);

}  // namespace gdcert
