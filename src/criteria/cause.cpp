#include "criteria/cause.hpp"

#include <string>

#include "arith/exact_number.hpp"

namespace gdcert {

const char* to_string(Cause c) {
  switch (c) {
    case Cause::None: return "none";
    case Cause::Witness: return "witness";
    case Cause::OutsideDomain: return "outside_domain";
    case Cause::NegativeAtCentre: return "negative_at_centre";
    case Cause::PositiveMinimum: return "positive_minimum";
    case Cause::PositiveOnBall: return "positive_on_ball";
    case Cause::RankDeficient: return "rank_deficient";
    case Cause::BudgetExhausted: return "budget_exhausted";
    case Cause::NotSmooth: return "not_smooth";
    case Cause::BoundTooLoose: return "bound_too_loose";
    case Cause::NoResidualForm: return "no_residual_form";
    case Cause::HypothesisNotProved: return "hypothesis_not_proved";
    case Cause::WeightNotPositive: return "weight_not_positive";
    case Cause::ClaimRefuted: return "claim_refuted";
    case Cause::ClaimNotProved: return "claim_not_proved";
    case Cause::CriticalPoint: return "critical_point";
    case Cause::SetupOverBudget: return "setup_over_budget";
  }
  return "?";
}

std::string advice(CriterionKind kind, Cause c, const AdviceContext& ctx) {
  const bool network = kind == CriterionKind::Network;
  switch (c) {
    case Cause::None:
      return "";
    case Cause::Witness:
      if (kind == CriterionKind::PlStar)
        return ctx.radius_searched ? "start closer to a non-singular zero"
                                   : "try --radius auto, or a centre closer to a non-singular zero";
      return ctx.radius_searched ? "the criterion fails at the most promising radius tried: start closer to a zero of f"
                                 : "the criterion fails at this radius: try --radius auto, or a centre closer to a zero of f";
    case Cause::OutsideDomain:
      if (network) return "move the centre into the domain of the model";
      return kind == CriterionKind::PlStar ? "move the centre into the domain of every function in the system"
                                           : "move the centre into the domain of every function in the expression";
    case Cause::NegativeAtCentre:
      return "give a non-negative f, e.g. a sum of squares (--residuals)";
    case Cause::PositiveMinimum:
      return "f has a positive constant term, so f > 0 everywhere and it has no zero; these criteria prove "
             "convergence to a zero, so no radius can be certified: subtract the constant if the minimum is "
             "known to be it";
    case Cause::PositiveOnBall:
      return ctx.radius_searched ? "f > 0 on every ball tried: start closer to a zero of f"
                                 : "f > 0 on the whole ball, so it holds no zero: try --radius auto, a larger radius, "
                                   "or a centre closer to a zero of f";
    case Cause::RankDeficient:
      if (kind == CriterionKind::PlStar) return "more equations than unknowns: K = DF DF^T is singular, try --eps";
      return "more residuals than variables: J J^T is singular everywhere, so alpha cannot be bounded below near a "
             "zero; give as many independent residuals as variables";
    case Cause::BudgetExhausted:
      return "the budget ran out (" + std::to_string(ctx.boxes) + " boxes): try a larger --budget";
    case Cause::NotSmooth:
      return "f is not proved twice differentiable on part of the ball: try a smaller radius";
    case Cause::BoundTooLoose:
      if (network) return "a wider network, a start closer to a zero (smaller |F(w0) - y|), or --precision 128";
      if (kind == CriterionKind::ProxyPl) return "try a smaller radius, a larger --xi or a smaller --power";
      if (kind == CriterionKind::PlStar)
        return (ctx.radius_searched ? "" : "try --radius auto, ") + std::string("a centre closer to a zero, or --precision 128");
      return ctx.radius_searched ? "a centre closer to a zero of f, or --precision 128"
                                 : "try a smaller radius (or --radius auto), or --precision 128";
    case Cause::NoResidualForm:
      return "write f as a sum of squares, e.g. --residuals \"r1; r2\" for f = r1^2 + r2^2, or as terms "
             "c*(g)^2 that gdcert recognises";
    case Cause::WeightNotPositive:
      if (ctx.radius_searched)
        return "a centre where the weight h of f = h * (sum of squares) is > 0 around it: the theorem needs f >= 0 on "
               "B(x0, 2r), and h <= 0 (or undefined) at a point of it";
      return "a smaller radius: the theorem needs f >= 0 on B(x0, 2r), and the weight h of f = h * (sum of squares) "
             "is <= 0 (or undefined) at a point of it";
    case Cause::HypothesisNotProved:
      return "write f as a sum of squares (--residuals) so that f >= 0 is structural; for f = h * (sum of squares), "
             "a smaller radius, on which h > 0 can be proved";
    case Cause::ClaimRefuted:
      return "claim a smaller --mu (the sampled upper bound is " + decimal_above(ctx.mu_upper, 6) + ")";
    case Cause::ClaimNotProved:
      return ctx.radius_searched ? "claim a smaller --mu, or --precision 128"
                                 : "claim a smaller --mu, try --radius auto, or --precision 128";
    case Cause::CriticalPoint:
      return "a critical point with g > xi: try a larger --xi or another proxy";
    case Cause::SetupOverBudget:
      return "a larger --budget (this model takes longer than that to set up)";
  }
  return "";
}

}  // namespace gdcert
