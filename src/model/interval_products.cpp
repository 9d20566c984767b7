#include "model/interval_products.hpp"

#include <atomic>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "arith/rounding.hpp"
#include "model/parallel.hpp"

namespace gdcert {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kU = 0x1p-53;        // unit roundoff, binary64 round to nearest
constexpr double kEta = 0x1p-1074;    // smallest subnormal
constexpr double kLoopWork = 2e5;     // below this many multiply-adds: interval loops

using RowMat = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// Upper bound of the exact value s of a sum of k non-negative products whose floating-point value
// (any summation order, round to nearest) is `computed`: s - computed <= gamma_k s + k eta, so
// s <= (computed + k eta) / (1 - gamma_k) <= (computed + k eta) * inv, inv >= 1 / (1 - gamma_k).
struct NonnegSum {
  double underflow, inv;
  NonnegSum(double gamma, double uf) : underflow(uf), inv(gamma < 1 ? div_up(1.0, sub_down(1.0, gamma)) : kInf) {}
  double upper(double computed) const { return mul_up(add_up(computed, underflow), inv); }
};

// A = C + E with |E| <= R (R rounded up). False when an entry is not finite.
bool split(std::span<const Interval> a, std::size_t n, std::size_t m, RowMat& c, RowMat& r) {
  c.resize(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(m));
  r.resize(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(m));
  double* cp = c.data();
  double* rp = r.data();
  std::atomic<bool> bad{false};
  parallel_for(n * m, [&](std::size_t begin, std::size_t end) {
    bool ok = true;
    for (std::size_t t = begin; t < end; ++t) {
      const Interval& x = a[t];
      if (!std::isfinite(x.lower()) || !std::isfinite(x.upper())) ok = false;
      const double mid = x.lower() == x.upper() ? x.lower() : gdcert::mid(x);
      cp[t] = mid;
      rp[t] = std::max(sub_up(x.upper(), mid), sub_up(mid, x.lower()));
      if (!std::isfinite(rp[t])) ok = false;
    }
    if (!ok) bad = true;
  });
  return !bad;
}

// Euclidean norms of the rows of a row-major n x m matrix, rounded up.
Eigen::VectorXd row_norms_upper(const RowMat& c) {
  Eigen::VectorXd out(c.rows());
  for (Eigen::Index i = 0; i < c.rows(); ++i) {
    double s = 0;
    const double* row = c.data() + i * c.cols();
    for (Eigen::Index k = 0; k < c.cols(); ++k) s = add_up(s, mul_up(row[k], row[k]));
    out(i) = sqrt_up(s);
  }
  return out;
}

Interval mid_rad(double mid, double e) {
  return (std::isfinite(mid) && !std::isnan(e)) ? Interval(sub_down(mid, e), add_up(mid, e)) : Interval::entire();
}

}  // namespace

double gamma_upper(std::size_t k) {
  const double ku = mul_up(static_cast<double>(k), kU);
  if (!(ku < 0.5)) return kInf;
  return div_up(ku, sub_down(1.0, ku));
}

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
                                                 const Eigen::MatrixXd& b, bool transpose_b) {
  if (static_cast<std::size_t>(transpose_b ? b.cols() : b.rows()) != k)
    throw std::invalid_argument("interval_times_point: inner dimensions differ");
  return times_point_loops<Interval>(a, n, k, b, transpose_b,
                                     [](Interval& s, const Interval& x, double w) { s += x * Interval(w); });
}

std::vector<Interval> interval_gram_midrad(std::span<const Interval> a, std::size_t n, std::size_t m) {
  RowMat c, r;
  if (!split(a, n, m, c, r)) return interval_gram_loops(a, n, m);
  // A = C + E, |E| <= R: for every member
  //   |(A A^T - C C^T)_ab| <= |C_a|.R_b + R_a.(|C_b| + R_b) <= |C_a| |R_b| + |R_a| (|C_b| + |R_b|)
  // (Cauchy-Schwarz on the rows; Euclidean row norms rounded up). The computed fl(C C^T) (any
  // summation order) is off by at most gamma_m (|C||C|^T)_ab + m eta <= gamma_m |C_a| |C_b| + m eta.
  // So one floating-point product (a symmetric rank update) and O(n m) rounded-up norms; no
  // product of the radii (which would cost two more n x n x m GEMMs for a radius that is a few
  // ulps either way).
  const double gamma = gamma_upper(m + 1);  // one spare rounding for safety
  const double underflow = mul_up(static_cast<double>(2 * (m + 1)), kEta);
  const auto N = static_cast<Eigen::Index>(n);
  Eigen::MatrixXd cc = Eigen::MatrixXd::Zero(N, N);
  cc.selfadjointView<Eigen::Upper>().rankUpdate(c);  // upper triangle of C C^T
  const Eigen::VectorXd cn = row_norms_upper(c), rn = row_norms_upper(r);
  auto radius = [&](Eigen::Index i, Eigen::Index j) {
    double e = add_up(mul_up(gamma, mul_up(cn(i), cn(j))), underflow);
    e = add_up(e, mul_up(cn(i), rn(j)));
    return add_up(e, mul_up(rn(i), add_up(cn(j), rn(j))));
  };
  std::vector<Interval> g(n * n);
  for (Eigen::Index i = 0; i < N; ++i)
    for (Eigen::Index j = i; j < N; ++j) {
      // (i, j) and (j, i) bound the same exact entry: keep the smaller radius.
      Interval v = mid_rad(cc(i, j), std::min(radius(i, j), radius(j, i)));
      if (i == j) v = intersect(v, Interval(0.0, kInf));  // a sum of squares
      g[static_cast<std::size_t>(i * N + j)] = g[static_cast<std::size_t>(j * N + i)] = v;
    }
  return g;
}

std::vector<Interval> interval_gram(std::span<const Interval> a, std::size_t n, std::size_t m) {
  if (static_cast<double>(n) * static_cast<double>(n) * static_cast<double>(m) <= kLoopWork) return interval_gram_loops(a, n, m);
  return interval_gram_midrad(a, n, m);
}

std::vector<Interval> interval_times_point(std::span<const Interval> a, std::size_t n, std::size_t k,
                                           const Eigen::MatrixXd& b, bool transpose_b) {
  if (static_cast<std::size_t>(transpose_b ? b.cols() : b.rows()) != k)
    throw std::invalid_argument("interval_times_point: inner dimensions differ");
  const std::size_t m = static_cast<std::size_t>(transpose_b ? b.rows() : b.cols());
  if (static_cast<double>(n) * static_cast<double>(k) * static_cast<double>(m) <= kLoopWork || !b.allFinite())
    return interval_times_point_loops(a, n, k, b, transpose_b);
  RowMat c, r;
  if (!split(a, n, k, c, r)) return interval_times_point_loops(a, n, k, b, transpose_b);
  // A B = C B + E B with |E B| <= R |B|; fl(C B)_ij is off by at most
  // gamma_k (|C| |B|)_ij + k eta <= gamma_k |C_i| |B_:j| + k eta (Cauchy-Schwarz; norms rounded up).
  const double gamma = gamma_upper(k + 1);
  const NonnegSum bound(gamma, mul_up(static_cast<double>(2 * (k + 1)), kEta));
  const RowMat cb = transpose_b ? RowMat(c * b.transpose()) : RowMat(c * b);
  Eigen::VectorXd cn = row_norms_upper(c);
  for (Eigen::Index i = 0; i < cn.size(); ++i) cn(i) = mul_up(gamma, cn(i));
  Eigen::VectorXd bn(static_cast<Eigen::Index>(m));  // |B_:j|, the columns of the k x m factor
  parallel_for(m, [&](std::size_t begin, std::size_t end) {
    for (std::size_t j = begin; j < end; ++j) {
      double s = 0;
      for (std::size_t t = 0; t < k; ++t) {
        const auto T = static_cast<Eigen::Index>(t), J = static_cast<Eigen::Index>(j);
        const double w = transpose_b ? b(J, T) : b(T, J);
        s = add_up(s, mul_up(w, w));
      }
      bn(static_cast<Eigen::Index>(j)) = sqrt_up(s);
    }
  });
  const bool point = (r.array() == 0).all();
  RowMat rb;
  if (!point) rb = transpose_b ? RowMat(r * b.cwiseAbs().transpose()) : RowMat(r * b.cwiseAbs());
  std::vector<Interval> out(n * m);
  parallel_for(n * m, [&](std::size_t begin, std::size_t end) {
    for (std::size_t t = begin; t < end; ++t) {
      const auto I = static_cast<Eigen::Index>(t / m), J = static_cast<Eigen::Index>(t % m);
      double e = add_up(mul_up(cn(I), bn(J)), bound.underflow);
      if (!point) e = add_up(e, bound.upper(rb(I, J)));
      out[t] = mid_rad(cb(I, J), e);
    }
  });
  return out;
}

}  // namespace gdcert
