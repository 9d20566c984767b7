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

// The dimension-free variant: G >= sup over B(x0, r) of |grad f| and H >= sup over B(x0, 2r) of
// ||Hess f||_2 (spectral norm) replace sqrt(p) L1 and p L2 (never larger, often p times smaller):
// any eta <= min{ r / G, 2 eps / H } with 4 f(x0) <= (1 - eps)^2 r^2 alpha keeps x_k in B(x0, r)
// and gives f(x_k) <= (1 - delta)^k f(x0), delta = min{1, (1 - eps) alpha eta}.
//
// Proof (f >= 0 and C^2, alpha = inf over B(x0, r) of |grad f|^2 / f where f != 0). By induction
// suppose x_0, ..., x_k lie in B(x0, r). (i) One step: |x_{j+1} - x_j| = eta |grad f(x_j)| <= eta G
// <= r, so the segment [x_j, x_{j+1}] lies in B(x0, 2r), where ||Hess f||_2 <= H; Taylor with the
// Lagrange remainder along it gives f(x_{j+1}) <= f(x_j) - eta |g_j|^2 + (H / 2) eta^2 |g_j|^2
// = f(x_j) - eta (1 - H eta / 2) |g_j|^2, and eta <= 2 eps / H makes 1 - H eta / 2 >= 1 - eps.
// (ii) Rate: |g_j|^2 >= alpha f(x_j) (trivially when f(x_j) = 0), so f(x_{j+1}) <=
// (1 - (1 - eps) alpha eta) f(x_j), and f >= 0 gives the min with 1. (iii) Path length: when
// f(x_j) > 0, eta |g_j| = eta |g_j|^2 / |g_j| <= (f(x_j) - f(x_{j+1})) / ((1 - eps) sqrt(alpha f(x_j)))
// by (i) and |g_j| >= sqrt(alpha f(x_j)); and (a - b) / sqrt(a) <= 2 (sqrt(a) - sqrt(b)) for
// a >= b >= 0. (When f(x_j) = 0, g_j = 0: x_j is a minimum of f >= 0, and the step is 0.)
// Summing, |x_{k+1} - x0| <= sum_j eta |g_j| <= 2 sqrt(f(x0)) / ((1 - eps) sqrt(alpha)) <= r by the
// choice of eps. So x_{k+1} lies in B(x0, r), which closes the induction.
std::optional<GdParameters> gd_parameters_spectral(double alpha_lo, double f_up, double r_lo, double G,
                                                   double H, double tol);
// The better (larger delta) of the two that exist; nullopt when neither does.
std::optional<GdParameters> better_gd(const std::optional<GdParameters>& a, const std::optional<GdParameters>& b);

}  // namespace gdcert
