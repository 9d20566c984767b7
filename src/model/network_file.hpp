// The model file of `gdcert nn check` (design.md section 4): a network, its data, and its
// starting weights (files or a documented random initialisation).
//
//   NetworkProblem pr = load_network_problem("examples/nn/tiny.json");
//   pr.network.num_parameters(); pr.data.n; pr.radius_text == "auto"
//
// Fields ('*' required):
//   "layers"*: [d, m_1, ..., 1]            positive integers, at least two, last one 1, at most
//                                          10^8 parameters
//   "activation": "tanh" (default) | "sigmoid" | "softplus" | "smooth_leaky_relu" | "silu" | "identity"
//   "slope": a number                     smooth_leaky_relu only: a in a x + (1-a)(log(1+e^x) - log 2) (default 0.01)
//   "bias": false (default) | true
//   "parametrization": "standard" (default) | "ntk"
//   "data"*: {"inputs": "X.csv", "targets": "y.csv"}   CSV or NPY (model/csv_data.hpp), or
//            {"synthetic": {"n", "d", "seed", "inputs", "targets"}} (model/network_init.hpp)
//   "weights": ["W1.npy", ...] (+ "biases": ["b1.npy", ...] when "bias" is true)
//     or "init"*: {"scheme": "lecun" | "he" | "xavier" | "ntk" | "chatterjee41", "seed": 1, constants}
//   "radius": a positive number (as text, exact) | "auto" (default "auto")
//   "criterion": "chatterjee" (default) | "plstar" | "all"
//   "name", "description", "comment": free text, ignored
// Paths are relative to the model file's directory. Unknown fields are refused (a typo must not
// silently drop a setting). Every problem is a ModelFileError (std::invalid_argument) whose
// message names the field and the problem; nothing is half-loaded.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>

#include "model/network.hpp"
#include "model/network_init.hpp"

namespace gdcert {

struct ModelFileError : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

struct NetworkProblem {
  Network network;
  Dataset data;
  std::string radius_text = "auto";    // a checked positive number, or "auto"
  std::string criterion = "chatterjee";
  std::string source;                  // the model file's path
  std::optional<InitSpec> init;        // when the weights were drawn
  std::string weights_origin;          // "files W1.npy, W2.npy" or "init lecun seed 1"
  std::string data_origin;             // "X.csv, y.csv" or "synthetic n=4 d=10 seed=1 ..."
};

// Reads and validates the whole problem (data and weight files included).
// `stop` bounds the time of drawn weights and data (DrawStopped, model/network_init.hpp).
NetworkProblem load_network_problem(const std::string& path, const StopFn& stop = {});
// The same from JSON text; relative paths are resolved against base_dir.
NetworkProblem parse_network_problem(const std::string& json_text, const std::string& base_dir,
                                     const std::string& source, const StopFn& stop = {});

// Maximal nesting depth of arrays and objects accepted in a model file.
inline constexpr std::size_t kMaxModelJsonDepth = 64;  // = kMaxJsonDepth of expr/json_depth.hpp

}  // namespace gdcert
