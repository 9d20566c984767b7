#include "bound/system_constants.hpp"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>
#include <random>

#include "bound/perturbation_bound.hpp"
#include "bound/ratio_bound.hpp"

namespace gdcert {
namespace {

template <class T>
double hi(const T& x) { return ScalarTraits<T>::upper_bound(x); }

// The float eigenvector of the smallest eigenvalue of the midpoint of a symmetric matrix.
Eigen::VectorXd smallest_eigenvector(const Eigen::MatrixXd& a, double* value) {
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(a);
  *value = es.eigenvalues()(0);
  return es.eigenvectors().col(0);
}

}  // namespace

double lambda_min_upper(const IntervalMatrix& m) {
  const Eigen::Index n = m.rows();
  if (n == 0) return INFINITY;
  double est = 0;
  Eigen::VectorXd v = smallest_eigenvector(m.midpoint(), &est);
  if (!v.allFinite()) return INFINITY;
  Interval num(0.0), den(0.0);
  for (Eigen::Index i = 0; i < n; ++i) {
    den += sqr(Interval(v(i)));
    num += m(i, i) * sqr(Interval(v(i)));
    for (Eigen::Index j = i + 1; j < n; ++j) num += Interval(2.0) * m(i, j) * Interval(v(i)) * Interval(v(j));
  }
  return (num / den).upper();
}

double gram_lambda_min_upper(const IntervalMatrix& j) {
  const Eigen::Index n = j.rows(), p = j.cols();
  if (n == 0) return INFINITY;
  Eigen::MatrixXd c = j.midpoint();
  double est = 0;
  Eigen::VectorXd v = smallest_eigenvector(c * c.transpose(), &est);
  if (!v.allFinite()) return INFINITY;
  // v^T J J^T v = |J^T v|^2 for every member J: enclose J^T v, then its squared norm.
  Interval num(0.0), den(0.0);
  for (Eigen::Index i = 0; i < n; ++i) den += sqr(Interval(v(i)));
  for (Eigen::Index k = 0; k < p; ++k) {
    Interval u(0.0);
    for (Eigen::Index i = 0; i < n; ++i) u += j(i, k) * Interval(v(i));
    num += sqr(u);
  }
  return (num / den).upper();
}

template <class T>
KernelPoint kernel_at(Evaluator<T>& residuals, std::span<const double> w) {
  KernelPoint kp;
  std::vector<T> x(w.begin(), w.end());
  if (!is_true(residuals.evaluate(std::span<const T>(x), Order::Gradient))) return kp;
  const std::size_t n = residuals.program().num_outputs(), p = w.size();
  IntervalMatrix J(n, p);
  for (std::size_t k = 0; k < n; ++k) {
    auto g = residuals.gradient(k);
    for (std::size_t i = 0; i < p; ++i) J(k, i) = as_interval(g[i]);
  }
  kp.ok = true;
  Eigen::MatrixXd c = J.midpoint();
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(c * c.transpose(), Eigen::EigenvaluesOnly);
  kp.estimate = es.eigenvalues()(0);
  kp.upper = gram_lambda_min_upper(J);
  return kp;
}

template <class T>
SystemConstants system_constants(const Objective& f, const Ball<T>& ball) {
  SystemConstants k;
  const std::size_t n = f.num_residuals(), p = f.dimension();
  Evaluator<T> ev(f.residuals());
  const Interval radius(ScalarTraits<T>::upper_bound(ball.radius));

  // Centre: |r(c)|, J(c), lambda_min(J(c) J(c)^T) both ways.
  bool centre_ok = is_true(ev.evaluate(std::span<const T>(ball.center), Order::Gradient));
  k.jac_center = IntervalMatrix(n, p);
  Interval r_sq(0.0);
  for (std::size_t i = 0; i < n; ++i) {
    r_sq += sqr(as_interval(ev.value(i)));
    auto g = ev.gradient(i);
    for (std::size_t j = 0; j < p; ++j) k.jac_center(i, j) = as_interval(g[j]);
  }
  k.residual_center = centre_ok ? sqrt(r_sq) : Interval::entire();
  if (!centre_ok) return k;
  k.lambda_center = n <= p ? verified_gram_lambda_min(k.jac_center) : EigenBound{0.0, 0.0, true, "rank-deficient"};
  k.lambda_center_upper = n <= p ? gram_lambda_min_upper(k.jac_center) : 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    Interval row(0.0);
    for (std::size_t j = 0; j < p; ++j) row += sqr(k.jac_center(i, j));
    k.jac_center_norm_lower = std::max(k.jac_center_norm_lower, sqrt(row).lower());
  }

  // Bounding box: Hessian norms of each residual, J over the box, |r| over the box.
  Box<T> X = bounding_box(ball);
  if (!is_true(ev.evaluate(std::span<const T>(X), Order::Hessian))) return k;
  k.defined = true;
  double rss = 0, hmax = 0;
  IntervalMatrix JX(n, p);
  Interval rX_sq(0.0);
  for (std::size_t i = 0; i < n; ++i) {
    double h = symmetric_norm2_upper<T>(ev.hessian(i), p);
    hmax = std::max(hmax, h);
    rss = add_up(rss, mul_up(h, h));
    rX_sq += sqr(as_interval(ev.value(i)));
    auto g = ev.gradient(i);
    for (std::size_t j = 0; j < p; ++j) JX(i, j) = as_interval(g[j]);
  }
  k.hess_max = hmax;
  k.hess_rss = sqrt_up(rss);
  // ||J(x) - J(c)||_2 <= ||J(x) - J(c)||_F <= |x - c| hess_rss (mean value theorem, row by row).
  double via_centre = (Interval(norm2_upper(k.jac_center)) + radius * Interval(k.hess_rss)).upper();
  k.jac_sup = std::min(norm2_upper(JX), via_centre);
  double r_via_centre = (k.residual_center + radius * Interval(k.jac_sup)).upper();
  k.residual_sup = std::min(sqrt(rX_sq).upper(), r_via_centre);

  Evaluator<T> fev(f.function());
  if (is_true(fev.evaluate(std::span<const T>(X), Order::Hessian)))
    k.f_hessian_sup = symmetric_norm2_upper<T>(fev.hessian(0), p);
  return k;
}

std::vector<std::vector<double>> ball_points(std::span<const double> center, double radius,
                                             std::size_t count, std::uint64_t seed) {
  const std::size_t p = center.size();
  std::vector<std::vector<double>> pts;
  pts.emplace_back(center.begin(), center.end());
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal;
  std::uniform_real_distribution<double> uniform;
  for (std::size_t s = 1; s < count; ++s) {
    std::vector<double> d(p);
    double n2 = 0;
    for (auto& v : d) v = normal(rng), n2 += v * v;
    if (!(n2 > 0)) continue;
    // A third of the points just inside the sphere, the rest uniform in the ball.
    double t = s % 3 == 0 ? 1.0 - 1e-9 : (1.0 - 1e-9) * std::pow(uniform(rng), 1.0 / double(p));
    double scale = radius * t / std::sqrt(n2);
    std::vector<double> w(p);
    for (std::size_t i = 0; i < p; ++i) w[i] = center[i] + d[i] * scale;
    pts.push_back(std::move(w));
  }
  return pts;
}

template SystemConstants system_constants<Interval>(const Objective&, const Ball<Interval>&);
template SystemConstants system_constants<MpInterval>(const Objective&, const Ball<MpInterval>&);
template KernelPoint kernel_at<Interval>(Evaluator<Interval>&, std::span<const double>);
template KernelPoint kernel_at<MpInterval>(Evaluator<MpInterval>&, std::span<const double>);

}  // namespace gdcert
