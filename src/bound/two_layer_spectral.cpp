#include "bound/two_layer_spectral.hpp"

#include <algorithm>
#include <cmath>

#include "arith/rounding.hpp"

namespace gdcert {

double two_layer_spectral_k(const std::vector<NeuronSuprema>& neurons, double xt_norm, double xi_max,
                            double s2) {
  double worst = 0;  // max_j ||B_j||_2, rounded up
  for (const NeuronSuprema& q : neurons) {
    const double p = mul_up(s2, q.s1), c = mul_up(mul_up(q.s2, q.v), xi_max);
    const double root = sqrt_up(add_up(mul_up(c, c), mul_up(4.0, mul_up(p, p))));
    const double norm = div_up(add_up(c, root), 2.0);
    if (std::isnan(norm)) return INFINITY;
    worst = std::max(worst, norm);
  }
  const double k = mul_up(xt_norm, worst);
  return std::isnan(k) ? INFINITY : k;
}

}  // namespace gdcert
