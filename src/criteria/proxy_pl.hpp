// The proxy PL inequality (S. Frei, Q. Gu, "Proxy convexity: a unified framework for the
// analysis of neural networks trained by gradient descent", Definition 1.2, Theorem 3.1).
//
//   Objective f = Objective::from_expression("x^2", {});
//   ProxyPlSpec spec{"x^2", parse_number("0"), parse_number("1")};     // g, xi, a
//   ProxyPlResult r = check_proxy_pl(f, spec, {parse_number("1")}, parse_number("0.5"), {});  // .precision = 128: MPFR
//   r.mu_lower      // |grad f|^a >= (mu/2)(g - xi) proved on B(w0, r) for mu = mu_lower
//   r.iterations    // Theorem 3.1: T = 2 eta^-1 (mu eps / 2)^(-2/a) f(w0), an upper bound
//
// Per box X of a branch and bound over the ball: where g - xi <= 0 on X the inequality holds
// for any mu >= 0; otherwise mu/2 <= lower(|grad f|^2)^(a/2) / upper(g - xi) on X (on points
// with g <= xi the inequality is trivial; on the others the quotient is at least that).
// With --mu M: certified when mu_lower >= M; refuted at a point w of the ball where
// |grad f(w)|^a < (M/2)(g(w) - xi) is proved. Without --mu: the largest mu proved (the search
// aims at the sampled upper bound).
//
// Caveat, stated in every report: Theorem 3.1 assumes f >= 0 and L2-Lipschitz gradients on
// all of R^p (and the inequality everywhere); gdcert proves the inequality, f >= 0 and the
// bound L2 >= sup ||Hess f||_2 on the ball only. SGD iterates are not shown to stay in it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "arith/exact_number.hpp"
#include "bound/budget.hpp"
#include "criteria/cause.hpp"
#include "criteria/outcome.hpp"
#include "criteria/verdict.hpp"
#include "model/objective.hpp"

namespace gdcert {

inline constexpr const char* kProxyPlCaveat =
    "Theorem 3.1 needs f >= 0 and L2-Lipschitz gradients everywhere (and the inequality on the whole "
    "path); gdcert proves the inequality, f >= 0 and L2 on the ball only";

struct ProxyPlSpec {
  std::string proxy;         // g as an expression in f's variables
  ExactNumber xi = parse_number("0");
  ExactNumber power = parse_number("2");  // a in (0, 2]
};

struct ProxyPlOptions {
  Budget budget;
  std::optional<ExactNumber> claimed_mu;
  ExactNumber eps = parse_number("0.01");  // accuracy of Theorem 3.1: min_t g(w_t) <= xi + eps
  std::size_t samples = 300;
  std::uint64_t seed = 1;
  std::size_t max_split_dimension = 12;
  BudgetClock::Sink progress;
  unsigned precision = 0;  // 0: double intervals; else MPFR bits
};

struct ProxyPlWitness {
  std::vector<double> point;
  Interval lhs;  // |grad f|^a at the point
  Interval rhs;  // (mu/2)(g - xi) at the point
};

struct ProxyPlResult : CriterionOutcome {
  std::string proxy, xi, power;   // as given
  Interval f_center, g_center;
  double mu_lower = 0, mu_upper = INFINITY;
  std::optional<double> claimed_mu;
  std::string hypothesis;          // how f >= 0 on the ball is known
  bool hypothesis_proved = false;
  double L2 = INFINITY;            // sup_B ||Hess f||_2, upper bound
  double step = 0;                 // eta < 1/L2, exact double
  double eps = 0;
  std::optional<unsigned long long> iterations;  // T of Theorem 3.1, upper bound
  std::optional<ProxyPlWitness> witness;
};

// In the arithmetic of options.precision. Throws std::invalid_argument when a is not in (0, 2];
// ParseError when g uses other variables.
ProxyPlResult check_proxy_pl(const Objective& f, const ProxyPlSpec& spec, const std::vector<ExactNumber>& center,
                             const ExactNumber& radius, const ProxyPlOptions& options);

}  // namespace gdcert
