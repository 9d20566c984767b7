#include "model/network_file.hpp"

#include "expr/json_depth.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "arith/exact_number.hpp"
#include "model/csv_data.hpp"
#include "model/json_exact.hpp"
#include "model/npy.hpp"

namespace gdcert {
namespace {

using json = nlohmann::json;

[[noreturn]] void fail(const std::string& msg) { throw ModelFileError(msg); }

// The shared nesting guard (expr/json_depth.hpp), before parsing: the parser recurses.
void check_depth(const std::string& text, const std::string& source) {
  try {
    check_json_nesting(text, kMaxModelJsonDepth);
  } catch (const std::invalid_argument& e) {
    fail("model file '" + source + "': " + e.what());
  }
}

json parse_exact(const std::string& text, const std::string& source) {
  check_depth(text, source);
  json root;
  try {
    root = parse_json_exact(text);  // numbers kept as their text, so "radius": 0.1 means 1/10
  } catch (const std::invalid_argument& e) {
    fail("model file '" + source + "': " + e.what());
  }
  if (!root.is_object()) fail("model file '" + source + "': expected a JSON object");
  return root;
}

std::string as_string(const json& v, const std::string& field) {
  if (!v.is_string()) fail("field '" + field + "' must be a string");
  return v.get<std::string>();
}

// root[field] as one of the names `parse` accepts; otherwise "field 'F': unknown KIND 'x' (choices)".
template <class Parse>
auto as_choice(const json& root, const std::string& field, Parse parse, const std::string& kind, const std::string& choices) {
  const std::string text = as_string(root[field], field);
  const auto value = parse(text);
  if (!value) fail("field '" + field + "': unknown " + kind + " '" + text + "' (" + choices + ")");
  return *value;
}

std::size_t as_size(const json& v, const std::string& field, std::size_t max) {
  if (!v.is_number_unsigned() && !(v.is_number_integer() && v.get<std::int64_t>() >= 0))
    fail("field '" + field + "' must be a non-negative integer");
  const std::uint64_t x = v.get<std::uint64_t>();
  if (x > max) fail("field '" + field + "' is too large (" + std::to_string(x) + " > " + std::to_string(max) + ")");
  return static_cast<std::size_t>(x);
}

std::uint64_t as_seed(const json& v, const std::string& field) {
  if (!v.is_number_unsigned() && !(v.is_number_integer() && v.get<std::int64_t>() >= 0))
    fail("field '" + field + "' must be a non-negative integer (0 .. 2^64-1)");
  return v.get<std::uint64_t>();
}

ExactNumber as_number(const json& v, const std::string& field) {
  std::string text;
  if (v.is_string()) text = v.get<std::string>();
  else if (v.is_number_integer()) text = v.dump();
  else fail("field '" + field + "' must be a number");
  try {
    ExactNumber num = parse_number(text);
    if (!std::isfinite(num.enclosure.lower()) || !std::isfinite(num.enclosure.upper()))
      fail("field '" + field + "' is out of the double range");
    return num;
  } catch (const NumberError& e) {
    fail("field '" + field + "': '" + text + "' is not a number (" + e.what() + ")");
  }
}

void allow_only(const json& obj, const std::set<std::string>& keys, const std::string& where) {
  for (auto it = obj.begin(); it != obj.end(); ++it)
    if (!keys.count(it.key())) {
      std::string list;
      for (const auto& k : keys) list += (list.empty() ? "" : ", ") + k;
      fail(where + ": unknown field '" + it.key() + "' (known: " + list + ")");
    }
}

std::string resolve(const std::string& base_dir, const std::string& path) {
  if (path.empty()) fail("empty file path");
  std::filesystem::path p(path);
  if (p.is_absolute() || base_dir.empty()) return p.string();
  return (std::filesystem::path(base_dir) / p).string();
}

// Reads an NPY weight file and checks its shape and values.
NpyArray read_weight_file(const std::string& field, const std::string& path, const std::vector<std::size_t>& shape) {
  NpyArray a;
  try {
    a = read_npy(path);
  } catch (const NpyError& e) {
    fail("field '" + field + "': " + e.what());
  }
  auto shape_text = [](const std::vector<std::size_t>& s) {
    std::string t = "(";
    for (std::size_t k = 0; k < s.size(); ++k) t += (k ? ", " : "") + std::to_string(s[k]);
    return t + (s.size() == 1 ? ",)" : ")");
  };
  bool ok = a.shape == shape;
  // A bias may also be given as (d_l, 1) or (1, d_l); a last-layer weight (1, m) also as (m,).
  if (!ok && shape.size() == 1 && a.shape.size() == 2 && ((a.shape[0] == shape[0] && a.shape[1] == 1) || (a.shape[0] == 1 && a.shape[1] == shape[0]))) ok = true;
  if (!ok && shape.size() == 2 && shape[0] == 1 && a.shape.size() == 1 && a.shape[0] == shape[1]) ok = true;
  if (!ok) fail("field '" + field + "': '" + path + "' has shape " + shape_text(a.shape) + ", the layers need " + shape_text(shape));
  for (std::size_t k = 0; k < a.data.size(); ++k)
    if (!std::isfinite(a.data[k])) fail("field '" + field + "': '" + path + "' entry " + std::to_string(k) + " is NaN or infinite");
  return a;
}

}  // namespace

NetworkProblem parse_network_problem(const std::string& text, const std::string& base_dir, const std::string& source,
                                     const StopFn& stop) {
  const json root = parse_exact(text, source);
  allow_only(root, {"layers", "activation", "slope", "bias", "parametrization", "data", "weights", "biases", "init",
                    "radius", "criterion", "name", "description", "comment"},
             "model file '" + source + "'");
  NetworkProblem pr;
  pr.source = source;
  NetworkArchitecture& arch = pr.network.arch;

  // layers
  if (!root.contains("layers")) fail("field 'layers' is missing (e.g. \"layers\": [10, 4096, 1])");
  const json& layers = root["layers"];
  if (!layers.is_array() || layers.size() < 2) fail("field 'layers' must be an array of at least two widths [d, ..., 1]");
  if (layers.size() > 1001) fail("field 'layers': more than 1000 layers");
  constexpr std::size_t kMaxWidth = std::size_t{1} << 28;
  for (std::size_t l = 0; l < layers.size(); ++l) {
    const std::size_t w = as_size(layers[l], "layers[" + std::to_string(l) + "]", kMaxWidth);
    if (w == 0) fail("field 'layers[" + std::to_string(l) + "]' must be positive");
    arch.layers.push_back(w);
  }
  if (arch.layers.back() != 1) fail("field 'layers': the last layer must have width 1 (one output), got " + std::to_string(arch.layers.back()));
  {
    long double params = 0;
    for (std::size_t l = 1; l < arch.layers.size(); ++l) params += static_cast<long double>(arch.layers[l]) * (arch.layers[l - 1] + 1);
    if (params > 1e8L) fail("field 'layers': more than 10^8 parameters (the weights alone would take over 800 MB)");
  }

  // activation, slope, bias, parametrization
  if (root.contains("activation"))
    arch.activation = as_choice(root, "activation", activation_from_string, "activation",
                                "tanh, sigmoid, softplus, smooth_leaky_relu, silu, identity");
  if (root.contains("slope")) {
    if (arch.activation != Activation::SmoothLeakyRelu) fail("field 'slope' applies only to \"activation\": \"smooth_leaky_relu\"");
    arch.slope = as_number(root["slope"], "slope");
  } else {
    arch.slope = parse_number(arch.activation == Activation::SmoothLeakyRelu ? "0.01" : "0");
  }
  if (root.contains("bias")) {
    if (!root["bias"].is_boolean()) fail("field 'bias' must be true or false");
    arch.bias = root["bias"].get<bool>();
  }
  if (root.contains("parametrization"))
    arch.parametrization = as_choice(root, "parametrization", parametrization_from_string, "value", "standard or ntk");

  // radius, criterion
  if (root.contains("radius")) {
    const json& r = root["radius"];
    if (r.is_string() && r.get<std::string>() == "auto") {
      pr.radius_text = "auto";
    } else {
      const ExactNumber num = as_number(r, "radius");
      // The exact value is positive exactly when its enclosure's upper bound is.
      if (num.enclosure.upper() <= 0) fail("field 'radius' must be positive or \"auto\", got " + num.text);
      pr.radius_text = num.text;
    }
  }
  if (root.contains("criterion")) {
    pr.criterion = as_string(root["criterion"], "criterion");
    if (pr.criterion != "chatterjee" && pr.criterion != "plstar" && pr.criterion != "all")
      fail("field 'criterion': unknown criterion '" + pr.criterion + "' (chatterjee, plstar, all)");
  }

  // data
  if (!root.contains("data")) fail("field 'data' is missing ({\"inputs\": \"X.csv\", \"targets\": \"y.csv\"})");
  const json& data = root["data"];
  if (!data.is_object()) fail("field 'data' must be an object");
  if (data.contains("synthetic")) {
    allow_only(data, {"synthetic"}, "field 'data'");
    const json& s = data["synthetic"];
    if (!s.is_object()) fail("field 'data.synthetic' must be an object");
    allow_only(s, {"n", "d", "seed", "inputs", "targets"}, "field 'data.synthetic'");
    SyntheticSpec spec;
    if (!s.contains("n")) fail("field 'data.synthetic.n' is missing");
    spec.n = as_size(s["n"], "data.synthetic.n", std::size_t{1} << 20);
    spec.d = s.contains("d") ? as_size(s["d"], "data.synthetic.d", std::size_t{1} << 24) : arch.layers[0];
    if (s.contains("seed")) spec.seed = as_seed(s["seed"], "data.synthetic.seed");
    if (s.contains("inputs")) spec.inputs = as_string(s["inputs"], "data.synthetic.inputs");
    if (s.contains("targets")) spec.targets = as_string(s["targets"], "data.synthetic.targets");
    try {
      pr.data = synthetic_dataset(spec, stop);
    } catch (const std::invalid_argument& e) {
      fail(e.what());
    }
    pr.data_origin = "synthetic n=" + std::to_string(spec.n) + " d=" + std::to_string(spec.d) + " seed=" + std::to_string(spec.seed) +
                     " inputs=" + spec.inputs + " targets=" + spec.targets;
  } else {
    allow_only(data, {"inputs", "targets"}, "field 'data'");
    if (!data.contains("inputs")) fail("field 'data.inputs' is missing");
    if (!data.contains("targets")) fail("field 'data.targets' is missing");
    const std::string xp = resolve(base_dir, as_string(data["inputs"], "data.inputs"));
    const std::string yp = resolve(base_dir, as_string(data["targets"], "data.targets"));
    NumberTable x, y;
    try {
      x = read_number_table(xp);
    } catch (const std::invalid_argument& e) {
      fail(std::string("field 'data.inputs': ") + e.what());
    }
    try {
      y = read_number_table(yp);
    } catch (const std::invalid_argument& e) {
      fail(std::string("field 'data.targets': ") + e.what());
    }
    try {
      pr.data = make_dataset(x, y, xp, yp);
    } catch (const std::invalid_argument& e) {
      fail(std::string("field 'data': ") + e.what());
    }
    pr.data_origin = xp + ", " + yp;
  }
  if (pr.data.d != arch.layers[0])
    fail("field 'data.inputs': samples have dimension " + std::to_string(pr.data.d) + " but layers[0] is " + std::to_string(arch.layers[0]));

  // weights or init
  const bool has_w = root.contains("weights"), has_init = root.contains("init");
  if (has_w == has_init) fail(has_w ? "fields 'weights' and 'init' exclude each other" : "field 'weights' (NPY files) or 'init' (a scheme) is missing");
  const std::size_t L = arch.depth();
  if (has_w) {
    const json& ws = root["weights"];
    if (!ws.is_array() || ws.size() != L)
      fail("field 'weights' must be an array of " + std::to_string(L) + " NPY paths (one per layer)");
    if (root.contains("biases") != arch.bias)
      fail(arch.bias ? "field 'biases' is missing (\"bias\": true)" : "field 'biases' given but \"bias\" is false");
    if (arch.bias && (!root["biases"].is_array() || root["biases"].size() != L))
      fail("field 'biases' must be an array of " + std::to_string(L) + " NPY paths (one per layer)");
    pr.weights_origin = "files";
    for (std::size_t l = 1; l <= L; ++l) {
      const std::string field = "weights[" + std::to_string(l - 1) + "]";
      const std::string path = resolve(base_dir, as_string(ws[l - 1], field));
      NpyArray a = read_weight_file(field, path, {arch.layers[l], arch.layers[l - 1]});
      Eigen::MatrixXd W(static_cast<Eigen::Index>(arch.layers[l]), static_cast<Eigen::Index>(arch.layers[l - 1]));
      for (Eigen::Index j = 0; j < W.rows(); ++j)
        for (Eigen::Index k = 0; k < W.cols(); ++k) W(j, k) = a.data[static_cast<std::size_t>(j * W.cols() + k)];
      pr.network.weights.push_back(std::move(W));
      pr.weights_origin += " " + path;
      if (arch.bias) {
        const std::string bfield = "biases[" + std::to_string(l - 1) + "]";
        const std::string bpath = resolve(base_dir, as_string(root["biases"][l - 1], bfield));
        NpyArray bv = read_weight_file(bfield, bpath, {arch.layers[l]});
        pr.network.biases.push_back(Eigen::Map<Eigen::VectorXd>(bv.data.data(), static_cast<Eigen::Index>(bv.data.size())));
        pr.weights_origin += " " + bpath;
      }
    }
  } else {
    if (root.contains("biases")) fail("field 'biases' goes with 'weights', not with 'init' (init biases are 0)");
    const json& in = root["init"];
    if (!in.is_object()) fail("field 'init' must be an object {\"scheme\": ..., \"seed\": ...}");
    InitSpec spec;
    if (!in.contains("scheme")) fail("field 'init.scheme' is missing (lecun, he, xavier, ntk, chatterjee41)");
    const std::string scheme = as_string(in["scheme"], "init.scheme");
    auto sc = init_scheme_from_string(scheme);
    if (!sc) fail("field 'init.scheme': unknown scheme '" + scheme + "' (lecun, he, xavier, ntk, chatterjee41)");
    spec.scheme = *sc;
    if (!in.contains("seed")) fail("field 'init.seed' is missing");
    for (auto it = in.begin(); it != in.end(); ++it) {
      if (it.key() == "scheme") continue;
      if (it.key() == "seed") spec.seed = as_seed(it.value(), "init.seed");
      else spec.constants[it.key()] = as_number(it.value(), "init." + it.key());
    }
    try {
      pr.network = initialise_network(arch, spec, stop);
    } catch (const std::invalid_argument& e) {
      fail(std::string("field 'init': ") + e.what());
    }
    pr.init = spec;
    pr.weights_origin = std::string("init ") + to_string(spec.scheme) + " seed " + std::to_string(spec.seed);
  }
  pr.network.check_shapes();
  return pr;
}

NetworkProblem load_network_problem(const std::string& path, const StopFn& stop) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) fail("model file '" + path + "' is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) fail("cannot open model file '" + path + "'");
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) fail("cannot read model file '" + path + "'");
  const std::string base = std::filesystem::path(path).parent_path().string();
  return parse_network_problem(ss.str(), base, path, stop);
}

}  // namespace gdcert
