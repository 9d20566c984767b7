#include "api/criteria_all.hpp"

#include <fmt/format.h>

#include <ostream>

#include "criteria/radius_scan.hpp"

#include "api/chatterjee_report.hpp"
#include "api/plstar_report.hpp"
#include "api/proxy_pl_report.hpp"
#include "api/rate_text.hpp"

namespace gdcert {

// PL*_eps (--eps) only proves that GD reaches L < eps, not a global minimum, so it does not
// count either.
int AllResults::exit_status() const {
  bool ok = chatterjee.verdict == Verdict::Certified ||
            (plstar && !plstar->eps && plstar->verdict == Verdict::Certified);
  return ok ? 0 : 1;
}

AllResults run_all_criteria(const ResolvedProblem& problem, const AllOptions& options) {
  AllResults a;
  const Objective& f = problem.objective;
  const std::optional<ExactNumber>& radius = options.radius;
  const ChatterjeeOptions& co = options.chatterjee;
  a.chatterjee = check_or_search(
      radius, [&](const ExactNumber& r) { return check_chatterjee(f, problem.center, r, co); },
      [&] { return search_radius_chatterjee(f, problem.center, co); });
  std::optional<ExactNumber> proxy_radius = radius;
  if (f.has_residual_form() && !f.weighted()) {  // as pl_system_from_residuals: h * S is no system
    PlSystem sys = problem.system ? *problem.system : pl_system_from_residuals(f);
    const PlStarOptions& po = options.plstar;
    a.plstar = check_or_search(
        radius, [&](const ExactNumber& r) { return check_plstar(sys, problem.center, r, po); },
        [&] { return search_radius_plstar(sys, problem.center, po); });
  } else {
    a.plstar_note = "not applicable: PL* needs a system (--residuals, or --system with --targets)";
  }
  if (!proxy_radius) {  // --radius auto: the radius PL* (else Chatterjee) settled on
    const bool from_plstar = a.plstar && a.plstar->verdict == Verdict::Certified;
    proxy_radius = from_plstar ? a.plstar->radius : a.chatterjee.radius;
    a.proxy_note = "radius " + proxy_radius->text + " taken from the " + std::string(from_plstar ? "PL*" : "Chatterjee") + " search";
  }
  ProxyPlSpec spec = options.proxy_spec ? *options.proxy_spec
                                        : ProxyPlSpec{f.kind() == "expr" ? f.text() : to_text(f.function(), f.function().outputs()[0]),
                                                      parse_number("0"), parse_number("2")};
  // (g = f is re-parsed: the text as written, since to_text of a long commutative sum nests
  // parentheses per term, beyond the parser's nesting limit.)
  if (!options.proxy_spec) a.proxy_note += std::string(a.proxy_note.empty() ? "" : "; ") + "no --proxy: g = f, xi = 0, a = 2 (standard PL)";
  a.proxy = check_proxy_pl(f, spec, problem.center, *proxy_radius, options.proxy);
  return a;
}

nlohmann::json to_json(const AllResults& a, const Objective& f) {
  nlohmann::json j;
  j["criterion"] = "all";
  j["verdict"] = a.exit_status() == 0 ? "certified" : "not certified";
  j["exit_rule"] = "0 when chatterjee or plstar (not plstar_eps: it only reaches L < eps) is certified; proxy-pl is reported only (its theorem needs global smoothness)";
  j["criteria"]["chatterjee"] = to_json(a.chatterjee, f);
  if (a.plstar) j["criteria"]["plstar"] = to_json(*a.plstar, f);
  else j["criteria"]["plstar"] = {{"verdict", "not applicable"}, {"reason", a.plstar_note}};
  j["criteria"]["proxy-pl"] = to_json(a.proxy, f);
  if (!a.proxy_note.empty()) j["criteria"]["proxy-pl"]["note"] = a.proxy_note;
  double seconds = a.chatterjee.seconds + a.proxy.seconds + (a.plstar ? a.plstar->seconds : 0);
  j["seconds"] = seconds;
  return j;
}

void print_table(std::ostream& os, const AllResults& a, const Objective& f) {
  os << "All criteria for " << f.describe() << "\n\n";
  os << fmt::format("  {:<11} {:<14} {:<9} {:<34} {:<12} {:<12} {}\n", "criterion", "verdict", "radius", "key bound", "step",
                    "rate", "iterations");
  auto row = [&](const std::string& name, const std::string& verdict, const std::string& radius, const std::string& key,
                 const std::string& step, const std::string& rate, const std::string& its) {
    os << fmt::format("  {:<11} {:<14} {:<9} {:<34} {:<12} {:<12} {}\n", name, verdict, radius, key, step, rate, its);
  };
  auto its = [](const std::optional<unsigned long long>& t) { return t ? std::to_string(*t) : std::string("-"); };
  const auto& c = a.chatterjee;
  row("chatterjee", to_string(c.verdict), c.radius.text, "alpha >= " + decimal_below(c.alpha_lower, 5),
      c.gd ? decimal_below(c.gd->step, 4) : "-", c.gd ? rate_text(c.gd->rate, 6) : "-",
      c.gd && c.gd->iterations ? std::to_string(c.gd->iterations) : "-");
  if (a.plstar) {
    const auto& p = *a.plstar;
    bool ok = p.verdict == Verdict::Certified;
    row(p.eps ? "plstar_eps" : "plstar", to_string(p.verdict), p.radius.text,
        "mu >= " + decimal_below(p.mu_lower, 5) + ", R <= " + decimal_above(p.R_required, 4), ok ? decimal_below(p.step, 4) : "-",
        ok ? rate_text(p.rate, 6) : "-", its(p.iterations));
  } else {
    row("plstar", "n/a", "-", "needs a residual system", "-", "-", "-");
  }
  const auto& x = a.proxy;
  row("proxy-pl", to_string(x.verdict), x.radius.text, "mu >= " + decimal_below(x.mu_lower, 5),
      x.step > 0 ? decimal_below(x.step, 4) : "-", "-", its(x.iterations));
  os << "\n  iterations: chatterjee and plstar until f(x_k) <= tol f(x0) (plstar_eps: L < eps); proxy-pl: Theorem 3.1's T\n";
  os << "  convention (plstar): " << kPlStarConvention << "\n";
  if (a.plstar) os << "  plstar: " << plstar_system_note(f) << "\n";
  if (!a.plstar_note.empty()) os << "  plstar: " << a.plstar_note << "\n";
  if (!a.proxy_note.empty()) os << "  proxy-pl: " << a.proxy_note << "\n";
  os << "  proxy-pl: " << kProxyPlCaveat << "; it does not affect the exit status.\n";
  for (const auto* reason : {&c.reason, a.plstar ? &a.plstar->reason : nullptr, &x.reason})
    if (reason) os << "  - " << *reason << "\n";
  os << "\n  exit status " << a.exit_status() << ": 0 when chatterjee or plstar (not plstar_eps) is certified\n";
}

}  // namespace gdcert
