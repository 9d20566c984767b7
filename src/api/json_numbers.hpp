// Printing bounds as JSON numbers without giving away their direction.
//
//   json j = {{"lower", print_lower(a)}, {"upper", print_upper(b)}};
//
// A JSON number is read back as a decimal. The shortest decimal that round-trips to a double v
// can lie on either side of v, so a lower bound is printed as v only when that decimal is <= v,
// and otherwise as the next double below (whose shortest decimal is certainly < v). Infinite
// bounds become null.
#pragma once

#include <nlohmann/json.hpp>

#include "arith/interval.hpp"

namespace gdcert {

nlohmann::json print_lower(double v);
nlohmann::json print_upper(double v);
nlohmann::json print_interval(const Interval& x);  // [lower, upper]

}  // namespace gdcert
