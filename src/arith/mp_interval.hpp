// MpInterval: an MPFI interval whose precision (in bits) is chosen at run time.
//
//   PrecisionScope scope(256);                 // new MpIntervals in this thread get 256 bits
//   MpInterval x = MpInterval::from_decimal("0.1");   // encloses 1/10 exactly
//   MpInterval y = exp(x) * x;                 // MPFI rounds every bound outward
//   double lo = lower_double(y);               // rounded down to a double: still a bound
//
// Same operations and semantics as Interval (arith/interval.hpp), so generic code runs on
// either. Precision is per thread (the batch runner evaluates in parallel threads).
#pragma once

#include <mpfi.h>

#include <iosfwd>
#include <string>
#include <string_view>

#include "arith/interval.hpp"
#include "arith/truth.hpp"

namespace gdcert {

// Precision in bits used for newly created MpIntervals in this thread (default 128).
unsigned mp_precision();
void set_mp_precision(unsigned bits);

// MPFR caches constants (pi, log 2, ...) per thread and frees them only on request: a worker
// thread that may have used MPFR holds one of these for its lifetime, or the caches leak at
// every thread's end (LeakSanitizer, in batch runs).
class ThreadMpCaches {
 public:
  ThreadMpCaches() = default;
  ThreadMpCaches(const ThreadMpCaches&) = delete;
  ThreadMpCaches& operator=(const ThreadMpCaches&) = delete;
  ~ThreadMpCaches();
};

class PrecisionScope {
 public:
  explicit PrecisionScope(unsigned bits) : saved_(mp_precision()) { set_mp_precision(bits); }
  ~PrecisionScope() { set_mp_precision(saved_); }
  PrecisionScope(const PrecisionScope&) = delete;
  PrecisionScope& operator=(const PrecisionScope&) = delete;

 private:
  unsigned saved_;
};

class MpInterval {
 public:
  MpInterval();                                // [0, 0]
  MpInterval(double x);                        // NOLINT: exact point
  MpInterval(double lo, double hi);
  explicit MpInterval(const Interval& x);
  MpInterval(const MpInterval& o);
  MpInterval(MpInterval&& o) noexcept;
  MpInterval& operator=(const MpInterval& o);
  MpInterval& operator=(MpInterval&& o) noexcept;
  ~MpInterval();

  // Tightest enclosure at the current precision of a decimal, scientific or C99 hex literal.
  // Throws std::invalid_argument when the text is not a number.
  static MpInterval from_decimal(std::string_view text);
  static MpInterval empty();
  static MpInterval entire();
  static MpInterval pi();
  static MpInterval e();

  bool is_empty() const;
  unsigned precision() const;
  mpfi_ptr get() { return v_; }
  mpfi_srcptr get() const { return v_; }

  MpInterval& operator+=(const MpInterval& o);
  MpInterval& operator-=(const MpInterval& o);
  MpInterval& operator*=(const MpInterval& o);
  MpInterval& operator/=(const MpInterval& o);

 private:
  mpfi_t v_;
};

// Bounds as doubles, rounded outward (so they remain bounds).
double lower_double(const MpInterval& x);
double upper_double(const MpInterval& x);
Interval to_interval(const MpInterval& x);
std::string to_string(const MpInterval& x, int digits = 20);  // "[lo, hi]", outward rounded

double mid(const MpInterval& x);  // a double near the midpoint (not a bound)
double mag(const MpInterval& x);  // upper bound of max |t|, as a double rounded up
double mig(const MpInterval& x);  // lower bound of min |t|, as a double rounded down
bool contains(const MpInterval& x, double t);
bool subset(const MpInterval& a, const MpInterval& b);
MpInterval hull(const MpInterval& a, const MpInterval& b);
MpInterval intersect(const MpInterval& a, const MpInterval& b);

Truth less(const MpInterval& a, const MpInterval& b);
Truth less_equal(const MpInterval& a, const MpInterval& b);
inline Truth greater(const MpInterval& a, const MpInterval& b) { return less(b, a); }
inline Truth greater_equal(const MpInterval& a, const MpInterval& b) { return less_equal(b, a); }
Truth certainly_positive(const MpInterval& x);
Truth certainly_nonnegative(const MpInterval& x);

MpInterval operator+(const MpInterval& x);
MpInterval operator-(const MpInterval& x);
MpInterval operator+(const MpInterval& a, const MpInterval& b);
MpInterval operator-(const MpInterval& a, const MpInterval& b);
MpInterval operator*(const MpInterval& a, const MpInterval& b);
MpInterval operator/(const MpInterval& a, const MpInterval& b);

MpInterval sqr(const MpInterval& x);
MpInterval pown(const MpInterval& x, int n);
MpInterval pow(const MpInterval& x, const MpInterval& y);
MpInterval sqrt(const MpInterval& x);
MpInterval abs(const MpInterval& x);
MpInterval min(const MpInterval& a, const MpInterval& b);
MpInterval max(const MpInterval& a, const MpInterval& b);
MpInterval exp(const MpInterval& x);
MpInterval expm1(const MpInterval& x);
MpInterval log(const MpInterval& x);
MpInterval log1p(const MpInterval& x);
MpInterval sin(const MpInterval& x);
MpInterval cos(const MpInterval& x);
MpInterval tan(const MpInterval& x);
MpInterval atan(const MpInterval& x);
MpInterval sinh(const MpInterval& x);
MpInterval cosh(const MpInterval& x);
MpInterval tanh(const MpInterval& x);
MpInterval sigmoid(const MpInterval& x);
MpInterval softplus(const MpInterval& x);

std::ostream& operator<<(std::ostream& os, const MpInterval& x);

}  // namespace gdcert
