#include "bound/box_bounder.hpp"

#include <cmath>
#include <limits>

#include "bound/interval_matrix.hpp"
#include "bound/verified_eigen.hpp"

namespace gdcert {
namespace {

// The box midpoint (exact doubles, as a point box) and the offsets X - m of the mean-value form.
template <class T>
struct Centred {
  std::vector<T> mid, dx;
  explicit Centred(std::span<const T> X) {
    for (double m : box_midpoint(X)) mid.push_back(T(m));
    for (std::size_t i = 0; i < X.size(); ++i) dx.push_back(X[i] - mid[i]);
  }
};

// g(X) intersected with the mean-value form g(m) + H(X) (X - m); both contain the range, so
// the intersection does too and is never empty for sound inputs.
template <class T>
std::vector<T> mean_value_refine(std::span<const T> g_box, const std::vector<T>& g_mid,
                                 std::span<const HessianEntry<T>> h_box, const std::vector<T>& dx) {
  std::vector<T> mv = g_mid;
  for (const auto& h : h_box) {
    mv[h.i] += h.value * dx[h.j];
    if (h.i != h.j) mv[h.j] += h.value * dx[h.i];
  }
  std::vector<T> out(g_box.size());
  for (std::size_t i = 0; i < out.size(); ++i) {
    T both = intersect(g_box[i], mv[i]);
    out[i] = both.is_empty() ? g_box[i] : both;
  }
  return out;
}

template <class T>
double lower_double_of(const T& x) { return ScalarTraits<T>::lower_bound(x); }

}  // namespace

template <class T>
BoxBounder<T>::BoxBounder(const Objective& f) : f_(f), f_ev_(f.function()) {
  if (f.has_residual_form()) r_ev_.emplace(f.residuals());
}

template <class T>
Enclosure<T> BoxBounder<T>::enclose(std::span<const T> X) {
  const Centred<T> c(X);
  const auto& dx = c.dx;
  f_ev_.evaluate(c.mid, Order::Gradient);
  T f_mid = f_ev_.value(0);
  auto gm = f_ev_.gradient(0);
  std::vector<T> g_mid(gm.begin(), gm.end());

  Enclosure<T> e;
  e.defined = f_ev_.evaluate(X, Order::Hessian);
  e.gradient = mean_value_refine<T>(f_ev_.gradient(0), g_mid, f_ev_.hessian(0), dx);
  T f_mv = f_mid;
  for (std::size_t i = 0; i < X.size(); ++i) f_mv += e.gradient[i] * dx[i];
  T both = intersect(f_ev_.value(0), f_mv);
  e.value = both.is_empty() ? f_ev_.value(0) : both;
  return e;
}

template <class T>
RatioBound BoxBounder<T>::quotient_lower(std::span<const T> X) {
  Enclosure<T> e = enclose(X);
  RatioBound rb;
  rb.defined = e.defined;
  if (!is_true(e.defined) || !is_true(certainly_positive(e.value))) return rb;
  T g_sq(0.0);
  for (const auto& g : e.gradient) g_sq += sqr(g);
  double q = lower_double_of(g_sq / e.value);
  record_lower(rb, q, "quotient");
  return rb;
}

template <class T>
EigenBound BoxBounder<T>::gram_lambda_min(std::span<const T> X) {
  EigenBound none{-INFINITY, NAN, false, "none"};
  if (!r_ev_ || gram_rank_deficient()) return none;
  const std::size_t n = f_.num_residuals(), p = f_.dimension();
  const Centred<T> c(X);
  r_ev_->evaluate(c.mid, Order::Gradient);
  std::vector<std::vector<T>> J_mid(n);
  for (std::size_t k = 0; k < n; ++k) {
    auto g = r_ev_->gradient(k);
    J_mid[k].assign(g.begin(), g.end());
  }
  if (!is_true(r_ev_->evaluate(X, Order::Hessian))) return none;
  IntervalMatrix J(n, p);
  for (std::size_t k = 0; k < n; ++k) {
    std::vector<T> row = mean_value_refine<T>(r_ev_->gradient(k), J_mid[k], r_ev_->hessian(k), c.dx);
    for (std::size_t j = 0; j < p; ++j) J(k, j) = as_interval(row[j]);
  }
  return verified_gram_lambda_min(J);
}

template <class T>
RatioBound BoxBounder<T>::gram_lower(std::span<const T> X) {
  RatioBound rb;
  if (!r_ev_ || gram_rank_deficient()) return rb;
  EigenBound lam = gram_lambda_min(X);
  rb.defined = lam.method == "none" ? Truth::Unknown : Truth::True;
  if (!lam.proved || !(lam.lower > 0)) return rb;
  double q = (Interval(4.0) * f_.scale().enclosure * Interval(lam.lower)).lower();
  record_lower(rb, q, "gram");
  return rb;
}

template <class T>
RatioBound BoxBounder<T>::ratio_lower(std::span<const T> X) {
  RatioBound g = gram_lower(X);
  RatioBound q = quotient_lower(X);
  RatioBound best = better(g, q);
  // The function must be proved C^2 on the box by at least one evaluation of f itself.
  best.defined = q.defined;
  if (!is_true(best.defined)) best.lower = 0, best.method = "none";
  return best;
}

template class BoxBounder<Interval>;
template class BoxBounder<MpInterval>;

}  // namespace gdcert
