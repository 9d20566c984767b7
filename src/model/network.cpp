#include "model/network.hpp"

#include <stdexcept>
#include <string>

namespace gdcert {

std::size_t Network::num_parameters() const {
  std::size_t p = 0;
  for (std::size_t l = 1; l < arch.layers.size(); ++l) {
    p += arch.layers[l] * arch.layers[l - 1];
    if (arch.bias) p += arch.layers[l];
  }
  return p;
}

std::size_t Network::parameter_offset(std::size_t l) const {
  if (l == 0 || l > arch.depth()) throw std::out_of_range("parameter_offset: layer " + std::to_string(l) + " out of range");
  std::size_t off = 0;
  for (std::size_t k = 1; k < l; ++k) {
    off += arch.layers[k] * arch.layers[k - 1];
    if (arch.bias) off += arch.layers[k];
  }
  return off;
}

std::vector<double> Network::flatten() const {
  std::vector<double> w;
  w.reserve(num_parameters());
  for (std::size_t l = 1; l <= arch.depth(); ++l) {
    const Eigen::MatrixXd& W = weights.at(l - 1);
    for (Eigen::Index j = 0; j < W.rows(); ++j)
      for (Eigen::Index k = 0; k < W.cols(); ++k) w.push_back(W(j, k));
    if (arch.bias) {
      const Eigen::VectorXd& b = biases.at(l - 1);
      for (Eigen::Index j = 0; j < b.size(); ++j) w.push_back(b(j));
    }
  }
  return w;
}

void Network::unflatten(std::span<const double> w) {
  if (w.size() != num_parameters())
    throw std::invalid_argument("unflatten: " + std::to_string(w.size()) + " values for " +
                                std::to_string(num_parameters()) + " parameters");
  const std::size_t L = arch.depth();
  weights.assign(L, Eigen::MatrixXd());
  biases.assign(arch.bias ? L : 0, Eigen::VectorXd());
  std::size_t at = 0;
  for (std::size_t l = 1; l <= L; ++l) {
    const auto rows = static_cast<Eigen::Index>(arch.layers[l]);
    const auto cols = static_cast<Eigen::Index>(arch.layers[l - 1]);
    Eigen::MatrixXd& W = weights[l - 1];
    W.resize(rows, cols);
    for (Eigen::Index j = 0; j < rows; ++j)
      for (Eigen::Index k = 0; k < cols; ++k) W(j, k) = w[at++];
    if (arch.bias) {
      Eigen::VectorXd& b = biases[l - 1];
      b.resize(rows);
      for (Eigen::Index j = 0; j < rows; ++j) b(j) = w[at++];
    }
  }
}

Network Network::from_flat(const NetworkArchitecture& arch, std::span<const double> w) {
  Network net;
  net.arch = arch;
  net.unflatten(w);
  return net;
}

void Network::check_shapes() const {
  const std::size_t L = arch.depth();
  if (L == 0) throw std::invalid_argument("network: 'layers' needs at least two entries");
  if (weights.size() != L)
    throw std::invalid_argument("network: " + std::to_string(weights.size()) + " weight matrices for " +
                                std::to_string(L) + " layers");
  if (biases.size() != (arch.bias ? L : 0))
    throw std::invalid_argument("network: " + std::to_string(biases.size()) + " bias vectors, expected " +
                                std::to_string(arch.bias ? L : 0));
  for (std::size_t l = 1; l <= L; ++l) {
    const Eigen::MatrixXd& W = weights[l - 1];
    if (static_cast<std::size_t>(W.rows()) != arch.layers[l] || static_cast<std::size_t>(W.cols()) != arch.layers[l - 1])
      throw std::invalid_argument("network: W" + std::to_string(l) + " has shape (" + std::to_string(W.rows()) + ", " +
                                  std::to_string(W.cols()) + "), layers say (" + std::to_string(arch.layers[l]) +
                                  ", " + std::to_string(arch.layers[l - 1]) + ")");
    if (arch.bias && static_cast<std::size_t>(biases[l - 1].size()) != arch.layers[l])
      throw std::invalid_argument("network: b" + std::to_string(l) + " has " + std::to_string(biases[l - 1].size()) +
                                  " entries, layers say " + std::to_string(arch.layers[l]));
  }
}

const char* to_string(Activation a) {
  switch (a) {
    case Activation::Tanh: return "tanh";
    case Activation::Sigmoid: return "sigmoid";
    case Activation::Softplus: return "softplus";
    case Activation::SmoothLeakyRelu: return "smooth_leaky_relu";
    case Activation::Silu: return "silu";
    case Activation::Identity: return "identity";
  }
  return "?";
}

const char* to_string(Parametrization p) {
  return p == Parametrization::Ntk ? "ntk" : "standard";
}

std::optional<Activation> activation_from_string(std::string_view name) {
  for (Activation a : {Activation::Tanh, Activation::Sigmoid, Activation::Softplus, Activation::SmoothLeakyRelu,
                       Activation::Silu, Activation::Identity})
    if (name == to_string(a)) return a;
  return std::nullopt;
}

std::optional<Parametrization> parametrization_from_string(std::string_view name) {
  if (name == "ntk") return Parametrization::Ntk;
  if (name == "standard") return Parametrization::Standard;
  return std::nullopt;
}

}  // namespace gdcert
