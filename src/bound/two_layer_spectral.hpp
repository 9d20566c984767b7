// The two-layer Jacobian perturbation bound in the spectral norm: one factor ||X~||_2 of the
// data instead of the per-sample factors |x~_i| that the Frobenius bound sums.
//
//   std::vector<NeuronSuprema> sup(m);          // per hidden neuron j, over every sample's range
//   sup[j] = {S1_j, S2_j, |v_1[j]|};            // sup|sigma'|, sup|sigma''|, |s_2 W_2[0, j]|
//   double k = two_layer_spectral_k(sup, xt_norm, xi_max, s2);
//   // ||J(w) - J(w0)||_2 <= k |w - w0| on the ball whose ranges gave S1_j, S2_j
//
// Derivation (network f(x) = s_2 W_2 sigma(s_1 W_1 x + b_1) + b_2, notation of
// network_ball_bounds.cpp; x~_i = (s_1 x_i, 1 if biases), X~ the n x (d + b) matrix of rows x~_i,
// xi = max_i |x~_i|). Row j of layer 1 is theta_j = (W_1[j, :], b_1[j]); a_j = W_2[0, j]. A point
// of the ball moves theta_j by Delta theta_j (t_j = |Delta theta_j|) and a_j by Delta a_j
// (s_j = |Delta a_j|), with sum_j (t_j^2 + s_j^2) <= r^2. For a unit v in R^n, the blocks of
// (J(w) - J(w0))^T v are:
//  - entry a_j: s_2 sum_i v_i (sigma(g'_ij) - sigma(g_ij)) = s_2 Delta theta_j . (X~^T D_j v),
//    D_j = diag(sigma'(zeta_ij)) with zeta_ij in neuron j's range (mean value theorem; the
//    pre-activation moves by Delta theta_j . x~_i), so its modulus is <= s_2 S1_j ||X~||_2 t_j;
//  - block theta_j: X~^T E_j v with E_j = diag(sigma'(g'_ij) v'_j - sigma'(g_ij) v_j), v_j = s_2 a_j,
//    and sigma'(g') v' - sigma'(g) v = sigma'(g') (v' - v) + (sigma'(g') - sigma'(g)) v, so
//    |E_j,ii| <= S1_j s_2 s_j + S2_j |v_j| xi t_j (the centre v_j multiplies sigma'': no
//    second-order term), and its norm is <= ||X~||_2 (s_2 S1_j s_j + C_j t_j), C_j = S2_j |v_j| xi;
//  - b_2: J does not depend on the weights there.
// Hence |(J(w) - J(w0))^T v|^2 <= ||X~||_2^2 sum_j |B_j (t_j, s_j)|^2 with
// B_j = [[s_2 S1_j, 0], [C_j, s_2 S1_j]], and the sum is at most r^2 max_j ||B_j||_2^2 (the
// worst case puts the whole radius on one neuron). ||B_j||_2 = (C_j + sqrt(C_j^2 + 4 p_j^2)) / 2
// with p_j = s_2 S1_j (the 2 x 2 singular value in closed form). So
//   ||J(w) - J(w0)||_2 <= k r,  k = ||X~||_2 max_j (C_j + sqrt(C_j^2 + 4 p_j^2)) / 2.
// The Frobenius bound of network_ball_bounds.cpp has sqrt(sum_i |x~_i|^2) = ||X~||_F in place
// of ||X~||_2 (and C with the per-sample xi): for n = 8 Gaussian inputs in d = 16 the ratio
// ||X~||_F / ||X~||_2 is about 1.7. Weyl's inequality for singular values needs only the
// spectral norm, so k serves every use of the Frobenius k (sigma_min, L_F, |F - y|).
#pragma once

#include <vector>

namespace gdcert {

struct NeuronSuprema {
  double s1 = 0;  // >= sup |sigma'| over the neuron's pre-activation ranges of every sample
  double s2 = 0;  // >= sup |sigma''| over the same ranges
  double v = 0;   // >= |v_1[j]| = |s_2 W_2[0, j]| at the centre
};

// k above, rounded up; +inf when an input is not finite. xt_norm >= ||X~||_2, xi_max >= max_i
// |x~_i|, s2 >= s_2.
double two_layer_spectral_k(const std::vector<NeuronSuprema>& neurons, double xt_norm, double xi_max,
                            double s2);

}  // namespace gdcert
