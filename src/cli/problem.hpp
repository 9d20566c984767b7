// ProblemSpec: what `gdcert check` is asked, from flags or from a problem file.
//
//   {"expr": "(x*y-1)^2", "center": [2, 0.3], "radius": 0.5}
//   {"residuals": "10*(y-x^2); 1-x", "vars": ["x", "y"], "center": [1.1, 1.2], "radius": "auto",
//    "scale": 1, "criterion": "chatterjee", "precision": 128, "budget": "10s", "tol": 1e-12}
//
// Numbers keep the text the user wrote (exact decimals); validation errors name the field.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "arith/exact_number.hpp"
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
};

// Throws std::invalid_argument (file errors, missing or unknown fields).
ProblemSpec read_problem_file(const std::string& path);

// "2,0.3" -> {"2", "0.3"}; "x,y" likewise.
std::vector<std::string> split_list(const std::string& text, char sep = ',');

struct ResolvedProblem {
  Objective objective;
  std::vector<ExactNumber> center;
  std::optional<ExactNumber> radius;  // nullopt: auto
};

// Parses the expression and numbers; throws ParseError / NumberError / std::invalid_argument
// with the field named.
ResolvedProblem resolve(const ProblemSpec& spec);

}  // namespace gdcert
