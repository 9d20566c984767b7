// Networks at scale (issue 10): two-layer tanh, NTK parametrisation, LeCun draws (raw N(0, 1)
// weights, gdcert's InitScheme::Ntk, seed 1), d = 10 unless given, synthetic data (normal inputs, targets
// uniform in [-0.5, 0.5], seed 1). Per case, in a child process of its own (so that peak RSS is
// that case's), in this order and timed:
//   centre_s  NetworkBallBounds: forward/backward passes and K(w0) = J J^T (double intervals,
//             model's NetworkEvaluator<Interval>) + verified lambda_min (Rump's Cholesky)
//   ball_s    over_ball twice: with the global suprema (k, hence the best radius sigma0 / 2k)
//             and at that radius (per-neuron ranges, Hessian sup, first-layer bound)
//   f64_s     the same passes and K in plain float64 + Eigen's eigenvalues (not rigorous: what
//             the rigour costs on top)
//   peak_MiB  the child's maximum resident set size
// and the results: lambda_min(K(w0)) in [lower, upper], k, sup Hessian norm, radius, verdict of
// Chatterjee's criterion on that ball.
//
//   bench_nn [--save DIR] [N:WIDTH[:D] ...]     default 4:32768 8:131072:16 100:16384
// --save DIR writes DIR/N_WIDTH/{W1,W2,X,y}.npy so that tests/bench/nn_torch_ntk.py times torch
// on the very same numbers (tests/bench/run.sh nn does that and adds the torch columns).
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <Eigen/Eigenvalues>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "arith/rounding.hpp"
#include "bound/network_ball_bounds.hpp"
#include "model/network_eval.hpp"
#include "model/network_init.hpp"
#include "model/npy.hpp"

using namespace gdcert;
using Clock = std::chrono::steady_clock;

namespace {

double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

double peak_mib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss / 1024.0;
}

void write_file(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw std::runtime_error("cannot write " + path);
}

void save(const std::string& dir, const Network& net, const Dataset& data) {
  ::mkdir(dir.c_str(), 0777);
  for (std::size_t l = 0; l < net.weights.size(); ++l) {
    const Eigen::MatrixXd& W = net.weights[l];
    std::vector<double> w;
    for (Eigen::Index j = 0; j < W.rows(); ++j)
      for (Eigen::Index k = 0; k < W.cols(); ++k) w.push_back(W(j, k));
    write_file(dir + "/W" + std::to_string(l + 1) + ".npy",
               npy_bytes(w, {static_cast<std::size_t>(W.rows()), static_cast<std::size_t>(W.cols())}));
  }
  std::vector<double> x, y;
  for (const Interval& v : data.inputs) x.push_back(v.lower());  // exact doubles (synthetic data)
  for (const Interval& v : data.targets) y.push_back(v.lower());
  write_file(dir + "/X.npy", npy_bytes(x, {data.n, data.d}));
  write_file(dir + "/y.npy", npy_bytes(y, {data.n}));
}

struct Case {
  std::size_t n, m, d;
};

void run(std::size_t n, std::size_t m, std::size_t d, const std::string& save_dir) {
  const NetworkArchitecture arch{{d, m, 1}, Activation::Tanh, parse_number("0"), false, Parametrization::Ntk};
  const Network net = initialise_network(arch, {InitScheme::Ntk, 1, {}});
  const Dataset data = synthetic_dataset({n, d, 1, "normal", "uniform(-0.5,0.5)"});
  if (!save_dir.empty()) save(save_dir + "/" + std::to_string(n) + "_" + std::to_string(m), net, data);

  auto t0 = Clock::now();
  NetworkBallBounds nb(net, data, Interval(1.0) / Interval(double(n)), 0);
  const CentreBounds& c = nb.centre();
  const double centre_s = since(t0);

  t0 = Clock::now();
  nb.over_ball(parse_number("1e6"));  // every range the whole line: the global suprema
  const double kglob = nb.details().k_perturbation, sigma0 = nb.details().sigma0_lower;
  const double r = kglob > 0 ? sigma0 / (2 * kglob) : 0;
  char text[64];
  std::snprintf(text, sizeof text, "%.17g", r);
  const BallConstants bc = nb.over_ball(parse_number(text));
  const double ball_s = since(t0);

  t0 = Clock::now();
  NetworkEvaluator<double> fl(net, data);
  fl.evaluate();
  const std::vector<double> kd = fl.kernel();
  const Eigen::Map<const Eigen::MatrixXd> km(kd.data(), static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(n));
  volatile double lam_f64 = Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(km, Eigen::EigenvaluesOnly).eigenvalues()(0);
  const double f64_s = since(t0);

  const double res = c.residual_norm.upper();
  const bool cert = r > 0 && mul_up(res, res) < mul_down(mul_down(r, r), mul_down(bc.sigma_min_lower, bc.sigma_min_lower));
  std::printf("%4zu %3zu %7zu %8zu %8.3f %7.3f %7.3f %8.1f %19.17g %19.17g %9.3g %9.3g %8.3g %s\n", n, d, m,
              nb.num_parameters(), centre_s, ball_s, f64_s, peak_mib(), c.lambda_min.lower, c.lambda_min_upper,
              nb.details().k_perturbation, bc.hess_max, r, cert ? "certified" : "not_certified");
  (void)lam_f64;
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  std::string save_dir;
  std::vector<Case> cases;
  for (int a = 1; a < argc; ++a) {
    const std::string arg = argv[a];
    if (arg == "--save" && a + 1 < argc) {
      save_dir = argv[++a];
      ::mkdir(save_dir.c_str(), 0777);
    } else if (const auto colon = arg.find(':'); colon != std::string::npos) {
      const auto colon2 = arg.find(':', colon + 1);
      const std::size_t d = colon2 == std::string::npos ? 10 : std::strtoul(arg.c_str() + colon2 + 1, nullptr, 10);
      cases.push_back({std::strtoul(arg.c_str(), nullptr, 10), std::strtoul(arg.c_str() + colon + 1, nullptr, 10), d});
    } else {
      std::fprintf(stderr, "usage: bench_nn [--save DIR] [N:WIDTH[:D] ...]\n");
      return 2;
    }
  }
  if (cases.empty()) cases = {{4, 32768, 10}, {8, 131072, 16}, {100, 16384, 10}};
  std::printf("%4s %3s %7s %8s %8s %7s %7s %8s %19s %19s %9s %9s %8s %s\n", "n", "d", "width", "p", "centre_s", "ball_s",
              "f64_s", "peak_MiB", "lam_lower", "lam_upper", "k", "hess", "radius", "verdict");
  std::fflush(stdout);
  int status = 0;
  for (auto [n, m, d] : cases) {
    const pid_t pid = fork();
    if (pid == 0) {
      try {
        run(n, m, d, save_dir);
      } catch (const std::exception& e) {
        std::printf("%4zu %3zu %7zu failed: %s\n", n, d, m, e.what());
        std::fflush(stdout);
        _exit(1);
      }
      _exit(0);
    }
    int st = 0;
    waitpid(pid, &st, 0);
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) status = 1;
  }
  return status;
}
