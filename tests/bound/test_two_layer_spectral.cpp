// two_layer_spectral_k against closed forms and an independent SVD, and verified_norm2_upper
// against exact spectral norms.
#include <doctest/doctest.h>

#include <Eigen/SVD>
#include <cmath>
#include <random>
#include <vector>

#include "bound/two_layer_spectral.hpp"
#include "bound/verified_eigen.hpp"

using namespace gdcert;

namespace {
// ||[[p, 0], [c, p]]||_2 by Eigen's SVD (a second method, floating point).
double block_norm_svd(double p, double c) {
  Eigen::Matrix2d b;
  b << p, 0, c, p;
  return Eigen::JacobiSVD<Eigen::Matrix2d>(b).singularValues()(0);
}
}  // namespace

TEST_CASE("two_layer_spectral_k: closed forms, the per-neuron maximum, non-finite input") {
  // c = 0: ||B|| = p = s_2 S1, so k = ||X~||_2 s_2 S1 = 3 * 0.5 * 1.
  const double k0 = two_layer_spectral_k({{1.0, 0.0, 5.0}}, 3.0, 2.0, 0.5);
  CHECK(k0 >= 1.5);
  CHECK(k0 <= 1.5 * (1 + 1e-15));
  // p = 1, c = S2 |v| xi = 0.5 * 2 * 3 = 3: ||B|| = (3 + sqrt(13)) / 2.
  const double k1 = two_layer_spectral_k({{1.0, 0.5, 2.0}}, 1.0, 3.0, 1.0);
  CHECK(k1 >= (3 + std::sqrt(13.0)) / 2);
  CHECK(k1 <= (3 + std::sqrt(13.0)) / 2 * (1 + 1e-14));
  // The largest block wins, not a sum or an rms over neurons.
  const double k2 = two_layer_spectral_k({{1.0, 0.5, 2.0}, {0.2, 0.1, 0.1}, {1.0, 0.0, 0.0}}, 1.0, 3.0, 1.0);
  CHECK(k2 == k1);
  CHECK(std::isinf(two_layer_spectral_k({{NAN, 0.5, 2.0}}, 1.0, 3.0, 1.0)));
  CHECK(two_layer_spectral_k({}, 1.0, 3.0, 1.0) == 0);
  // Random blocks: never below the SVD's largest singular value.
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> u(0.0, 4.0);
  for (int t = 0; t < 1000; ++t) {
    const NeuronSuprema q{u(rng), u(rng), u(rng)};
    const double xt = u(rng), xi = u(rng), s2 = u(rng);
    const double k = two_layer_spectral_k({q}, xt, xi, s2);
    const double ref = xt * block_norm_svd(s2 * q.s1, q.s2 * q.v * xi);
    CHECK(k >= ref * (1 - 1e-13));
    CHECK(k <= ref * (1 + 1e-12) + 1e-300);
  }
}

TEST_CASE("verified_norm2_upper: exact spectral norms, both shapes, intervals") {
  // diag(3, 4) padded: ||.||_2 = 4 (Frobenius would say 5).
  Eigen::MatrixXd a = Eigen::MatrixXd::Zero(2, 5);
  a(0, 0) = 3;
  a(1, 3) = 4;
  const double n = verified_norm2_upper(IntervalMatrix::from_point(a));
  CHECK(n >= 4);
  CHECK(n <= 4 * (1 + 1e-12));
  const double nt = verified_norm2_upper(IntervalMatrix::from_point(Eigen::MatrixXd(a.transpose())));
  CHECK(nt >= 4);
  CHECK(nt <= 4 * (1 + 1e-12));
  // Random matrices: above the SVD value of the midpoint and of a corner member.
  std::mt19937_64 rng(3);
  std::normal_distribution<double> g(0.0, 1.0);
  for (int t = 0; t < 50; ++t) {
    const Eigen::Index r = 1 + t % 9, c = 1 + (t * 7) % 17;
    Eigen::MatrixXd mid(r, c), rad(r, c), corner(r, c);
    for (Eigen::Index i = 0; i < r; ++i)
      for (Eigen::Index j = 0; j < c; ++j) {
        mid(i, j) = g(rng);
        rad(i, j) = 1e-3 * std::fabs(g(rng));
        corner(i, j) = mid(i, j) + (g(rng) > 0 ? rad(i, j) : -rad(i, j)) * 0.999;
      }
    const double up = verified_norm2_upper(IntervalMatrix::from_mid_rad(mid, rad));
    const double s_corner = Eigen::JacobiSVD<Eigen::MatrixXd>(corner).singularValues()(0);
    const double s_mid = Eigen::JacobiSVD<Eigen::MatrixXd>(mid).singularValues()(0);
    CHECK(up >= s_corner * (1 - 1e-12));
    CHECK(up >= s_mid * (1 - 1e-12));
    CHECK(up <= s_mid + 0.01 * (1 + s_mid));  // not vacuous: close to the midpoint's norm
  }
}
