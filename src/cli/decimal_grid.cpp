#include "cli/decimal_grid.hpp"

#include <algorithm>
#include <stdexcept>

#include "arith/exact_number.hpp"
#include "api/problem_spec.hpp"

namespace gdcert {
namespace {

using Wide = __int128;
constexpr Wide kLimit = Wide(1'000'000'000'000'000'000LL);  // |scaled value| < 10^18

// value = mantissa * 10^exponent, mantissa given as a digit string (no sign).
struct Decimal {
  bool negative = false;
  std::string digits;
  long exponent = 0;
};

Decimal read_decimal(const std::string& text, const std::string& where) {
  std::string t;
  try {
    t = checked_number_text(text);
  } catch (const NumberError& e) {
    throw std::invalid_argument(where + ": " + e.what());
  }
  Decimal d;
  std::size_t i = 0;
  if (t[i] == '+' || t[i] == '-') d.negative = t[i++] == '-';
  if (t.compare(i, 2, "0x") == 0 || t.compare(i, 2, "0X") == 0)
    throw std::invalid_argument(where + ": '" + t + "' is a hex float; grid values must be decimal");
  bool after_point = false;
  for (; i < t.size() && t[i] != 'e' && t[i] != 'E'; ++i) {
    if (t[i] == '.') {
      after_point = true;
      continue;
    }
    d.digits += t[i];
    if (after_point) --d.exponent;
  }
  if (i < t.size()) {
    long e = 0;
    std::string exp = t.substr(i + 1);
    try {
      e = std::stol(exp);
    } catch (const std::exception&) {
      throw std::invalid_argument(where + ": exponent of '" + t + "' is out of range");
    }
    if (e > 4000 || e < -4000) throw std::invalid_argument(where + ": exponent of '" + t + "' is out of range");
    d.exponent += e;
  }
  d.digits.erase(0, std::min(d.digits.find_first_not_of('0'), d.digits.size()));
  if (d.digits.empty()) d.negative = false, d.exponent = 0;
  // Trailing zeros move into the exponent so "3.000" needs no more digits than "3".
  while (!d.digits.empty() && d.digits.back() == '0') d.digits.pop_back(), ++d.exponent;
  return d;
}

// d * 10^(d.exponent - scale) as an integer, or throw when it needs more than 18 digits.
Wide scaled(const Decimal& d, long scale, const std::string& where) {
  Wide v = 0;
  auto too_many = [&] {
    return std::invalid_argument(where + ": the grid needs more than 18 significant decimal digits");
  };
  for (char c : d.digits) {
    v = v * 10 + (c - '0');
    if (v >= kLimit) throw too_many();
  }
  for (long k = scale; k < d.exponent && v != 0; ++k) {
    v *= 10;
    if (v >= kLimit) throw too_many();
  }
  return d.negative ? -v : v;
}

// v * 10^scale as decimal text, no exponent, trailing fraction zeros trimmed.
std::string format_scaled(Wide v, long scale) {
  bool negative = v < 0;
  if (negative) v = -v;
  std::string digits;
  do {
    digits.insert(digits.begin(), char('0' + int(v % 10)));
    v /= 10;
  } while (v != 0);
  if (scale >= 0) {
    if (digits != "0") digits.append(std::size_t(scale), '0');
  } else {
    std::size_t frac = std::size_t(-scale);
    if (digits.size() <= frac) digits.insert(0, frac - digits.size() + 1, '0');
    digits.insert(digits.size() - frac, ".");
    while (digits.back() == '0') digits.pop_back();
    if (digits.back() == '.') digits.pop_back();
  }
  return (negative && digits != "0") ? "-" + digits : digits;
}

}  // namespace

GridAxis parse_grid_axis(const std::string& text, const std::string& name) {
  const std::string where = "--grid axis " + name + " ('" + text + "')";
  std::vector<std::string> parts = split_list(text, ':');
  if (parts.size() != 3) throw std::invalid_argument(where + ": expected min:max:step");
  Decimal lo = read_decimal(parts[0], where + " min"), hi = read_decimal(parts[1], where + " max"),
          step = read_decimal(parts[2], where + " step");
  long scale = std::min({lo.exponent, hi.exponent, step.exponent});
  Wide a = scaled(lo, scale, where), b = scaled(hi, scale, where), s = scaled(step, scale, where);
  if (s <= 0) throw std::invalid_argument(where + ": step must be positive");
  if (a > b) throw std::invalid_argument(where + ": min must not exceed max");
  Wide count = (b - a) / s + 1;
  if (count > Wide(kMaxGridCells))
    throw std::invalid_argument(where + ": more than " + std::to_string(kMaxGridCells) + " centres; at most " +
                                std::to_string(kMaxGridCells) + " cells are allowed");
  GridAxis axis;
  axis.name = name;
  axis.step = parse_number(parts[2]).nearest;
  for (Wide k = 0; k < count; ++k) axis.values.push_back(format_scaled(a + k * s, scale));
  return axis;
}

std::array<GridAxis, 2> parse_grid(const std::string& text, const std::array<std::string, 2>& names) {
  std::vector<std::string> axes = split_list(text, ',');
  if (axes.size() != 2)
    throw std::invalid_argument("--grid needs two axes, xmin:xmax:xstep,ymin:ymax:ystep (got '" + text + "')");
  // Both axes are checked for syntax before the size, so the first error named is the real one.
  std::array<GridAxis, 2> out = {parse_grid_axis(axes[0], names[0]), parse_grid_axis(axes[1], names[1])};
  if (out[0].values.size() * out[1].values.size() > kMaxGridCells)
    throw std::invalid_argument("--grid has " + std::to_string(out[0].values.size()) + " x " +
                                std::to_string(out[1].values.size()) + " centres; at most " +
                                std::to_string(kMaxGridCells) + " cells are allowed");
  return out;
}

}  // namespace gdcert
