// Theorem 2.2 of Chatterjee's paper turned into numbers, with every quantity rounded so the
// statement stays true: the step is an exact double no larger than the theorem allows, delta
// is a lower bound, and the iteration count is an upper bound.
//
//   GdParameters gd = gd_parameters(alpha_lo, f_up, r_lo, L1, L2, p, 1e-12);
//
// Step limit: eta <= min{ r / (L1 sqrt p), 2 eps / (L2 p) }. The paper prints 6 eps / (L2 p);
// its Lemma 6.2 writes the Taylor remainder with 1/6 where the Lagrange form has 1/2, and with
// 6 the stated rate fails on real steps, so the corrected constant is used.
//   // any step <= gd.step gives f(x_k) <= gd.rate^k f(x0); gd.iterations reach tol * f(x0)
#pragma once

#include <cstddef>
#include <optional>

#include "criteria/chatterjee.hpp"

namespace gdcert {

// nullopt when the theorem's hypotheses are not met by the given bounds
// (4 f_up < r_lo^2 alpha_lo must hold; L1, L2 finite).
// Smallest t with rate^t <= ratio (an upper bound of it), for rate an upper bound in [0, 1)
// ratio > 0 (0 when ratio >= 1 is proved); nullopt when rate >= 1 or the count overflows.
std::optional<unsigned long long> iterations_until(double rate_upper, const Interval& ratio);

std::optional<GdParameters> gd_parameters(double alpha_lo, double f_up, double r_lo, double L1,
                                          double L2, std::size_t p, double tol);

}  // namespace gdcert
