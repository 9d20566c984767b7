// Network: a fully connected feed-forward network with its data, as `gdcert nn check` certifies it.
//
//   Network net;
//   net.arch = {{10, 4096, 1}, Activation::Tanh, parse_number("0"), false, Parametrization::Ntk};
//   net.weights = {W1 /* 4096 x 10 */, W2 /* 1 x 4096 */};   // exact doubles, torch.nn.Linear layout
//   Dataset data = ...;                                      // n samples: inputs n x d, targets n
//   net.num_parameters() == 4096 * 10 + 4096;
//
// Layers l = 1..L with widths d_0 = d (inputs), d_1, ..., d_L = 1. Pre-activations
//   standard: g_l = W_l f_{l-1} + b_l          ntk: g_l = W_l f_{l-1} / sqrt(d_{l-1}) + b_l
// with f_0 = x, f_l = sigma(g_l) for l < L, and the output f(x, w) = g_L (the last layer is linear).
// The ball B(w0, r) is over the raw parameters w = (W_1, b_1, W_2, b_2, ...), flattened in that
// order, each W_l row-major (see `parameter_offset`). Chatterjee's loss is
// S(w) = (1/n) sum_i (y_i - f(x_i, w))^2, i.e. f = c |r|^2 with r_i = f(x_i, w) - y_i, c = 1/n;
// PL*'s is L = 1/2 |F(w) - y|^2, F_i = f(x_i, w).
//
// Weights are doubles and mean exactly the double they hold (read from float64/float32 NPY files or
// drawn by gdcert's generator); data may come from decimal text (CSV), so inputs and targets are
// intervals that contain the exact numbers written.
#pragma once

#include <Eigen/Core>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "arith/exact_number.hpp"
#include "arith/interval.hpp"

namespace gdcert {

enum class Activation { Tanh, Sigmoid, Softplus, SmoothLeakyRelu, Silu, Identity };
enum class Parametrization { Standard, Ntk };

struct NetworkArchitecture {
  std::vector<std::size_t> layers;  // d_0 = input dimension, ..., d_L = 1
  Activation activation = Activation::Tanh;
  ExactNumber slope;                // smooth_leaky_relu: a in a x + (1 - a) (log(1 + e^x) - log 2)
  bool bias = false;
  Parametrization parametrization = Parametrization::Standard;
  std::size_t depth() const { return layers.empty() ? 0 : layers.size() - 1; }  // L
};

struct Network {
  NetworkArchitecture arch;
  std::vector<Eigen::MatrixXd> weights;  // W_l: d_l x d_{l-1}
  std::vector<Eigen::VectorXd> biases;   // b_l: d_l (empty when arch.bias is false)

  std::size_t num_parameters() const;
  // Offset of W_l (l = 1..L, 1-based as in the formulas) in the flattened parameter vector; the
  // bias b_l follows W_l directly when present.
  std::size_t parameter_offset(std::size_t l) const;
  std::vector<double> flatten() const;
  // The inverse of flatten: weights (and biases) from w (size num_parameters(), else
  // std::invalid_argument), shapes from arch.layers.
  void unflatten(std::span<const double> w);
  static Network from_flat(const NetworkArchitecture& arch, std::span<const double> w);
  // std::invalid_argument naming the first weight or bias whose shape disagrees with arch.layers.
  void check_shapes() const;
};

struct Dataset {
  std::size_t n = 0, d = 0;
  std::vector<Interval> inputs;   // n x d, row-major: sample i is inputs[i * d .. i * d + d)
  std::vector<Interval> targets;  // n
  bool exact = true;              // every entry a point interval (NPY data)
  // The decimal text of each entry when the data came from text (CSV), so that a higher
  // precision encloses the same exact numbers again; empty otherwise (entries are exact doubles).
  std::vector<std::string> input_texts, target_texts;
  const Interval& x(std::size_t i, std::size_t j) const { return inputs[i * d + j]; }
};

const char* to_string(Activation a);
const char* to_string(Parametrization p);
// "tanh", "sigmoid", "softplus", "smooth_leaky_relu", "silu", "identity"; nullopt otherwise.
std::optional<Activation> activation_from_string(std::string_view name);
std::optional<Parametrization> parametrization_from_string(std::string_view name);  // "ntk", "standard"

}  // namespace gdcert
