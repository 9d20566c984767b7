// Running generic code at an explicit precision: 0 means double intervals (Interval), any other
// value MPFR intervals (MpInterval) of that many bits, set for this thread for the duration of
// the call and restored afterwards. This is how a precision passed as a value reaches the
// arithmetic, which builds its MpIntervals at the thread's current precision.
//
//   double lo = with_precision(256, [&](auto scalar) {
//     using T = decltype(scalar);                        // MpInterval here, Interval for 0
//     return ScalarTraits<T>::lower_bound(ScalarTraits<T>::from_number(parse_number("0.1")));
//   });
//   precision_bits(0) == 53;  precision_bits(256) == 256;
#pragma once

#include "arith/interval.hpp"
#include "arith/mp_interval.hpp"

namespace gdcert {

template <class Body>
auto with_precision(unsigned precision, Body&& body) {
  if (precision == 0) return body(Interval{});
  PrecisionScope scope(precision);
  return body(MpInterval{});
}

// Bits of the arithmetic a precision value stands for (0: double intervals, 53 bits).
constexpr unsigned precision_bits(unsigned precision) { return precision == 0 ? 53 : precision; }

// The precision value of the arithmetic T as this thread would build it now, and options (any
// type with a `precision` member) set to it: how code templated on the scalar type (tests over
// Interval and MpInterval) picks a criterion's arithmetic. The library itself never reads it.
//
//   ChatterjeeResult r = check_chatterjee(f, centre, radius, at_precision_of<TestType>(options));
template <class T>
unsigned ambient_precision_of() {
  if constexpr (std::is_same_v<T, MpInterval>) return mp_precision();
  else return 0;
}
template <class T, class Options>
Options at_precision_of(Options options) {
  options.precision = ambient_precision_of<T>();
  return options;
}

}  // namespace gdcert
