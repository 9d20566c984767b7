#include "criteria/plstar.hpp"

#include "criteria/radius_scan.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <type_traits>

#include "bound/ball.hpp"
#include "bound/ball_branch_and_bound.hpp"
#include "bound/box_bounder.hpp"
#include "criteria/pl_common.hpp"
#include "criteria/radius_scan.hpp"
#include "expr/evaluator.hpp"

namespace gdcert {
namespace {

constexpr double kIrrelevant = 1e300;  // a box where L < eps everywhere: nothing to prove

template <class T>
double lo(const T& x) { return ScalarTraits<T>::lower_bound(x); }
template <class T>
double hi(const T& x) { return ScalarTraits<T>::upper_bound(x); }

// 2 a b / c as an upper (or lower) bound, for R = 2 L_F |F0 - y| / mu.
double two_ab_over_c_up(double a, double b, double c) {
  if (!(c > 0)) return INFINITY;
  return (Interval(2.0) * Interval(a) * Interval(b) / Interval(c)).upper();
}

}  // namespace

template <class T>
PlStarResult check_plstar(const PlSystem& system, const std::vector<ExactNumber>& center,
                          const ExactNumber& radius, const PlStarOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  const Objective& f = system.objective;
  PlStarResult res;
  for (const auto& c : center) res.center_text.push_back(c.text);
  res.radius_text = radius.text;
  res.radius = radius.nearest;
  res.tol = options.tol;
  res.n = f.num_residuals();
  res.p = f.dimension();
  if (system.map) res.output_map = system.map->name;
  if (options.claimed_mu) res.claimed_mu = options.claimed_mu->nearest;
  if (options.eps) res.eps = options.eps->nearest;
  if constexpr (std::is_same_v<T, MpInterval>) res.precision = mp_precision();
  auto finish = [&]() -> PlStarResult& {
    res.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return res;
  };

  const Ball<T> ball = make_ball<T>(center, radius);
  const Interval r_int = as_interval(ball.radius);
  const double r_lo = r_int.lower(), r_hi = r_int.upper();
  // L = c |r|^2 = 1/2 |F - y|^2 with F - y = sqrt(2c) r: K = s J J^T, s = 2c.
  const Interval s = Interval(2.0) * f.scale().enclosure;
  const Interval sqrt_s = sqrt(s);

  SystemConstants k = system_constants<T>(f, ball);
  const Interval res0 = sqrt_s * k.residual_center;
  res.residual_norm = res0;
  res.loss_center = Interval(0.5) * sqr(res0);
  if (res0.is_entire()) {
    res.reason = "the residuals are not proved defined and differentiable at the centre";
    res.suggestion = "move the centre into the domain of every function in the system";
    return finish();
  }
  res.L_F = (sqrt_s * Interval(k.jac_sup)).upper();
  res.beta_F = (sqrt_s * Interval(k.hess_rss)).upper();
  res.hessian_max = (sqrt_s * Interval(k.hess_max)).upper();
  res.residual_sup = (sqrt_s * Interval(k.residual_sup)).upper();
  const double L_F_lower = (sqrt_s * Interval(k.jac_center_norm_lower)).lower();
  const double lambda0_lower = k.lambda_center.proved ? (s * Interval(k.lambda_center.lower)).lower() : -INFINITY;
  res.lambda0_upper = (s * Interval(k.lambda_center_upper)).upper();
  const bool eps_mode = options.eps.has_value();
  const Interval eps = eps_mode ? options.eps->enclosure : Interval(0.0);
  // beta of Theorem 9 (eps mode) or H of the descent lemma (Theorem 6), both upper bounds.
  const double beta_eps = std::max((sqr(Interval(res.L_F))).upper(), k.f_hessian_sup);
  const double H6 = std::min((sqr(Interval(res.L_F)) + Interval(res.beta_F) * Interval(res.residual_sup)).upper(),
                             k.f_hessian_sup);
  res.hessian_L = eps_mode ? beta_eps : H6;
  // R as an upper bound for a given mu (lower bound), either theorem.
  auto R_upper = [&](double mu) -> double {
    if (!(mu > 0)) return INFINITY;
    if (eps_mode) return (Interval(2.0) * sqrt(Interval(2.0) * Interval(beta_eps) * res.loss_center) / Interval(mu)).upper();
    return two_ab_over_c_up(res.L_F, res0.upper(), mu);
  };
  // Lower bound of R for a mu upper bound (refutation): |grad L| can be as large as
  // ||DF(w0)|| |F(w0) - y| near w0, so no valid L_F (or beta >= L_F^2) is smaller.
  auto R_lower = [&](double mu_up) -> double {
    Interval num = Interval(2.0) * Interval(L_F_lower) * Interval(res0.lower());
    if (!(num.lower() > 0)) return 0.0;
    if (!(mu_up > 0)) return INFINITY;
    return (num / Interval(mu_up)).lower();
  };
  const double mu_needed = [&] {
    if (options.claimed_mu) return options.claimed_mu->enclosure.upper();
    if (eps_mode) return (Interval(2.0) * sqrt(Interval(2.0) * Interval(beta_eps) * res.loss_center) / r_int).upper();
    return (Interval(2.0) * Interval(res.L_F) * Interval(res0.upper()) / r_int).upper();
  }();

  if (eps_mode && res.loss_center.upper() < eps.lower()) {
    res.verdict = Verdict::Certified;
    res.reason = "L(w0) < eps already: w0 itself is the point of Theorem 9 (a), no step needed";
    res.R_required = 0;
    res.iterations = 0;
    return finish();
  }
  if (!k.defined) {
    res.reason = "the residuals are not proved twice differentiable on the bounding box of the ball";
    res.suggestion = "try a smaller radius";
    return finish();
  }

  // ---- upper bound of the infimum, and refutation witnesses ---------------------------------
  Evaluator<T> r_ev(f.residuals());
  Evaluator<T> f_ev(f.function());
  // Rigorous upper bound at w of the quantity whose infimum is mu: lambda_min(K(w)), or in
  // eps mode (where L(w) >= eps is proved) the PL* ratio |grad L|^2 / (2 L).
  auto mu_upper_at = [&](std::span<const double> w) -> double {
    if (!is_true(point_in_ball<T>(w, ball))) return INFINITY;
    if (eps_mode) {
      std::vector<T> x(w.begin(), w.end());
      if (!is_true(f_ev.evaluate(std::span<const T>(x), Order::Gradient))) return INFINITY;
      Interval L = as_interval(f_ev.value(0));
      if (!(L.lower() >= eps.upper())) return INFINITY;
      Interval g2(0.0);
      for (const auto& g : f_ev.gradient(0)) g2 += sqr(as_interval(g));
      return (g2 / (Interval(2.0) * L)).upper();
    }
    KernelPoint kp = kernel_at<T>(r_ev, w);
    return kp.ok ? (s * Interval(kp.upper)).upper() : INFINITY;
  };
  auto try_witness = [&](std::span<const double> w) -> bool {
    double m = mu_upper_at(w);
    if (!(m < res.mu_upper)) return false;
    res.mu_upper = m;
    std::string why;
    if (options.claimed_mu) {
      if (m < options.claimed_mu->enclosure.lower())
        why = "at this point " + std::string(eps_mode ? "1/2 |grad L|^2 / L" : "lambda_min(K)") + " <= " +
              decimal_above(m, 6) + " < mu = " + options.claimed_mu->text + ": the claimed mu is false";
    } else if (R_lower(m) > r_hi) {
      why = "with mu <= " + decimal_above(m, 6) + " (this point) and L_F >= " + decimal_below(L_F_lower, 6) +
            ", R = 2 L_F |F(w0) - y| / mu >= " + decimal_below(R_lower(m), 6) + " > r";
    }
    if (why.empty()) return false;
    res.witness = PlStarWitness{std::vector<double>(w.begin(), w.end()), m, why};
    return true;
  };
  std::vector<double> c_mid;
  for (const auto& c : ball.center) c_mid.push_back(ScalarTraits<T>::midpoint(c));
  bool refuted = false;
  // Each point costs an n x n eigen-solve plus its interval check: fewer points for large n
  // (the samples only give the upper bound and witnesses, never the proof).
  const std::size_t n_points =
      std::min(options.samples, std::max<std::size_t>(30, 30000 / (res.n * res.n + 1)));
  for (const auto& w : ball_points(c_mid, radius.nearest, n_points, options.seed)) {
    if (options.budget.past_deadline()) break;
    ++res.samples;
    if (try_witness(w)) {
      refuted = true;
      break;
    }
  }

  // ---- rigorous lower bound of mu ---------------------------------------------------------
  const bool rank_deficient = res.n > res.p;
  double best = rank_deficient ? 0.0 : -INFINITY;
  res.mu_method = rank_deficient ? "rank (n > p: K is singular)" : "none";
  if (rank_deficient && !eps_mode) {
    // lambda_min(K) = 0 everywhere; with |F(w0) - y| > 0 no mu > 0 exists.
    res.mu_upper = 0;
    if (res0.lower() > 0 || options.claimed_mu) {
      refuted = true;
      res.witness = PlStarWitness{c_mid, 0.0, "K = DF DF^T is " + std::to_string(res.n) + " x " + std::to_string(res.n) +
                                                  " of rank <= p = " + std::to_string(res.p) + ": lambda_min(K) = 0"};
    }
  }
  if (!rank_deficient && options.use_perturbation && k.lambda_center.proved && k.lambda_center.lower > 0) {
    // sigma_min(J(w)) >= sigma_min(J(w0)) - |w - w0| sqrt(sum_i sup ||Hess r_i||^2) (Weyl).
    Interval sig = Interval(sqrt_down(k.lambda_center.lower)) - r_int * Interval(k.hess_rss);
    if (sig.lower() > 0) {
      double m = (s * sqr(Interval(sig.lower()))).lower();
      if (m > best) best = m, res.mu_method = "perturbation";
    }
  }
  // Never aim above the sampled upper bound (unreachable); after a refutation the bound is
  // only for the report, so it gets a twentieth of the budget.
  const double target = std::min(mu_needed, res.mu_upper * (1 - 1e-9));
  if (!(best >= target) && !(rank_deficient && !eps_mode)) {
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
            for (std::size_t i = 0; i < res.n; ++i) rho = std::min(rho, mig(as_interval(dphi->value(i))));
            Interval s_inner = Interval(2.0) * system.map->inner.scale().enclosure;
            double m = (sqr(Interval(rho)) * s_inner * Interval(lf.lower)).lower();
            if (m > rb.lower) rb = RatioBound{m, "output map (Theorem 3: rho^2 mu_F)", Truth::True};
          }
        }
      }
      return rb;
    };
    const bool split = res.p <= options.max_split_dimension;
    Budget budget = options.budget;
    if (refuted) budget.seconds /= 20;
    BudgetClock clock(split ? budget : budget.with(budget.seconds, 1));
    clock.set_progress_sink(options.progress);
    bool found = refuted;
    auto on_midpoint = [&](std::span<const double> w) {
      if (!found && try_witness(w)) found = true;
      return false;  // keep going: the lower bound is reported either way
    };
    AlphaLowerBound a = ball_branch_and_bound<T>(ball, std::nextafter(target, INFINITY), clock, box_bound,
                                                 on_midpoint);
    res.boxes = a.boxes;
    refuted = found;
    if (a.lower > best) best = a.lower, res.mu_method = a.method;
    if (split && !refuted && !(best >= mu_needed) && a.budget_exhausted)
      res.suggestion = "the budget ran out (" + std::to_string(a.boxes) + " boxes): try a larger --budget";
  }
  res.mu_lower = std::max(best, 0.0);
  if (res.mu_lower >= kIrrelevant) res.mu_lower = INFINITY;  // L < eps on the whole ball

  // Output map: rho over the whole bounding box, for the report.
  if (system.map) {
    Evaluator<T> dphi(system.map->derivative);
    Box<T> X = bounding_box(ball);
    if (is_true(dphi.evaluate(std::span<const T>(X), Order::Value))) {
      double rho = INFINITY;
      for (std::size_t i = 0; i < res.n; ++i) rho = std::min(rho, mig(as_interval(dphi.value(i))));
      res.rho = rho;
    }
  }

  res.hessian_control.lambda0_lower = lambda0_lower;
  res.hessian_control.hessian_max = res.hessian_max;

  // ---- verdict ------------------------------------------------------------------------------
  const double mu_used = options.claimed_mu ? options.claimed_mu->enclosure.lower() : res.mu_lower;
  if (refuted) {
    res.verdict = Verdict::Refuted;
    res.reason = options.claimed_mu ? "the claimed mu is refuted: " + res.witness->why
                                    : "the kernel-based condition of Theorem 6 fails on this ball: " + res.witness->why;
    res.suggestion = options.claimed_mu ? "claim a smaller --mu (the sampled upper bound is " + decimal_above(res.mu_upper, 6) + ")"
                                        : "try another radius (--radius auto) or a centre closer to a non-singular zero";
    return finish();
  }
  const bool mu_ok = options.claimed_mu ? res.mu_lower >= options.claimed_mu->enclosure.upper() : res.mu_lower > 0;
  res.R_required = R_upper(mu_used);
  if (!mu_ok || !(res.R_required <= r_lo)) {
    if (!mu_ok && options.claimed_mu)
      res.reason = "could not prove mu >= " + options.claimed_mu->text + " on the ball (proved " +
                   decimal_below(res.mu_lower, 6) + ")";
    else if (!mu_ok)
      res.reason = "no positive lower bound of mu could be proved on the ball";
    else
      res.reason = "R = " + std::string(eps_mode ? "2 sqrt(2 beta L(w0)) / mu" : "2 L_F |F(w0) - y| / mu") + " <= " +
                   decimal_above(res.R_required, 6) + " is not <= r = " + radius.text;
    if (std::isfinite(res.mu_upper)) res.reason += " (sampled: mu <= " + decimal_above(res.mu_upper, 6) + ")";
    if (res.suggestion.empty())
      res.suggestion = rank_deficient ? "more equations than unknowns: K is singular, try --eps"
                                      : "try --radius auto, a centre closer to a zero, or --precision 128";
    return finish();
  }

  res.verdict = Verdict::Certified;
  const double H = res.hessian_L;
  if (std::isfinite(H) && H > 0) {
    res.step = div_down(1.0, H);
    res.rate = std::max(0.0, (Interval(1.0) - Interval(res.step) * Interval(mu_used)).upper());
    if (eps_mode) {
      auto t = iterations_until(res.rate, eps / res.loss_center);
      if (t) res.iterations = res.rate > 0 ? *t + 1 : *t;  // strict: L(w_t) < eps
    } else {
      res.iterations = iterations_until(res.rate, Interval(options.tol));
    }
  }
  res.reason = std::string(eps_mode ? "Theorem 9 (PL*_eps)" : "Theorem 6") + ": R <= " + decimal_above(res.R_required, 6) +
               " <= r = " + radius.text + " with mu >= " + decimal_below(mu_used, 6) + " (" + res.mu_method + ")";
  if (!eps_mode) res.reason += "; a solution F(w*) = y lies in B(w0, R)";

  // Theorem 2 (Hessian control), with R = r.
  auto& hc = res.hessian_control;
  if (std::isfinite(lambda0_lower)) {
    Interval thr = (Interval(lambda0_lower) - Interval(mu_used)) /
                   (Interval(2.0) * Interval(res.L_F) * sqrt(Interval(double(res.n))) * Interval(r_hi));
    hc.threshold = thr.lower();
    hc.holds = hc.threshold > 0 && hc.hessian_max <= hc.threshold;
  }
  return finish();
}

template <class T>
PlStarResult search_radius_plstar(const PlSystem& system, const std::vector<ExactNumber>& center,
                                  const PlStarOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  const double scale = radius_scan_scale(center);
  BudgetClock overall(options.budget);
  overall.set_progress_sink(options.progress);
  std::optional<PlStarResult> best, closest;  // closest: smallest R_required / r among failures
  auto consider = [&](double r, const PlStarOptions& o) {
    ExactNumber radius = scan_radius(r);
    overall.progress([&] { return "radius search: checking r = " + radius.text; });
    PlStarResult res = check_plstar<T>(system, center, radius, o);
    if (res.verdict == Verdict::Certified) {
      if (!best || res.radius - res.R_required > best->radius - best->R_required) best = res;
    } else if (!closest || res.R_required / res.radius < closest->R_required / closest->radius) {
      closest = res;
    }
  };
  PlStarOptions quick = options;
  quick.samples = std::min<std::size_t>(options.samples, 40);
  quick.budget = quick_check_budget(options.budget);
  quick.progress = nullptr;
  // At least one radius is checked (the answer is then inconclusive when the time is up).
  for (int k = 0; k <= kScanSteps && (k == 0 || (overall.elapsed() < options.budget.seconds / 2 && !options.budget.past_deadline())); ++k)
    consider(scan_radius_value(scale, k), quick);
  PlStarOptions sub = options;
  sub.budget = refine_check_budget(options.budget);
  if (options.budget.past_deadline()) {
    // the time of the whole run is up: report what the scan found
  } else if (best) {
    double r0 = best->radius;
    for (double step : {std::pow(2.0, 1.0 / 6), std::pow(2.0, 1.0 / 12)}) {
      if (options.budget.past_deadline()) break;
      consider(r0 * step, sub);
      consider(r0 / step, sub);
    }
    if (!options.budget.past_deadline()) consider(r0, sub);  // the best radius again with the full sample count
  } else if (closest) {
    consider(closest->radius, sub);
  }
  PlStarResult out;
  if (best) {
    out = *best;
    out.reason += "; radius chosen by search for the largest r - R";
  } else {
    out = *closest;
    out.verdict = Verdict::Inconclusive;
    out.reason = "no radius in the scan (r = " + decimal_above(scale, 3) + " down to " +
                 decimal_below(scale * std::pow(2.0, -20.0), 3) + ") could be certified; at r = " + out.radius_text +
                 ", the closest: " + out.reason;
    out.witness.reset();
    out.suggestion = "try another centre closer to a non-singular zero, or a larger --budget";
  }
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

template PlStarResult check_plstar<Interval>(const PlSystem&, const std::vector<ExactNumber>&, const ExactNumber&,
                                             const PlStarOptions&);
template PlStarResult check_plstar<MpInterval>(const PlSystem&, const std::vector<ExactNumber>&, const ExactNumber&,
                                               const PlStarOptions&);
template PlStarResult search_radius_plstar<Interval>(const PlSystem&, const std::vector<ExactNumber>&,
                                                     const PlStarOptions&);
template PlStarResult search_radius_plstar<MpInterval>(const PlSystem&, const std::vector<ExactNumber>&,
                                                       const PlStarOptions&);

}  // namespace gdcert
