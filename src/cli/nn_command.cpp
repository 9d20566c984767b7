// gdcert nn check MODEL.json: load and validate a network problem (model/network_file.hpp),
// evaluate it rigorously at w0 and report the tangent kernel's smallest eigenvalue. The criteria
// over the ball are connected later through bound/ball_bounds.hpp; until then the verdict is
// "inconclusive" with that reason.
#include <Eigen/Eigenvalues>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <thread>

#include <nlohmann/json.hpp>

#include "bound/interval_matrix.hpp"
#include "bound/verified_eigen.hpp"
#include "api/atomic_file.hpp"
#include "cli/commands.hpp"
#include "api/json_numbers.hpp"
#include "model/network_eval.hpp"
#include "model/network_file.hpp"
#include "model/npy.hpp"

namespace gdcert {
namespace {

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

struct NnFlags {
  std::string model, radius, criterion, save_dir;
  bool json = false;
  unsigned precision = 0;
};

// A progress line on stderr once a run has taken more than 2 s: the stage then in progress and
// every later stage.
class Progress {
 public:
  Progress() : start_(Clock::now()), thread_([this] { watch(); }) {}
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
    const double s = std::chrono::duration<double>(Clock::now() - start_).count();
    std::cerr << "gdcert nn: " << stage_ << " (" << static_cast<int>(s) << " s elapsed)\n";
  }
  void watch() {
    std::unique_lock<std::mutex> lock(mutex_);
    if (cv_.wait_for(lock, std::chrono::seconds(2), [this] { return done_; })) return;
    late_ = true;
    print();
  }
  Clock::time_point start_;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool done_ = false, late_ = false;
  std::string stage_ = "loading the model";
  std::thread thread_;
};

Interval as_interval(const Interval& x) { return x; }
Interval as_interval(const MpInterval& x) { return to_interval(x); }

struct CentreReport {
  std::vector<Interval> outputs, residuals;
  Interval residual_norm, S, L;
  IntervalMatrix K;
  double eval_seconds = 0, kernel_seconds = 0;
};

template <class T>
CentreReport evaluate_centre(const NetworkProblem& pr, Progress& progress) {
  CentreReport rep;
  auto t0 = Clock::now();
  progress.stage("forward and backward pass at w0");
  NetworkEvaluator<T> ev(pr.network, pr.data);
  ev.evaluate();
  const std::vector<T> r = ev.residuals();
  T sum(0.0);
  for (const T& v : r) sum += sqr(v);
  using std::sqrt;
  const T n = ScalarTraits<T>::from_double(static_cast<double>(pr.data.n));
  rep.residual_norm = as_interval(sqrt(sum));
  rep.S = as_interval(sum / n);
  rep.L = as_interval(sum * T(0.5));
  for (const T& v : ev.outputs()) rep.outputs.push_back(as_interval(v));
  for (const T& v : r) rep.residuals.push_back(as_interval(v));
  auto t1 = Clock::now();
  progress.stage("tangent kernel K(w0)");
  const std::vector<T> K = ev.kernel();
  const auto nn = static_cast<Eigen::Index>(pr.data.n);
  rep.K = IntervalMatrix(nn, nn);
  for (Eigen::Index a = 0; a < nn; ++a)
    for (Eigen::Index b = 0; b < nn; ++b) rep.K(a, b) = as_interval(K[static_cast<std::size_t>(a * nn + b)]);
  auto t2 = Clock::now();
  rep.eval_seconds = std::chrono::duration<double>(t1 - t0).count();
  rep.kernel_seconds = std::chrono::duration<double>(t2 - t1).count();
  return rep;
}

// A rigorous upper bound of lambda_min(K) for every symmetric K in the enclosure: the Rayleigh
// quotient v^T K v / v^T v of an approximate eigenvector v, evaluated in interval arithmetic.
double rayleigh_upper(const IntervalMatrix& K) {
  const Eigen::MatrixXd mid = K.midpoint();
  if (!mid.allFinite()) return INFINITY;
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(mid);
  if (es.info() != Eigen::Success) return INFINITY;
  const Eigen::VectorXd v = es.eigenvectors().col(0);
  Interval num(0.0), den(0.0);
  for (Eigen::Index a = 0; a < K.rows(); ++a) {
    den += sqr(Interval(v(a)));
    for (Eigen::Index b = 0; b < K.cols(); ++b) num += Interval(v(a)) * K(a, b) * Interval(v(b));
  }
  if (!(den.lower() > 0)) return INFINITY;
  return (num / den).upper();
}

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

int run_nn_check_impl(const NnFlags& flags);

// Memory exhaustion (a model too large for this machine) is reported as such, exit status 2.
int run_nn_check(const NnFlags& flags) {
  try {
    return run_nn_check_impl(flags);
  } catch (const std::bad_alloc&) {
    throw std::invalid_argument("not enough memory for this model (weights, data and n x width activations); use a smaller network or fewer samples");
  }
}

int run_nn_check_impl(const NnFlags& flags) {
  const auto start = Clock::now();
  if (!flags.save_dir.empty() && std::filesystem::exists(flags.save_dir) && !std::filesystem::is_directory(flags.save_dir))
    throw std::invalid_argument("--save-weights: '" + flags.save_dir + "' exists and is not a directory");
  Progress progress;
  NetworkProblem pr = load_network_problem(flags.model);
  if (!flags.radius.empty()) {
    if (flags.radius == "auto") {
      pr.radius_text = "auto";
    } else {
      ExactNumber r;
      try {
        r = parse_number(flags.radius);
      } catch (const NumberError& e) {
        throw std::invalid_argument(std::string("--radius: ") + e.what());
      }
      if (!(r.enclosure.upper() > 0) || !std::isfinite(r.enclosure.upper()))
        throw std::invalid_argument("--radius must be positive or auto, got " + r.text);
      pr.radius_text = r.text;
    }
  }
  if (!flags.criterion.empty()) pr.criterion = flags.criterion;

  const CentreReport rep = flags.precision == 0 ? evaluate_centre<Interval>(pr, progress) : [&] {
    PrecisionScope scope(flags.precision);
    return evaluate_centre<MpInterval>(pr, progress);
  }();
  progress.stage("verified lambda_min(K(w0))");
  const auto t_eig = Clock::now();
  const EigenBound lam = verified_lambda_min(rep.K);
  const double lam_upper = rayleigh_upper(rep.K);
  const double eig_seconds = std::chrono::duration<double>(Clock::now() - t_eig).count();
  if (!flags.save_dir.empty()) {
    progress.stage("writing the weights");
    save_weights(pr.network, flags.save_dir);
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  const std::size_t p = pr.network.num_parameters(), n = pr.data.n;
  const std::string reason = "ball bounds not yet connected (this version evaluates the centre w0 only)";

  if (flags.json) {
    json j;
    j["verdict"] = "inconclusive";
    j["reason"] = reason;
    j["criterion"] = pr.criterion;
    j["model"] = pr.source;
    if (pr.radius_text == "auto") j["radius"] = "auto";
    else j["radius"] = parse_number(pr.radius_text).nearest;
    j["radius_exact"] = pr.radius_text;
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
    for (const Interval& v : rep.outputs) outs.push_back(print_interval(v));
    j["outputs"] = outs;
    j["residual_norm"] = print_interval(rep.residual_norm);
    j["loss"] = {{"S", print_interval(rep.S)},
                 {"S_convention", "S(w) = (1/n) sum_i (y_i - f(x_i, w))^2 (Chatterjee)"},
                 {"L", print_interval(rep.L)},
                 {"L_convention", "L(w) = 1/2 |F(w) - y|^2 (PL*)"}};
    j["lambda_min_K"] = {{"lower", lam.proved ? print_lower(lam.lower) : json(nullptr)},
                         {"upper", print_upper(lam_upper)},
                         {"proved", lam.proved},
                         {"method", lam.method}};
    j["kernel_convention"] = "K = J J^T at w0, J_i = grad_w f(x_i, w0)";
    j["hessian_bound"] = nullptr;
    j["bound_used"] = "none";
    j["precision_bits"] = flags.precision == 0 ? 53 : flags.precision;
    j["timings"] = {{"forward_backward", rep.eval_seconds}, {"kernel", rep.kernel_seconds}, {"lambda_min", eig_seconds}};
    if (!flags.save_dir.empty()) j["saved_weights"] = flags.save_dir;
    j["seconds"] = seconds;
    std::cout << j.dump(2) << "\n";
  } else {
    auto iv = [](const Interval& x) { return "[" + decimal_below(x.lower(), 12) + ", " + decimal_above(x.upper(), 12) + "]"; };
    std::cout << "gdcert nn check " << pr.source << "\n"
              << "  network: layers [";
    for (std::size_t l = 0; l < pr.network.arch.layers.size(); ++l) std::cout << (l ? ", " : "") << pr.network.arch.layers[l];
    std::cout << "], " << to_string(pr.network.arch.activation) << ", " << to_string(pr.network.arch.parametrization)
              << (pr.network.arch.bias ? ", with biases" : ", no biases") << "; p = " << p << " weights\n"
              << "  weights: " << pr.weights_origin << "\n"
              << "  data:    n = " << n << " samples of dimension " << pr.data.d << " (" << pr.data_origin << ")\n"
              << "  at w0:   |F(w0) - y| in " << iv(rep.residual_norm) << "\n"
              << "           S(w0) = (1/n) sum (y_i - f(x_i, w0))^2 in " << iv(rep.S) << "\n"
              << "           L(w0) = 1/2 |F(w0) - y|^2 in " << iv(rep.L) << "\n"
              << "           lambda_min(K(w0)), K = J J^T: lower "
              << (lam.proved ? decimal_below(lam.lower, 12) : std::string("not proved")) << " (" << lam.method << "), upper "
              << decimal_above(lam_upper, 12) << "\n"
              << "  radius " << pr.radius_text << ", criterion " << pr.criterion << "\n"
              << "VERDICT: inconclusive: " << reason << "\n"
              << "  time " << seconds << " s (passes " << rep.eval_seconds << " s, K " << rep.kernel_seconds << " s, lambda_min "
              << eig_seconds << " s)\n";
    if (!flags.save_dir.empty()) std::cout << "  weights written to " << flags.save_dir << "\n";
  }
  return 1;
}

}  // namespace

void add_nn_command(CLI::App& app, int& status) {
  CLI::App* nn = app.add_subcommand("nn", "Feed-forward networks with data: gdcert nn check MODEL.json");
  nn->require_subcommand(1);
  auto flags = std::make_shared<NnFlags>();
  CLI::App* check = nn->add_subcommand("check", "Load a network problem (model file: layers, activation, data, weights or init) and evaluate it at w0");
  check->add_option("model", flags->model, "model file (JSON)")->required();
  check->add_option("--radius", flags->radius, "ball radius (exact number) or auto; overrides the model file");
  check->add_option("--criterion", flags->criterion, "chatterjee | plstar | all; overrides the model file")
      ->check(CLI::IsMember({"chatterjee", "plstar", "all"}));
  check->add_flag("--json", flags->json, "print one JSON object on stdout");
  check->add_option("--precision", flags->precision, "MPFR bits (default: double intervals)")->check(CLI::Range(2u, 100000u));
  check->add_option("--save-weights", flags->save_dir, "write W1.npy, b1.npy, ... (float64) into DIR");
  check->callback([flags, &status] { status = run_nn_check(*flags); });
}

}  // namespace gdcert
