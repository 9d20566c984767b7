#include "criteria/plstar.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "arith/with_precision.hpp"
#include "bound/ball.hpp"
#include "bound/ball_branch_and_bound.hpp"
#include "bound/box_bounder.hpp"
#include "bound/expression_ball_bounds.hpp"
#include "criteria/gd_parameters.hpp"
#include "criteria/radius_scan.hpp"
#include "criteria/radius_search.hpp"
#include "criteria/search_policies.hpp"
#include "expr/evaluator.hpp"

namespace gdcert {
namespace {

// The advice follows from the cause alone (criteria/cause.hpp).
void set_advice(PlStarResult& res) {
  res.suggestion = advice(CriterionKind::PlStar, res.cause, {.boxes = res.boxes, .mu_upper = res.mu_upper});
}


constexpr double kIrrelevant = 1e300;  // a box where L < eps everywhere: nothing to prove

// 2 a b / c as an upper (or lower) bound, for R = 2 L_F |F0 - y| / mu.
double two_ab_over_c_up(double a, double b, double c) {
  if (!(c > 0)) return INFINITY;
  return (Interval(2.0) * Interval(a) * Interval(b) / Interval(c)).upper();
}

// check_plstar in its phases, each reading what the ones before proved: constants of the
// system over the ball, sampled upper bound and witnesses, lower bound of mu, verdict and step.
class PlStarCheck {
 public:
  PlStarCheck(ResidualBallBounds& b, const ExactNumber& radius, const PlStarOptions& options,
              const PlStarRefinement* refine, PlStarResult& res)
      : b_(b), radius_(radius), options_(options), refine_(refine), res_(res) {}

  void run() {
    if (!constants()) return;
    sample();
    double best = mu_lower();
    verdict(best);
  }

 private:
  ResidualBallBounds& b_;
  const ExactNumber& radius_;
  const PlStarOptions& options_;
  const PlStarRefinement* refine_;
  PlStarResult& res_;

  Interval r_int_, s_, res0_, eps_;
  double r_lo_ = 0, r_hi_ = 0, L_F_lower_ = 0, lambda0_lower_ = -INFINITY, beta_eps_ = INFINITY;
  double mu_needed_ = INFINITY;
  bool eps_mode_ = false, rank_deficient_ = false, refuted_ = false;
  BallConstants k_;

  // R as an upper bound for a given mu (lower bound), either theorem.
  double R_upper(double mu) const {
    if (!(mu > 0)) return INFINITY;
    if (eps_mode_)
      return (Interval(2.0) * sqrt(Interval(2.0) * Interval(beta_eps_) * res_.loss_center) / Interval(mu)).upper();
    return two_ab_over_c_up(res_.L_F, res0_.upper(), mu);
  }
  // Lower bound of R for a mu upper bound (refutation): |grad L| can be as large as
  // ||DF(w0)|| |F(w0) - y| near w0, so no valid L_F (or beta >= L_F^2) is smaller.
  double R_lower(double mu_up) const {
    Interval num = Interval(2.0) * Interval(L_F_lower_) * Interval(res0_.lower());
    if (!(num.lower() > 0)) return 0.0;
    if (!(mu_up > 0)) return INFINITY;
    return (num / Interval(mu_up)).lower();
  }

  // Phase 1: |F(w0) - y|, L_F, beta_F, the Hessian of L over the ball. False when the verdict
  // is already settled (not defined, or L(w0) < eps).
  bool constants() {
    r_int_ = radius_.enclosure;
    r_lo_ = r_int_.lower(), r_hi_ = r_int_.upper();
    // L = c |r|^2 = 1/2 |F - y|^2 with F - y = sqrt(2c) r: K = s J J^T, s = 2c.
    s_ = Interval(2.0) * b_.scale();
    const Interval sqrt_s = sqrt(s_);
    const CentreBounds& c = b_.centre();
    k_ = b_.over_ball(radius_);
    res0_ = c.defined ? sqrt_s * c.residual_norm : Interval::entire();
    res_.residual_norm = res0_;
    res_.loss_center = Interval(0.5) * sqr(res0_);
    if (res0_.is_entire()) {
      res_.reason = "the residuals are not proved defined and differentiable at the centre";
      res_.cause = Cause::OutsideDomain;
      return false;
    }
    res_.L_F = (sqrt_s * Interval(k_.jac_sup)).upper();
    res_.beta_F = (sqrt_s * Interval(k_.hess_rss)).upper();
    res_.hessian_max = (sqrt_s * Interval(k_.hess_max)).upper();
    res_.residual_sup = (sqrt_s * Interval(k_.residual_sup)).upper();
    L_F_lower_ = (sqrt_s * Interval(c.jac_norm_lower)).lower();
    lambda0_lower_ = c.lambda_min.proved ? (s_ * Interval(c.lambda_min.lower)).lower() : -INFINITY;
    res_.lambda0_upper = (s_ * Interval(c.lambda_min_upper)).upper();
    eps_mode_ = options_.eps.has_value();
    eps_ = eps_mode_ ? options_.eps->enclosure : Interval(0.0);
    // sup_B ||Hess L||, directly when the model bounds it, else through |r|^2's Hessian.
    double f_hessian = k_.f_hessian_sup;
    if (std::isfinite(k_.objective_hessian_sup))
      f_hessian = std::min(f_hessian, (b_.scale() * Interval(k_.objective_hessian_sup)).upper());
    // beta of Theorem 9 (eps mode) or H of the descent lemma (Theorem 6), both upper bounds.
    beta_eps_ = std::max((sqr(Interval(res_.L_F))).upper(), f_hessian);
    const double H6 =
        std::min((sqr(Interval(res_.L_F)) + Interval(res_.beta_F) * Interval(res_.residual_sup)).upper(), f_hessian);
    res_.hessian_L = eps_mode_ ? beta_eps_ : H6;
    mu_needed_ = [&] {
      if (options_.claimed_mu) return options_.claimed_mu->enclosure.upper();
      if (eps_mode_) return (Interval(2.0) * sqrt(Interval(2.0) * Interval(beta_eps_) * res_.loss_center) / r_int_).upper();
      return (Interval(2.0) * Interval(res_.L_F) * Interval(res0_.upper()) / r_int_).upper();
    }();
    if (eps_mode_ && res_.loss_center.upper() < eps_.lower()) {
      res_.verdict = Verdict::Certified;
      res_.reason = "L(w0) < eps already: w0 itself is the point of Theorem 9 (a), no step needed";
      res_.R_required = 0;
      res_.iterations = 0;
      return false;
    }
    if (!k_.defined) {
      res_.reason = "the residuals are not proved twice differentiable on the bounding box of the ball";
      res_.cause = Cause::NotSmooth;
      return false;
    }
    return true;
  }

  // Rigorous upper bound at w of the quantity whose infimum is mu: lambda_min(K(w)), or in
  // eps mode (where L(w) >= eps is proved) the PL* ratio |grad L|^2 / (2 L).
  double mu_upper_at(std::span<const double> w) {
    if (!b_.point_in_ball(w, radius_)) return INFINITY;
    PointBounds q = b_.at_point(w);
    if (eps_mode_) {
      Interval L = q.objective, g2 = q.objective_gradient_norm_sq;
      if (L.is_entire()) {  // from the residuals: L = c |r|^2, |grad L|^2 = 4 c^2 |J^T r|^2
        if (!q.defined) return INFINITY;
        L = b_.scale() * q.residual_norm_sq;
        g2 = Interval(4.0) * sqr(b_.scale()) * q.gradient_norm_sq;
      }
      if (!(L.lower() >= eps_.upper())) return INFINITY;
      return (g2 / (Interval(2.0) * L)).upper();
    }
    return q.defined ? (s_ * Interval(q.lambda_min_upper)).upper() : INFINITY;
  }

  bool try_witness(std::span<const double> w) {
    double m = mu_upper_at(w);
    if (!(m < res_.mu_upper)) return false;
    res_.mu_upper = m;
    std::string why;
    if (options_.claimed_mu) {
      if (m < options_.claimed_mu->enclosure.lower())
        why = "at this point " + std::string(eps_mode_ ? "1/2 |grad L|^2 / L" : "lambda_min(K)") + " <= " +
              decimal_above(m, 6) + " < mu = " + options_.claimed_mu->text + ": the claimed mu is false";
    } else if (R_lower(m) > r_hi_) {
      why = "with mu <= " + decimal_above(m, 6) + " (this point) and L_F >= " + decimal_below(L_F_lower_, 6) +
            ", R = 2 L_F |F(w0) - y| / mu >= " + decimal_below(R_lower(m), 6) + " > r";
    }
    if (why.empty()) return false;
    res_.witness = PlStarWitness{std::vector<double>(w.begin(), w.end()), m, why};
    return true;
  }

  // Phase 2: the sampled upper bound of mu, and a witness when one refutes the ball.
  void sample() {
    // Each point costs an n x n eigen-solve plus its interval check: fewer points for large n
    // (the samples only give the upper bound and witnesses, never the proof).
    const std::size_t n_points = std::min(options_.samples, std::max<std::size_t>(30, 30000 / (res_.n * res_.n + 1)));
    for (const auto& w : ball_points(b_.centre_point(), radius_.nearest, n_points, options_.seed)) {
      if (options_.budget.past_deadline()) break;
      ++res_.samples;
      if (try_witness(w)) {
        refuted_ = true;
        break;
      }
    }
  }

  // Phase 3: the rigorous lower bound of mu (whole-ball bound, then the model's refinement).
  double mu_lower() {
    rank_deficient_ = res_.n > res_.p;
    double best = rank_deficient_ ? 0.0 : -INFINITY;
    res_.mu_method = rank_deficient_ ? "rank (n > p: K is singular)" : "none";
    if (rank_deficient_ && !eps_mode_) {
      // lambda_min(K) = 0 everywhere; with |F(w0) - y| > 0 no mu > 0 exists.
      res_.mu_upper = 0;
      if (res0_.lower() > 0 || options_.claimed_mu) {
        refuted_ = true;
        res_.witness = PlStarWitness{b_.centre_point(), 0.0,
                                     "K = DF DF^T is " + std::to_string(res_.n) + " x " + std::to_string(res_.n) +
                                         " of rank <= p = " + std::to_string(res_.p) + ": lambda_min(K) = 0"};
      }
    }
    if (!rank_deficient_ && options_.use_perturbation && k_.sigma_min_lower > 0) {
      double m = (s_ * sqr(Interval(k_.sigma_min_lower))).lower();
      if (m > best) best = m, res_.mu_method = k_.sigma_method;
    }
    // Never aim above the sampled upper bound (unreachable); after a refutation the bound is
    // only for the report, so it gets a twentieth of the budget.
    const double target = std::min(mu_needed_, res_.mu_upper * (1 - 1e-9));
    if (refine_ && !(best >= target) && !(rank_deficient_ && !eps_mode_)) {
      Budget budget = options_.budget;
      if (refuted_) budget.seconds /= 20;
      BudgetClock clock(refine_->split ? budget : budget.with(budget.seconds, 1));
      clock.set_progress_sink(options_.progress);
      bool found = refuted_;
      auto on_midpoint = [&](std::span<const double> w) {
        if (!found && try_witness(w)) found = true;
        return false;  // keep going: the lower bound is reported either way
      };
      AlphaLowerBound a = refine_->mu_lower(std::nextafter(target, INFINITY), clock, on_midpoint);
      res_.boxes = a.boxes;
      refuted_ = found;
      if (a.lower > best) best = a.lower, res_.mu_method = a.method;
      if (refine_->split && !refuted_ && !(best >= mu_needed_) && a.budget_exhausted) res_.cause = Cause::BudgetExhausted;
    }
    res_.mu_lower = std::max(best, 0.0);
    if (res_.mu_lower >= kIrrelevant) res_.mu_lower = INFINITY;  // L < eps on the whole ball
    if (refine_ && refine_->rho) res_.rho = refine_->rho();
    res_.hessian_control.lambda0_lower = lambda0_lower_;
    res_.hessian_control.hessian_max = res_.hessian_max;
    return best;
  }

  // Phase 4: the verdict, the step and Theorem 2's Hessian control.
  void verdict(double) {
    const double mu_used = options_.claimed_mu ? options_.claimed_mu->enclosure.lower() : res_.mu_lower;
    if (refuted_) {
      res_.verdict = Verdict::Refuted;
      res_.reason = options_.claimed_mu ? "the claimed mu is refuted: " + res_.witness->why
                                        : "the kernel-based condition of Theorem 6 fails on this ball: " + res_.witness->why;
      res_.cause = options_.claimed_mu ? Cause::ClaimRefuted : Cause::Witness;
      return;
    }
    const bool mu_ok = options_.claimed_mu ? res_.mu_lower >= options_.claimed_mu->enclosure.upper() : res_.mu_lower > 0;
    res_.R_required = R_upper(mu_used);
    if (!mu_ok || !(res_.R_required <= r_lo_)) {
      if (!mu_ok && options_.claimed_mu)
        res_.reason = "could not prove mu >= " + options_.claimed_mu->text + " on the ball (proved " +
                      decimal_below(res_.mu_lower, 6) + ")";
      else if (!mu_ok)
        res_.reason = "no positive lower bound of mu could be proved on the ball";
      else
        res_.reason = "R = " + std::string(eps_mode_ ? "2 sqrt(2 beta L(w0)) / mu" : "2 L_F |F(w0) - y| / mu") +
                      " <= " + decimal_above(res_.R_required, 6) + " is not <= r = " + radius_.text;
      if (std::isfinite(res_.mu_upper)) res_.reason += " (sampled: mu <= " + decimal_above(res_.mu_upper, 6) + ")";
      if (res_.cause == Cause::None)
        res_.cause = rank_deficient_ ? Cause::RankDeficient
                                     : (!mu_ok && options_.claimed_mu ? Cause::ClaimNotProved : Cause::BoundTooLoose);
      return;
    }

    res_.verdict = Verdict::Certified;
    const double H = res_.hessian_L;
    if (std::isfinite(H) && H > 0) {
      res_.step = div_down(1.0, H);
      res_.rate = std::max(0.0, (Interval(1.0) - Interval(res_.step) * Interval(mu_used)).upper());
      if (eps_mode_) {
        auto t = iterations_until(res_.rate, eps_ / res_.loss_center);
        if (t) res_.iterations = res_.rate > 0 ? *t + 1 : *t;  // strict: L(w_t) < eps
      } else {
        res_.iterations = iterations_until(res_.rate, Interval(options_.tol));
      }
    }
    res_.reason = std::string(eps_mode_ ? "Theorem 9 (PL*_eps)" : "Theorem 6") + ": R <= " +
                  decimal_above(res_.R_required, 6) + " <= r = " + radius_.text + " with mu >= " +
                  decimal_below(mu_used, 6) + " (" + res_.mu_method + ")";
    if (!eps_mode_) res_.reason += "; a solution F(w*) = y lies in B(w0, R)";

    // Theorem 2 (Hessian control), with R = r.
    auto& hc = res_.hessian_control;
    if (std::isfinite(lambda0_lower_)) {
      Interval thr = (Interval(lambda0_lower_) - Interval(mu_used)) /
                     (Interval(2.0) * Interval(res_.L_F) * sqrt(Interval(double(res_.n))) * Interval(r_hi_));
      hc.threshold = thr.lower();
      hc.holds = hc.threshold > 0 && hc.hessian_max <= hc.threshold;
    }
  }
};

// The expression-only refinement: branch and bound over the ball (p <= max_split_dimension,
// else the bounding box alone), with the verified kernel bound per box, the quotient bound in
// eps mode, and Theorem 3's rho^2 mu_F with an output map.
template <class T>
PlStarResult check_plstar_expression(const PlSystem& system, const std::vector<ExactNumber>& center,
                                     const ExactNumber& radius, const PlStarOptions& options) {
  const Objective& f = system.objective;
  ExpressionBallBounds bounds(f, center, options.precision);
  const Ball<T> ball = make_ball<T>(center, radius);
  const Interval s = Interval(2.0) * f.scale().enclosure;
  const bool eps_mode = options.eps.has_value();
  const Interval eps = eps_mode ? options.eps->enclosure : Interval(0.0);
  const std::size_t n = f.num_residuals();
  const bool rank_deficient = n > f.dimension();

  BoxBounder<T> bounder(f);
  std::optional<BoxBounder<T>> inner;
  std::optional<Evaluator<T>> dphi;
  if (system.map) inner.emplace(system.map->inner), dphi.emplace(system.map->derivative);
  auto box_bound = [&](std::span<const T> X) -> RatioBound {
    RatioBound rb{0.0, "none", Truth::True};
    if (eps_mode) {
      Enclosure<T> e = bounder.enclose(X);
      if (!is_true(e.defined)) return RatioBound{0.0, "none", e.defined};
      Interval L = as_interval(e.value);
      if (L.upper() < eps.lower()) return RatioBound{kIrrelevant, "L < eps", Truth::True};
      Interval g2(0.0);
      for (const auto& g : e.gradient) g2 += sqr(as_interval(g));
      if (L.upper() > 0 && std::isfinite(L.upper())) {
        // On the points of X with L >= eps > 0: |grad L|^2 / (2 L) >= lower(|g|^2) / (2 upper(L)).
        double q = (Interval(g2.lower()) / (Interval(2.0) * Interval(L.upper()))).lower();
        if (q > rb.lower) rb = RatioBound{q, "quotient (where L >= eps)", Truth::True};
      }
    }
    if (!rank_deficient) {
      EigenBound lam = bounder.gram_lambda_min(X);
      if (lam.proved) {
        double m = (s * Interval(lam.lower)).lower();
        if (m > rb.lower) rb = RatioBound{m, "kernel (verified lambda_min per box)", Truth::True};
      }
      if (inner) {  // Theorem 3: lambda_min(K) >= rho^2 lambda_min(K_F) on X
        EigenBound lf = inner->gram_lambda_min(X);
        if (lf.proved && lf.lower > 0 && is_true(dphi->evaluate(X, Order::Value))) {
          double rho = INFINITY;
          for (std::size_t i = 0; i < n; ++i) rho = std::min(rho, mig(as_interval(dphi->value(i))));
          Interval s_inner = Interval(2.0) * system.map->inner.scale().enclosure;
          double m = (sqr(Interval(rho)) * s_inner * Interval(lf.lower)).lower();
          if (m > rb.lower) rb = RatioBound{m, "output map (Theorem 3: rho^2 mu_F)", Truth::True};
        }
      }
    }
    return rb;
  };
  PlStarRefinement refine;
  refine.split = f.dimension() <= options.max_split_dimension;
  refine.mu_lower = [&](double target, BudgetClock& clock, const std::function<bool(std::span<const double>)>& on_midpoint) {
    return ball_branch_and_bound<T>(ball, target, clock, box_bound, on_midpoint);
  };
  // Output map: rho over the whole bounding box, for the report.
  if (system.map)
    refine.rho = [&]() -> double {
      Evaluator<T> d(system.map->derivative);
      Box<T> X = bounding_box(ball);
      if (!is_true(d.evaluate(std::span<const T>(X), Order::Value))) return 0.0;
      double rho = INFINITY;
      for (std::size_t i = 0; i < n; ++i) rho = std::min(rho, mig(as_interval(d.value(i))));
      return rho;
    };
  PlStarResult res = check_plstar(bounds, radius, options, &refine);
  res.centre = center;
  if (system.map) res.output_map = system.map->name;
  return res;
}

}  // namespace

PlStarResult check_plstar(ResidualBallBounds& bounds, const ExactNumber& radius, const PlStarOptions& options,
                          const PlStarRefinement* refine) {
  const auto start = std::chrono::steady_clock::now();
  PlStarResult res;
  set_place(res, bounds, radius);
  res.tol = options.tol;
  res.n = bounds.num_residuals();
  res.p = bounds.num_parameters();
  if (options.claimed_mu) res.claimed_mu = options.claimed_mu->nearest;
  if (options.eps) res.eps = options.eps->nearest;
  PlStarCheck(bounds, radius, options, refine, res).run();
  set_advice(res);
  res.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return res;
}

PlStarResult check_plstar(const PlSystem& system, const std::vector<ExactNumber>& center, const ExactNumber& radius,
                          const PlStarOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  PlStarResult res = with_precision(options.precision, [&](auto scalar) {
    return check_plstar_expression<decltype(scalar)>(system, center, radius, options);
  });
  res.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return res;
}

PlStarResult search_radius_plstar(const PlSystem& system, const std::vector<ExactNumber>& center,
                                  const PlStarOptions& options) {
  return search_radius<PlStarSearch>(radius_scan_scale(center), options, [&](const ExactNumber& r, const PlStarOptions& o) {
    return check_plstar(system, center, r, o);
  });
}

PlStarResult search_radius_plstar(ResidualBallBounds& bounds, const PlStarOptions& options) {
  return search_radius<PlStarSearch>(radius_scan_scale(bounds.centre_point()), options,
                                     [&](const ExactNumber& r, const PlStarOptions& o) { return check_plstar(bounds, r, o); });
}

}  // namespace gdcert
