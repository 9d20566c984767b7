#include "api/problem_spec.hpp"

#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

#include "api/exact_json.hpp"
#include "arith/precision.hpp"

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
  return problem_spec_from_json(parse_json_exact(buf.str()), path);
}

ProblemSpec problem_spec_from_json(const nlohmann::json& j, const std::string& path) {
  if (!j.is_object()) throw std::invalid_argument("problem file '" + path + "' must hold a JSON object");
  static const std::set<std::string> known = {"expr", "residuals", "vars", "center", "radius", "scale",
                                              "criterion", "precision", "budget", "tol", "description",
                                              "system", "targets", "output_map", "eps", "mu", "proxy", "xi", "power"};
  for (auto it = j.begin(); it != j.end(); ++it)
    if (!known.count(it.key())) throw std::invalid_argument("problem file: unknown field '" + it.key() + "'");
  ProblemSpec s;
  // One reader per kind of field; each leaves an absent field at its default. Fields are read
  // in this order, so the first malformed one is the one reported.
  auto text = [&](const char* k, std::string& out) {
    if (!j.contains(k)) return;
    if (!j[k].is_string()) throw std::invalid_argument(std::string("field '") + k + "' must be a string");
    out = j[k].get<std::string>();
  };
  auto list = [&](const char* k, std::vector<std::string>& out) {
    if (j.contains(k)) out = text_list(j[k], k);
  };
  auto number = [&](const char* k, std::string& out) {
    if (j.contains(k)) out = number_text(j[k], k);
  };
  text("expr", s.expr);
  text("residuals", s.residuals);
  text("criterion", s.criterion);
  list("vars", s.vars);
  list("center", s.center);
  number("radius", s.radius);
  number("scale", s.scale);
  number("tol", s.tol);
  text("system", s.system);
  text("output_map", s.output_map);
  text("proxy", s.proxy);
  list("targets", s.targets);
  number("eps", s.eps);
  number("mu", s.mu);
  number("xi", s.xi);
  number("power", s.power);
  if (j.contains("budget")) {
    const nlohmann::json& b = j["budget"];
    if (!b.is_string() && !b.is_number_integer()) throw std::invalid_argument("field 'budget' must be a string (e.g. \"5s\") or a number of seconds");
    s.budget = b.is_string() ? b.get<std::string>() : b.dump();
  }
  if (j.contains("precision")) {
    std::optional<unsigned> bits = precision_from_json(j["precision"]);
    if (!bits)
      throw std::invalid_argument("field 'precision' must be an integer number of bits in [" +
                                  std::to_string(kMinPrecisionBits) + ", " + std::to_string(kMaxPrecisionBits) + "]");
    s.precision = *bits;
  }
  return s;
}

ProblemSpec overlay(const ProblemSpec& flags, const ProblemSpec& file) {
  // The defaults live in ProblemSpec's member initialisers only; "given" means "not the default".
  static const ProblemSpec defaults;
  ProblemSpec out = flags;
  auto fill = [&](auto member) {
    if (flags.*member == defaults.*member) out.*member = file.*member;
  };
  if (flags.expr == defaults.expr && flags.residuals == defaults.residuals)
    out.expr = file.expr, out.residuals = file.residuals;
  // After the line above: a file with both an expr and a system keeps its expr (resolve() would
  // reject the two together; this order has always let the expr win).
  if (flags.system == defaults.system && out.expr == defaults.expr && out.residuals == defaults.residuals)
    out.system = file.system;
  for (auto m : {&ProblemSpec::vars, &ProblemSpec::center, &ProblemSpec::targets}) fill(m);
  for (auto m : {&ProblemSpec::radius, &ProblemSpec::scale, &ProblemSpec::criterion, &ProblemSpec::budget,
                 &ProblemSpec::tol, &ProblemSpec::output_map, &ProblemSpec::eps, &ProblemSpec::mu,
                 &ProblemSpec::proxy, &ProblemSpec::xi, &ProblemSpec::power})
    fill(m);
  fill(&ProblemSpec::precision);
  return out;
}

namespace {

// --system "F1; F2" --targets y1,y2: the loss 1/2 |F - y|^2 as a residual objective.
std::optional<PlSystem> resolve_system(const ProblemSpec& spec) {
  if (spec.system.empty()) {
    if (!spec.targets.empty()) throw std::invalid_argument("--targets needs --system");
    if (!spec.output_map.empty()) throw std::invalid_argument("--output-map needs --system and --targets");
    return std::nullopt;
  }
  if (!spec.expr.empty() || !spec.residuals.empty())
    throw std::invalid_argument("give one of --expr, --residuals and --system");
  if (spec.scale != "1") throw std::invalid_argument("--scale applies to --residuals only");
  std::vector<std::string> targets = spec.targets;
  if (targets.size() == 1 && targets[0].find(',') != std::string::npos) targets = split_list(targets[0]);
  try {
    return pl_system_from_targets(split_system(spec.system), targets, spec.vars, spec.output_map);
  } catch (const NumberError& e) {
    throw std::invalid_argument(std::string("--targets: ") + e.what());
  }
}

}  // namespace

ResolvedProblem resolve(const ProblemSpec& spec) {
  std::optional<PlSystem> system = resolve_system(spec);
  if (!system && spec.expr.empty() == spec.residuals.empty())
    throw std::invalid_argument("give exactly one of --expr, --residuals and --system");
  ExactNumber scale = parse_number(spec.scale);
  Objective f = system ? system->objective
                       : spec.expr.empty() ? Objective::from_residuals(spec.residuals, spec.vars, scale)
                                           : Objective::from_expression(spec.expr, spec.vars);
  if (!spec.expr.empty() && spec.scale != "1")
    throw std::invalid_argument("--scale applies to --residuals only");
  ResolvedProblem out{std::move(f), {}, std::nullopt, std::move(system)};
  if (out.objective.dimension() == 0)
    throw std::invalid_argument("f has no variables: there is nothing for gradient descent to move");
  if (spec.center.size() != out.objective.dimension())
    throw std::invalid_argument("--center has " + std::to_string(spec.center.size()) + " coordinates but f has " +
                                std::to_string(out.objective.dimension()) +
                                (out.objective.dimension() == 1 ? " variable (" : " variables (") +
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
  if (!spec.radius.empty() && spec.radius != "auto") {
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
