#include "api/sweep.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "api/exact_json.hpp"

namespace gdcert::api {
namespace {

using json = nlohmann::json;
namespace fs = std::filesystem;

constexpr std::size_t kMaxPoints = 10'000'000;  // a sweep larger than this is a typo

std::string read_text(const std::string& path, const std::string& what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::invalid_argument("cannot read " + what + " '" + path + "'");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// An axis's values: a non-empty array, or {"from": a, "to": b, "step": s} over integers.
std::vector<json> axis_values(const std::string& name, const json& spec) {
  std::vector<json> out;
  if (spec.is_array()) {
    for (const auto& v : spec) out.push_back(v);
  } else if (spec.is_object() && spec.contains("from") && spec.contains("to")) {
    if (!spec["from"].is_number_integer() || !spec["to"].is_number_integer() ||
        (spec.contains("step") && !spec["step"].is_number_integer()))
      throw std::invalid_argument("axis '" + name + "': from, to and step must be integers");
    long long a = spec["from"], b = spec["to"], s = spec.value("step", 1LL);
    if (s <= 0) throw std::invalid_argument("axis '" + name + "': step must be positive");
    if (b < a) throw std::invalid_argument("axis '" + name + "': to < from (an empty range)");
    if ((b - a) / s >= static_cast<long long>(kMaxPoints))
      throw std::invalid_argument("axis '" + name + "': more than 10^7 values");
    for (long long v = a; v <= b; v += s) out.push_back(v);
  } else {
    throw std::invalid_argument("axis '" + name + "' must be a list of values or {\"from\": a, \"to\": b}");
  }
  if (out.empty()) throw std::invalid_argument("axis '" + name + "' has no values (an empty product)");
  return out;
}

// One factor of the product: a single axis, or several zipped axes of equal length.
struct Factor {
  std::vector<std::string> names;
  std::vector<std::vector<json>> rows;  // rows[i][k]: value of names[k] at position i
};

std::size_t hidden_width(const json& problem) {
  const json& layers = problem.at("layers");
  if (layers.size() < 3) throw std::invalid_argument("the base network has no hidden layer to set a width or depth on");
  return layers[1].get<std::size_t>();
}

json& require(json& problem, const char* field, const std::string& axis) {
  if (!problem.contains(field) || !problem[field].is_object())
    throw std::invalid_argument("axis '" + axis + "' needs an object '" + field + "' in the base problem");
  return problem[field];
}

}  // namespace

std::string fnv1a_hex(const std::string& bytes) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : bytes) h = (h ^ c) * 1099511628211ULL;
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

void apply_axis(json& problem, const std::string& kind, const std::string& axis, const json& value) {
  if (!axis.empty() && axis[0] == '/') {
    try {
      problem[json::json_pointer(axis)] = value;
    } catch (const json::exception& e) {
      throw std::invalid_argument("axis '" + axis + "': " + e.what());
    }
    return;
  }
  const bool nn = kind == "nn";
  auto nn_only = [&] {
    if (!nn) throw std::invalid_argument("axis '" + axis + "' applies to network model files only");
  };
  if (axis == "width") {
    nn_only();
    if (!value.is_number_integer() || value.get<long long>() < 1)
      throw std::invalid_argument("axis 'width': widths are positive integers");
    hidden_width(problem);
    json& layers = problem["layers"];
    for (std::size_t l = 1; l + 1 < layers.size(); ++l) layers[l] = value;
  } else if (axis == "depth") {
    nn_only();
    if (!value.is_number_integer() || value.get<long long>() < 1 || value.get<long long>() > 64)
      throw std::invalid_argument("axis 'depth': the number of hidden layers is an integer in [1, 64]");
    const std::size_t w = hidden_width(problem);
    json layers = json::array({problem["layers"][0]});
    for (long long l = 0; l < value.get<long long>(); ++l) layers.push_back(w);
    layers.push_back(1);
    problem["layers"] = layers;
  } else if (axis == "seed") {
    nn_only();
    require(problem, "init", axis)["seed"] = value;
    if (problem.contains("data") && problem["data"].is_object() && problem["data"].contains("synthetic") &&
        problem["data"]["synthetic"].is_object())
      problem["data"]["synthetic"]["seed"] = value;
  } else if (axis == "scheme" || axis == "c" || axis == "A" || axis == "delta") {
    nn_only();
    require(problem, "init", axis)[axis] = value;
  } else if (axis == "activation" || axis == "slope" || axis == "bias" || axis == "parametrization" ||
             axis == "data") {
    nn_only();
    problem[axis] = value;
  } else if (axis == "radius" || axis == "criterion" || axis == "precision" || axis == "budget") {
    problem[axis] = value;
  } else if (axis == "center" || axis == "expr" || axis == "residuals") {
    if (nn) throw std::invalid_argument("axis '" + axis + "' applies to check problem files only");
    problem[axis] = value;
  } else {
    throw std::invalid_argument("unknown axis '" + axis +
                                "' (width, depth, seed, scheme, c, A, delta, activation, slope, bias, parametrization, "
                                "data, radius, criterion, precision, budget, center, expr, residuals, or a /json/pointer)");
  }
}

Sweep parse_sweep(const std::string& text, const std::string& path) {
  Sweep sweep;
  sweep.path = path;
  const json s = parse_json_exact(text);
  if (!s.is_object()) throw std::invalid_argument("a sweep file is a JSON object");
  for (const auto& [k, v] : s.items())
    if (k != "base" && k != "problems" && k != "axes" && k != "zip" && k != "set" && k != "description")
      throw std::invalid_argument("unknown field '" + k + "' (base, problems, axes, zip, set, description)");
  const fs::path dir = fs::path(path).parent_path();
  std::string hashed = text;

  // The base problems.
  std::vector<std::string> bases;
  if (s.contains("base") == s.contains("problems"))
    throw std::invalid_argument("a sweep names either \"base\" (one problem file) or \"problems\" (a list)");
  if (s.contains("base")) {
    if (!s["base"].is_string()) throw std::invalid_argument("\"base\" must be a file name");
    bases.push_back(s["base"]);
  } else {
    if (!s["problems"].is_array() || s["problems"].empty())
      throw std::invalid_argument("\"problems\" must be a non-empty list of file names");
    for (const auto& p : s["problems"]) {
      if (!p.is_string()) throw std::invalid_argument("\"problems\" must be a list of file names");
      bases.push_back(p);
    }
  }
  struct Base {
    std::string file;
    json problem;
    std::string dir, kind;
  };
  std::vector<Base> base_problems;
  for (const auto& b : bases) {
    const fs::path file = dir / b;
    const std::string body = read_text(file.string(), "base problem");
    hashed += '\0' + body;
    json problem;
    try {
      problem = parse_json_exact(body);
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument("base problem '" + file.string() + "': " + e.what());
    }
    if (!problem.is_object()) throw std::invalid_argument("base problem '" + file.string() + "' is not a JSON object");
    base_problems.push_back(Base{b, problem, file.parent_path().string(), problem.contains("layers") ? "nn" : "check"});
  }

  // The factors of the product: explicit problems, each axis, each zip group.
  std::vector<Factor> factors;
  if (base_problems.size() > 1) {
    Factor f{{"problem"}, {}};
    for (const auto& b : base_problems) f.rows.push_back({json(b.file)});
    factors.push_back(f);
  }
  if (s.contains("axes")) {
    if (!s["axes"].is_object()) throw std::invalid_argument("\"axes\" must be an object {\"name\": [values], ...}");
    for (const auto& [name, spec] : s["axes"].items()) {
      Factor f{{name}, {}};
      for (auto& v : axis_values(name, spec)) f.rows.push_back({v});
      factors.push_back(f);
    }
  }
  if (s.contains("zip")) {
    if (!s["zip"].is_array()) throw std::invalid_argument("\"zip\" must be a list of objects of equal-length axes");
    for (const auto& group : s["zip"]) {
      if (!group.is_object() || group.empty())
        throw std::invalid_argument("each \"zip\" entry is a non-empty object of axes");
      Factor f;
      std::vector<std::vector<json>> cols;
      for (const auto& [name, spec] : group.items()) {
        f.names.push_back(name);
        cols.push_back(axis_values(name, spec));
        if (cols.back().size() != cols.front().size())
          throw std::invalid_argument("zipped axes '" + f.names.front() + "' and '" + name + "' differ in length (" +
                                      std::to_string(cols.front().size()) + " vs " +
                                      std::to_string(cols.back().size()) + ")");
      }
      for (std::size_t i = 0; i < cols.front().size(); ++i) {
        std::vector<json> row;
        for (const auto& c : cols) row.push_back(c[i]);
        f.rows.push_back(row);
      }
      factors.push_back(f);
    }
  }
  for (const auto& f : factors)
    for (const auto& n : f.names) {
      for (const auto& a : sweep.axes)
        if (a == n) throw std::invalid_argument("axis '" + n + "' appears twice");
      sweep.axes.push_back(n);
    }
  std::size_t total = 1;
  for (const auto& f : factors) {
    if (total > kMaxPoints / f.rows.size()) throw std::invalid_argument("the sweep has more than 10^7 checks");
    total *= f.rows.size();
  }
  const json set = s.value("set", json::object());
  if (!set.is_object()) throw std::invalid_argument("\"set\" must be an object of fields");

  // Expand: the last factor varies fastest.
  sweep.points.reserve(total);
  std::vector<std::size_t> index(factors.size(), 0);
  for (std::size_t n = 0; n < total; ++n) {
    std::size_t rest = n;
    for (std::size_t f = factors.size(); f-- > 0;) {
      index[f] = rest % factors[f].rows.size();
      rest /= factors[f].rows.size();
    }
    SweepPoint pt;
    pt.coords = json::object();
    const Base* base = &base_problems.front();
    for (std::size_t f = 0; f < factors.size(); ++f)
      for (std::size_t k = 0; k < factors[f].names.size(); ++k) {
        const json& v = factors[f].rows[index[f]][k];
        pt.coords[factors[f].names[k]] = v;
        if (factors[f].names[k] == "problem")
          for (const auto& b : base_problems)
            if (b.file == v.get<std::string>()) base = &b;
      }
    pt.problem = base->problem;
    pt.base_dir = base->dir;
    pt.kind = base->kind;
    for (const auto& [k, v] : set.items()) apply_axis(pt.problem, pt.kind, k, v);
    // depth before width, so that a width applies to every hidden layer the depth made.
    if (pt.coords.contains("depth")) apply_axis(pt.problem, pt.kind, "depth", pt.coords["depth"]);
    for (const auto& [k, v] : pt.coords.items())
      if (k != "problem" && k != "depth") apply_axis(pt.problem, pt.kind, k, v);
    pt.key = pt.coords.dump();
    sweep.points.push_back(std::move(pt));
  }
  sweep.hash = fnv1a_hex(hashed);
  return sweep;
}

Sweep read_sweep(const std::string& path) {
  try {
    return parse_sweep(read_text(path, "sweep file"), path);
  } catch (const std::invalid_argument& e) {
    const std::string m = e.what();
    if (m.rfind("cannot read sweep file", 0) == 0) throw;
    throw std::invalid_argument("sweep file '" + path + "': " + m);
  }
}

}  // namespace gdcert::api
