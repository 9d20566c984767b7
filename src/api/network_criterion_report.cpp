#include "api/network_criterion_report.hpp"

#include <cmath>

#include <fmt/format.h>

#include "api/chatterjee_report.hpp"
#include "api/json_numbers.hpp"
#include "api/plstar_report.hpp"
#include "api/rate_text.hpp"
#include "api/report_fields.hpp"

namespace gdcert::api {
namespace {

using json = nlohmann::json;

constexpr std::size_t kMaxWitnessPrint = 2000;  // weights printed with a witness

double distance_upper(std::span<const double> w, std::span<const double> w0) {
  double s = 0;
  for (std::size_t j = 0; j < w.size(); ++j) s = (Interval(s) + sqr(Interval(w[j]) - Interval(w0[j]))).upper();
  return sqrt(Interval(s)).upper();
}

json ball_details_json(const BallConstants& k, const NetworkBallDetails& d) {
  return {{"sigma_min_J_lower", print_lower(k.sigma_min_lower)},
          {"sigma0_lower", print_lower(d.sigma0_lower)},
          {"k_perturbation", print_upper(d.k_perturbation)},
          {"k_definition", "||J(w) - J(w0)||_2 <= k |w - w0| on the ball: the smaller of k_frobenius "
                           "(||.||_F, layer by layer) and k_two_layer_spectral (two layers, ||X||_2 once)"},
          {"k_frobenius", print_upper(d.k_frobenius)},
          {"k_two_layer_spectral", std::isfinite(d.k_two_layer_spectral) ? json(print_upper(d.k_two_layer_spectral)) : json(nullptr)},
          {"sigma_perturbation", print_lower(d.sigma_perturbation)},
          {"lambda_first_layer", print_lower(d.lambda_first_layer)},
          {"first_layer_applicable", d.first_layer_applicable},
          {"jacobian_sup", print_upper(k.jac_sup)},
          {"residual_sup", print_upper(k.residual_sup)}};
}

void print_ball(std::ostream& os, const BallConstants& k, const NetworkBallDetails& d) {
  os << "  ball       inf sigma_min(J) >= " << decimal_below(k.sigma_min_lower, 6) << " (" << k.sigma_method
     << "); sigma_min(J(w0)) >= " << decimal_below(d.sigma0_lower, 6) << ", ||J(w) - J(w0)||_2 <= "
     << decimal_above(d.k_perturbation, 6) << " |w - w0|";
  if (d.first_layer_applicable) os << ", first layer (7.4) lambda >= " << decimal_below(d.lambda_first_layer, 6);
  os << "\n  Hessian    sup_B max_i ||Hess_w f(x_i, w)||_2 <= " << decimal_above(k.hess_max, 6) << "\n";
}

}  // namespace

json chatterjee_json(const ChatterjeeRun& c, std::span<const double> w0) {
  const ChatterjeeResult& r = c.result;
  json j;
  add_verdict_fields(j, r, "chatterjee");
  j["loss_convention"] = kSConvention;
  j["f_center"] = print_interval(r.f_center);
  j["alpha"] = {{"lower", print_lower(r.alpha_lower)}, {"upper", print_upper(r.alpha_upper)}};
  j["alpha_definition"] = "inf over the ball of |grad S|^2 / S; lower bound 4c inf sigma_min(J)^2 (Chatterjee 7.3)";
  j["margin"] = print_lower(r.margin_lower);
  j["bound_used"] = c.ball.sigma_method;
  j["hessian_bound"] = print_upper(c.ball.hess_max);
  j["ball"] = ball_details_json(c.ball, c.details);
  j["hypothesis"] = r.hypothesis;
  if (r.gd) {
    const auto& g = *r.gd;
    j["gd"] = {{"variant", g.variant}, {"eps", g.eps}, {"step", print_lower(g.step)}, {"delta", print_lower(g.delta)},
               {"rate", print_upper(g.rate)}, {"tol", g.tol},
               {"iterations", g.iterations ? json(g.iterations) : json(nullptr)}};
    if (g.variant == "spectral") {
      j["gd"]["G"] = print_upper(g.G);
      j["gd"]["H"] = print_upper(g.H);
      j["gd"]["statement"] = "Theorem 2.2 with G >= sup_B(w0,r) |grad S| and H >= sup_B(w0,2r) ||Hess S||_2 in place of "
                             "sqrt(p) L1 and p L2 (criteria/gd_parameters.hpp): any step <= step keeps w_k in the ball "
                             "and gives S(w_k) <= rate^k S(w0)";
    } else {
      j["gd"]["L1"] = print_upper(g.L1);
      j["gd"]["L2"] = print_upper(g.L2);
      j["gd"]["statement"] = "Theorem 2.2: any step <= step keeps w_k in the ball and gives S(w_k) <= rate^k S(w0)";
    }
  }
  if (r.witness) {
    j["witness"] = {{"ratio", print_interval(r.witness->ratio)},
                    {"distance", print_upper(distance_upper(r.witness->point, w0))},
                    {"point", r.witness->point.size() <= kMaxWitnessPrint ? json(r.witness->point) : json(nullptr)}};
    if (r.witness->point.size() > kMaxWitnessPrint) j["witness"]["point_note"] = "not printed: more than 2000 weights";
  }
  add_outcome_fields(j, r);
  return j;
}

json plstar_json(const PlStarRun& c, std::span<const double> w0) {
  const PlStarResult& r = c.result;
  json j;
  add_verdict_fields(j, r, "plstar");
  j["convention"] = kPlStarConvention;
  add_plstar_bounds(j, r);
  j["tol"] = r.tol;
  j["bound_used"] = c.ball.sigma_method;
  j["hessian_bound"] = print_upper(c.ball.hess_max);
  j["ball"] = ball_details_json(c.ball, c.details);
  if (r.witness) {
    j["witness"] = {{"mu_upper", print_upper(r.witness->mu_upper)},
                    {"why", r.witness->why},
                    {"distance", print_upper(distance_upper(r.witness->point, w0))},
                    {"point", r.witness->point.size() <= kMaxWitnessPrint ? json(r.witness->point) : json(nullptr)}};
  }
  add_outcome_fields(j, r);
  return j;
}

std::string iv_text(const Interval& x) { return "[" + decimal_below(x.lower(), 12) + ", " + decimal_above(x.upper(), 12) + "]"; }

void print_chatterjee(std::ostream& os, const ChatterjeeRun& c) {
  const ChatterjeeResult& r = c.result;
  os << "\nChatterjee's criterion  4 S(w0) < r^2 alpha,  alpha = inf_B |grad S|^2 / S,  " << kSConvention << "\n";
  os << "  radius r   " << r.radius.text << "\n";
  os << "  S(w0)      in " << iv_text(r.f_center) << "\n";
  os << "  alpha      >= " << decimal_below(r.alpha_lower) << "  (rigorous, " << c.ball.sigma_method << " bound)";
  if (std::isfinite(r.alpha_upper)) os << ",  <= " << decimal_above(r.alpha_upper) << " (at a sampled point)";
  os << "\n";
  if (std::isfinite(r.margin_lower)) os << "  margin     r^2 alpha - 4 S(w0) >= " << decimal_below(r.margin_lower, 6) << "\n";
  print_ball(os, c.ball, c.details);
  os << "  VERDICT: " << to_string(r.verdict) << "\n  " << r.reason << "\n";
  if (r.witness)
    os << "  witness    a point of the ball with |grad S|^2/S in " << iv_text(r.witness->ratio) << "\n";
  if (!r.suggestion.empty() && r.verdict != Verdict::Certified) os << "  what would help: " << r.suggestion << "\n";
  if (r.gd) print_gd(os, *r.gd, {"w", "S"});
  os << fmt::format("  {:.3f} s, {} sampled points\n", r.seconds, r.samples);
}

void print_plstar(std::ostream& os, const PlStarRun& c) {
  const PlStarResult& r = c.result;
  os << "\nPL* ball condition (Liu-Zhu-Belkin Theorems 1 and 6)\n  convention " << kPlStarConvention << "\n";
  os << "  radius r   " << r.radius.text << "\n";
  os << "  mu         >= " << decimal_below(r.mu_lower) << "  (rigorous, " << r.mu_method << ")";
  if (std::isfinite(r.mu_upper)) os << ",  <= " << decimal_above(r.mu_upper) << " (rigorous, at a sampled point)";
  os << "\n  |F(w0)-y|  in " << iv_text(r.residual_norm) << "\n";
  os << "  L_F        <= " << decimal_above(r.L_F, 6) << "   beta_F <= " << decimal_above(r.beta_F, 6) << "\n";
  if (std::isfinite(r.R_required)) os << "  R          2 L_F |F(w0) - y| / mu <= " << decimal_above(r.R_required, 6) << "\n";
  print_ball(os, c.ball, c.details);
  os << "  VERDICT: " << to_string(r.verdict) << "\n  " << r.reason << "\n";
  if (r.witness) os << "  witness    " << r.witness->why << "\n";
  if (!r.suggestion.empty() && r.verdict != Verdict::Certified) os << "  what would help: " << r.suggestion << "\n";
  if (r.verdict == Verdict::Certified && r.step > 0) {
    os << "  Gradient descent, any step eta <= " << decimal_below(r.step, 6) << ": L(w_t) <= " << rate_text(r.rate)
       << "^t L(w0)";
    if (r.iterations) os << fmt::format("; L(w_t) <= {:g} L(w0) after t = {} iterations", r.tol, *r.iterations);
    os << "\n";
    const auto& h = r.hessian_control;
    os << "  Hessian control (Theorem 2, R = r): " << (h.holds ? "holds" : "not shown") << "\n";
  }
  os << fmt::format("  {:.3f} s, {} sampled points\n", r.seconds, r.samples);
}

}  // namespace gdcert::api
