// Chatterjee's criterion on a ball (S. Chatterjee, "Convergence of gradient descent for deep
// neural networks", eq. 2.1 and Theorems 2.1, 2.2).
//
//   Objective f = Objective::from_expression("(x*y-1)^2", {});
//   ChatterjeeResult r = check_chatterjee(f, {parse_number("2"), parse_number("0.3")},
//                                         parse_number("0.5"), {.precision = 128});   // 0: double intervals
//   r.verdict == Verdict::Certified      // 4 f(x0) < r^2 alpha(x0, r) proved
//   r.gd->step, r.gd->rate, r.gd->iterations   // Theorem 2.2 for gradient descent
//
//   ExpressionBallBounds b(Objective::from_residuals("10*(y-x^2); 1-x", {"x", "y"}, one), centre, 0);
//   ChatterjeeResult q = check_chatterjee(b, parse_number("0.05"), {});  // seam only (networks too)
//
// alpha(x0, r) = inf { |grad f|^2 / f : x in B(x0, r), f(x) != 0 }. Certified when
// 4 upper(f(x0)) < r^2 lower(alpha), all in outward-rounded arithmetic of type T (Interval or
// MpInterval); the theorem also needs f >= 0, which holds structurally for a sum of squares and
// is otherwise proved on B(x0, 2r) (or the verdict is inconclusive); for f = h * (sum of squares)
// by proving every weight h > 0 on B(x0, 2r).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "arith/exact_number.hpp"
#include "arith/interval.hpp"
#include "bound/ball_bounds.hpp"
#include "bound/budget.hpp"
#include "bound/perturbation_bound.hpp"
#include "bound/search_tree.hpp"
#include "bound/sampling.hpp"
#include "criteria/cause.hpp"
#include "criteria/outcome.hpp"
#include "criteria/verdict.hpp"
#include "model/objective.hpp"

namespace gdcert {

struct ChatterjeeOptions {
  Budget budget;
  double tol = 1e-12;                  // iterations until f(x_k) <= tol * f(x0)
  SampleOptions sampling;
  std::size_t max_split_dimension = 12;  // branch and bound only up to this many variables
  BudgetClock::Sink progress;          // optional progress messages for long checks
  bool record_evidence = false;        // keep what a certificate needs (search trees)
  bool use_perturbation = true;        // the whole-ball bound (off: boxes only; for tests)
  unsigned precision = 0;              // 0: double intervals; else MPFR bits (expression entry
                                       // points; a seam has its own)
};

// What carried the proof, for a certificate (src/cert) to write out and re-check.
struct ChatterjeeEvidence {
  std::string method;                  // "perturbation" or "boxes"
  PerturbationData perturbation;       // method == "perturbation"
  SearchTree alpha_tree;               // method == "boxes": leaves bound alpha from below
  std::optional<SearchTree> nonnegativity_tree;  // f >= 0 on B(x0, 2r), when not structural
  std::vector<SearchTree> weight_trees;          // f = h * (sum of squares): h_k > 0 on B(x0, 2r),
                                                 // one per output of Objective::weights()
};

// Theorem 2.2: step eta <= min{ r / (L1 sqrt(p)), 2 eps / (L2 p) } gives (the paper prints 6 eps;
// see gd_parameters.hpp for why gdcert uses 2)
// f(x_k) <= (1 - delta)^k f(x0), delta = min{1, (1 - eps) alpha eta}.
struct GdParameters {
  std::string variant = "entrywise";  // "entrywise" (Theorem 2.2: L1, L2) or "spectral" (G, H)
  double L1 = 0;    // upper bound of max_i |d_i f| over B(x0, r)
  double L2 = 0;    // upper bound of max_ij |d_i d_j f| over B(x0, 2r)
  double G = 0;     // spectral: upper bound of |grad f| over B(x0, r)
  double H = 0;     // spectral: upper bound of ||Hess f||_2 over B(x0, 2r)
  double eps = 0;
  double step = 0;  // eta (exact double, safe to use)
  double delta = 0; // lower bound
  double rate = 1;  // 1 - delta, upper bound: f(x_k) <= rate^k f(x0)
  double tol = 0;
  unsigned long long iterations = 0;  // k with rate^k <= tol (rigorous)
};

// --radius auto reports the radius of the largest certified margin; gradient descent is often much
// faster on a smaller certified ball (smaller sup |grad f| and ||Hess f|| allow a larger step):
// the certified radius of the search with the best rate, when it is another one.
struct RateOptimalGd {
  ExactNumber radius;
  GdParameters gd;
};

// The better of two certified step sizes: fewer iterations to tol, else the smaller rate.
bool faster(const GdParameters& a, const GdParameters& b);

struct Witness {
  std::vector<double> point;  // exact doubles, proved inside the ball
  Interval ratio;             // |grad f|^2 / f at the point, rigorous enclosure
};

struct ChatterjeeResult : CriterionOutcome {
  // Why no radius at all can be certified, when the structure of f alone rules it out (a positive
  // constant term, more residuals than variables, no residual form); empty otherwise. The radius
  // search reports this, not the one radius's reason (which may also describe a witness).
  std::string structure;
  Interval f_center;       // enclosure of f(x0)
  double alpha_lower = 0;  // rigorous
  double alpha_upper = INFINITY;  // rigorous upper bound from a re-evaluated sample (inf: none)
  double margin_lower = -INFINITY;  // lower bound of r^2 alpha - 4 f(x0)
  std::string bound_used = "none";
  std::string hypothesis;  // how f >= 0 is known
  bool hypothesis_proved = false;
  bool gram_rank_deficient = false;
  std::optional<GdParameters> gd;
  std::optional<RateOptimalGd> rate_optimal;  // --radius auto only, when not at `radius`
  std::optional<Witness> witness;
  std::shared_ptr<const ChatterjeeEvidence> evidence;  // certified with record_evidence only
};

// An expression f, in the arithmetic of options.precision.
ChatterjeeResult check_chatterjee(const Objective& f, const std::vector<ExactNumber>& center,
                                  const ExactNumber& radius, const ChatterjeeOptions& options);

// A residual system f = c |r|^2 given by the seam (expression system, network, ...): f(x0) from
// the centre residual, alpha >= 4c sigma_min_lower^2 over the ball, alpha_upper and witnesses
// from at_point() at sampled ball points, L1 <= 2c jac_sup residual_sup over B(x0, r) and
// L2 <= 2c (jac_sup^2 + residual_sup hess_rss) over B(x0, 2r) (or the model's Hessian bound).
// The seam's own precision applies.
ChatterjeeResult check_chatterjee(ResidualBallBounds& bounds, const ExactNumber& radius,
                                  const ChatterjeeOptions& options);

// --radius auto (criteria/radius_search.hpp): a scan of r, then refinement, for the largest
// certified margin r^2 alpha_lower - 4 f(x0). Returns the result at the best radius (or the most
// informative failure when none certifies).
ChatterjeeResult search_radius_chatterjee(const Objective& f, const std::vector<ExactNumber>& center,
                                          const ChatterjeeOptions& options);
ChatterjeeResult search_radius_chatterjee(ResidualBallBounds& bounds, const ChatterjeeOptions& options);

}  // namespace gdcert
