// The PL* result as JSON (design.md section 4: "mu" {"lower","upper"}, "L_F", "beta_F",
// "residual_norm", "R_required", "step", "rate", plus "convention") and as text for people.
#pragma once

#include <iosfwd>

#include <nlohmann/json.hpp>

#include "criteria/plstar.hpp"

namespace gdcert {

nlohmann::json to_json(const PlStarResult& r, const Objective& f);
void print_report(std::ostream& os, const PlStarResult& r, const Objective& f);

}  // namespace gdcert
