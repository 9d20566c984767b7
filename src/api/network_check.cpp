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
// The criteria and --radius auto: api/network_search.hpp; each criterion's part of the report:
// api/network_criterion_report.hpp. Exit status 0 certified (with "all": either criterion),
// 1 not certified (refuted or inconclusive), 2 bad input (nothing written).
#include "api/network_check.hpp"

#include <chrono>
#include <cmath>
#include <filesystem>
#include <optional>
#include <sstream>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include "api/atomic_file.hpp"
#include "api/exact_json.hpp"
#include "api/json_numbers.hpp"
#include "api/network_criterion_report.hpp"
#include "api/network_search.hpp"
#include "api/stage_progress.hpp"
#include "bound/ball_bounds_view.hpp"
#include "model/network_eval.hpp"
#include "model/network_file.hpp"
#include "model/npy.hpp"

namespace gdcert::api {
namespace {

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;


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
  StageProgress progress(flags.progress);
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
