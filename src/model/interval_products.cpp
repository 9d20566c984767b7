#include "model/interval_products.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

#include "arith/rounding.hpp"

namespace gdcert {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kU = 0x1p-53;        // unit roundoff, binary64 round to nearest
constexpr double kEta = 0x1p-1074;    // smallest subnormal
constexpr double kLoopWork = 2e5;     // below this many multiply-adds: interval loops

using RowMat = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// gamma_k = k u / (1 - k u), rounded up (+inf when k u >= 1/2).
double gamma_up(std::size_t k) {
  const double ku = mul_up(static_cast<double>(k), kU);
  if (!(ku < 0.5)) return kInf;
  return div_up(ku, sub_down(1.0, ku));
}

// s = exact sum of k non-negative products whose floating-point sum (any order) is `computed`:
// s - computed <= gamma_k s + k eta, so s <= (computed + k eta) / (1 - gamma_k).
double nonneg_sum_upper(double computed, double gamma, double underflow) {
  if (!(gamma < 1)) return kInf;
  return div_up(add_up(computed, underflow), sub_down(1.0, gamma));
}

// A = C + E with |E| <= R (R rounded up).
bool split(std::span<const Interval> a, std::size_t n, std::size_t m, RowMat& c, RowMat& r) {
  c.resize(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(m));
  r.resize(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(m));
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < m; ++j) {
      const Interval& x = a[i * m + j];
      if (!std::isfinite(x.lower()) || !std::isfinite(x.upper())) return false;
      const double mid = x.lower() == x.upper() ? x.lower() : gdcert::mid(x);
      c(i, j) = mid;
      r(i, j) = std::max(sub_up(x.upper(), mid), sub_up(mid, x.lower()));
      if (!std::isfinite(r(i, j))) return false;
    }
  return true;
}

}  // namespace

std::vector<Interval> interval_gram_loops(std::span<const Interval> a, std::size_t n, std::size_t m) {
  std::vector<Interval> g(n * n);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = i; j < n; ++j) {
      Interval s(0.0);
      if (i == j)
        for (std::size_t k = 0; k < m; ++k) s += sqr(a[i * m + k]);
      else
        for (std::size_t k = 0; k < m; ++k) s += a[i * m + k] * a[j * m + k];
      g[i * n + j] = g[j * n + i] = s;
    }
  return g;
}

std::vector<Interval> interval_times_point_loops(std::span<const Interval> a, std::size_t n, std::size_t k,
                                                 const Eigen::MatrixXd& b) {
  if (static_cast<std::size_t>(b.rows()) != k) throw std::invalid_argument("interval_times_point: inner dimensions differ");
  const std::size_t m = static_cast<std::size_t>(b.cols());
  std::vector<Interval> out(n * m, Interval(0.0));
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t t = 0; t < k; ++t) {
      const Interval& x = a[i * k + t];
      for (std::size_t j = 0; j < m; ++j) {
        const double w = b(static_cast<Eigen::Index>(t), static_cast<Eigen::Index>(j));
        if (w == 0) continue;
        out[i * m + j] += x * Interval(w);
      }
    }
  return out;
}

std::vector<Interval> interval_gram(std::span<const Interval> a, std::size_t n, std::size_t m) {
  if (static_cast<double>(n) * static_cast<double>(n) * static_cast<double>(m) <= kLoopWork) return interval_gram_loops(a, n, m);
  RowMat c, r;
  if (!split(a, n, m, c, r)) return interval_gram_loops(a, n, m);
  // (A A^T - C C^T)_ab = C_a.E_b + E_a.C_b + E_a.E_b, bounded by (|C| R^T)_ab + (R (|C| + R)^T)_ab.
  // fl(C C^T)_ab is off by at most gamma_m (|C_a|.|C_b|) + m eta <= gamma_m |C_a| |C_b| + m eta.
  const double gamma = gamma_up(m + 1), underflow = mul_up(static_cast<double>(2 * (m + 1)), kEta);
  Eigen::MatrixXd cc = c * c.transpose();
  Eigen::VectorXd norm(static_cast<Eigen::Index>(n));
  for (std::size_t i = 0; i < n; ++i) {
    double s = 0;
    for (std::size_t k = 0; k < m; ++k) s = add_up(s, mul_up(c(i, k), c(i, k)));
    norm(i) = sqrt_up(s);
  }
  const bool point = (r.array() == 0).all();
  Eigen::MatrixXd x, y;
  if (!point) {
    RowMat ac = c.cwiseAbs(), pm(c.rows(), c.cols());
    for (Eigen::Index i = 0; i < pm.rows(); ++i)
      for (Eigen::Index k = 0; k < pm.cols(); ++k) pm(i, k) = add_up(ac(i, k), r(i, k));
    x = ac * r.transpose();
    y = r * pm.transpose();
  }
  auto radius = [&](std::size_t i, std::size_t j) {
    double e = add_up(mul_up(gamma, mul_up(norm(i), norm(j))), underflow);
    if (!point) {
      e = add_up(e, nonneg_sum_upper(x(i, j), gamma, underflow));
      e = add_up(e, nonneg_sum_upper(y(i, j), gamma, underflow));
    }
    return e;
  };
  std::vector<Interval> g(n * n);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = i; j < n; ++j) {
      const double e = std::min(radius(i, j), radius(j, i)), mid = cc(i, j);
      Interval v = (std::isfinite(mid) && !std::isnan(e)) ? Interval(sub_down(mid, e), add_up(mid, e)) : Interval::entire();
      if (i == j) v = intersect(v, Interval(0.0, kInf));
      g[i * n + j] = g[j * n + i] = v;
    }
  return g;
}

std::vector<Interval> interval_times_point(std::span<const Interval> a, std::size_t n, std::size_t k,
                                           const Eigen::MatrixXd& b) {
  if (static_cast<std::size_t>(b.rows()) != k) throw std::invalid_argument("interval_times_point: inner dimensions differ");
  const std::size_t m = static_cast<std::size_t>(b.cols());
  if (static_cast<double>(n) * static_cast<double>(k) * static_cast<double>(m) <= kLoopWork || !b.allFinite())
    return interval_times_point_loops(a, n, k, b);
  RowMat c, r;
  if (!split(a, n, k, c, r)) return interval_times_point_loops(a, n, k, b);
  // A B = C B + E B with |E B| <= R |B|; fl(C B) is off by at most gamma_k (|C| |B|) + k eta.
  const double gamma = gamma_up(k + 1), underflow = mul_up(static_cast<double>(2 * (k + 1)), kEta);
  const Eigen::MatrixXd ab = b.cwiseAbs();
  const Eigen::MatrixXd cb = c * b, cab = c.cwiseAbs() * ab;
  const bool point = (r.array() == 0).all();
  Eigen::MatrixXd rb;
  if (!point) rb = r * ab;
  std::vector<Interval> out(n * m);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < m; ++j) {
      const auto I = static_cast<Eigen::Index>(i), J = static_cast<Eigen::Index>(j);
      double e = add_up(mul_up(gamma, nonneg_sum_upper(cab(I, J), gamma, underflow)), underflow);
      if (!point) e = add_up(e, nonneg_sum_upper(rb(I, J), gamma, underflow));
      const double mid = cb(I, J);
      out[i * m + j] = (std::isfinite(mid) && !std::isnan(e)) ? Interval(sub_down(mid, e), add_up(mid, e)) : Interval::entire();
    }
  return out;
}

}  // namespace gdcert
