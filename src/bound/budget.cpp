#include "bound/budget.hpp"

#include <cmath>
#include <stdexcept>

namespace gdcert {

Budget parse_budget(const std::string& text) {
  std::size_t used = 0;
  double value = 0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    throw std::invalid_argument("budget '" + text + "': expected a number of seconds (e.g. 5s) or boxes (e.g. 20000boxes)");
  }
  std::string unit = text.substr(used);
  if (!(value > 0) || !std::isfinite(value))
    throw std::invalid_argument("budget '" + text + "' must be positive");
  Budget b;
  if (unit.empty() || unit == "s") {
    b.seconds = value;
  } else if (unit == "boxes" || unit == "b") {
    b.boxes = static_cast<std::size_t>(value);
    b.seconds = 1e9;
  } else {
    throw std::invalid_argument("budget '" + text + "': unknown unit '" + unit + "' (use s or boxes)");
  }
  return b;
}

}  // namespace gdcert
