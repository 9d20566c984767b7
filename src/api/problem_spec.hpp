// ProblemSpec: what `gdcert check` is asked, from flags or from a problem file.
//
//   {"expr": "(x*y-1)^2", "center": [2, 0.3], "radius": 0.5}
//   {"residuals": "10*(y-x^2); 1-x", "vars": ["x", "y"], "center": [1.1, 1.2], "radius": "auto",
//    "scale": 1, "criterion": "chatterjee", "precision": 128, "budget": "10s", "tol": 1e-12}
//   {"system": "x*y; x+y", "targets": [1, 2.5], "output_map": "tanh", "center": [1, 1], "radius": 0.1,
//    "criterion": "plstar", "eps": 1e-6, "mu": 0.5}
//   {"expr": "...", "proxy": "...", "xi": 0, "power": 1, "criterion": "proxy-pl", ...}
//
// Numbers keep the text the user wrote (exact decimals); validation errors name the field.
#pragma once

#include <optional>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "arith/exact_number.hpp"
#include "model/pl_system.hpp"
#include "model/objective.hpp"

namespace gdcert {

struct ProblemSpec {
  std::string expr;                    // exactly one of expr / residuals
  std::string residuals;
  std::vector<std::string> vars;       // empty: alphabetical
  std::vector<std::string> center;     // texts
  std::string radius;                  // text or "auto"
  std::string scale = "1";
  std::string criterion = "chatterjee";
  unsigned precision = 0;              // 0: double intervals; else MPFR bits
  std::string budget = "20s";
  std::string tol = "1e-12";
  // PL* and proxy PL (--criterion plstar | proxy-pl | all)
  std::string system;                  // "F1; F2" (with targets; instead of expr/residuals)
  std::vector<std::string> targets;    // exact decimals, one per equation
  std::string output_map;              // "", tanh, sigmoid, atan, softplus
  std::string eps;                     // PL*_eps threshold / proxy-PL accuracy
  std::string mu;                      // claimed mu (plstar, proxy-pl)
  std::string proxy;                   // g for proxy-pl
  std::string xi = "0";
  std::string power = "2";

  friend bool operator==(const ProblemSpec&, const ProblemSpec&) = default;
};

// Throws std::invalid_argument (file errors, missing or unknown fields).
ProblemSpec read_problem_file(const std::string& path);
// The same from parsed JSON (numbers as exact text, as parse_json_exact gives them); `source`
// names the file in messages.
ProblemSpec problem_spec_from_json(const nlohmann::json& j, const std::string& source);

// A problem file under command-line flags (or any front end's explicit fields):
//
//   ProblemSpec flags;  flags.radius = "0.1";  flags.budget = "5s";
//   ProblemSpec spec = overlay(flags, read_problem_file("examples/rosenbrock.json"));
//   // the file's residuals, vars and center; radius 0.1 and budget 5s from the flags
//
// A field of `flags` that differs from its value in ProblemSpec{} was given and wins; one equal to
// it takes the file's value (so a flag repeating the default, --budget 20s, does not override the
// file). The objective is one choice: a flag's expr or residuals replaces both of the file's,
// and the file's system is used only when neither gives an expr or residuals.
ProblemSpec overlay(const ProblemSpec& flags, const ProblemSpec& file);

// "2,0.3" -> {"2", "0.3"}; "x,y" likewise.
std::vector<std::string> split_list(const std::string& text, char sep = ',');

struct ResolvedProblem {
  Objective objective;
  std::vector<ExactNumber> center;
  std::optional<ExactNumber> radius;  // nullopt: auto or not given (api::Options carries the radius)
  std::optional<PlSystem> system;     // from --system/--targets (objective is its loss)
};

// Parses the expression and numbers; throws ParseError / NumberError / std::invalid_argument
// with the field named.
ResolvedProblem resolve(const ProblemSpec& spec);

}  // namespace gdcert
