#include "model/pl_system.hpp"

#include <stdexcept>

namespace gdcert {
namespace {

struct MapForms {
  const char* name;
  const char* value;       // phi(z) with z written as {}
  const char* derivative;  // phi'(z)
};

// phi' must be continuous and its formula exact; each is the textbook derivative.
const MapForms kMaps[] = {
    {"tanh", "tanh({})", "1 - tanh({})^2"},
    {"sigmoid", "sigmoid({})", "sigmoid({})*(1 - sigmoid({}))"},
    {"atan", "atan({})", "1/(1 + ({})^2)"},
    {"softplus", "softplus({})", "sigmoid({})"},
};

std::string substitute(const char* pattern, const std::string& z) {
  std::string out, pat(pattern);
  for (std::size_t i = 0; i < pat.size(); ++i) {
    if (pat.compare(i, 2, "{}") == 0) out += "(" + z + ")", ++i;
    else out += pat[i];
  }
  return out;
}

std::string join(const std::vector<std::string>& parts) {
  std::string s;
  for (const auto& p : parts) s += (s.empty() ? "" : "; ") + p;
  return s;
}

}  // namespace

std::vector<std::string> split_system(const std::string& text) {
  std::vector<std::string> out;
  std::string cur;
  int depth = 0;
  for (char ch : text) {
    if (ch == '(') ++depth;
    if (ch == ')') --depth;
    if (ch == ';' && depth == 0) out.push_back(cur), cur.clear();
    else cur += ch;
  }
  out.push_back(cur);
  for (auto& s : out) {
    auto b = s.find_first_not_of(" \t"), e = s.find_last_not_of(" \t");
    s = b == std::string::npos ? "" : s.substr(b, e - b + 1);
  }
  return out;
}

const std::vector<std::string>& output_map_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> v;
    for (const auto& m : kMaps) v.push_back(m.name);
    return v;
  }();
  return names;
}

PlSystem pl_system_from_residuals(const Objective& f) {
  // A weighted form h * (sum of squares) is a system only where h > 0, which nothing here proves
  // on PL*'s balls: it is treated as an expression that is not a system.
  if (!f.has_residual_form() || f.weighted())
    throw std::invalid_argument("PL* needs a system: give --residuals, or --system with --targets");
  return PlSystem{f, std::nullopt};
}

PlSystem pl_system_from_targets(const std::vector<std::string>& system, const std::vector<std::string>& targets,
                                const std::vector<std::string>& vars, const std::string& output_map) {
  if (system.size() != targets.size())
    throw std::invalid_argument("--system has " + std::to_string(system.size()) + " equations but --targets has " +
                                std::to_string(targets.size()) + " values");
  for (std::size_t i = 0; i < system.size(); ++i)
    if (system[i].empty()) throw std::invalid_argument("--system: equation " + std::to_string(i + 1) + " is empty");
  const MapForms* map = nullptr;
  if (!output_map.empty() && output_map != "none" && output_map != "identity") {
    for (const auto& m : kMaps)
      if (output_map == m.name) map = &m;
    if (!map) throw std::invalid_argument("--output-map: unknown map '" + output_map + "' (tanh, sigmoid, atan, softplus)");
  }
  std::vector<std::string> residuals, derivatives;
  for (std::size_t i = 0; i < system.size(); ++i) {
    parse_number(targets[i]);  // exact decimal target (throws NumberError naming the text)
    std::string value = map ? substitute(map->value, system[i]) : "(" + system[i] + ")";
    residuals.push_back(value + " - (" + targets[i] + ")");
    if (map) derivatives.push_back(substitute(map->derivative, system[i]));
  }
  const ExactNumber half = parse_number("0.5");
  PlSystem s{Objective::from_residuals(join(residuals), vars, half), std::nullopt};
  if (map) {
    const auto& v = s.objective.variables();  // the same variable order everywhere
    s.map = OutputMap{map->name, Objective::from_residuals(join(system), v, half),
                      parse_program(join(derivatives), {.variables = v, .allow_multiple_outputs = true})};
  }
  return s;
}

}  // namespace gdcert
