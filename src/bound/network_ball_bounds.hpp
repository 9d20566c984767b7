// NetworkBallBounds: rigorous bounds of a feed-forward network's residual system over a ball
// B(w0, r) of raw weights, without forming anything p x p or n x p.
//
//   NetworkBallBounds b(net, data, Interval(1.0) / Interval(n), 0);  // scale c = 1/n, double intervals
//   const CentreBounds& c = b.centre();                   // r(w0), K(w0), verified lambda_min
//   BallConstants k = b.over_ball(parse_number("3.5"));   // sigma_min_lower, hess_max, L_F, ...
//   k.sigma_method   // "per-neuron perturbation" or "first-layer (Chatterjee 7.4)"
//   PointBounds q = b.at_point(w);                        // |r(w)|^2, |J^T r|^2, Rayleigh
//
// The derivation of every bound is at the top of network_ball_bounds.cpp. Precision 0 evaluates
// the network in double intervals; any other value in MPFR intervals of that many bits (the
// kernel and the norm propagation then run in outward-rounded doubles).
#pragma once

#include <Eigen/Core>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "arith/interval.hpp"
#include "bound/ball_bounds.hpp"
#include "bound/interval_matrix.hpp"
#include "model/network.hpp"

namespace gdcert {

// Per-sample forward/backward values at one weight vector, as enclosures (row-major n x d_l).
// Index l = 0..L for g/f (g[0] unused, f[0] = inputs) and 1..L for v/delta:
//   g_l = s_l W_l f_{l-1} + b_l, f_l = sigma(g_l) (l < L), v_l = s_{l+1} W_{l+1}^T delta_{l+1},
//   delta_l = d f / d g_l = sigma'(g_l) v_l (l < L), delta_L = 1.
// (A private evaluator until model/network_eval lands; then this should delegate to it.)
struct NetworkValues {
  std::size_t n = 0;
  std::vector<std::size_t> width;             // d_0..d_L
  std::vector<std::vector<Interval>> g, f, v, delta;
  std::vector<Interval> output;               // f(x_i, w), n
};

// Weights of a network with the same architecture from a flattened vector (W1 row-major, b1, ...).
Network network_from_flat(const Network& shape, std::span<const double> w);
std::vector<double> network_flatten(const Network& net);
std::size_t network_num_parameters(const NetworkArchitecture& a);
// Layer scale s_l (1 standard, 1/sqrt(d_{l-1}) ntk) as an enclosure.
Interval layer_scale(const NetworkArchitecture& a, std::size_t l);

// Forward and backward pass; precision 0 = double intervals, else MPFR bits.
NetworkValues evaluate_network(const Network& net, const Dataset& data, unsigned precision);
// K = J J^T = sum_l s_l^2 (Delta_l Delta_l^T) o (F_{l-1} F_{l-1}^T) [+ sum_l Delta_l Delta_l^T with
// biases], J never formed.
IntervalMatrix tangent_kernel(const NetworkArchitecture& a, const NetworkValues& v);
// Rigorous upper bound of ||W||_2 (power iteration estimate, proved by Rump's Cholesky + Weyl;
// falls back to the Frobenius norm).
double spectral_norm_upper(const Eigen::MatrixXd& w);

// Details of the last over_ball call, for reports and tests.
struct NetworkBallDetails {
  double radius = 0;
  double sigma0_lower = 0;               // sigma_min(J(w0)) >= this
  double k_perturbation = INFINITY;      // ||J(w) - J(w0)||_F <= k r on the ball
  double sigma_perturbation = 0;         // sigma0 - k r (clamped at 0)
  double lambda_first_layer = 0;         // Chatterjee 7.4: inf_B lambda_min(K) >= this
  bool first_layer_applicable = false;   // d >= n and lambda_min(X X^T) proved positive
  std::vector<double> k_per_sample;      // per-sample ||J_i(w) - J_i(w0)|| / r bounds
  std::vector<double> hess_per_sample;   // sup_B ||Hess f(x_i, .)||_2
};

class NetworkBallBounds : public ResidualBallBounds {
 public:
  NetworkBallBounds(const Network& net, const Dataset& data, Interval scale, unsigned precision);

  std::size_t num_parameters() const override { return p_; }
  std::size_t num_residuals() const override { return data_.n; }
  Interval scale() const override { return scale_; }
  std::vector<double> centre_point() const override { return w0_; }
  const CentreBounds& centre() override;
  BallConstants over_ball(const ExactNumber& radius) override;
  PointBounds at_point(std::span<const double> w) override;
  bool point_in_ball(std::span<const double> w, const ExactNumber& radius) const override;
  unsigned precision() const override { return precision_; }

  const NetworkBallDetails& details() const { return details_; }
  const NetworkValues& centre_values();

 private:
  Network net_;
  Dataset data_;
  Interval scale_;
  unsigned precision_;
  std::size_t p_;
  std::vector<double> w0_;
  std::optional<CentreBounds> centre_;
  std::optional<NetworkValues> values_;
  std::vector<double> w_norm_, s_upper_;            // ||W_l||_2, s_l upper (index l)
  std::vector<std::vector<double>> row_norm_;       // |W_l[j, :]|_2 upper
  std::optional<double> lambda_x_;                  // lambda_min of the first-layer input Gram
  NetworkBallDetails details_;
  void prepare_weights();
  double input_gram_lambda();
};

}  // namespace gdcert
