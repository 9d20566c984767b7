#include "arith/exact_number.hpp"

#include <mpfr.h>

#include <cctype>
#include <cmath>
#include <cstdio>
#include <string>

namespace gdcert {
namespace {

bool is_hex_digit(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }
bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

// Checks the grammar ourselves so that errors carry a position and MPFR never sees text it
// might read differently (it accepts "inf", "nan", "@" exponents, other bases...).
void validate(const std::string& s) {
  std::size_t i = 0, n = s.size();
  if (n == 0) throw NumberError("empty number", 0);
  if (s[i] == '+' || s[i] == '-') ++i;
  bool hex = i + 1 < n && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X');
  if (hex) i += 2;
  auto digit = hex ? is_hex_digit : is_digit;
  std::size_t digits = 0;
  while (i < n && digit(s[i])) ++i, ++digits;
  if (i < n && s[i] == '.') {
    ++i;
    while (i < n && digit(s[i])) ++i, ++digits;
  }
  if (digits == 0) throw NumberError("expected digits in number '" + s + "'", i);
  char e1 = hex ? 'p' : 'e', e2 = hex ? 'P' : 'E';
  if (i < n && (s[i] == e1 || s[i] == e2)) {
    ++i;
    if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
    std::size_t exp_digits = 0;
    while (i < n && is_digit(s[i])) ++i, ++exp_digits;
    if (exp_digits == 0) throw NumberError("expected exponent digits in number '" + s + "'", i);
  } else if (hex) {
    // C99 requires the binary exponent in hex floats; accept its absence as "p0".
  }
  if (i != n) throw NumberError("unexpected character in number '" + s + "'", i);
}

class Mpfr53 {
 public:
  Mpfr53() { mpfr_init2(v_, 53); }
  ~Mpfr53() { mpfr_clear(v_); }
  mpfr_ptr get() { return v_; }

 private:
  mpfr_t v_;
};

}  // namespace

std::string checked_number_text(std::string_view text) {
  std::size_t b = 0, e = text.size();
  while (b < e && std::isspace(static_cast<unsigned char>(text[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(text[e - 1]))) --e;
  std::string s(text.substr(b, e - b));
  try {
    validate(s);
  } catch (const NumberError& err) {
    throw NumberError(err.what(), err.position + b);
  }
  return s;
}

ExactNumber exact_double(double x) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%a", x);
  return parse_number(buf);
}

ExactNumber parse_number(std::string_view text) {
  std::string s = checked_number_text(text);
  // Exponent range of MPFR is far larger than double's; rounding the 53-bit result to double
  // in the same direction keeps each bound a bound (two roundings down stay below).
  Mpfr53 down, up, near;
  int t_down = mpfr_strtofr(down.get(), s.c_str(), nullptr, 0, MPFR_RNDD);
  mpfr_strtofr(up.get(), s.c_str(), nullptr, 0, MPFR_RNDU);
  mpfr_strtofr(near.get(), s.c_str(), nullptr, 0, MPFR_RNDN);
  ExactNumber n;
  n.text = s;
  double lo = mpfr_get_d(down.get(), MPFR_RNDD), hi = mpfr_get_d(up.get(), MPFR_RNDU);
  n.nearest = mpfr_get_d(near.get(), MPFR_RNDN);
  n.enclosure = Interval(lo, hi);
  n.exact = t_down == 0 && lo == hi;
  if (std::isinf(n.nearest) || std::isinf(lo) || std::isinf(hi))
    throw NumberError("number '" + s + "' is out of the double range", text.find(s));
  return n;
}

Interval enclose_decimal(std::string_view text) { return parse_number(text).enclosure; }

namespace {
// Format with `digits` digits, stepping the value by units of the last digit in the safe
// direction until the decimal text is provably on the right side of v.
std::string decimal_directed(double v, int digits, bool below) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  // One unit in the last printed digit (for v != 0), so that a failed first try moves to the
  // neighbouring decimal (0.1599999999 below 0.16 - tiny, not 0.1599999998).
  const double unit = v == 0 ? 0.0 : std::pow(10.0, std::floor(std::log10(std::fabs(v))) + 1 - digits);
  const std::string unbounded = below ? "-inf" : "inf";
  double t = v;
  for (int k = 0; k < 60; ++k) {
    if (k > 0) {
      // Move by k units of the last digit, and at least one double (subnormals).
      double moved = below ? v - unit * k : v + unit * k;
      t = below ? std::min(moved, next_down(t)) : std::max(moved, next_up(t));
    }
    if (!std::isfinite(t)) return unbounded;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*g", digits, t);
    try {
      ExactNumber n = parse_number(buf);
      bool ok = below ? (n.enclosure.upper() <= v || (n.exact && n.nearest <= v))
                      : (n.enclosure.lower() >= v || (n.exact && n.nearest >= v));
      if (ok) return buf;
    } catch (const NumberError&) {
      return unbounded;  // the decimal left the double range
    }
  }
  return unbounded;
}
}  // namespace

std::string decimal_below(double v, int digits) { return decimal_directed(v, digits, true); }
std::string decimal_above(double v, int digits) { return decimal_directed(v, digits, false); }

}  // namespace gdcert
