// Why a check ended without a certificate, as one value, and the advice that follows from it.
//
//   res.cause = Cause::BudgetExhausted;
//   res.suggestion = advice(CriterionKind::Chatterjee, res.cause, {.boxes = res.boxes});
//   to_string(Cause::PositiveMinimum) == "positive_minimum"   // the JSON "cause"
//
// Each hint is a function of the cause alone (and of whether the radius was already searched),
// so a run is never told to raise a budget that did not stop it, nor to try --radius auto when it
// used it. The criteria set `cause`; `suggestion` is always advice(kind, cause, context).
#pragma once

#include <cstddef>
#include <string>

namespace gdcert {

enum class Cause {
  None,                 // certified
  Witness,              // refuted: a rigorously evaluated point of the ball where the criterion fails
  OutsideDomain,        // not proved defined (and twice differentiable) at the centre
  NegativeAtCentre,     // f(x0) < 0, while the theorems need f >= 0
  PositiveMinimum,      // f >= c > 0 everywhere (a constant term): no zero, so no radius certifies
  PositiveOnBall,       // f > 0 proved on the whole ball: no zero inside, so this radius cannot certify
  RankDeficient,        // more residuals than variables: J J^T is singular everywhere
  BudgetExhausted,      // the box search ran out of boxes or time
  NotSmooth,            // not proved twice differentiable on part of the ball
  BoundTooLoose,        // the rigorous lower bound falls short at this radius
  NoResidualForm,       // too many variables to subdivide, and no residual form to bound the ball at once
  HypothesisNotProved,  // f >= 0 not proved on the ball the theorem needs
  WeightNotPositive,    // f = h * (sum of squares) with h <= 0 (or undefined) at a point of B(x0, 2r)
  ClaimRefuted,         // a claimed constant (--mu) is refuted at a witness point
  ClaimNotProved,       // a claimed constant could not be proved
  CriticalPoint,        // proxy-PL: a critical point where the proxy exceeds xi
  SetupOverBudget,      // the time budget ran out before the check began (drawing a network)
};

enum class CriterionKind { Chatterjee, PlStar, ProxyPl, Network };

struct AdviceContext {
  bool radius_searched = false;  // --radius auto: the hint must not suggest it again
  std::size_t boxes = 0;         // boxes spent (BudgetExhausted)
  double mu_upper = 0;           // sampled upper bound of mu (ClaimRefuted), when finite
};

// snake_case, stable: part of the JSON report.
const char* to_string(Cause c);
// "" for Cause::None.
std::string advice(CriterionKind kind, Cause c, const AdviceContext& context = {});

}  // namespace gdcert
