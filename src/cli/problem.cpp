#include "cli/problem.hpp"

#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

#include "cli/exact_json.hpp"

namespace gdcert {

std::vector<std::string> split_list(const std::string& text, char sep) {
  std::vector<std::string> out;
  std::string item;
  std::stringstream ss(text);
  while (std::getline(ss, item, sep)) {
    auto b = item.find_first_not_of(" \t"), e = item.find_last_not_of(" \t");
    out.push_back(b == std::string::npos ? "" : item.substr(b, e - b + 1));
  }
  if (!text.empty() && text.back() == sep) out.push_back("");
  return out;
}

namespace {

std::vector<std::string> text_list(const nlohmann::json& v, const std::string& field) {
  if (v.is_string()) return split_list(v.get<std::string>());
  if (!v.is_array()) throw std::invalid_argument("field '" + field + "' must be a list");
  std::vector<std::string> out;
  for (const auto& x : v) out.push_back(x.is_string() ? x.get<std::string>() : number_text(x, field));
  return out;
}

}  // namespace

ProblemSpec read_problem_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::invalid_argument("cannot read problem file '" + path + "'");
  std::stringstream buf;
  buf << in.rdbuf();
  nlohmann::json j = parse_json_exact(buf.str());
  if (!j.is_object()) throw std::invalid_argument("problem file '" + path + "' must hold a JSON object");
  static const std::set<std::string> known = {"expr", "residuals", "vars", "center", "radius", "scale",
                                              "criterion", "precision", "budget", "tol", "description"};
  for (auto it = j.begin(); it != j.end(); ++it)
    if (!known.count(it.key())) throw std::invalid_argument("problem file: unknown field '" + it.key() + "'");
  ProblemSpec s;
  auto str = [&](const char* k, std::string& out) {
    if (!j.contains(k)) return;
    if (!j[k].is_string()) throw std::invalid_argument(std::string("field '") + k + "' must be a string");
    out = j[k].get<std::string>();
  };
  str("expr", s.expr);
  str("residuals", s.residuals);
  str("criterion", s.criterion);
  if (j.contains("vars")) s.vars = text_list(j["vars"], "vars");
  if (j.contains("center")) s.center = text_list(j["center"], "center");
  if (j.contains("radius")) s.radius = number_text(j["radius"], "radius");
  if (j.contains("scale")) s.scale = number_text(j["scale"], "scale");
  if (j.contains("tol")) s.tol = number_text(j["tol"], "tol");
  if (j.contains("budget")) s.budget = j["budget"].is_string() ? j["budget"].get<std::string>() : j["budget"].dump();
  if (j.contains("precision")) {
    if (!j["precision"].is_number_integer()) throw std::invalid_argument("field 'precision' must be an integer");
    s.precision = j["precision"].get<unsigned>();
  }
  return s;
}

ResolvedProblem resolve(const ProblemSpec& spec) {
  if (spec.expr.empty() == spec.residuals.empty())
    throw std::invalid_argument("give exactly one of --expr and --residuals");
  ExactNumber scale = parse_number(spec.scale);
  Objective f = spec.expr.empty() ? Objective::from_residuals(spec.residuals, spec.vars, scale)
                                  : Objective::from_expression(spec.expr, spec.vars);
  if (!spec.expr.empty() && spec.scale != "1")
    throw std::invalid_argument("--scale applies to --residuals only");
  ResolvedProblem out{std::move(f), {}, std::nullopt};
  if (spec.center.size() != out.objective.dimension())
    throw std::invalid_argument("--center has " + std::to_string(spec.center.size()) + " coordinates but f has " +
                                std::to_string(out.objective.dimension()) + " variables (" +
                                [&] {
                                  std::string s;
                                  for (const auto& v : out.objective.variables()) s += (s.empty() ? "" : ", ") + v;
                                  return s;
                                }() + ")");
  for (std::size_t i = 0; i < spec.center.size(); ++i) {
    try {
      out.center.push_back(parse_number(spec.center[i]));
    } catch (const NumberError& e) {
      throw std::invalid_argument("--center coordinate " + std::to_string(i + 1) + ": " + e.what());
    }
  }
  if (spec.radius.empty()) throw std::invalid_argument("--radius is required (a positive number or auto)");
  if (spec.radius != "auto") {
    try {
      out.radius = parse_number(spec.radius);
    } catch (const NumberError& e) {
      throw std::invalid_argument(std::string("--radius: ") + e.what());
    }
    if (!(out.radius->enclosure.lower() > 0)) throw std::invalid_argument("--radius must be positive");
  }
  return out;
}

}  // namespace gdcert
