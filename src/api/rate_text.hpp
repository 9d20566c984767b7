// A contraction rate printed for reading: an upper bound (rounded up, like decimal_above), with
// `digits` significant digits, or more (up to 17) when fewer would print 1 or more for a rate
// below 1, since "f(x_k) <= 1^k f(x0)" reads as no contraction at all.
//
//   rate_text(0.9660875653, 6)   -> "0.966088"
//   rate_text(0.99999994, 6)     -> "0.99999995"   (decimal_above gives "1")
#pragma once

#include <string>

#include "arith/exact_number.hpp"

namespace gdcert {

inline std::string rate_text(double rate, int digits = 10) {
  std::string text = decimal_above(rate, digits);
  // 17 significant digits tell any double below 1 from 1 (1 - 2^-53 = 0.99999999999999988898...).
  for (int d = digits + 1; rate < 1 && d <= 17 && !(parse_number(text).nearest < 1); ++d) text = decimal_above(rate, d);
  return text;
}

}  // namespace gdcert
