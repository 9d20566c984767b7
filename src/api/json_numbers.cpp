#include "api/json_numbers.hpp"

#include <cmath>
#include <cstdio>

#include "arith/exact_number.hpp"

namespace gdcert {
namespace {

// The exact value of the decimal nlohmann prints for v, compared with v.
bool printed_at_most(double v) {
  ExactNumber n = parse_number(nlohmann::json(v).dump());
  return n.enclosure.upper() <= v || (n.exact && n.nearest <= v);
}
bool printed_at_least(double v) {
  ExactNumber n = parse_number(nlohmann::json(v).dump());
  return n.enclosure.lower() >= v || (n.exact && n.nearest >= v);
}

}  // namespace

// Stepping can run off the end of the doubles near +-DBL_MAX: then null (unbounded) is the bound.
nlohmann::json print_lower(double v) {
  while (std::isfinite(v) && !printed_at_most(v)) v = next_down(v);
  if (!std::isfinite(v)) return nullptr;
  return v;
}
nlohmann::json print_upper(double v) {
  while (std::isfinite(v) && !printed_at_least(v)) v = next_up(v);
  if (!std::isfinite(v)) return nullptr;
  return v;
}
nlohmann::json print_interval(const Interval& x) {
  if (x.is_empty()) return nullptr;
  return nlohmann::json::array({print_lower(x.lower()), print_upper(x.upper())});
}

}  // namespace gdcert
