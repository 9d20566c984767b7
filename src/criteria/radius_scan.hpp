// Shared pieces of the `--radius auto` searches (Chatterjee, PL*).
//
//   double s = radius_scan_scale(centre);       // max(|x0|, 1): the largest radius tried
//   ExactNumber r = scan_radius(0.123456);      // "0.123": radii users can retype exactly
#pragma once

#include <cmath>
#include <cstdio>
#include <vector>

#include "arith/exact_number.hpp"

namespace gdcert {

inline double radius_scan_scale(const std::vector<ExactNumber>& center) {
  double norm = 0;
  for (const auto& x : center) norm += x.nearest * x.nearest;
  return std::max(std::sqrt(norm), 1.0);
}

// Three significant digits, read back as an exact decimal: the radius is the number printed.
inline ExactNumber scan_radius(double r) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", r);
  return parse_number(buf);
}

}  // namespace gdcert
