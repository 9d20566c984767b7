// Numbers as the user wrote them: "0.3", "1e-3", "0x1.8p+1", "-2".
//
//   auto n = parse_number("0.1");        // throws NumberError with the offending position
//   n.nearest      == 0.1                 // the double nearest to 1/10 (only for unverified use)
//   n.enclosure    == [0.09999999999999999167, 0.1000000000000000055]  // contains 1/10
//   n.exact        == false               // 1/10 is not a double
//
// The text is kept so a higher-precision type can enclose the same exact number again.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

#include "arith/interval.hpp"

namespace gdcert {

struct NumberError : std::invalid_argument {
  NumberError(std::string msg, std::size_t pos) : std::invalid_argument(std::move(msg)), position(pos) {}
  std::size_t position;  // offset of the problem within the text
};

struct ExactNumber {
  std::string text;     // as written, minus surrounding blanks
  double nearest = 0;   // round-to-nearest double
  Interval enclosure;   // tightest double interval containing the exact value
  bool exact = false;   // the value is a double: enclosure is a point
};

// Accepts [+-] decimal digits with optional fraction and exponent, C99 hex floats, "inf" is
// rejected (a centre or radius must be finite). Throws NumberError.
ExactNumber parse_number(std::string_view text);
// An ExactNumber for a double (exact: written as a C99 hex float).
ExactNumber exact_double(double x);

// Decimal text of a bound with `digits` significant digits that stays on its side: the exact
// value of decimal_below(v) is <= v, of decimal_above(v) >= v ("inf"/"-inf" for infinities).
std::string decimal_below(double v, int digits = 10);
std::string decimal_above(double v, int digits = 10);
// The same grammar check on its own: returns the text without surrounding blanks, ready for
// mpfr_strtofr (base 0), or throws NumberError with the position in the original text.
std::string checked_number_text(std::string_view text);
Interval enclose_decimal(std::string_view text);

}  // namespace gdcert
