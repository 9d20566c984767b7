#include "api/chatterjee_report.hpp"

#include <fmt/format.h>

#include <ostream>

#include "api/json_numbers.hpp"
#include "api/report_fields.hpp"
#include "api/rate_text.hpp"

namespace gdcert {

using json = nlohmann::json;

namespace {

json gd_json(const GdParameters& g) {
  json j = {{"variant", g.variant}, {"L1", print_upper(g.L1)}, {"L2", print_upper(g.L2)}, {"eps", g.eps},
            {"step", print_lower(g.step)}, {"delta", print_lower(g.delta)}, {"rate", print_upper(g.rate)},
            {"tol", g.tol}, {"iterations", g.iterations ? json(g.iterations) : json(nullptr)}};
  // The dimension-free variant's G = sup|grad f|, H = sup||Hess f||_2 (L1, L2 are reported always).
  if (g.variant == "spectral") j["G"] = print_upper(g.G), j["H"] = print_upper(g.H);
  return j;
}

}  // namespace

json to_json(const ChatterjeeResult& r, const Objective& f) {
  json j;
  add_problem_fields(j, r, f, "chatterjee");
  j["f_center"] = print_interval(r.f_center);
  j["alpha"] = {{"lower", print_lower(r.alpha_lower)}, {"upper", print_upper(r.alpha_upper)}};
  j["margin"] = print_lower(r.margin_lower);
  j["bound_used"] = r.bound_used;
  j["hypothesis"] = r.hypothesis;
  if (r.gram_rank_deficient) j["gram_bound"] = "not applicable: more residuals than variables";
  if (r.gd) j["gd"] = gd_json(*r.gd);
  if (r.rate_optimal) {
    j["gd_rate_optimal"] = gd_json(r.rate_optimal->gd);
    j["gd_rate_optimal"]["radius"] = r.rate_optimal->radius.nearest;
    j["gd_rate_optimal"]["radius_exact"] = r.rate_optimal->radius.text;
    j["gd_rate_optimal"]["note"] = "also certified: the radius of the search whose gradient-descent rate is best "
                                   "(\"gd\" is at the radius of the largest margin)";
  }
  if (r.witness) {
    j["witness"] = {{"point", r.witness->point}, {"ratio", print_interval(r.witness->ratio)}};
  }
  add_outcome_fields(j, r);
  return j;
}

void print_gd(std::ostream& os, const GdParameters& g, GdSymbols s) {
  const std::string x = s.point, f = s.function;
  os << "  Gradient descent (Theorem 2.2" << (g.variant == "spectral" ? ", dimension-free constants" : "")
     << "), any step eta <= " << decimal_below(g.step, 6) << ":\n";
  os << "    " << x << "_k stays in B(" << x << "0, r); " << f << "(" << x << "_k) <= " << rate_text(g.rate) << "^k "
     << f << "(" << x << "0)\n";
  if (g.iterations)
    os << fmt::format("    {1}({0}_k) <= {2:g} {1}({0}0) after k = {3} iterations\n", x, f, g.tol, g.iterations);
  if (g.variant == "spectral")
    os << "    (G = sup |grad " << f << "| <= " << decimal_above(g.G, 6) << " over B(" << x << "0, r), H = sup ||Hess " << f
       << "||_2 <= " << decimal_above(g.H, 6) << " over B(" << x << "0, 2r), eps = " << fmt::format("{:.4g}", g.eps)
       << ")\n";
  else
    os << "    (L1 <= " << decimal_above(g.L1, 6) << " over B(" << x << "0, r), L2 <= " << decimal_above(g.L2, 6)
       << " over B(" << x << "0, 2r), eps = " << fmt::format("{:.4g}", g.eps) << ")\n";
  os << "  Gradient flow (Theorem 2.1): a zero of " << f << " lies in B(" << x << "0, r); " << f
     << "(phi(t)) <= e^{-alpha t} " << f << "(" << x << "0)\n";
}

void print_report(std::ostream& os, const ChatterjeeResult& r, const Objective& f) {
  os << "Chatterjee's criterion  4 f(x0) < r^2 alpha(x0, r),  alpha = inf_B |grad f|^2 / f\n";
  os << "  function   " << f.describe() << "\n";
  os << "  variables  " << comma_list(f.variables()) << "\n";
  os << "  centre x0  (" << comma_list(centre_texts(r)) << ")    radius r = " << r.radius.text << "\n";
  os << "  f(x0)      in [" << decimal_below(r.f_center.lower()) << ", " << decimal_above(r.f_center.upper()) << "]\n";
  os << "  alpha      >= " << decimal_below(r.alpha_lower) << "  (rigorous, " << r.bound_used << " bound)";
  if (std::isfinite(r.alpha_upper)) os << ",  <= " << decimal_above(r.alpha_upper) << " (at a sampled point)";
  os << "\n";
  if (std::isfinite(r.margin_lower)) os << "  margin     r^2 alpha - 4 f(x0) >= " << decimal_below(r.margin_lower, 6) << "\n";
  if (!r.hypothesis.empty()) os << "  f >= 0     " << r.hypothesis << "\n";
  if (r.gram_rank_deficient)
    os << "  note       more residuals than variables: the residual (Gram) bound cannot apply\n";
  os << "\n  VERDICT: " << to_string(r.verdict) << "\n  " << r.reason << "\n";
  if (r.witness) {
    os << "  witness    (";
    for (std::size_t i = 0; i < r.witness->point.size(); ++i)
      os << (i ? ", " : "") << fmt::format("{:.17g}", r.witness->point[i]);
    os << ")  |grad f|^2/f in [" << decimal_below(r.witness->ratio.lower()) << ", " << decimal_above(r.witness->ratio.upper()) << "]\n";
  }
  if (!r.suggestion.empty() && r.verdict != Verdict::Certified) os << "  what would help: " << r.suggestion << "\n";
  if (r.gd) {
    os << "\n";
    print_gd(os, *r.gd);
  }
  if (r.rate_optimal) {
    const auto& g = r.rate_optimal->gd;
    os << "  Fastest certified rate (also certified, smaller ball r = " << r.rate_optimal->radius.text
       << "): any step eta <= " << decimal_below(g.step, 6) << ", f(x_k) <= " << rate_text(g.rate) << "^k f(x0)";
    if (g.iterations) os << fmt::format("; <= {:g} f(x0) after k = {} iterations", g.tol, g.iterations);
    os << "\n";
  }
  os << fmt::format("\n  {:.3f} s, {} boxes, {} sampled evaluations, {}-bit interval arithmetic\n", r.seconds,
                    r.boxes, r.samples, r.precision);
}

}  // namespace gdcert
