#include "bound/budget.hpp"

#include <cmath>
#include <stdexcept>

namespace gdcert {
namespace {

// One limit: "5", "5s", "20000boxes", "20000b". Sets has_seconds / has_boxes.
void parse_limit(const std::string& whole, const std::string& text, Budget& b, bool& has_seconds, bool& has_boxes) {
  std::size_t used = 0;
  double value = 0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    throw std::invalid_argument("budget '" + whole + "': expected a number of seconds (e.g. 5s) or boxes (e.g. 20000boxes)");
  }
  std::string unit = text.substr(used);
  if (!(value > 0) || !std::isfinite(value))
    throw std::invalid_argument("budget '" + whole + "' must be positive");
  if (unit.empty() || unit == "s") {
    if (has_seconds) throw std::invalid_argument("budget '" + whole + "': seconds given twice");
    has_seconds = true;
    b.seconds = value;
  } else if (unit == "boxes" || unit == "b") {
    if (has_boxes) throw std::invalid_argument("budget '" + whole + "': boxes given twice");
    if (value != std::floor(value)) throw std::invalid_argument("budget '" + whole + "': a number of boxes is a whole number");
    has_boxes = true;
    // Range-checked before the conversion: a double beyond size_t is undefined behaviour.
    constexpr double kMaxBoxes = 1e18;
    b.boxes = value >= kMaxBoxes ? static_cast<std::size_t>(kMaxBoxes) : static_cast<std::size_t>(value);
  } else {
    throw std::invalid_argument("budget '" + whole + "': unknown unit '" + unit + "' (use s or boxes)");
  }
}

Budget parse(const std::string& text, bool& has_seconds) {
  Budget b;
  bool has_boxes = false;
  has_seconds = false;
  const std::size_t comma = text.find(',');
  parse_limit(text, text.substr(0, comma), b, has_seconds, has_boxes);
  if (comma != std::string::npos) parse_limit(text, text.substr(comma + 1), b, has_seconds, has_boxes);
  if (has_boxes && !has_seconds) b.seconds = 1e9;  // boxes alone: the search is limited by boxes
  // A time alone scales the box cap with it (the default's rate), so that more time lets a
  // search go further rather than stop at the default's boxes.
  const Budget defaults;
  if (has_seconds && !has_boxes && b.seconds > defaults.seconds) {
    const double boxes = double(defaults.boxes) * (b.seconds / defaults.seconds);
    constexpr double kMaxBoxes = 1e18;
    b.boxes = boxes >= kMaxBoxes ? static_cast<std::size_t>(kMaxBoxes) : static_cast<std::size_t>(boxes);
  }
  return b;
}

}  // namespace

Budget parse_budget(const std::string& text) {
  bool has_seconds = false;
  return parse(text, has_seconds);
}

Budget parse_budget(const std::string& text, Deadline run_start) {
  bool has_seconds = false;
  Budget b = parse(text, has_seconds);
  // A box budget without a time still gets a cap on the whole run.
  const double cap = has_seconds ? b.seconds : kBoxBudgetTimeCap;
  // A deadline past ~30 years is no deadline (and run_start + it could overflow the clock).
  if (cap < 1e9) b.deadline = run_start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(cap));
  return b;
}

}  // namespace gdcert
