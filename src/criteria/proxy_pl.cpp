#include "criteria/proxy_pl.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <type_traits>

#include "arith/with_precision.hpp"
#include "bound/ball.hpp"
#include "bound/ball_branch_and_bound.hpp"
#include "bound/box_bounder.hpp"
#include "bound/perturbation_bound.hpp"
#include "bound/system_constants.hpp"
#include "expr/evaluator.hpp"

namespace gdcert {
namespace {

constexpr double kTrivial = 1e300;  // a box where g <= xi: any mu >= 0 works there

// |v|^a = (|v|^2)^(a/2) for an enclosure n2 of |v|^2 >= 0 (pow is only defined for x > 0).
Interval pow_nonneg(const Interval& n2, const Interval& half_a) {
  double lo = n2.lower() > 0 ? pow(Interval(n2.lower()), half_a).lower() : 0.0;
  double hi = n2.upper() > 0 ? pow(Interval(n2.upper()), half_a).upper() : 0.0;
  return Interval(lo, hi);
}

template <class T>
Interval sq_norm(std::span<const T> g) {
  Interval s(0.0);
  for (const auto& x : g) s += sqr(as_interval(x));
  return s;
}

// The check in the arithmetic T (with_precision has set the thread's MPFR precision).
template <class T>
ProxyPlResult check_proxy_pl_in(const Objective& f, const ProxyPlSpec& spec, const std::vector<ExactNumber>& center,
                             const ExactNumber& radius, const ProxyPlOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  if (!(spec.power.enclosure.lower() > 0 && spec.power.enclosure.upper() <= 2))
    throw std::invalid_argument("--power must lie in (0, 2]");
  ProxyPlResult res;
  res.centre = center;
  res.radius = radius;
  res.proxy = spec.proxy;
  res.xi = spec.xi.text;
  res.power = spec.power.text;
  res.eps = options.eps.nearest;
  if (options.claimed_mu) res.claimed_mu = options.claimed_mu->nearest;
  res.precision = precision_bits(options.precision);
  auto finish = [&]() -> ProxyPlResult& {
    res.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    res.suggestion = advice(CriterionKind::ProxyPl, res.cause, {.boxes = res.boxes, .mu_upper = res.mu_upper});
    return res;
  };
  const Objective g = Objective::from_expression(spec.proxy, f.variables());
  const Interval xi = spec.xi.enclosure, half_a = spec.power.enclosure / Interval(2.0);
  const std::size_t p = f.dimension();
  const Ball<T> ball = make_ball<T>(center, radius);

  Evaluator<T> f_ev(f.function()), g_ev(g.function());
  // Both evaluated before reading either value (no short circuit: value() of an evaluator that
  // never ran throws).
  const bool f_ok = is_true(f_ev.evaluate(std::span<const T>(ball.center), Order::Value));
  const bool g_ok = is_true(g_ev.evaluate(std::span<const T>(ball.center), Order::Value));
  const bool centre_ok = f_ok && g_ok;
  res.f_center = as_interval(f_ev.value(0));
  res.g_center = as_interval(g_ev.value(0));
  if (!centre_ok) {
    res.reason = "f or g is not proved defined at the centre";
    res.cause = Cause::OutsideDomain;
    return finish();
  }

  // Both sides of the inequality at a point of the ball.
  const std::optional<Interval> claimed = options.claimed_mu ? std::optional(options.claimed_mu->enclosure) : std::nullopt;
  auto try_point = [&](std::span<const double> w) -> bool {
    if (!is_true(point_in_ball<T>(w, ball))) return false;
    std::vector<T> x(w.begin(), w.end());
    if (!is_true(f_ev.evaluate(std::span<const T>(x), Order::Gradient))) return false;
    if (!is_true(g_ev.evaluate(std::span<const T>(x), Order::Value))) return false;
    Interval lhs = pow_nonneg(sq_norm<T>(f_ev.gradient(0)), half_a);
    Interval gap = as_interval(g_ev.value(0)) - xi;
    if (!(gap.lower() > 0)) return false;
    res.mu_upper = std::min(res.mu_upper, (Interval(2.0) * lhs / Interval(gap.lower())).upper());
    Interval rhs = claimed ? Interval(claimed->lower()) / Interval(2.0) * gap : Interval(0.0);
    bool fails = claimed ? lhs.upper() < rhs.lower() : lhs.upper() <= 0;
    if (fails) res.witness = ProxyPlWitness{std::vector<double>(w.begin(), w.end()), lhs, rhs};
    return fails;
  };
  std::vector<double> c_mid;
  for (const auto& c : ball.center) c_mid.push_back(ScalarTraits<T>::midpoint(c));
  bool refuted = false;
  for (const auto& w : ball_points(c_mid, radius.nearest, options.samples, options.seed)) {
    if (options.budget.past_deadline()) break;
    ++res.samples;
    if (try_point(w)) {
      refuted = true;
      break;
    }
  }

  // Lower bound of mu by branch and bound.
  BoxBounder<T> bf(f), bg(g);
  // The standard PL case g = f, xi = 0, a = 2: |grad f|^2 >= ratio f with ratio the bound of
  // Chatterjee's alpha (for a sum of squares 4c lambda_min(J J^T), which survives at the zeros
  // of f where the plain quotient cannot), so mu = 2 ratio.
  const bool standard_pl = spec.power.text == "2" && xi.lower() == 0 && xi.upper() == 0 &&
                           to_text(g.function(), g.function().outputs()[0]) == to_text(f.function(), f.function().outputs()[0]);
  auto box_bound = [&](std::span<const T> X) -> RatioBound {
    if (standard_pl) {
      RatioBound rb = bf.ratio_lower(X);
      if (rb.lower > 0) return RatioBound{(Interval(2.0) * Interval(rb.lower)).lower(), "2 x " + rb.method + " bound of |grad f|^2 / f", rb.defined};
    }
    Enclosure<T> eg = bg.enclose(X);
    if (!is_true(eg.defined)) return RatioBound{0.0, "none", eg.defined};
    Interval gap = as_interval(eg.value) - xi;
    if (gap.upper() <= 0) return RatioBound{kTrivial, "g <= xi", Truth::True};
    Enclosure<T> ef = bf.enclose(X);
    if (!is_true(ef.defined)) return RatioBound{0.0, "none", ef.defined};
    Interval lhs = pow_nonneg(sq_norm<T>(std::span<const T>(ef.gradient)), half_a);
    if (!(lhs.lower() > 0) || !std::isfinite(gap.upper())) return RatioBound{0.0, "gradient not bounded away from 0", Truth::True};
    return RatioBound{(Interval(2.0) * Interval(lhs.lower()) / Interval(gap.upper())).lower(), "interval quotient", Truth::True};
  };
  // Without a claim the search aims just below the sampled upper bound; midpoints of the
  // search keep lowering that bound, so a round that ran out of budget is followed by another
  // one aiming at the new, lower target (at most four rounds, a quarter of the budget each).
  const bool split = p <= options.max_split_dimension;
  Budget budget = options.budget;
  if (refuted) budget.seconds /= 4;
  bool found = refuted;
  auto on_midpoint = [&](std::span<const double> w) {
    if (!found && try_point(w)) found = true;
    return false;
  };
  AlphaLowerBound a;
  for (int round = 0; round < (claimed ? 1 : 4); ++round) {
    const double target = claimed ? claimed->upper() : res.mu_upper * (1 - 1e-3);
    Budget b = budget;
    if (!claimed) b.seconds /= 4;
    BudgetClock clock(split ? b : b.with(b.seconds, 1));
    clock.set_progress_sink(options.progress);
    const double before = res.mu_upper;
    a = ball_branch_and_bound<T>(ball, std::isfinite(target) ? std::nextafter(target, INFINITY) : kTrivial, clock,
                                 box_bound, on_midpoint);
    res.boxes += a.boxes;
    if (a.reached || !split || !(res.mu_upper < before) || found) break;
  }
  refuted = found;
  res.mu_lower = std::max(a.lower, 0.0);
  if (res.mu_lower >= kTrivial) res.mu_lower = INFINITY;  // g <= xi on the whole ball

  // f >= 0 on the ball (Theorem 3.1 assumes it everywhere). A weighted form h * (sum of squares)
  // is not structurally non-negative: it is proved on the ball like any other f.
  if (f.structurally_nonnegative()) {
    res.hypothesis = "f = " + f.scale().text + " * sum of squares, non-negative everywhere (structural)";
    res.hypothesis_proved = true;
  } else {
    auto value_lower = [&](std::span<const T> X) {
      Enclosure<T> e = bf.enclose(X);
      return RatioBound{is_true(e.defined) ? ScalarTraits<T>::lower_bound(e.value) : -INFINITY, "value", e.defined};
    };
    BudgetClock nn_clock(split ? options.budget.with(options.budget.seconds / 4, options.budget.boxes) : options.budget.with(1, 1));
    AlphaLowerBound nn = ball_branch_and_bound<T>(ball, 0.0, nn_clock, value_lower);
    res.boxes += nn.boxes;
    res.hypothesis_proved = nn.reached;
    res.hypothesis = nn.reached ? "f >= 0 proved on the ball" : "f >= 0 on the ball NOT proved";
  }

  // L2 over the ball and the step of Theorem 3.1 (strictly below 1/L2).
  Box<T> X = bounding_box(ball);
  if (is_true(f_ev.evaluate(std::span<const T>(X), Order::Hessian))) res.L2 = symmetric_norm2_upper<T>(f_ev.hessian(0), p);
  if (std::isfinite(res.L2)) res.step = res.L2 > 0 ? next_down(div_down(1.0, res.L2)) : 1.0;

  if (refuted) {
    res.verdict = Verdict::Refuted;
    res.reason = claimed ? "at the witness point |grad f|^a < (mu/2)(g - xi) is proved: the claimed mu is false"
                         : "at the witness point grad f = 0 while g > xi: no mu > 0 satisfies the inequality";
    res.cause = claimed ? Cause::ClaimRefuted : Cause::CriticalPoint;
    return finish();
  }
  const double mu = claimed ? claimed->lower() : res.mu_lower;
  const bool mu_ok = claimed ? res.mu_lower >= claimed->upper() : res.mu_lower > 0;
  if (!mu_ok) {
    res.reason = claimed ? "could not prove mu >= " + options.claimed_mu->text + " (proved " + decimal_below(res.mu_lower, 6) + ")"
                         : "no positive mu could be proved (the gradient is not bounded away from 0 where g > xi)";
    res.cause = a.budget_exhausted ? Cause::BudgetExhausted : Cause::BoundTooLoose;
    return finish();
  }
  if (!res.hypothesis_proved) {
    res.reason = "the inequality holds with mu >= " + decimal_below(mu, 6) + ", but f >= 0 could not be proved on the ball";
    res.cause = Cause::HypothesisNotProved;
    return finish();
  }
  res.verdict = Verdict::Certified;
  res.reason = "|grad f|^a >= (mu/2)(g - xi) proved on the ball with mu >= " + decimal_below(mu, 6);
  if (std::isfinite(mu) && res.step > 0) {
    // T = 2 eta^-1 (mu eps / 2)^(-2/a) f(w0), rounded up.
    Interval base = Interval(mu) * options.eps.enclosure / Interval(2.0);
    Interval T_int = Interval(2.0) / Interval(res.step) * pow(base, -(Interval(2.0) / spec.power.enclosure)) *
                     Interval(std::max(res.f_center.upper(), 0.0));
    double tu = std::ceil(T_int.upper());
    if (std::isfinite(tu) && tu < 1.8e19) res.iterations = static_cast<unsigned long long>(tu);
  }
  return finish();
}

}  // namespace

ProxyPlResult check_proxy_pl(const Objective& f, const ProxyPlSpec& spec, const std::vector<ExactNumber>& center,
                             const ExactNumber& radius, const ProxyPlOptions& options) {
  return with_precision(options.precision, [&](auto scalar) {
    return check_proxy_pl_in<decltype(scalar)>(f, spec, center, radius, options);
  });
}

}  // namespace gdcert
