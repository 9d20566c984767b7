// NetworkBallBounds: rigorous bounds of a feed-forward network's residual system over a ball
// B(w0, r) of raw weights, without forming anything p x p or n x p.
//
//   NetworkBallBounds b(net, data, Interval(1.0) / Interval(n), 0);  // scale c = 1/n, double intervals
//   const CentreBounds& c = b.centre();                   // r(w0), K(w0), verified lambda_min
//   BallConstants k = b.over_ball(parse_number("3.5"));   // sigma_min_lower, hess_max, L_F, ...
//   k.sigma_method   // "per-neuron perturbation" or "first-layer (Chatterjee 7.4)"
//   PointBounds q = b.at_point(w);                        // |r(w)|^2, |J^T r|^2, Rayleigh
//   b.details();                                          // k, per-sample bounds of the last over_ball
//
// The network is evaluated by the model's NetworkEvaluator (model/network_eval.hpp): forward
// and backward passes and K = J J^T by the Hadamard formula, never J. The derivation of every
// bound is at the top of network_ball_bounds.cpp. over_ball propagates the samples in parallel
// (model/parallel.hpp; GDCERT_THREADS), reducing in sample order, so its numbers do not depend on
// the thread count.
//
// Precision. 0: the passes and K (centre and at_point) in outward-rounded double intervals
// (midpoint-radius products), precision() == 53. B > 0: the passes and K in B-bit MPFI
// intervals (the data's decimal texts re-enclosed at B bits), precision() == B; their results
// are then rounded outward to double intervals, because the seam's CentreBounds and PointBounds
// hold double intervals. Whatever the precision, the verified lambda_min (Rump's Cholesky), the
// layer-by-layer norm propagation of over_ball (linear forms in the layer radii, directed-rounded
// doubles) and the first-layer box pass run in outward-rounded doubles: they are rigorous upper /
// lower bounds whose tightness does not depend on B.
#pragma once

#include <Eigen/Core>
#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "arith/interval.hpp"
#include "bound/ball_bounds.hpp"
#include "bound/interval_matrix.hpp"
#include "model/network.hpp"

namespace gdcert {

class ActivationBounds;

// Details of the last over_ball call, for reports and tests.
struct NetworkBallDetails {
  double radius = 0;
  double sigma0_lower = 0;               // sigma_min(J(w0)) >= this
  double k_perturbation = INFINITY;      // ||J(w) - J(w0)||_2 <= k r on the ball: the smaller of
  double k_frobenius = INFINITY;         //   ||J(w) - J(w0)||_F <= k_frobenius r (any depth) and
  double k_two_layer_spectral = INFINITY;  // two_layer_spectral.hpp's bound (two layers only)
  double sigma_perturbation = 0;         // sigma0 - k r (clamped at 0)
  double lambda_first_layer = 0;         // Chatterjee 7.4: inf_B lambda_min(K) >= this
  bool first_layer_applicable = false;   // d >= n and lambda_min(X X^T) proved positive
  std::vector<double> k_per_sample;      // per-sample ||J_i(w) - J_i(w0)|| / r bounds
  std::vector<double> hess_per_sample;   // sup_B ||Hess f(x_i, .)||_2
};

class NetworkBallBounds : public ResidualBallBounds {
 public:
  // Copies net and data. Throws std::invalid_argument when their shapes disagree (as
  // NetworkEvaluator does). precision: 0 = double intervals, else MPFR bits (see above).
  NetworkBallBounds(const Network& net, const Dataset& data, Interval scale, unsigned precision);
  ~NetworkBallBounds() override;
  NetworkBallBounds(const NetworkBallBounds&) = delete;  // the evaluator refers to net_ and data_
  NetworkBallBounds& operator=(const NetworkBallBounds&) = delete;

  std::size_t num_parameters() const override { return p_; }
  std::size_t num_residuals() const override { return data_.n; }
  Interval scale() const override { return scale_; }
  std::vector<double> centre_point() const override { return w0_; }
  const CentreBounds& centre() override;
  BallConstants over_ball(const ExactNumber& radius) override;
  PointBounds at_point(std::span<const double> w) override;
  bool point_in_ball(std::span<const double> w, const ExactNumber& radius) const override;
  // Bits of the arithmetic of the network evaluation (passes and K): 53 for double intervals
  // (precision 0), else B. The propagation and the eigenvalue verification are always in
  // outward-rounded doubles (see the top of this file).
  unsigned precision() const override { return precision_ == 0 ? 53 : precision_; }

  const NetworkBallDetails& details() const { return details_; }

 private:
  struct Values;  // the centre's passes as double-interval views (network_ball_bounds.cpp)
  Network net_;
  Dataset data_;
  Interval scale_;
  unsigned precision_;
  std::size_t p_;
  std::vector<double> w0_;
  std::unique_ptr<Values> values_;
  std::optional<CentreBounds> centre_;
  std::vector<double> w_norm_, s_upper_;            // ||W_l||_2, s_l upper (index l)
  std::vector<Interval> s_;                          // s_l enclosed (index l)
  std::vector<std::vector<double>> row_norm_;       // |W_l[j, :]|_2 upper
  std::optional<double> lambda_x_;                  // lambda_min of the first-layer input Gram
  std::optional<double> data_norm2_;                // ||X~||_2 upper, X~ = [s_1 X, 1]
  NetworkBallDetails details_;
  const Values& centre_values();
  void prepare_weights();
  double input_gram_lambda();
  double data_norm2();
  double two_layer_k(const std::vector<std::vector<std::vector<Interval>>>& ranges, const ActivationBounds& act);
};

}  // namespace gdcert
