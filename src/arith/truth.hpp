// Three-valued logic for interval comparisons.
//
//   Interval a(1, 2), b(3, 4);
//   certainly_less(a, b)      -> Truth::True      (every a < every b)
//   less(Interval(1, 3), b)   -> Truth::Unknown   (some pairs are, some are not)
//
// A bound is only ever built on Truth::True; Unknown is never rounded to either side.
#pragma once

namespace gdcert {

enum class Truth { False, True, Unknown };

constexpr bool is_true(Truth t) { return t == Truth::True; }
constexpr bool is_false(Truth t) { return t == Truth::False; }
constexpr Truth operator!(Truth t) {
  return t == Truth::Unknown ? Truth::Unknown : (t == Truth::True ? Truth::False : Truth::True);
}
constexpr Truth operator&&(Truth a, Truth b) {
  if (a == Truth::False || b == Truth::False) return Truth::False;
  if (a == Truth::True && b == Truth::True) return Truth::True;
  return Truth::Unknown;
}
constexpr Truth operator||(Truth a, Truth b) { return !(!a && !b); }
constexpr const char* to_string(Truth t) {
  return t == Truth::True ? "true" : (t == Truth::False ? "false" : "unknown");
}

}  // namespace gdcert
