// PlSystem: a system F(w) = y as the PL* criterion sees it, with its square loss
// L(w) = 1/2 |F(w) - y|^2 written as the objective f = c sum r_i^2 (so F - y = sqrt(2c) r and
// the tangent kernel is K = DF DF^T = 2c J J^T, J the Jacobian of r).
//
//   PlSystem s = pl_system_from_residuals(Objective::from_residuals("10*(y-x^2); 1-x", {"x","y"},
//                                                                   parse_number("1")));
//   PlSystem t = pl_system_from_targets({"x*y", "x+y"}, {"1", "2.5"}, {"x", "y"}, "tanh");
//   // t: r_i = tanh(F_i) - y_i, c = 1/2, t.map->inner = F (targets 0), t.map->derivative = phi'(F_i)
//
// The output map (Theorem 3 of Liu-Zhu-Belkin) is kept apart because rho = inf_B min_i
// |phi'(F_i)| gives a second lower bound of mu: lambda_min(K_{phi o F}) >= rho^2 lambda_min(K_F).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/objective.hpp"

namespace gdcert {

struct OutputMap {
  std::string name;     // "tanh", "sigmoid", "atan", "softplus"
  Objective inner;      // F itself as residuals (scale 1/2): its kernel is K_F
  Program derivative;   // outputs phi'(F_i(w)), same variables
};

struct PlSystem {
  Objective objective;           // f = c sum r_i^2 = L(w) = 1/2 |F(w) - y|^2
  std::optional<OutputMap> map;  // when r_i = phi(F_i) - y_i
};

// For --residuals "r1; r2" (F - y = sqrt(2c) r). Throws std::invalid_argument without a
// residual form.
PlSystem pl_system_from_residuals(const Objective& f);
// For --system "F1; F2" --targets y1,y2 [--output-map name]: r_i = (phi(F_i)) - (y_i), c = 1/2.
// Throws std::invalid_argument (count mismatch, unknown map) or ParseError.
PlSystem pl_system_from_targets(const std::vector<std::string>& system, const std::vector<std::string>& targets,
                                const std::vector<std::string>& vars, const std::string& output_map);

// "F1; F2" -> {"F1", "F2"} (top-level ';' only).
std::vector<std::string> split_system(const std::string& text);
// The output maps understood by pl_system_from_targets, for help texts.
const std::vector<std::string>& output_map_names();

}  // namespace gdcert
