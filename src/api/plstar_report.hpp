// The PL* result as JSON (design.md section 4: "mu" {"lower","upper"}, "L_F", "beta_F",
// "residual_norm", "R_required", "step", "rate", plus "convention") and as text for people.
#pragma once

#include <iosfwd>

#include <nlohmann/json.hpp>

#include "criteria/plstar.hpp"

namespace gdcert {

// The bound fields of a PL* result (mu, L_F, beta_F, residual norms, R_required, step, rate,
// iterations, lambda0, Theorem 2's Hessian control),
// shared by the expression report and the network report (api/network_check).
void add_plstar_bounds(nlohmann::json& j, const PlStarResult& r);
nlohmann::json to_json(const PlStarResult& r, const Objective& f);
void print_report(std::ostream& os, const PlStarResult& r, const Objective& f);

// Which F the numbers are about: f = c sum r_i^2 is read as L = 1/2 |F - y|^2 with
// F - y = sqrt(2c) r, so K = DF DF^T = 2c J_r J_r^T (for --system, c = 1/2 and F - y = r).
std::string plstar_system_note(const Objective& f);

}  // namespace gdcert
