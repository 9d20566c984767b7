// Evaluation of a feed-forward network (model/network.hpp) on its whole data set, generic over
// the scalar type: double (float estimates, sampling), Interval and MpInterval (enclosures).
//
//   NetworkEvaluator<Interval> ev(net, data);
//   ev.evaluate();                      // at the network's own weights w0 (exact doubles)
//   ev.outputs()[i];                    // encloses f(x_i, w0)
//   std::vector<Interval> K = ev.kernel();      // n x n, encloses J J^T, without forming J
//   ev.evaluate(w);                     // at any flattened double point w (exact as given)
//   std::vector<Interval> g = ev.loss_gradient();   // encloses J^T (F - y)
//
// Conventions (as network.hpp): layers l = 1..L, d_0 = d, d_L = 1; scale_l = 1/sqrt(d_{l-1})
// for the ntk parametrisation and 1 for standard;
//   g_l = scale_l f_{l-1} W_l^T + b_l   (n x d_l, row-major; f_0 = X),
//   f_l = sigma(g_l) for l < L,  F = g_L (n x 1).
//   delta_l = d F_i / d g_l (n x d_l): delta_L = 1, delta_{l-1} = sigma'(g_{l-1}) ⊙ (scale_l delta_l W_l).
//   d F_i / d W_l[j, k] = scale_l delta_l[i, j] f_{l-1}[i, k],  d F_i / d b_l[j] = delta_l[i, j].
//   K = J J^T = sum_l scale_l^2 (Delta_l Delta_l^T) ⊙ (F_{l-1} F_{l-1}^T) [+ Delta_l Delta_l^T with
//   biases], O(n^2 sum_l d_l) after the O(n sum_l d_{l-1} d_l) passes, never n x p.
//
// Rigour: for Interval and MpInterval every returned entry contains the exact value for the
// exact data (the Dataset's enclosures; MpInterval re-encloses the data's decimal texts at the
// current precision when they are there) and the exact double weights. The activations are
// entire functions, so every evaluation is defined. Interval products above a small size use
// midpoint-radius GEMMs with rigorous rounding-error bounds (model/interval_products.hpp):
// slightly wider than interval loops, much faster. MpInterval uses the precision in force
// (PrecisionScope) when the evaluator is constructed and evaluated. For double and Interval the
// element-wise work and the products' error bounds run on model/parallel.hpp's threads (the
// results do not depend on their number); MpInterval stays in the calling thread. This is the one network
// evaluator of gdcert: `nn check`'s centre and bound/network_ball_bounds both run on it.
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <vector>

#include "arith/scalar_traits.hpp"
#include "expr/program.hpp"
#include "model/network.hpp"

namespace gdcert {

// sigma, sigma' and sigma'' at x (closed forms, e.g. tanh'' = -2 tanh (1 - tanh^2), evaluated
// in T; for interval types intersected with the function's global range, which only tightens).
// `slope` is the smooth_leaky_relu parameter a (ignored otherwise). With with_second = false,
// `second` is left at 0 (saves the work when only sigma and sigma' are needed). The one
// implementation of the activations: the evaluator's passes, the ball bounds' range suprema
// (bound/network_activation.hpp) and the tests all use it.
template <class T>
struct ActivationValues {
  T value, first, second;
};
template <class T>
ActivationValues<T> activation_values(Activation a, const T& x, const T& slope, bool with_second = true);
// Global bounds, proved in network_eval.cpp: upper bounds of sup |sigma'| and sup |sigma''| over
// the reals (rounded up; for smooth_leaky_relu from the enclosure of the exact slope a).
double activation_first_sup(Activation a, const ExactNumber& slope);
double activation_second_sup(Activation a, const ExactNumber& slope);

template <class T>
class NetworkEvaluator {
 public:
  // Keeps references to net and data (they must outlive the evaluator). Throws
  // std::invalid_argument when shapes disagree (Network::check_shapes, data.d vs layers[0]).
  NetworkEvaluator(const Network& net, const Dataset& data);
  ~NetworkEvaluator();
  NetworkEvaluator(NetworkEvaluator&&) noexcept;
  NetworkEvaluator& operator=(NetworkEvaluator&&) noexcept;

  void evaluate();                           // at net's own weights
  void evaluate(std::span<const double> w);  // at a flattened point (size p), exact doubles

  std::size_t n() const;       // samples
  std::size_t p() const;       // parameters
  std::size_t depth() const;   // L
  std::size_t width(std::size_t l) const;  // d_l

  // Valid after evaluate():
  const std::vector<T>& outputs() const;             // F_i = f(x_i, w), size n
  std::vector<T> residuals() const;                  // F - y
  const std::vector<T>& targets() const;             // y in T
  std::span<const T> pre_activation(std::size_t l) const;  // g_l, l = 1..L, n x d_l
  std::span<const T> activation(std::size_t l) const;      // f_l, l = 0..L-1 (f_0 = X), n x d_l
  std::span<const T> activation_derivative(std::size_t l) const;  // sigma'(g_l), l = 1..L-1
  std::span<const T> delta(std::size_t l) const;           // d F / d g_l, l = 1..L, n x d_l
  // v_l = scale_{l+1} delta_{l+1} W_{l+1} (the backpropagated vector before sigma'), so that
  // delta_l = sigma'(g_l) ⊙ v_l; l = 1..L-1, n x d_l.
  std::span<const T> backprop(std::size_t l) const;
  const T& scale(std::size_t l) const;                     // scale_l
  const std::vector<double>& point() const;                // the flattened w evaluated at

  std::vector<T> kernel() const;                               // K = J J^T, n x n row-major
  std::vector<T> jacobian_transpose_times(std::span<const T> v) const;  // J^T v, size p
  std::vector<T> loss_gradient() const;                        // J^T (F - y) = grad of 1/2 |F - y|^2
  std::vector<T> jacobian_row(std::size_t i) const;            // grad_w F_i, size p
  std::vector<T> jacobian() const;                             // n x p row-major (small p only)

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

extern template class NetworkEvaluator<double>;
extern template class NetworkEvaluator<Interval>;
extern template class NetworkEvaluator<MpInterval>;

// The network written out as a residual system r_i(w) = f(x_i, w) - y_i over the variables
// w (flattened order; names "W1_0_0" (layer 1, row 0, column 0), "b1_0", ...), with the data as
// constants (the decimal texts when the data came from text, else the exact doubles in hex).
// For tests against the expression engine and for small networks only (the program has
// O(n p) nodes). Objective::from_residual_program(network_residual_program(...), c) gives the
// objective c |F - y|^2.
Program network_residual_program(const Network& net, const Dataset& data);
std::vector<std::string> network_variable_names(const NetworkArchitecture& arch);

}  // namespace gdcert
