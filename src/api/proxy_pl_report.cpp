#include "api/proxy_pl_report.hpp"

#include <fmt/format.h>

#include <ostream>

#include "api/json_numbers.hpp"
#include "api/report_fields.hpp"

namespace gdcert {

using json = nlohmann::json;

json to_json(const ProxyPlResult& r, const Objective& f) {
  json j;
  add_problem_fields(j, r, f, "proxy-pl");
  j["statement"] = "|grad f(w)|^a >= (mu/2) (g(w) - xi) on the ball (Frei-Gu Definition 1.2)";
  j["caveat"] = kProxyPlCaveat;
  j["proxy"] = r.proxy;
  j["xi"] = r.xi;
  j["power"] = r.power;
  j["f_center"] = print_interval(r.f_center);
  j["g_center"] = print_interval(r.g_center);
  j["mu"] = {{"lower", print_lower(r.mu_lower)}, {"upper", print_upper(r.mu_upper)}};
  if (r.claimed_mu) j["mu"]["claimed"] = *r.claimed_mu;
  j["hypothesis"] = r.hypothesis;
  j["L2"] = print_upper(r.L2);
  j["step"] = r.step > 0 ? print_lower(r.step) : json(nullptr);
  j["eps"] = r.eps;
  j["iterations"] = r.iterations ? json(*r.iterations) : json(nullptr);
  j["rate"] = nullptr;  // Theorem 3.1 gives an iteration count, not a linear rate
  if (r.witness)
    j["witness"] = {{"point", r.witness->point}, {"lhs", print_interval(r.witness->lhs)}, {"rhs", print_interval(r.witness->rhs)}};
  add_outcome_fields(j, r);
  return j;
}

void print_report(std::ostream& os, const ProxyPlResult& r, const Objective& f) {
  os << "Proxy PL inequality  |grad f|^a >= (mu/2)(g - xi)  (Frei-Gu Definition 1.2, Theorem 3.1)\n";
  os << "  function   " << f.describe() << "\n";
  os << "  proxy g    " << r.proxy << "    xi = " << r.xi << ",  a = " << r.power << "\n";
  os << "  centre w0  (" << comma_list(centre_texts(r)) << ")    radius r = " << r.radius.text << "\n";
  os << "  mu         >= " << decimal_below(r.mu_lower) << " (rigorous)";
  if (std::isfinite(r.mu_upper)) os << ",  <= " << decimal_above(r.mu_upper) << " (at a sampled point)";
  os << "\n";
  if (r.claimed_mu) os << "  claimed mu " << fmt::format("{:g}", *r.claimed_mu) << "\n";
  os << "  f >= 0     " << r.hypothesis << "\n";
  os << "  L2         <= " << decimal_above(r.L2, 6) << "  (sup over the ball of ||Hess f||_2)\n";
  os << "\n  VERDICT: " << to_string(r.verdict) << "\n  " << r.reason << "\n";
  if (r.witness) {
    os << "  witness    (";
    for (std::size_t i = 0; i < r.witness->point.size(); ++i) os << (i ? ", " : "") << fmt::format("{:.17g}", r.witness->point[i]);
    os << ")  |grad f|^a <= " << decimal_above(r.witness->lhs.upper(), 6) << " < " << decimal_below(r.witness->rhs.lower(), 6)
       << " <= (mu/2)(g - xi)\n";
  }
  if (!r.suggestion.empty() && r.verdict != Verdict::Certified) os << "  what would help: " << r.suggestion << "\n";
  if (r.verdict == Verdict::Certified && r.iterations)
    os << "\n  SGD (Theorem 3.1), step eta = " << decimal_below(r.step, 6) << " < 1/L2: min_{t<T} g(w_t) <= xi + "
       << fmt::format("{:g}", r.eps) << " for T = " << *r.iterations << "\n";
  os << "  NOTE: " << kProxyPlCaveat << ".\n";
  os << fmt::format("\n  {:.3f} s, {} boxes, {} sampled points, {}-bit interval arithmetic\n", r.seconds, r.boxes,
                    r.samples, r.precision);
}

}  // namespace gdcert
