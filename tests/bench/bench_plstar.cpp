// PL* benchmarks (issue 5): seconds to a PL* verdict vs Chatterjee's on the same balls
// (Broyden tridiagonal p = 10, 100, centre 1e-8 from the zero), and the cost of a verified
// lambda_min of an n x n Gram matrix (n = 100, 500, 1000) against Eigen's plain
// SelfAdjointEigenSolver in the same run. Target: the proof costs at most 3x the plain solve.
#include <Eigen/Eigenvalues>
#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "bound/verified_eigen.hpp"
#include "criteria/chatterjee.hpp"
#include "criteria/plstar.hpp"
#include "reference_problems.hpp"

using namespace gdcert;

namespace {

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

template <class F>
double best_of(int reps, F&& f) {  // least wall time of a few runs
  double best = 1e300;
  for (int i = 0; i < reps; ++i) {
    auto t = std::chrono::steady_clock::now();
    f();
    best = std::min(best, seconds_since(t));
  }
  return best;
}

}  // namespace

int main() {
  std::printf("PL* vs Chatterjee on the same balls (Broyden tridiagonal, centre 1e-8 from the zero)\n");
  std::printf("%5s %7s %-12s %9s %-12s %9s %11s %11s\n", "p", "r", "chatterjee", "seconds", "plstar", "seconds",
              "alpha>=", "mu>=");
  for (int p : {10, 100}) {
    std::vector<double> z = testing::broyden_zero(p);
    std::vector<ExactNumber> c;
    for (int i = 0; i < p; ++i) c.push_back(exact_double(z[i] + (i % 2 ? -1e-8 : 1e-8)));
    Objective f = Objective::from_residuals(testing::broyden_tridiagonal(p), testing::numbered_vars(p), parse_number("1"));
    PlSystem sys = pl_system_from_residuals(f);
    for (const char* r : {"0.001", "0.01", "0.1"}) {
      ChatterjeeOptions co;
      co.budget.seconds = 30;
      ChatterjeeResult cr = check_chatterjee(f, c, parse_number(r), co);
      PlStarOptions po;
      po.budget.seconds = 30;
      PlStarResult pr = check_plstar(sys, c, parse_number(r), po);
      std::printf("%5d %7s %-12s %9.4f %-12s %9.4f %11.4g %11.4g\n", p, r, to_string(cr.verdict), cr.seconds,
                  to_string(pr.verdict), pr.seconds, cr.alpha_lower, pr.mu_lower);
    }
  }

  std::printf("\nVerified lambda_min of an n x n Gram matrix G = A A^T (A: n x 2n, entries N(0,1)/sqrt(2n))\n");
  std::printf("%6s %12s %12s %12s %8s %8s %13s %s\n", "n", "plain (s)", "values (s)", "verified (s)", "ratio", "ratio*",
              "lower", "method");
  std::mt19937_64 rng(7);
  std::normal_distribution<double> normal;
  for (int n : {100, 500, 1000}) {
    Eigen::MatrixXd A(n, 2 * n);
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < 2 * n; ++j) A(i, j) = normal(rng) / std::sqrt(2.0 * n);
    Eigen::MatrixXd G = A * A.transpose();  // the input: exact double entries, symmetric
    G = (G + G.transpose()).eval() * 0.5;
    int reps = n <= 500 ? 3 : 1;
    double plain = best_of(reps, [&] { Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(G); });
    double values = best_of(reps, [&] { Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(G, Eigen::EigenvaluesOnly); });
    EigenBound b{};
    double verified = best_of(reps, [&] { b = verified_lambda_min(G); });
    std::printf("%6d %12.4f %12.4f %12.4f %8.2f %8.2f %13.6g %s\n", n, plain, values, verified, verified / plain,
                verified / values, b.lower, b.method.c_str());
  }
  std::printf("ratio = verified / plain SelfAdjointEigenSolver (eigenvectors too); ratio* = against eigenvalues only\n");
  return 0;
}
