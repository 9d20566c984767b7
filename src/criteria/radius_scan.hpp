// Shared pieces of the `--radius auto` searches (Chatterjee, PL*).
//
//   double s = radius_scan_scale(centre);       // max(|x0|, 1): the largest radius tried
//   ExactNumber r = scan_radius(0.123456);      // "0.123": radii users can retype exactly
//   auto res = check_or_search(radius, [&](const ExactNumber& r) { return check(r); },
//                              [&] { return search(); });   // the --radius auto dispatch
#pragma once

#include <cmath>
#include <algorithm>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "arith/exact_number.hpp"
#include "bound/budget.hpp"

namespace gdcert {

inline double radius_scan_scale(const std::vector<ExactNumber>& center) {
  double norm = 0;
  for (const auto& x : center) norm += x.nearest * x.nearest;
  return std::max(std::sqrt(norm), 1.0);
}
// The same for a centre of exact doubles (a seam's centre_point()).
inline double radius_scan_scale(const std::vector<double>& center) {
  double norm = 0;
  for (double x : center) norm += x * x;
  return std::max(std::sqrt(norm), 1.0);
}

// Three significant digits, read back as an exact decimal: the radius is the number printed.
inline ExactNumber scan_radius(double r) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", r);
  return parse_number(buf);
}

// "%.6g": the scan's range in a reason, and other numbers in texts.
inline std::string six_digits(double x) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6g", x);
  return buf;
}

// The scan: radius k is scale * 2^(-k/3), k = 0 .. kScanSteps (down by a factor of 2^20).
inline constexpr int kScanSteps = 60;
inline double scan_radius_value(double scale, int k) { return scale * std::pow(2.0, -k / 3.0); }

// Phase budgets: a quick check per scanned radius gets 1/150 of the time and 300 boxes times
// the budget's boxes over the default's (a time alone raises the boxes too, bound/budget.hpp),
// at most 1000x: a larger --budget makes the scan more thorough, and the box count, not the
// time, decides what a quick check proves. A refinement check gets a tenth of the whole budget.
inline std::size_t quick_check_boxes(const Budget& b) {
  const double growth = double(b.boxes) / double(Budget{}.boxes);
  return std::min(b.boxes, static_cast<std::size_t>(300 * std::clamp(growth, 1.0, 1000.0)));
}
inline Budget quick_check_budget(const Budget& b) {
  return b.with(b.seconds / 150, quick_check_boxes(b));
}
inline Budget refine_check_budget(const Budget& b) {
  return b.with(b.seconds / 10, std::max<std::size_t>(b.boxes / 10, 1));
}

// --radius R | auto: the check at the given radius, or the radius search.
template <class Check, class Search>
auto check_or_search(const std::optional<ExactNumber>& radius, Check&& check, Search&& search) {
  return radius ? check(*radius) : search();
}

}  // namespace gdcert
