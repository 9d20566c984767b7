#include "mpfr_reference.hpp"

#include <algorithm>

namespace gdcert::test {

BigMatrix to_big(const Eigen::MatrixXd& a) {
  BigMatrix b(a.rows(), a.cols());
  for (Eigen::Index i = 0; i < a.rows(); ++i)
    for (Eigen::Index j = 0; j < a.cols(); ++j) b(i, j) = Big(a(i, j));
  return b;
}

BigMatrix hilbert_big(Eigen::Index n) {
  BigMatrix h(n, n);
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j < n; ++j) h(i, j) = Big(1) / Big(static_cast<int>(i + j + 1));
  return h;
}

BigMatrix gram_big(const Eigen::MatrixXd& j) {
  BigMatrix g(j.rows(), j.rows());
  for (Eigen::Index a = 0; a < j.rows(); ++a)
    for (Eigen::Index b = 0; b < j.rows(); ++b) {
      Big s = 0;
      for (Eigen::Index k = 0; k < j.cols(); ++k) s += Big(j(a, k)) * Big(j(b, k));
      g(a, b) = s;
    }
  return g;
}

BigMatrix transpose_times_self(const Eigen::MatrixXd& a) {
  Eigen::MatrixXd at = a.transpose();
  return gram_big(at);
}

int count_below(const BigMatrix& a, const Big& sigma) {
  const Eigen::Index n = a.rows;
  BigMatrix s = a;
  for (Eigen::Index i = 0; i < n; ++i) s(i, i) -= sigma;
  const Big tiny = boost::multiprecision::ldexp(Big(1), -600);
  int negative = 0;
  for (Eigen::Index k = 0; k < n; ++k) {
    Big d = s(k, k);
    if (d == 0) d = tiny;
    if (d < 0) ++negative;
    for (Eigen::Index i = k + 1; i < n; ++i) {
      const Big f = s(i, k) / d;
      for (Eigen::Index j = k + 1; j <= i; ++j) s(i, j) -= f * s(j, k);
    }
  }
  return negative;
}

Bracket lambda_min_bracket(const BigMatrix& a) {
  const Eigen::Index n = a.rows;
  // Gershgorin gives a point below the spectrum; a diagonal entry (a Rayleigh quotient) one
  // at or above lambda_min.
  Big lo = a(0, 0), hi = a(0, 0);
  for (Eigen::Index i = 0; i < n; ++i) {
    Big off = 0;
    for (Eigen::Index j = 0; j < n; ++j)
      if (j != i) off += abs(i > j ? a(i, j) : a(j, i));
    lo = std::min(lo, Big(a(i, i) - off - 1));
    hi = std::min(hi, a(i, i));
  }
  const Big rel = boost::multiprecision::ldexp(Big(1), -200);
  for (int it = 0; it < 400; ++it) {
    const Big scale = std::max({Big(1e-300), abs(lo), abs(hi)});
    if (hi - lo <= rel * scale) break;
    const Big mid = (lo + hi) / 2;
    if (count_below(a, mid) == 0) lo = mid; else hi = mid;
  }
  return {lo, hi};
}

Bracket lambda_max_bracket(const BigMatrix& a) {
  BigMatrix neg = a;
  for (Big& x : neg.v) x = -x;
  const Bracket b = lambda_min_bracket(neg);
  return {-b.hi, -b.lo};
}

}  // namespace gdcert::test
