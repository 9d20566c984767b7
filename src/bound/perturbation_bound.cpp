#include "bound/perturbation_bound.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "bound/interval_matrix.hpp"
#include "bound/verified_eigen.hpp"
#include "expr/evaluator.hpp"

namespace gdcert {

template <class T>
double symmetric_norm2_upper(std::span<const HessianEntry<T>> entries, std::size_t p) {
  std::vector<double> row_sum(p, 0.0);
  double frob_sq = 0;
  for (const auto& h : entries) {
    double a = ScalarTraits<T>::upper_bound(abs(h.value));
    double a_sq = mul_up(a, a);
    row_sum[h.i] = add_up(row_sum[h.i], a);
    if (h.i != h.j) row_sum[h.j] = add_up(row_sum[h.j], a);
    frob_sq = add_up(frob_sq, h.i == h.j ? a_sq : mul_up(2.0, a_sq));
  }
  double inf_norm = p ? *std::max_element(row_sum.begin(), row_sum.end()) : 0.0;
  return std::min(inf_norm, sqrt_up(frob_sq));
}

template <class T>
RatioBound perturbation_ratio_lower(const Objective& f, const Ball<T>& ball, PerturbationData* data) {
  RatioBound rb;
  if (!f.has_residual_form() || f.num_residuals() > f.dimension()) return rb;
  const std::size_t n = f.num_residuals(), p = f.dimension();
  Evaluator<T> ev(f.residuals());

  Truth centre_ok = ev.evaluate(std::span<const T>(ball.center), Order::Gradient);
  IntervalMatrix J(n, p);
  for (std::size_t k = 0; k < n; ++k) {
    auto g = ev.gradient(k);
    for (std::size_t j = 0; j < p; ++j) J(k, j) = as_interval(g[j]);
  }
  EigenBound lam = verified_gram_lambda_min(J);

  Box<T> X = bounding_box(ball);
  rb.defined = ev.evaluate(std::span<const T>(X), Order::Hessian) && centre_ok;
  if (!is_true(rb.defined) || !lam.proved || !(lam.lower > 0)) return rb;
  double k_sq = 0;
  for (std::size_t k = 0; k < n; ++k) {
    double h = symmetric_norm2_upper<T>(ev.hessian(k), p);
    k_sq = add_up(k_sq, mul_up(h, h));
  }
  double sigma_c = sqrt_down(lam.lower);
  double K = sqrt_up(k_sq);
  if (data) *data = PerturbationData{sigma_c, K};
  Interval sigma_ball = Interval(sigma_c) - Interval(ScalarTraits<T>::upper_bound(ball.radius)) * Interval(K);
  if (!(sigma_ball.lower() > 0)) return rb;
  double q = (Interval(4.0) * f.scale().enclosure * sqr(Interval(sigma_ball.lower()))).lower();
  record_lower(rb, q, "perturbation");
  return rb;
}

template double symmetric_norm2_upper<Interval>(std::span<const HessianEntry<Interval>>, std::size_t);
template double symmetric_norm2_upper<MpInterval>(std::span<const HessianEntry<MpInterval>>, std::size_t);
template RatioBound perturbation_ratio_lower<Interval>(const Objective&, const Ball<Interval>&, PerturbationData*);
template RatioBound perturbation_ratio_lower<MpInterval>(const Objective&, const Ball<MpInterval>&, PerturbationData*);

}  // namespace gdcert
