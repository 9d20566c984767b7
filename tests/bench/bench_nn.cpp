// Two-layer tanh network, NTK parametrisation, LeCun (raw N(0,1)) weights, d = 10: seconds and
// peak memory of gdcert's rigorous centre + over_ball, certified lambda_min(K(w0)), Hessian
// bound, best radius sigma0 / 2k and the verdict of Chatterjee's criterion on that ball.
//   bench_nn N WIDTH...      (default: n = 4 and 100, widths 256 .. 131072)
#include <sys/resource.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <vector>

#include "arith/rounding.hpp"
#include "bound/network_ball_bounds.hpp"

using namespace gdcert;

static double peak_mib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss / 1024.0;
}

static void run(std::size_t n, std::size_t m, unsigned seed) {
  const std::size_t d = 10;
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal(0.0, 1.0);
  std::uniform_real_distribution<double> unif(-0.5, 0.5);
  Network net;
  net.arch.layers = {d, m, 1};
  net.arch.activation = Activation::Tanh;
  net.arch.parametrization = Parametrization::Ntk;
  Eigen::MatrixXd w1(m, d), w2(1, m);
  for (Eigen::Index j = 0; j < w1.size(); ++j) w1(j) = normal(rng);
  for (Eigen::Index j = 0; j < w2.size(); ++j) w2(j) = normal(rng);
  net.weights = {w1, w2};
  Dataset data;
  data.n = n;
  data.d = d;
  for (std::size_t i = 0; i < n * d; ++i) data.inputs.push_back(Interval(normal(rng)));
  for (std::size_t i = 0; i < n; ++i) data.targets.push_back(Interval(unif(rng)));
  const auto t0 = std::chrono::steady_clock::now();
  NetworkBallBounds nb(net, data, Interval(1.0) / Interval(double(n)), 0);
  const CentreBounds& c = nb.centre();
  const auto t1 = std::chrono::steady_clock::now();
  nb.over_ball(parse_number("1e6"));  // global suprema: k, hence the radius sigma0 / 2k
  const double kglob = nb.details().k_perturbation, sigma0 = nb.details().sigma0_lower;
  const double r = kglob > 0 ? sigma0 / (2 * kglob) : 0;
  char text[64];
  std::snprintf(text, sizeof text, "%.17g", r);
  const BallConstants bc = nb.over_ball(parse_number(text));
  const auto t2 = std::chrono::steady_clock::now();
  const double res = c.residual_norm.upper();
  const bool cert = r > 0 && mul_up(res, res) < mul_down(mul_down(r, r), mul_down(bc.sigma_min_lower, bc.sigma_min_lower));
  std::printf("%4zu %8zu %9zu %8.3f %8.3f %9.1f %12.5g %11.4g %11.4g %9.4g %s\n", n, m, nb.num_parameters(),
              std::chrono::duration<double>(t1 - t0).count(), std::chrono::duration<double>(t2 - t1).count(),
              peak_mib(), c.lambda_min.lower, bc.hess_max, nb.details().k_perturbation, r,
              cert ? "certified" : "not certified");
  std::fflush(stdout);
}

int main(int argc, char** argv) {
  std::printf("%4s %8s %9s %8s %8s %9s %12s %11s %11s %9s %s\n", "n", "width", "p", "centre_s", "ball_s",
              "peak_MiB", "lambda_min>=", "hess_bound", "k", "radius", "verdict");
  if (argc >= 3) {
    const std::size_t n = std::strtoul(argv[1], nullptr, 10);
    for (int a = 2; a < argc; ++a) run(n, std::strtoul(argv[a], nullptr, 10), 1);
    return 0;
  }
  for (std::size_t n : {4u, 100u})
    for (std::size_t m = 256; m <= 131072; m *= 4) run(n, m, 1);
  run(4, 131072, 1);
  return 0;
}
