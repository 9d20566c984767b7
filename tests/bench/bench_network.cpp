// Tangent kernel K(w0) = J J^T of two-layer tanh NTK networks (d = 10) and its verified
// lambda_min, in double intervals, timed stage by stage; the float64 kernel (same formula, plain
// doubles) is timed in the same run, since these machines are noisy (compare ratios).
//   bench_network [n width]...   default: 8 131072 and 100 8192
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "bound/verified_eigen.hpp"
#include "model/network_eval.hpp"
#include "model/network_init.hpp"

using namespace gdcert;
using Clock = std::chrono::steady_clock;

static double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

int main(int argc, char** argv) {
  std::vector<std::pair<std::size_t, std::size_t>> cases = {{8, 131072}, {100, 8192}};
  if (argc >= 3) {
    cases.clear();
    for (int a = 1; a + 1 < argc; a += 2) cases.emplace_back(std::strtoul(argv[a], nullptr, 10), std::strtoul(argv[a + 1], nullptr, 10));
  }
  for (auto [n, m] : cases) {
    NetworkArchitecture arch{{10, m, 1}, Activation::Tanh, parse_number("0"), false, Parametrization::Ntk};
    auto t0 = Clock::now();
    const Network net = initialise_network(arch, {InitScheme::Ntk, 1, {}});
    const Dataset data = synthetic_dataset({n, 10, 1, "normal", "uniform(-0.5,0.5)"});
    const double t_init = since(t0);
    t0 = Clock::now();
    NetworkEvaluator<Interval> ev(net, data);
    ev.evaluate();
    const double t_pass = since(t0);
    t0 = Clock::now();
    const std::vector<Interval> K = ev.kernel();
    const double t_kernel = since(t0);
    t0 = Clock::now();
    IntervalMatrix Km(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(n));
    for (std::size_t a = 0; a < n; ++a)
      for (std::size_t b = 0; b < n; ++b) Km(a, b) = K[a * n + b];
    const EigenBound lam = verified_lambda_min(Km);
    const double t_eig = since(t0);
    t0 = Clock::now();
    NetworkEvaluator<double> fl(net, data);
    fl.evaluate();
    const std::vector<double> Kd = fl.kernel();
    const double t_float = since(t0);
    std::printf("n=%zu width=%zu p=%zu: init %.3f s | Interval: passes %.3f s, K %.3f s, verified lambda_min %.4f s "
                "(lambda_min >= %.10g, %s) | float64 passes+K %.3f s\n",
                n, m, net.num_parameters(), t_init, t_pass, t_kernel, t_eig, lam.lower, lam.method.c_str(), t_float);
  }
}
