// RatioBound: a rigorous lower bound of |grad f|^2 / f over a region, and what carried it.
#pragma once

#include <string>

#include "arith/interval.hpp"
#include "arith/mp_interval.hpp"
#include "arith/truth.hpp"

namespace gdcert {

struct RatioBound {
  double lower = 0;            // |grad f(x)|^2 / f(x) >= lower wherever f(x) != 0 (0: nothing proved)
  std::string method = "none"; // "gram" (4 c lambda_min(J J^T)), "quotient", "perturbation"
  Truth defined = Truth::Unknown;  // f proved C^2 on the whole region
};

// The better of two proved bounds.
inline const RatioBound& better(const RatioBound& a, const RatioBound& b) {
  return b.lower > a.lower ? b : a;
}

// Keeps q as rb's bound, carried by `method`, when q proves something: a q that is not > 0
// (0, negative or NaN) leaves rb as it was.
inline void record_lower(RatioBound& rb, double q, const std::string& method) {
  if (q > 0) {
    rb.lower = q;
    rb.method = method;
  }
}

// Double-interval view of any rigorous scalar (the matrix and eigenvalue code is in Interval).
inline Interval as_interval(const Interval& x) { return x; }
inline Interval as_interval(const MpInterval& x) { return to_interval(x); }

}  // namespace gdcert
