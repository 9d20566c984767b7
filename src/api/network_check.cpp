// The network front of the library: a model file (or its parsed problem) through the seam,
// Chatterjee's criterion and/or PL* on balls of raw weights, as a JSON report and a text report.
// What `gdcert nn check`, `gdcert batch` (network sweeps) and Python's gdcert.nn call.
//
//   api::NetworkCheckOptions o;  o.criterion = "all";  o.radius = "auto";
//   api::NetworkReport r = api::check_network_file("examples/nn/chatterjee41.json", o);
//   r.exit_status;   // 0 certified (all: Chatterjee or PL*), 1 not
//   r.json["lambda_min_K"], r.json["hessian_bound"], r.json["bound_used"];   std::cout << r.text;
//
// gdcert nn check MODEL.json: load and validate a network problem (model/network_file.hpp),
// bound it over balls B(w0, r) of raw weights (bound/network_ball_bounds.hpp) and run Chatterjee's
// criterion and/or PL* through the seam (bound/ball_bounds.hpp, criteria/chatterjee.hpp,
// criteria/plstar.hpp):
//   Chatterjee: S(w) = (1/n) sum_i (f(x_i, w) - y_i)^2 = c |F - y|^2 with c = 1/n exactly;
//   PL*:        L(w) = 1/2 |F - y|^2 (the same bounds through a BallBoundsView with c = 1/2).
// --radius auto scans radii on the ball bounds alone (no forward passes), then checks the best
// radius again with sampled points. Exit status 0 certified (with "all": either criterion),
// 1 not certified (refuted or inconclusive), 2 bad input (nothing written).
#include <atomic>
#include <cmath>
#include <optional>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <mutex>
#include <thread>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include "bound/ball_bounds_view.hpp"
#include "bound/network_ball_bounds.hpp"
#include "criteria/chatterjee.hpp"
#include "criteria/plstar.hpp"
#include "criteria/radius_scan.hpp"
#include "criteria/search_policies.hpp"
#include "api/atomic_file.hpp"
#include "api/exact_json.hpp"
#include "api/network_check.hpp"
#include "api/plstar_report.hpp"
#include "api/report_fields.hpp"
#include "api/json_numbers.hpp"
#include "model/network_eval.hpp"
#include "model/network_file.hpp"
#include "model/npy.hpp"
#include "api/rate_text.hpp"

namespace gdcert::api {
namespace {

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;


// A progress line on stderr once a run has taken more than 2 s: the stage then in progress and
// every later stage.
class Progress {
 public:
  explicit Progress(bool enabled) : enabled_(enabled), start_(Clock::now()), thread_([this] { watch(); }) {}
  ~Progress() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      done_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }
  void stage(const std::string& what) {
    std::lock_guard<std::mutex> lock(mutex_);
    stage_ = what;
    if (late_) print();
  }

 private:
  void print() {
    if (!enabled_) return;
    const double s = std::chrono::duration<double>(Clock::now() - start_).count();
    std::cerr << "gdcert nn: " << stage_ << " (" << static_cast<int>(s) << " s elapsed)\n";
  }
  void watch() {
    std::unique_lock<std::mutex> lock(mutex_);
    if (cv_.wait_for(lock, std::chrono::seconds(2), [this] { return done_; })) return;
    late_ = true;
    print();
  }
  bool enabled_;
  Clock::time_point start_;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool done_ = false, late_ = false;
  std::string stage_ = "loading the model";
  std::thread thread_;
};

void save_weights(const Network& net, const std::string& dir) {
  std::filesystem::create_directories(dir);
  for (std::size_t l = 1; l <= net.arch.depth(); ++l) {
    const Eigen::MatrixXd& W = net.weights[l - 1];
    std::vector<double> data;
    data.reserve(static_cast<std::size_t>(W.size()));
    for (Eigen::Index j = 0; j < W.rows(); ++j)
      for (Eigen::Index k = 0; k < W.cols(); ++k) data.push_back(W(j, k));
    const auto path = std::filesystem::path(dir) / ("W" + std::to_string(l) + ".npy");
    write_file_atomically(path.string(), npy_bytes(data, {static_cast<std::size_t>(W.rows()), static_cast<std::size_t>(W.cols())}));
    if (net.arch.bias) {
      const Eigen::VectorXd& b = net.biases[l - 1];
      std::vector<double> bd(b.data(), b.data() + b.size());
      const auto bpath = std::filesystem::path(dir) / ("b" + std::to_string(l) + ".npy");
      write_file_atomically(bpath.string(), npy_bytes(bd, {bd.size()}));
    }
  }
}


// ---------------------------------------------------------------------------------------------
// The criteria through the seam.

// A criterion's result through the seam with the ball constants at its radius (for the report).
template <class Policy>
struct CriterionRun {
  typename Policy::Result result;
  BallConstants ball;           // over_ball at the result's radius
  NetworkBallDetails details;
  bool ran = false;
};
using ChatterjeeRun = CriterionRun<ChatterjeeSearch>;
using PlStarRun = CriterionRun<PlStarSearch>;

// Sampled points (upper bounds of the infima, witnesses): each costs a forward and backward pass
// and ball_points() holds them all at once, so fewer for large p.
std::size_t sample_count(std::size_t p, double pass_seconds, double budget_seconds, std::size_t wanted) {
  const double by_time = pass_seconds > 0 ? budget_seconds / 10 / pass_seconds : 1e9;
  const double by_memory = 3.2e7 / double(std::max<std::size_t>(p, 1));  // <= 256 MB of points
  const double n = std::min({double(wanted), by_time, by_memory});
  return static_cast<std::size_t>(std::max(n, 2.0));
}

// r* = sigma0 / 2k for the per-neuron perturbation bound sigma_min >= sigma0 - k r (k itself
// shrinks with r: two fixed-point steps from the global k). "" when sigma0 or k is not finite.
std::string perturbation_radius(NetworkBallBounds& nb) {
  std::string text = "1e6";
  for (int it = 0; it < 3; ++it) {
    nb.over_ball(parse_number(text));
    const NetworkBallDetails& d = nb.details();
    if (!(d.sigma0_lower > 0) || !std::isfinite(d.k_perturbation) || !(d.k_perturbation > 0)) return "";
    text = scan_radius(d.sigma0_lower / (2 * d.k_perturbation)).text;
  }
  return text;
}

// How --radius auto searches. The criteria's own search (search_radius_*) scans 61 radii from
// |w0| down to |w0| / 2^20, one over_ball pass each; when that does not fit in half the budget (wide
// networks), a local scan around r* = sigma0 / 2k replaces it: r* 2^(j/3) for j = -9..6, then
// r 2^(+-1/6), r 2^(+-1/12) around the best certified r.
struct SearchPlan {
  std::string r_star;   // "" when sigma0 or k is not finite
  bool generic = true;
  double over_ball_seconds = 0;
};

SearchPlan plan_search(NetworkBallBounds& nb, double budget_seconds, Progress& progress) {
  progress.stage("radius search: r* = sigma0 / 2k of the perturbation bound");
  const auto t0 = Clock::now();
  SearchPlan plan;
  plan.r_star = perturbation_radius(nb);
  plan.over_ball_seconds = std::chrono::duration<double>(Clock::now() - t0).count() / 3;
  plan.generic = plan.r_star.empty() || 70 * plan.over_ball_seconds <= budget_seconds / 2;
  return plan;
}

// The local scan on the ball bounds alone (`scan`: no point evaluations), the best certified
// result by the criterion's score; nullopt when no radius certifies.
template <class Policy>
std::optional<typename Policy::Result> local_search(const std::string& r_star, const Budget& budget,
                                                    ResidualBallBounds& scan, const typename Policy::Options& quiet) {
  std::optional<typename Policy::Result> best;
  auto consider = [&](double r) {
    if (budget.past_deadline()) return;  // each radius is a full pass over the weights
    auto res = Policy::check(scan, scan_radius(r), quiet);
    if (res.verdict == Verdict::Certified && (!best || Policy::certified_score(res) > Policy::certified_score(*best)))
      best = res;
  };
  const double r0 = parse_number(r_star).nearest;
  for (int j = -9; j <= 6; ++j) consider(r0 * std::pow(2.0, j / 3.0));
  if (best) {
    const double rb = best->radius.nearest;
    for (double step : {std::pow(2.0, 1.0 / 6), std::pow(2.0, 1.0 / 12)}) {
      consider(rb * step);
      consider(rb / step);
    }
  }
  return best;
}

std::string local_scan_text(const std::string& r_star, const Budget& budget) {
  return "no radius r* 2^(j/3), j = -9..6, around r* = sigma0 / 2k = " + r_star + " could be certified" +
         (budget.past_deadline() ? " before the time budget ran out" : "");
}

// Nothing certified by the search: the result at the radius reported is inconclusive (a
// refutation there refutes that radius only), with the network's advice.
void mark_search_failed(CriterionOutcome& r, std::string reason) {
  r.verdict = Verdict::Inconclusive;
  r.reason = std::move(reason);
  r.cause = Cause::BoundTooLoose;
  r.suggestion = advice(CriterionKind::Network, Cause::BoundTooLoose, {.radius_searched = true});
}

// --radius auto on a network: the scan needs only the ball constants, so it runs on a view
// without point evaluations (each scanned radius costs one pass of the norm propagation); the
// best radius is then checked again on `full` with the samples (the upper bound of the infimum,
// a witness if the theorem were wrong). When nothing certifies, the sampled check is made where
// the scan's evidence is best: its most promising radius when it has a finite score (PL*: the
// smallest R / r), else r* = sigma0 / 2k, the maximiser of r (sigma0 - k r).
template <class Policy>
typename Policy::Result search_network(NetworkBallBounds& nb, ResidualBallBounds& full,
                                       const typename Policy::Options& options, Progress& progress) {
  using Result = typename Policy::Result;
  const std::string name = Policy::kName;
  const auto t0 = Clock::now();
  const SearchPlan plan = plan_search(nb, options.budget.seconds, progress);
  progress.stage(name + ": radius search (ball bounds only)");
  BallBoundsView scan(nb, full.scale(), false);
  const typename Policy::Options quiet = Policy::without_samples(options);
  std::optional<Result> found, scanned;  // scanned: the generic search's answer when nothing certified
  std::string failed;
  if (plan.generic) {
    Result s = Policy::search(scan, quiet);
    if (s.verdict == Verdict::Certified) found = s;
    else failed = s.reason.substr(0, s.reason.find(';')), scanned = s;
  } else {
    found = local_search<Policy>(plan.r_star, options.budget, scan, quiet);
    if (!found) failed = local_scan_text(plan.r_star, options.budget);
  }
  Result out;
  const bool late = options.budget.past_deadline();  // then without samples: the scan's result stands
  if (found) {
    progress.stage(name + ": checking r = " + found->radius.text + " with " + std::to_string(Policy::samples(options)) +
                   " sampled points");
    out = late ? *found : Policy::check(full, found->radius, options);
    out.reason += Policy::kChosen;
  } else {
    std::string at_text, where;
    if (scanned && std::isfinite(Policy::failure_score(*scanned)))
      at_text = scanned->radius.text, where = " (the most promising)";
    else if (!plan.r_star.empty())
      at_text = plan.r_star, where = " = sigma0 / 2k, the perturbation bound's best radius";
    if (at_text.empty()) {
      out = *scanned;  // the generic search's own answer (no r*: sigma0 or k not finite)
    } else {
      progress.stage(name + ": checking r = " + at_text + " with sampled points");
      out = Policy::check(late ? static_cast<ResidualBallBounds&>(scan) : full, parse_number(at_text), late ? quiet : options);
      if (out.verdict != Verdict::Certified) {
        mark_search_failed(out, failed + "; at r = " + at_text + where + ": " + out.reason);
        out.witness.reset();
      }
    }
  }
  out.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  return out;
}

// One criterion on the network: at the given radius, or searched; `full` is the seam at the
// criterion's scale (Chatterjee: S = (1/n) |F - y|^2, the bounds themselves; PL*: a view, 1/2).
template <class Policy>
CriterionRun<Policy> run_criterion(NetworkBallBounds& nb, ResidualBallBounds& full, const std::string& radius_text,
                                   const typename Policy::Options& options, Progress& progress) {
  CriterionRun<Policy> run;
  run.ran = true;
  if (radius_text == "auto") {
    run.result = search_network<Policy>(nb, full, options, progress);
  } else {
    progress.stage(std::string(Policy::kName) + ": checking r = " + radius_text);
    run.result = Policy::check(full, parse_number(radius_text), options);
  }
  run.ball = nb.over_ball(run.result.radius);
  run.details = nb.details();
  return run;
}

// ---------------------------------------------------------------------------------------------
// Reports.

constexpr std::size_t kMaxWitnessPrint = 2000;  // weights printed with a witness

const char* kSConvention = "S(w) = (1/n) sum_i (y_i - f(x_i, w))^2 = c |F(w) - y|^2 with c = 1/n (Chatterjee)";
const char* kHessianDefinition =
    "sup over the ball of max_i ||Hess_w f(x_i, w)||_2 (per-sample Hessian of the network output)";

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

void print_ball(std::ostream& os, const BallConstants& k, const NetworkBallDetails& d) {
  os << "  ball       inf sigma_min(J) >= " << decimal_below(k.sigma_min_lower, 6) << " (" << k.sigma_method
     << "); sigma_min(J(w0)) >= " << decimal_below(d.sigma0_lower, 6) << ", ||J(w) - J(w0)||_2 <= "
     << decimal_above(d.k_perturbation, 6) << " |w - w0|";
  if (d.first_layer_applicable) os << ", first layer (7.4) lambda >= " << decimal_below(d.lambda_first_layer, 6);
  os << "\n  Hessian    sup_B max_i ||Hess_w f(x_i, w)||_2 <= " << decimal_above(k.hess_max, 6) << "\n";
}

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
  if (r.gd) {
    const auto& g = *r.gd;
    os << "  Gradient descent (Theorem 2.2" << (g.variant == "spectral" ? ", dimension-free constants" : "")
       << "), any step eta <= " << decimal_below(g.step, 6) << ":\n";
    os << "    w_k stays in B(w0, r); S(w_k) <= " << rate_text(g.rate) << "^k S(w0)";
    if (g.iterations) os << fmt::format("; S(w_k) <= {:g} S(w0) after k = {} iterations", g.tol, g.iterations);
    os << "\n";
    if (g.variant == "spectral")
      os << "    (G = sup_B |grad S| <= " << decimal_above(g.G, 6) << ", H = sup_B(w0,2r) ||Hess S|| <= "
         << decimal_above(g.H, 6) << ", eps = " << fmt::format("{:.4g}", g.eps) << ")\n";
    else
      os << "    (L1 <= " << decimal_above(g.L1, 6) << " over B(w0, r), L2 <= " << decimal_above(g.L2, 6)
         << " over B(w0, 2r), eps = " << fmt::format("{:.4g}", g.eps) << ")\n";
    os << "  Gradient flow (Theorem 2.1): a zero of S lies in B(w0, r); S(phi(t)) <= e^{-alpha t} S(w0)\n";
  }
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

// The options checked before anything is loaded (bad flags are bad input at once), and the
// budget's deadline, which covers the whole check: drawing the weights, the centre, the searches.
struct Settings {
  Clock::time_point start;
  Budget budget;
  double tol = 0;
  std::string radius;  // "" (the model file's), "auto" or a checked positive number's text
};

Settings settings_from(const NetworkCheckOptions& flags) {
  Settings s;
  s.start = Clock::now();
  if (!flags.save_dir.empty() && std::filesystem::exists(flags.save_dir) && !std::filesystem::is_directory(flags.save_dir))
    throw std::invalid_argument("--save-weights: '" + flags.save_dir + "' exists and is not a directory");
  s.budget = parse_budget(flags.budget, s.start);
  s.budget.cancel = flags.cancel;
  try {
    s.tol = parse_number(flags.tol).nearest;
  } catch (const NumberError& e) {
    throw std::invalid_argument(std::string("--tol: ") + e.what());
  }
  if (!(s.tol > 0 && s.tol < 1)) throw std::invalid_argument("--tol must lie in (0, 1)");
  s.radius = flags.radius;
  if (!flags.radius.empty() && flags.radius != "auto") {
    ExactNumber r;
    try {
      r = parse_number(flags.radius);
    } catch (const NumberError& e) {
      throw std::invalid_argument(std::string("--radius: ") + e.what());
    }
    if (!(r.enclosure.upper() > 0) || !std::isfinite(r.enclosure.upper()))
      throw std::invalid_argument("--radius must be positive or auto, got " + r.text);
    s.radius = r.text;
  }
  return s;
}

// The bounds hold J(w0) (n x p intervals) and the weights: refuse, as bad input, a check that
// cannot fit in this machine's memory rather than be killed part-way.
void check_memory(std::size_t n, std::size_t p) {
  const long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGE_SIZE);
  if (pages <= 0 || page <= 0) return;
  const double have = double(pages) * double(page), need = 16.0 * double(n) * double(p) + 24.0 * double(p);
  if (need > 0.9 * have)
    throw std::invalid_argument(fmt::format(
        "this check needs about {:.1f} GB (J(w0): n x p = {} x {} intervals), more than this machine's {:.1f} GB; "
        "use fewer samples or a smaller network", need / 1e9, n, p, have / 1e9));
}

// The budget ran out before the network existed (drawing 10^8 weights takes minutes): an
// inconclusive report that says so, not an error.
NetworkReport stopped_report(const std::string& source, const NetworkCheckOptions& flags, const Settings& s,
                             const std::string& what) {
  const double seconds = std::chrono::duration<double>(Clock::now() - s.start).count();
  NetworkReport report;
  report.exit_status = 1;
  const std::string reason = "the time budget (" + flags.budget + ") ran out before the check began: " + what;
  const std::string suggestion = advice(CriterionKind::Network, Cause::SetupOverBudget);
  report.json = {{"model", source}, {"verdict", "inconclusive"}, {"reason", reason},
                 {"cause", to_string(Cause::SetupOverBudget)}, {"suggestion", suggestion},
                 {"budget_exhausted", true}, {"seconds", seconds}};
  if (!flags.criterion.empty()) report.json["criterion"] = flags.criterion;
  report.text = "gdcert nn check " + source + "\n  VERDICT: inconclusive\n  " + reason + "\n  what would help: " +
                suggestion + fmt::format("\n\n  time {:.3f} s\n", seconds);
  return report;
}

NetworkReport check_network_impl(NetworkProblem pr, const NetworkCheckOptions& flags, const Settings& settings) {
  const auto start = settings.start;
  const Budget& budget = settings.budget;
  const double tol = settings.tol;
  Progress progress(flags.progress);
  if (!settings.radius.empty()) pr.radius_text = settings.radius;
  if (!flags.criterion.empty()) pr.criterion = flags.criterion;
  const std::size_t p = pr.network.num_parameters(), n = pr.data.n;
  check_memory(n, p);

  // The centre: forward and backward pass, K(w0), verified lambda_min (cached by the bounds).
  progress.stage("forward and backward pass, K(w0) and verified lambda_min at w0");
  const auto t_centre = Clock::now();
  NetworkBallBounds nb(pr.network, pr.data, Interval(1.0) / Interval(double(n)), flags.precision);
  const CentreBounds& centre = nb.centre();
  std::vector<Interval> outputs;  // f(x_i, w0) = r_i(w0) + y_i, enclosed
  for (std::size_t i = 0; i < n; ++i) outputs.push_back(centre.residual[i] + pr.data.targets[i]);
  const double centre_seconds = std::chrono::duration<double>(Clock::now() - t_centre).count();
  const Interval S = Interval(1.0) / Interval(double(n)) * sqr(centre.residual_norm);
  const Interval L = Interval(0.5) * sqr(centre.residual_norm);
  const std::vector<double> w0 = nb.centre_point();

  // The criteria; with "all" each gets half of the budget.
  const bool want_c = pr.criterion == "chatterjee" || pr.criterion == "all";
  const bool want_p = pr.criterion == "plstar" || pr.criterion == "all";
  Budget each = budget;
  if (want_c && want_p) each.seconds /= 2;
  auto sink = [&progress](const std::string& m) { progress.stage(m); };
  ChatterjeeRun cr;
  PlStarRun prun;
  if (want_c) {
    ChatterjeeOptions o;
    o.budget = each;
    o.tol = tol;
    o.progress = sink;
    o.sampling.samples = sample_count(p, centre_seconds, each.seconds, o.sampling.samples);
    cr = run_criterion<ChatterjeeSearch>(nb, nb, pr.radius_text, o, progress);
  }
  if (want_p) {
    PlStarOptions o;
    o.budget = each;
    o.tol = tol;
    o.progress = sink;
    o.samples = sample_count(p, centre_seconds, each.seconds, o.samples);
    BallBoundsView half(nb, Interval(0.5));  // L = 1/2 |F - y|^2
    prun = run_criterion<PlStarSearch>(nb, half, pr.radius_text, o, progress);
  }
  // Written last: a model too large for the machine (exit 2) leaves nothing behind.
  if (!flags.save_dir.empty()) {
    progress.stage("writing the weights");
    save_weights(pr.network, flags.save_dir);
  }
  const bool certified = (cr.ran && cr.result.verdict == Verdict::Certified) ||
                         (prun.ran && prun.result.verdict == Verdict::Certified);
  const int status = certified ? 0 : 1;
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  const EigenBound& lam = centre.lambda_min;

  NetworkReport report;
  report.exit_status = status;
  {
    json j;
    j["model"] = pr.source;
    j["layers"] = pr.network.arch.layers;
    j["activation"] = to_string(pr.network.arch.activation);
    if (pr.network.arch.activation == Activation::SmoothLeakyRelu) j["slope"] = pr.network.arch.slope.text;
    j["bias"] = pr.network.arch.bias;
    j["parametrization"] = to_string(pr.network.arch.parametrization);
    j["weights_origin"] = pr.weights_origin;
    j["data_origin"] = pr.data_origin;
    j["data_exact"] = pr.data.exact;
    j["p"] = p;
    j["n"] = n;
    json outs = json::array();
    for (const Interval& v : outputs) outs.push_back(print_interval(v));
    j["outputs"] = outs;
    j["residual_norm"] = print_upper(centre.residual_norm.upper());
    j["residual_norm_interval"] = print_interval(centre.residual_norm);
    j["loss"] = {{"S", print_interval(S)}, {"S_convention", kSConvention}, {"L", print_interval(L)},
                 {"L_convention", "L(w) = 1/2 |F(w) - y|^2 (PL*)"}};
    j["lambda_min_K"] = {{"lower", lam.proved ? print_lower(lam.lower) : json(nullptr)},
                         {"upper", print_upper(centre.lambda_min_upper)},
                         {"proved", lam.proved},
                         {"method", lam.method}};
    j["kernel_convention"] = "K = J J^T at w0, J_i = grad_w f(x_i, w0)";
    j["hessian_bound_definition"] = kHessianDefinition;
    j["radius_requested"] = pr.radius_text;
    j["precision_bits"] = flags.precision == 0 ? 53 : flags.precision;
    if (pr.criterion == "all") {
      j["criterion"] = "all";
      j["verdict"] = certified ? "certified" : "not certified";
      j["exit_rule"] = "0 when chatterjee or plstar is certified (each proves that gradient descent reaches zero loss)";
      j["criteria"]["chatterjee"] = chatterjee_json(cr, w0);
      j["criteria"]["plstar"] = plstar_json(prun, w0);
      // The network summary fields at the radius of the certified criterion (Chatterjee first).
      const bool use_c = cr.result.verdict == Verdict::Certified || prun.result.verdict != Verdict::Certified;
      const json& pick = use_c ? j["criteria"]["chatterjee"] : j["criteria"]["plstar"];
      j["radius"] = pick["radius"];
      j["radius_exact"] = pick["radius_exact"];
      j["hessian_bound"] = pick["hessian_bound"];
      j["bound_used"] = pick["bound_used"];
    } else {
      j.update(want_c ? chatterjee_json(cr, w0) : plstar_json(prun, w0));
    }
    j["timings"] = {{"centre", centre_seconds},
                    {"chatterjee", cr.ran ? json(cr.result.seconds) : json(nullptr)},
                    {"plstar", prun.ran ? json(prun.result.seconds) : json(nullptr)}};
    if (!flags.save_dir.empty()) j["saved_weights"] = flags.save_dir;
    j["seconds"] = seconds;
    report.json = std::move(j);
  }
  {
    std::ostringstream os;
    os << "gdcert nn check " << pr.source << "\n  network: layers [";
    for (std::size_t l = 0; l < pr.network.arch.layers.size(); ++l) os << (l ? ", " : "") << pr.network.arch.layers[l];
    os << "], " << to_string(pr.network.arch.activation) << ", " << to_string(pr.network.arch.parametrization)
       << (pr.network.arch.bias ? ", with biases" : ", no biases") << "; p = " << p << " weights\n"
       << "  weights: " << pr.weights_origin << "\n"
       << "  data:    n = " << n << " samples of dimension " << pr.data.d << " (" << pr.data_origin << ")\n"
       << "  at w0:   |F(w0) - y| in " << iv_text(centre.residual_norm) << "\n"
       << "           S(w0) = (1/n) sum (y_i - f(x_i, w0))^2 in " << iv_text(S) << "\n"
       << "           L(w0) = 1/2 |F(w0) - y|^2 in " << iv_text(L) << "\n"
       << "           lambda_min(K(w0)), K = J J^T: lower "
       << (lam.proved ? decimal_below(lam.lower, 12) : std::string("not proved")) << " (" << lam.method << "), upper "
       << decimal_above(centre.lambda_min_upper, 12) << "\n"
       << "  radius " << pr.radius_text << ", criterion " << pr.criterion << ", "
       << (flags.precision == 0 ? 53 : flags.precision) << "-bit interval arithmetic\n";
    if (cr.ran) print_chatterjee(os, cr);
    if (prun.ran) print_plstar(os, prun);
    if (pr.criterion == "all")
      os << "\nVERDICT (all): " << (certified ? "certified" : "not certified")
         << " (exit 0 when chatterjee or plstar is certified)\n";
    os << fmt::format("\n  time {:.3f} s (centre {:.3f} s)\n", seconds, centre_seconds);
    if (!flags.save_dir.empty()) os << "  weights written to " << flags.save_dir << "\n";
    report.text = os.str();
  }
  return report;
}

// Memory exhaustion (a model too large for this machine) is reported as such: bad input. The
// budget is parsed first, so that it also bounds loading (drawn weights and data).
template <class Load>
NetworkReport load_and_check(const std::string& source, const NetworkCheckOptions& flags, Load&& load) {
  const Settings settings = settings_from(flags);
  try {
    NetworkProblem pr;
    try {
      pr = load([&budget = settings.budget] { return budget.past_deadline(); });
    } catch (const DrawStopped& e) {
      return stopped_report(source, flags, settings, e.what());
    }
    return check_network_impl(std::move(pr), flags, settings);
  } catch (const std::bad_alloc&) {
    throw std::invalid_argument("not enough memory for this model (weights, data and n x width activations); use a smaller network or fewer samples");
  }
}

}  // namespace

NetworkReport check_network(NetworkProblem problem, const NetworkCheckOptions& options) {
  const std::string source = problem.source;
  return load_and_check(source, options, [&problem](const StopFn&) { return std::move(problem); });
}

NetworkReport check_network_file(const std::string& path, const NetworkCheckOptions& options) {
  return load_and_check(path, options, [&path](const StopFn& stop) { return load_network_problem(path, stop); });
}

nlohmann::json check_network_json(const nlohmann::json& model, const std::string& base_dir) {
  NetworkCheckOptions o;
  o.progress = false;
  if (model.contains("budget") && model["budget"].is_string()) o.budget = model["budget"].get<std::string>();
  nlohmann::json m = model;
  m.erase("budget");
  const std::string text = m.dump();
  return load_and_check("sweep point", o, [&](const StopFn& stop) {
           return parse_network_problem(text, base_dir, "sweep point", stop);
         }).json;
}

}  // namespace gdcert::api
