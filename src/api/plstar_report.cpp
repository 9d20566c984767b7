#include "api/plstar_report.hpp"

#include <fmt/format.h>

#include <ostream>

#include "api/json_numbers.hpp"
#include "api/report_fields.hpp"
#include "api/rate_text.hpp"

namespace gdcert {

using json = nlohmann::json;

std::string plstar_system_note(const Objective& f) {
  const std::string c = f.scale().text;
  if (c == "0.5") return "F(w) - y = r(w) (f = 0.5 * sum r_i^2 = L), so K = DF DF^T = J_r J_r^T";
  return "F(w) - y = sqrt(2c) r(w) with c = " + c + " (f = c * sum r_i^2 = L), so DF = sqrt(2c) J_r and K = DF DF^T = 2c J_r J_r^T";
}

void add_plstar_bounds(json& j, const PlStarResult& r) {
  j["mu"] = {{"lower", print_lower(r.mu_lower)}, {"upper", print_upper(r.mu_upper)}, {"method", r.mu_method}};
  j["L_F"] = print_upper(r.L_F);
  j["beta_F"] = print_upper(r.beta_F);
  j["beta_F_definition"] = "sup over the ball of sqrt(sum_i ||Hess F_i||_2^2) (bounds the Hessian tensor norm)";
  j["residual_norm"] = print_upper(r.residual_norm.upper());
  j["residual_norm_interval"] = print_interval(r.residual_norm);
  j["loss_center"] = print_interval(r.loss_center);
  j["R_required"] = print_upper(r.R_required);
  j["step"] = r.verdict == Verdict::Certified ? print_lower(r.step) : json(nullptr);
  j["rate"] = r.verdict == Verdict::Certified ? print_upper(r.rate) : json(nullptr);
  j["hessian_L"] = print_upper(r.hessian_L);
  j["iterations"] = r.iterations ? json(*r.iterations) : json(nullptr);
  j["lambda0"] = {{"lower", print_lower(r.hessian_control.lambda0_lower)}, {"upper", print_upper(r.lambda0_upper)}};
  j["hessian_control"] = {{"hessian_max", print_upper(r.hessian_control.hessian_max)},
                          {"threshold", print_lower(r.hessian_control.threshold)},
                          {"holds", r.hessian_control.holds},
                          {"statement", "Theorem 2: sup_B max_i ||Hess F_i|| <= (lambda0 - mu) / (2 L_F sqrt(n) R), R = r"}};
}

json to_json(const PlStarResult& r, const Objective& f) {
  json j;
  add_problem_fields(j, r, f, r.eps ? "plstar_eps" : "plstar");
  j["convention"] = kPlStarConvention;
  j["F_definition"] = plstar_system_note(f);
  j["scale_c"] = f.scale().text;
  j["n"] = r.n;
  j["p"] = r.p;
  add_plstar_bounds(j, r);
  if (r.claimed_mu) j["mu"]["claimed"] = *r.claimed_mu;
  j["tol"] = r.eps ? *r.eps : r.tol;
  if (r.eps) j["eps"] = *r.eps;
  if (!r.output_map.empty()) j["output_map"] = {{"map", r.output_map}, {"rho", print_lower(r.rho)}};
  if (r.witness)
    j["witness"] = {{"point", r.witness->point}, {"mu_upper", print_upper(r.witness->mu_upper)}, {"why", r.witness->why}};
  add_outcome_fields(j, r);
  return j;
}

void print_report(std::ostream& os, const PlStarResult& r, const Objective& f) {
  os << (r.eps ? "PL*_eps ball condition (Liu-Zhu-Belkin Definition 5, Theorem 9)\n"
               : "PL* ball condition (Liu-Zhu-Belkin Theorems 1 and 6)\n");
  os << "  convention " << kPlStarConvention << "\n";
  os << "  system     " << f.describe() << "  (n = " << r.n << " equations, p = " << r.p << " unknowns)\n";
  os << "  F          " << plstar_system_note(f) << "\n";
  if (!r.output_map.empty())
    os << "  output map " << r.output_map << " (Theorem 3): rho = inf min_i |phi'(F_i)| >= " << decimal_below(r.rho, 6) << "\n";
  os << "  centre w0  (" << comma_list(centre_texts(r)) << ")    radius r = " << r.radius.text << "\n";
  os << "  mu         >= " << decimal_below(r.mu_lower) << "  (rigorous, " << r.mu_method << ")";
  if (std::isfinite(r.mu_upper)) os << ",  <= " << decimal_above(r.mu_upper) << " (rigorous, at a sampled point)";
  os << "\n";
  if (r.claimed_mu) os << "  claimed mu " << fmt::format("{:g}", *r.claimed_mu) << "\n";
  os << "  |F(w0)-y|  in [" << decimal_below(r.residual_norm.lower()) << ", " << decimal_above(r.residual_norm.upper()) << "]\n";
  os << "  L_F        <= " << decimal_above(r.L_F, 6) << "   (sup_B ||DF||_2)\n";
  os << "  beta_F     <= " << decimal_above(r.beta_F, 6) << "   (sup_B sqrt(sum_i ||Hess F_i||_2^2), bounds the Hessian tensor norm)\n";
  os << "  lambda0    lambda_min(K(w0)) in [" << decimal_below(r.hessian_control.lambda0_lower, 6) << ", "
     << decimal_above(r.lambda0_upper, 6) << "]\n";
  if (std::isfinite(r.R_required))
    os << "  R          " << (r.eps ? "2 sqrt(2 beta L(w0)) / mu" : "2 L_F |F(w0) - y| / mu") << " <= " << decimal_above(r.R_required, 6) << "\n";
  os << "\n  VERDICT: " << to_string(r.verdict) << "\n  " << r.reason << "\n";
  if (r.witness) {
    os << "  witness    (";
    for (std::size_t i = 0; i < r.witness->point.size(); ++i) os << (i ? ", " : "") << fmt::format("{:.17g}", r.witness->point[i]);
    os << ")\n             " << r.witness->why << "\n";
  }
  if (!r.suggestion.empty() && r.verdict != Verdict::Certified) os << "  what would help: " << r.suggestion << "\n";
  if (r.verdict == Verdict::Certified && r.step > 0) {
    os << "\n  Gradient descent, any step eta <= " << decimal_below(r.step, 6) << " (1 / " << decimal_above(r.hessian_L, 6)
       << ", a bound of sup_B ||Hess L||):\n";
    os << "    L(w_t) <= " << rate_text(r.rate) << "^t L(w0)" << (r.eps ? " while L(w_t) >= eps" : "") << "\n";
    if (r.iterations)
      os << fmt::format("    {} after t = {} iterations\n", r.eps ? "L(w_t) < eps" : fmt::format("L(w_t) <= {:g} L(w0)", r.tol),
                        *r.iterations);
    const auto& h = r.hessian_control;
    os << "  Hessian control (Theorem 2, R = r): sup max_i ||Hess F_i|| <= " << decimal_above(h.hessian_max, 6)
       << (h.holds ? " <= " : " vs ") << decimal_below(h.threshold, 6) << " = (lambda0 - mu) / (2 L_F sqrt(n) r): "
       << (h.holds ? "holds" : "not shown") << "\n";
  }
  os << fmt::format("\n  {:.3f} s, {} boxes, {} sampled points, {}-bit interval arithmetic\n", r.seconds, r.boxes,
                    r.samples, r.precision);
}

}  // namespace gdcert
