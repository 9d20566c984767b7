// The Chatterjee result as JSON (the contract of design.md section 4) and as text for people.
//
//   std::cout << to_json(r, f).dump(2);   // the --json report
//   print_report(std::cout, r, f);        // the table
//   print_gd(std::cout, *r.gd, {"w", "S"});   // Theorem 2.2's lines alone, for S at w (networks)
#pragma once

#include <iosfwd>

#include <nlohmann/json.hpp>

#include "criteria/chatterjee.hpp"
#include "model/objective.hpp"

namespace gdcert {

nlohmann::json to_json(const ChatterjeeResult& r, const Objective& f);
void print_report(std::ostream& os, const ChatterjeeResult& r, const Objective& f);

// The names in the gradient-descent lines: the point and the function ("x", "f"; a network's "w", "S").
struct GdSymbols {
  const char* point = "x";
  const char* function = "f";
};
// Theorem 2.2 (step, rate, iterations, the constants used) and Theorem 2.1's gradient flow.
void print_gd(std::ostream& os, const GdParameters& g, GdSymbols s = {});

}  // namespace gdcert
