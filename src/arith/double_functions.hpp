// The function names of the interval types, for plain doubles, so that generic evaluation code
// (`using std::exp; exp(x); sigmoid(x); pown(x, 3)`) compiles for T = double too. These are
// unverified by design: double is the sampling type, never a bound.
#pragma once

#include <cmath>

namespace gdcert {

inline double sqr(double x) { return x * x; }
inline double pown(double x, int n) { return std::pow(x, n); }
inline double sigmoid(double x) {
  return x >= 0 ? 1.0 / (1.0 + std::exp(-x)) : std::exp(x) / (1.0 + std::exp(x));
}
inline double softplus(double x) { return x > 0 ? x + std::log1p(std::exp(-x)) : std::log1p(std::exp(x)); }

}  // namespace gdcert
