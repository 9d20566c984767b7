// Chatterjee, "Convergence of gradient descent for deep neural networks", Theorem 4.1, as the
// tests build it: the start W1 = 0, biases 0, hidden weights delta (1 + u), last layer
// A (1 + u / 2) (u uniform in [0, 1)) of a 4-5-6-1 network with 3 random samples, and the A of
// the theorem's proof.
//
//   NetworkProblem pr = theorem41_problem(Activation::Tanh, 0.5, A);
//   double A_paper = theorem41_paper_A(pr, 0.5);   // certified on B(w, delta / 2) from this A on
//   check_theorem41_start(pr.net, 0.5, A);         // doctest checks of the start's ranges
#pragma once

#include <doctest/doctest.h>

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <random>

#include "arith/exact_number.hpp"
#include "model/network.hpp"

namespace gdcert::test {

struct NetworkProblem {
  Network net;
  Dataset data;
};

// n samples of the network's input width: inputs N(0, 1), targets uniform in
// [-target_half, target_half], drawn from `seed`.
inline void add_data(NetworkProblem& pr, std::size_t n, unsigned seed, double target_half = 0.5) {
  std::mt19937_64 rng(seed * 7919 + 1);
  std::normal_distribution<double> normal(0.0, 1.0);
  std::uniform_real_distribution<double> unif(-target_half, target_half);
  const std::size_t d = pr.net.arch.layers[0];
  pr.data.n = n;
  pr.data.d = d;
  for (std::size_t i = 0; i < n * d; ++i) pr.data.inputs.push_back(Interval(normal(rng)));
  for (std::size_t i = 0; i < n; ++i) pr.data.targets.push_back(Interval(unif(rng)));
}

// Theorem 4.1's start on layers {4, 5, 6, 1} (standard parametrisation, biases, slope 0.2 for
// smooth leaky ReLU), 3 samples from seed 41; the u's come from seed 4141, the same for every A.
inline NetworkProblem theorem41_problem(Activation act, double delta, double A) {
  const std::size_t d = 4, n = 3, m1 = 5, m2 = 6;
  NetworkProblem pr;
  pr.net.arch.layers = {d, m1, m2, 1};
  pr.net.arch.activation = act;
  pr.net.arch.slope = parse_number("0.2");
  pr.net.arch.bias = true;
  pr.net.arch.parametrization = Parametrization::Standard;
  std::mt19937_64 rng(4141);
  std::uniform_real_distribution<double> u01(0.0, 1.0);
  pr.net.weights = {Eigen::MatrixXd::Zero(m1, d), Eigen::MatrixXd(m2, m1), Eigen::MatrixXd(1, m2)};
  pr.net.biases = {Eigen::VectorXd::Zero(m1), Eigen::VectorXd::Zero(m2), Eigen::VectorXd::Zero(1)};
  for (Eigen::Index j = 0; j < pr.net.weights[1].size(); ++j) pr.net.weights[1](j) = delta * (1 + u01(rng));
  for (Eigen::Index j = 0; j < pr.net.weights[2].size(); ++j) pr.net.weights[2](j) = A * (1 + 0.5 * u01(rng));
  add_data(pr, n, 41);
  return pr;
}

// The A of the proof of Theorem 4.1 for the start's architecture and data (its last layer is not
// read), in double (only the test's choice of A), with 5% to spare. Tanh or smooth leaky ReLU
// with slope 0.2.
inline double theorem41_paper_A(const NetworkProblem& base, double delta) {
  const auto& L = base.net.arch.layers;
  const std::size_t d = L[0], m1 = L[1], m2 = L[2], n = base.data.n;
  double M = 0, S = 0;
  Eigen::MatrixXd X(d, n);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t k = 0; k < d; ++k) {
      X(k, i) = mid(base.data.x(i, k));
      M = std::max(M, std::fabs(X(k, i)));
    }
    S += mid(base.data.targets[i]) * mid(base.data.targets[i]) / n;
  }
  const double alpha = Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(X.transpose() * X / double(n)).eigenvalues()(0);
  const bool tanh_act = base.net.arch.activation == Activation::Tanh;
  auto sigma = [&](double x) { return tanh_act ? std::tanh(x) : 0.2 * x + 0.8 * (std::log1p(std::exp(x)) - std::log(2.0)); };
  auto dmin = [&](double a) {  // min of sigma' on [-a, a]
    return tanh_act ? 1 - std::tanh(a) * std::tanh(a) : 0.2 + 0.8 / (1 + std::exp(a));
  };
  const double Kp = 2 * delta + delta / 2;
  const double a1 = M * delta * d + delta;
  const double a2 = std::max(sigma(a1), std::fabs(sigma(-a1))) * Kp * m1 + delta;
  const double c1 = dmin(a1), c2 = dmin(a2);
  const double need = 4 * S / ((delta * delta / 4) * 4 * alpha * std::pow(delta / 2, 2) *
                               std::pow(double(m2) * c2 * c1, 2) * double(m1));
  return 1.05 * (delta / 2 + std::sqrt(need));
}

// The start's ranges, exactly: W1 = 0, hidden weights in [delta, 2 delta], last layer in
// [A, 1.5 A], every bias 0 (however many layers; `net.arch` is not read).
inline void check_theorem41_start(const Network& net, double delta, double A) {
  const std::size_t L = net.weights.size();
  REQUIRE(L >= 2);
  CHECK((net.weights[0].array() == 0).all());
  for (std::size_t l = 1; l + 1 < L; ++l) {
    CAPTURE(l);
    CHECK(net.weights[l].minCoeff() >= delta);
    CHECK(net.weights[l].maxCoeff() <= 2 * delta);
  }
  CHECK(net.weights[L - 1].minCoeff() >= A);
  CHECK(net.weights[L - 1].maxCoeff() <= 1.5 * A);
  for (const Eigen::VectorXd& b : net.biases) CHECK((b.array() == 0).all());
}

}  // namespace gdcert::test
