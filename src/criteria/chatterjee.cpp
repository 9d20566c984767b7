#include "criteria/chatterjee.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "bound/ball.hpp"
#include "bound/ball_branch_and_bound.hpp"
#include "bound/box_bounder.hpp"
#include "arith/with_precision.hpp"
#include "bound/expression_ball_bounds.hpp"
#include "bound/perturbation_bound.hpp"
#include "bound/ratio_bound.hpp"
#include "bound/system_constants.hpp"
#include "criteria/gd_parameters.hpp"
#include "criteria/radius_scan.hpp"
#include "criteria/radius_search.hpp"
#include "criteria/search_policies.hpp"
#include "expr/evaluator.hpp"

namespace gdcert {
namespace {

template <class T>
double lo(const T& x) { return ScalarTraits<T>::lower_bound(x); }
template <class T>
double hi(const T& x) { return ScalarTraits<T>::upper_bound(x); }

// |grad f|^2 / f at a double point, enclosed; nullopt unless f is proved positive and smooth there.
template <class T>
std::optional<T> rigorous_ratio(Evaluator<T>& ev, std::span<const double> w) {
  std::vector<T> x(w.begin(), w.end());
  if (!is_true(ev.evaluate(x, Order::Gradient))) return std::nullopt;
  T f = ev.value(0);
  if (!is_true(certainly_positive(f))) return std::nullopt;
  T g_sq(0.0);
  for (const auto& g : ev.gradient(0)) g_sq += sqr(g);
  return g_sq / f;
}

// alpha >= 4c sigma_min^2 over the ball, from the seam's whole-ball bound of sigma_min(J).
RatioBound seam_ratio_lower(ResidualBallBounds& b, const ExactNumber& radius, PerturbationData* data) {
  RatioBound rb;
  if (b.num_residuals() > b.num_parameters()) return rb;
  BallConstants k = b.over_ball(radius);
  rb.defined = k.defined && b.centre().defined ? Truth::True : Truth::Unknown;
  if (!(k.sigma_min_lower > 0)) return rb;
  if (data) *data = PerturbationData{sqrt_down(b.centre().lambda_min.lower), k.hess_rss};
  record_lower(rb, (Interval(4.0) * b.scale() * sqr(Interval(k.sigma_min_lower))).lower(), k.sigma_method);
  return rb;
}

// The verdict texts both entry points share.
void set_refuted(ChatterjeeResult& res) {
  res.verdict = Verdict::Refuted;
  res.reason = "witness point in the ball with r^2 |grad f|^2/f <= 4 f(x0): the criterion fails for this radius";
  res.cause = Cause::Witness;
}
// The advice follows from the cause alone (criteria/cause.hpp).
void set_advice(ChatterjeeResult& res) {
  res.suggestion = advice(CriterionKind::Chatterjee, res.cause, {.boxes = res.boxes});
}
void set_not_proved(ChatterjeeResult& res, double target, std::size_t n, std::size_t p) {
  res.reason = "could not prove 4 f(x0) < r^2 alpha: alpha >= " + decimal_below(res.alpha_lower, 6) +
               " proved, need > " + decimal_above(target, 6);
  if (res.gram_rank_deficient)
    res.reason += "; the residual bound 4c lambda_min(J J^T) cannot apply: " + std::to_string(n) + " residuals > " +
                  std::to_string(p) + " variables, so J J^T is singular";
  if (std::isfinite(res.alpha_upper)) res.reason += " (sampled alpha <= " + decimal_above(res.alpha_upper, 6) + ")";
}
std::string certified_reason(const Interval& four_f0, const Interval& r2_alpha, const std::string& method) {
  return "4 f(x0) <= " + decimal_above(four_f0.upper(), 6) + " < " + decimal_below(r2_alpha.lower(), 6) +
         " <= r^2 alpha(x0, r), with the " + method + " lower bound of alpha";
}

// A lower bound of g over a ball by branch and bound on its value enclosures (subdividing only up
// to max_split_dimension variables; beyond, the ball's bounding box alone): how f >= 0 and the
// weights h > 0 of f = h * (sum of squares) are proved on B(x0, 2r).
template <class T>
AlphaLowerBound value_lower_on_ball(const Objective& g, const Ball<T>& ball, double target,
                                    const ChatterjeeOptions& options, SearchTree* tree,
                                    const MidpointFn& on_midpoint = {}) {
  BoxBounder<T> bounder(g);
  auto value_lower = [&](std::span<const T> X) {
    Enclosure<T> e = bounder.enclose(X);
    double l = is_true(e.defined) ? lo(e.value) : -INFINITY;
    return RatioBound{l, "value", e.defined};
  };
  Budget one_box = options.budget.with(options.budget.seconds, 1);
  BudgetClock clock(g.dimension() <= options.max_split_dimension ? options.budget : one_box);
  return ball_branch_and_bound<T>(ball, target, clock, value_lower, on_midpoint, tree);
}

double max_magnitude_upper(std::span<const double> xs) {
  double m = 0;
  for (double x : xs) m = std::max(m, x);
  return m;
}

// The expression check in the arithmetic T (with_precision has set the thread's MPFR precision).
template <class T>
ChatterjeeResult check_chatterjee_in(const Objective& f, const std::vector<ExactNumber>& center,
                                     const ExactNumber& radius, const ChatterjeeOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  ChatterjeeResult res;
  res.centre = center;
  res.radius = radius;
  res.precision = precision_bits(options.precision);
  const std::size_t p = f.dimension();
  auto finish = [&]() -> ChatterjeeResult& {
    res.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    set_advice(res);
    return res;
  };

  if (!(radius.enclosure.lower() > 0)) throw std::invalid_argument("radius must be positive, got " + radius.text);
  Ball<T> ball = make_ball<T>(center, radius);
  Evaluator<T> ev(f.function());
  Truth centre_ok = ev.evaluate(std::span<const T>(ball.center), Order::Value);
  const T f0 = ev.value(0);
  res.f_center = as_interval(f0);
  if (!is_true(centre_ok)) {
    res.reason = "f is not proved defined and twice differentiable at the centre";
    res.cause = Cause::OutsideDomain;
    return finish();
  }
  if (is_true(less(f0, T(0.0)))) {
    res.reason = "f(x0) < 0: Chatterjee's theorem needs f >= 0";
    res.cause = Cause::NegativeAtCentre;
    res.alpha_lower = -INFINITY;
    return finish();
  }
  const T four_f0 = T(4.0) * f0;
  const T r_sq = sqr(ball.radius);
  const double target = hi(four_f0 / r_sq);  // alpha must exceed this

  if (f.structurally_nonnegative()) {
    res.hypothesis = "f = " + f.scale().text + " * sum of squares, non-negative everywhere (structural)";
    res.hypothesis_proved = true;
  } else if (f.weighted()) {
    res.hypothesis = "f = h * sum of squares with " + f.weight_text() +
                     ": the form, and f >= 0 (which the theorem needs on B(x0, 2r)), hold only where h > 0";
  } else {
    res.hypothesis = "f >= 0 on B(x0, 2r), which the theorem needs, is not structural: f is not a recognised sum "
                     "of squares";
  }
  res.gram_rank_deficient = f.has_residual_form() && f.num_residuals() > p;

  BudgetClock clock(options.budget);
  clock.set_progress_sink(options.progress);

  // Upper bounds and refutation: every candidate point is re-evaluated rigorously.
  Evaluator<double> ev_double(f.function());
  auto try_witness = [&](std::span<const double> w) -> bool {
    if (!is_true(point_in_ball<T>(w, ball))) return false;
    auto q = rigorous_ratio(ev, w);
    if (!q) return false;
    res.alpha_upper = std::min(res.alpha_upper, hi(*q));
    if (is_true(less_equal(r_sq * *q, four_f0))) {
      res.witness = Witness{std::vector<double>(w.begin(), w.end()), as_interval(*q)};
      return true;
    }
    return false;
  };
  std::vector<double> c_mid;
  for (const auto& c : ball.center) c_mid.push_back(ScalarTraits<T>::midpoint(c));
  SampleOptions sampling = options.sampling;
  sampling.deadline = std::min(sampling.deadline, options.budget.deadline);
  sampling.cancel = options.budget.cancel;
  SampledMinimum sampled = sample_min_ratio(f, c_mid, radius.nearest, sampling);
  res.samples = sampled.evaluations;
  bool refuted = sampled.found && try_witness(sampled.point);

  // Structure that rules a certificate out whatever the bounds, found in no time: a positive
  // constant term (f > 0 everywhere), more residuals than variables (J J^T singular, so no lower
  // bound of alpha near a zero), or f > 0 on the whole ball. Chatterjee's criterion implies a
  // zero of f in the ball (Theorem 2.1), and near a zero only the Gram bound can work.
  const auto& constants = f.positive_constant_terms();
  if (!constants.empty()) {
    if (refuted) set_refuted(res);
    else res.alpha_lower = 0;
    res.structure = "f has the positive constant term " + constants.front() +
                    ", so f > 0 everywhere: it has no zero, and Chatterjee's criterion (which implies a zero in the ball, "
                    "Theorem 2.1) cannot hold at any radius";
    res.reason = (refuted ? res.reason + "; and " : std::string()) + res.structure;
    res.cause = Cause::PositiveMinimum;
    return finish();
  }
  if (!refuted && res.gram_rank_deficient) {
    // 0 bounds the ratio below only where f >= 0 is known (not for h * S with h < 0 somewhere).
    res.alpha_lower = f.structurally_nonnegative() ? 0 : -INFINITY;
    res.structure = std::to_string(f.num_residuals()) + " residuals in " + std::to_string(p) +
                    " variables: J J^T is singular everywhere, and near a zero of f (which the criterion needs in the "
                    "ball, Theorem 2.1) no lower bound of alpha can be proved";
    res.reason = res.structure;
    res.cause = Cause::RankDeficient;
    return finish();
  }
  if (!refuted) {
    BoxBounder<T> bounder(f);
    Enclosure<T> e = bounder.enclose(std::span<const T>(bounding_box(ball)));
    if (is_true(e.defined) && lo(e.value) > 0) {
      res.reason = "f >= " + decimal_below(lo(e.value), 6) +
                   " > 0 on the whole ball (enclosure over its bounding box): no zero of f lies in it, so Chatterjee's "
                   "criterion (which implies one, Theorem 2.1) cannot hold at this radius";
      res.cause = Cause::PositiveOnBall;
      return finish();
    }
  }

  if (!refuted && !f.has_residual_form()) {
    // Near a zero x* of f, grad f(x*) = 0: every enclosure of |grad f|^2 over a box around x*
    // reaches 0, so the box bound lower(|grad f|^2) / upper(f) is <= 0 there however fine the
    // boxes. The criterion needs such a zero in the ball (Theorem 2.1); only a residual form's
    // Gram bound 4c lambda_min(J J^T) stays positive near it. No search can succeed.
    res.alpha_lower = -INFINITY;
    res.structure = "f is not a recognised sum of squares: near a zero of f (which the criterion needs in the ball, "
                    "Theorem 2.1) grad f vanishes, and without a residual form no lower bound of alpha > 0 can be proved";
    res.reason = res.structure;
    if (std::isfinite(res.alpha_upper)) res.reason += " (sampled alpha <= " + decimal_above(res.alpha_upper, 6) + ")";
    res.cause = Cause::NoResidualForm;
    return finish();
  }
  auto evidence = std::make_shared<ChatterjeeEvidence>();
  // f = h * (sum of squares): the residuals sqrt(h) g_i, and f >= 0, hold only where h > 0.
  // Theorem 2.1 needs f >= 0 on B(x0, 2r), so every weight is proved > 0 there before anything
  // can be certified (and the criterion's ball lies inside it). The residual bounds below are in
  // any case taken only over boxes on which the residuals are proved defined, i.e. h > 0 there.
  if (!refuted && f.weighted()) {
    const Ball<T> ball2 = scaled_ball(ball, 2.0);
    const Program& weights = f.weights();
    for (std::size_t k = 0; k < weights.num_outputs(); ++k) {
      const Objective h = Objective::from_function_program(output_program(weights, k));
      SearchTree* tree = options.record_evidence ? &evidence->weight_trees.emplace_back() : nullptr;
      // A box midpoint proved inside B(x0, 2r) where h is proved <= 0 (or undefined) ends the
      // search: no budget can prove h > 0 there. (The search reports midpoints of boxes that
      // meet the ball; the midpoint itself may lie outside.)
      Evaluator<T> h_ev(h.function());
      std::vector<double> h_point;
      auto not_positive_at = [&](std::span<const double> w) {
        if (!is_true(point_in_ball<T>(w, ball2))) return false;
        std::vector<T> x(w.begin(), w.end());
        Truth defined = h_ev.evaluate(std::span<const T>(x), Order::Value);
        if (!is_false(defined) && !is_true(less_equal(h_ev.value(0), T(0.0)))) return false;
        h_point.assign(w.begin(), w.end());
        return true;
      };
      AlphaLowerBound a =
          value_lower_on_ball<T>(h, ball2, std::numeric_limits<double>::denorm_min(), options, tree, not_positive_at);
      res.boxes += a.boxes;
      if (!a.reached) {
        const std::string& text = weights.output_texts()[k];
        std::string at;
        for (double v : h_point) at += (at.empty() ? "(" : ", ") + six_digits(v);
        res.hypothesis = "f = h * sum of squares with " + f.weight_text() + ": " + text + " > 0 on B(x0, 2r) " +
                         (a.stopped ? "is false: " + text + " <= 0 (or undefined) at " + at + ") in B(x0, 2r)"
                                    : "NOT proved (lower bound " + decimal_below(a.lower, 6) + ")");
        res.reason = "f = h * (sum of squares) is a sum of squares, and f >= 0 (the theorem's hypothesis on B(x0, 2r)), "
                     "only where h > 0, and " + text + (a.stopped ? " > 0 fails at a point of B(x0, 2r)" : " > 0 could not be proved on B(x0, 2r)");
        res.alpha_lower = -INFINITY;
        res.cause = a.stopped ? Cause::WeightNotPositive : Cause::HypothesisNotProved;
        return finish();
      }
    }
    res.hypothesis = "f = h * sum of squares with " + f.weight_text() + " > 0 proved on B(x0, 2r)";
    res.hypothesis_proved = true;
  }
  // Rigorous lower bound of alpha.
  RatioBound best;
  if (!refuted && options.use_perturbation && f.has_residual_form()) {
    // The whole-ball bound of a residual system comes through the seam (as for a network).
    ExpressionBallBounds bounds(f, center, options.precision);
    RatioBound whole = seam_ratio_lower(bounds, radius, &evidence->perturbation);
    best = better(best, whole);
    if (best.method == "perturbation") evidence->method = "perturbation";
  }
  // An infinite target (4 f(x0) / r^2 overflows) cannot be reached by any finite bound.
  if (!refuted && !(best.lower > target) && std::isfinite(target)) {
    BoxBounder<T> bounder(f);
    // Without subdivision (large p) the search is one box: the bounding box of the ball.
    const bool split = p <= options.max_split_dimension;
    BudgetClock one_box(options.budget.with(options.budget.seconds, 1));
    double cheap_target = std::nextafter(target, INFINITY);
    auto on_midpoint = [&](std::span<const double> w) {
      // A cheap double screen before the rigorous re-evaluation.
      if (is_false(ev_double.evaluate(w, Order::Gradient)) || !(ev_double.value(0) > 0)) return false;
      double g_sq = 0;
      for (double g : ev_double.gradient(0)) g_sq += g * g;
      if (!(g_sq / ev_double.value(0) < res.alpha_upper)) return false;
      return try_witness(w);
    };
    SearchTree* tree = options.record_evidence ? &evidence->alpha_tree : nullptr;
    AlphaLowerBound a = ball_alpha_lower<T>(bounder, ball, cheap_target, split ? clock : one_box, on_midpoint, tree);
    res.boxes += a.boxes;
    refuted = a.stopped;
    if (a.lower > best.lower) evidence->method = "boxes";
    best = better(best, RatioBound{a.lower, a.method, Truth::True});
    if (split && !refuted && !(best.lower > target)) {
      if (a.budget_exhausted) res.cause = Cause::BudgetExhausted;
      else if (a.undefined_boxes) res.cause = Cause::NotSmooth;
    }
  }
  // "0: nothing proved" is a lower bound of the ratio only where f >= 0 is known; otherwise f
  // may be negative somewhere in the ball and alpha with it.
  res.alpha_lower = (best.lower > 0 || (f.has_residual_form() && res.hypothesis_proved)) ? best.lower : -INFINITY;
  res.bound_used = best.method;
  res.margin_lower = std::isfinite(res.alpha_lower) ? lo(r_sq * T(best.lower) - four_f0) : -INFINITY;

  if (refuted) {
    set_refuted(res);
    return finish();
  }
  const bool criterion = is_true(less(four_f0, r_sq * T(best.lower)));
  if (!criterion) {
    set_not_proved(res, target, f.num_residuals(), p);
    if (res.cause == Cause::None)
      res.cause = p > options.max_split_dimension && !f.has_residual_form() ? Cause::NoResidualForm : Cause::BoundTooLoose;
    return finish();
  }

  // f >= 0 on B(x0, 2r), needed by the theorem when f is not structurally a sum of squares.
  if (!res.hypothesis_proved) {
    if (options.record_evidence) evidence->nonnegativity_tree.emplace();
    SearchTree* tree = options.record_evidence ? &*evidence->nonnegativity_tree : nullptr;
    AlphaLowerBound nn = value_lower_on_ball<T>(f, scaled_ball(ball, 2.0), 0.0, options, tree);
    res.boxes += nn.boxes;
    res.hypothesis_proved = nn.reached;
    res.hypothesis = nn.reached ? "f >= 0 proved on B(x0, 2r) (Chatterjee's theorem assumes f >= 0)"
                                : "f >= 0 on B(x0, 2r) NOT proved (lower bound " + decimal_below(nn.lower, 6) + ")";
    if (!nn.reached) {
      res.reason = "4 f(x0) < r^2 alpha holds (alpha >= " + decimal_below(best.lower, 6) +
                   "), but the theorem's hypothesis f >= 0 could not be proved on B(x0, 2r)";
      res.cause = Cause::HypothesisNotProved;
      return finish();
    }
  }

  res.verdict = Verdict::Certified;
  if (options.record_evidence) res.evidence = evidence;
  res.reason = certified_reason(as_interval(four_f0), as_interval(r_sq * T(best.lower)), best.method);

  // Theorem 2.2: L1 over B(x0, r) and L2 over B(x0, 2r).
  Box<T> X1 = bounding_box(ball), X2 = bounding_box(scaled_ball(ball, 2.0));
  // The dimension-free variant needs G >= sup |grad f| on B(x0, r) and H >= sup ||Hess f||_2 on
  // B(x0, 2r) (gd_parameters.hpp); both come from the same enclosures, and the better step is used.
  double L1 = INFINITY, L2 = INFINITY, G = INFINITY, H = INFINITY;
  if (is_true(ev.evaluate(std::span<const T>(X1), Order::Gradient))) {
    std::vector<double> mags;
    Interval g_sq(0.0);
    for (const auto& g : ev.gradient(0)) mags.push_back(hi(abs(g))), g_sq += sqr(Interval(mags.back()));
    L1 = max_magnitude_upper(mags);
    G = sqrt(g_sq).upper();
  }
  if (is_true(ev.evaluate(std::span<const T>(X2), Order::Hessian))) {
    std::vector<double> mags;
    for (const auto& h : ev.hessian(0)) mags.push_back(hi(abs(h.value)));
    L2 = max_magnitude_upper(mags);
    H = symmetric_norm2_upper<T>(ev.hessian(0), p);
  }
  res.gd = better_gd(gd_parameters(best.lower, res.f_center.upper(), lo(ball.radius), L1, L2, p, options.tol),
                     gd_parameters_spectral(best.lower, res.f_center.upper(), lo(ball.radius), G, H, options.tol));
  if (res.gd) res.gd->L1 = L1, res.gd->L2 = L2;  // both valid bounds, reported whichever step is used
  if (!res.gd) res.reason += "; gradient-descent constants unavailable (L1 or L2 not bounded on the balls)";
  return finish();
}

}  // namespace

ChatterjeeResult check_chatterjee(const Objective& f, const std::vector<ExactNumber>& center, const ExactNumber& radius,
                                  const ChatterjeeOptions& options) {
  return with_precision(options.precision, [&](auto scalar) {
    return check_chatterjee_in<decltype(scalar)>(f, center, radius, options);
  });
}

ChatterjeeResult search_radius_chatterjee(const Objective& f, const std::vector<ExactNumber>& center,
                                          const ChatterjeeOptions& options) {
  return search_radius<ChatterjeeSearch>(radius_scan_scale(center), options,
                                         [&](const ExactNumber& r, const ChatterjeeOptions& o) {
                                           return check_chatterjee(f, center, r, o);
                                         });
}

ChatterjeeResult search_radius_chatterjee(ResidualBallBounds& b, const ChatterjeeOptions& options) {
  return search_radius<ChatterjeeSearch>(radius_scan_scale(b.centre_point()), options,
                                         [&](const ExactNumber& r, const ChatterjeeOptions& o) {
                                           return check_chatterjee(b, r, o);
                                         });
}

ChatterjeeResult check_chatterjee(ResidualBallBounds& b, const ExactNumber& radius, const ChatterjeeOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  ChatterjeeResult res;
  set_place(res, b, radius);
  const std::size_t n = b.num_residuals(), p = b.num_parameters();
  const Interval c = b.scale();
  auto finish = [&]() -> ChatterjeeResult& {
    res.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    set_advice(res);
    return res;
  };
  if (!(radius.enclosure.lower() > 0)) throw std::invalid_argument("radius must be positive, got " + radius.text);
  const CentreBounds& centre = b.centre();
  res.hypothesis = "f = c |r|^2, non-negative everywhere (structural)";
  res.hypothesis_proved = true;
  res.gram_rank_deficient = n > p;
  if (!centre.defined) {
    res.f_center = Interval::entire();
    res.reason = "f is not proved defined and twice differentiable at the centre";
    res.cause = Cause::OutsideDomain;
    return finish();
  }
  res.f_center = c * sqr(centre.residual_norm);
  const Interval four_f0 = Interval(4.0) * res.f_center;
  const Interval r_sq = sqr(radius.enclosure);
  const double target = (four_f0 / r_sq).upper();  // alpha must exceed this

  // Upper bound of alpha and refutation at sampled points, each re-evaluated rigorously.
  bool refuted = false;
  for (const auto& w : ball_points(b.centre_point(), radius.nearest, options.sampling.samples, options.sampling.seed)) {
    ++res.samples;
    if (!b.point_in_ball(w, radius)) continue;
    PointBounds q = b.at_point(w);
    Interval ratio = Interval::entire();
    if (!q.objective.is_entire() && q.objective.lower() > 0)
      ratio = q.objective_gradient_norm_sq / q.objective;
    else if (q.defined && q.residual_norm_sq.lower() > 0)
      ratio = Interval(4.0) * c * q.gradient_norm_sq / q.residual_norm_sq;  // |2c J^T r|^2 / (c |r|^2)
    if (ratio.is_entire()) continue;
    res.alpha_upper = std::min(res.alpha_upper, ratio.upper());
    if ((r_sq * ratio).upper() <= four_f0.lower()) {
      res.witness = Witness{w, ratio};
      refuted = true;
      break;
    }
  }

  // Lower bound of alpha: 4c sigma_min(J)^2 over the ball.
  RatioBound best;
  if (!refuted && options.use_perturbation) best = seam_ratio_lower(b, radius, nullptr);
  res.alpha_lower = best.lower;
  res.bound_used = best.method;
  res.margin_lower = (r_sq * Interval(best.lower) - four_f0).lower();
  if (refuted) {
    set_refuted(res);
    return finish();
  }
  if (!(four_f0.upper() < (r_sq * Interval(best.lower)).lower())) {
    set_not_proved(res, target, n, p);
    res.cause = res.gram_rank_deficient ? Cause::RankDeficient : Cause::BoundTooLoose;
    return finish();
  }
  res.verdict = Verdict::Certified;
  res.reason = certified_reason(four_f0, r_sq * Interval(best.lower), best.method);

  // Theorem 2.2: grad f = 2c J^T r, so max_i |d_i f| <= |grad f| <= 2c sup ||J|| sup |r| over
  // B(x0, r); max_ij |d_i d_j f| <= ||Hess f||_2 <= 2c (sup ||J||^2 + sup |r| hess_rss) over B(x0, 2r).
  BallConstants k1 = b.over_ball(radius);
  BallConstants k2 = b.over_ball(exact_double((Interval(2.0) * radius.enclosure).upper()));
  double L1 = k1.defined ? (Interval(2.0) * c * Interval(k1.jac_sup) * Interval(k1.residual_sup)).upper() : INFINITY;
  double L2 = INFINITY;
  if (k2.defined) {
    L2 = (Interval(2.0) * c * (sqr(Interval(k2.jac_sup)) + Interval(k2.residual_sup) * Interval(k2.hess_rss))).upper();
    L2 = std::min(L2, k2.f_hessian_sup);
    if (std::isfinite(k2.objective_hessian_sup)) L2 = std::min(L2, (c * Interval(k2.objective_hessian_sup)).upper());
  }
  if (!std::isfinite(L1) || !std::isfinite(L2)) L1 = L2 = INFINITY;
  res.gd = gd_parameters(best.lower, res.f_center.upper(), radius.enclosure.lower(), L1, L2, p, options.tol);
  // L1 above bounds |grad f| itself and L2 bounds ||Hess f||_2, so they are also the G and H of
  // the dimension-free variant (gd_parameters.hpp), whose step does not shrink like 1/p.
  res.gd = better_gd(res.gd, gd_parameters_spectral(best.lower, res.f_center.upper(), radius.enclosure.lower(), L1,
                                                    L2, options.tol));
  if (!res.gd) res.reason += "; gradient-descent constants unavailable (L1 or L2 not bounded on the balls)";
  return finish();
}

bool faster(const GdParameters& a, const GdParameters& b) {
  if (a.iterations && b.iterations) return a.iterations < b.iterations;
  if (a.iterations != b.iterations) return a.iterations != 0;  // a count to tol beats none
  return a.rate < b.rate;
}

}  // namespace gdcert
