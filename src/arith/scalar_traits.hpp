// ScalarTraits<T>: what generic code may ask of a scalar type beyond its operators.
//
//   template <class T> T area(const ExactNumber& radius) {
//     return ScalarTraits<T>::pi() * sqr(ScalarTraits<T>::from_number(radius));
//   }
//   area<double>(r);      // a float estimate
//   area<Interval>(r);    // an enclosure
//
// There is deliberately no primary definition: a type without traits does not compile, so no
// code path can silently fall back to unverified floats. `is_rigorous` is what a verdict checks.
#pragma once

#include "arith/double_functions.hpp"
#include "arith/exact_number.hpp"
#include "arith/interval.hpp"
#include "arith/mp_interval.hpp"

namespace gdcert {

template <class T>
struct ScalarTraits;

template <>
struct ScalarTraits<double> {
  static constexpr bool is_rigorous = false;
  static constexpr const char* name = "double";
  static double from_number(const ExactNumber& n) { return n.nearest; }
  static double from_double(double x) { return x; }
  static double pi() { return 3.141592653589793; }
  static double e() { return 2.718281828459045; }
  static double lower_bound(double x) { return x; }
  static double upper_bound(double x) { return x; }
  static double midpoint(double x) { return x; }
};

template <>
struct ScalarTraits<Interval> {
  static constexpr bool is_rigorous = true;
  static constexpr const char* name = "interval";
  static Interval from_number(const ExactNumber& n) { return n.enclosure; }
  static Interval from_double(double x) { return Interval(x); }
  static Interval pi() {  // pi lies strictly between these two adjacent doubles
    return Interval(0x1.921fb54442d18p+1, 0x1.921fb54442d19p+1);
  }
  static Interval e() { return Interval(0x1.5bf0a8b145769p+1, 0x1.5bf0a8b14576ap+1); }
  static double lower_bound(const Interval& x) { return x.lower(); }
  static double upper_bound(const Interval& x) { return x.upper(); }
  static double midpoint(const Interval& x) { return mid(x); }
};

template <>
struct ScalarTraits<MpInterval> {
  static constexpr bool is_rigorous = true;
  static constexpr const char* name = "mpfi";
  static MpInterval from_number(const ExactNumber& n) { return MpInterval::from_decimal(n.text); }
  static MpInterval from_double(double x) { return MpInterval(x); }
  static MpInterval pi() { return MpInterval::pi(); }
  static MpInterval e() { return MpInterval::e(); }
  static double lower_bound(const MpInterval& x) { return lower_double(x); }
  static double upper_bound(const MpInterval& x) { return upper_double(x); }
  static double midpoint(const MpInterval& x) { return mid(x); }
};

}  // namespace gdcert
