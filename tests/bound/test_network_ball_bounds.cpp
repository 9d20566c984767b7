// NetworkBallBounds: containment tests at sampled points of the ball (never print-only).
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>
#include <vector>

#include "arith/rounding.hpp"
#include "bound/network_activation.hpp"
#include "bound/network_ball_bounds.hpp"
#include "bound/verified_eigen.hpp"
#include "model/network_eval.hpp"
#include "theorem41.hpp"

using namespace gdcert;

namespace {

using Problem = test::NetworkProblem;
using test::add_data;

Problem make_problem(std::vector<std::size_t> layers, Activation act, bool bias, Parametrization par,
                     unsigned seed, double target_half = 0.5) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal(0.0, 1.0);
  std::uniform_real_distribution<double> unif(-target_half, target_half);
  Problem pr;
  pr.net.arch.layers = layers;
  pr.net.arch.activation = act;
  pr.net.arch.slope = parse_number("0.2");
  pr.net.arch.bias = bias;
  pr.net.arch.parametrization = par;
  for (std::size_t l = 1; l < layers.size(); ++l) {
    // LeCun: N(0, 1/d_{l-1}) in the standard parametrisation, N(0, 1) raw weights in ntk.
    const double sd = par == Parametrization::Standard ? 1.0 / std::sqrt(double(layers[l - 1])) : 1.0;
    Eigen::MatrixXd W(layers[l], layers[l - 1]);
    for (Eigen::Index j = 0; j < W.rows(); ++j)
      for (Eigen::Index k = 0; k < W.cols(); ++k) W(j, k) = sd * normal(rng);
    pr.net.weights.push_back(W);
    if (bias) {
      Eigen::VectorXd b(layers[l]);
      for (Eigen::Index j = 0; j < b.size(); ++j) b(j) = 0.1 * normal(rng);
      pr.net.biases.push_back(b);
    }
  }
  return pr;
}

// Jacobian (n x p) and kernel K = J J^T (n x n) enclosures from the model's evaluator, in double
// intervals (precision 0) or MPFI of that many bits, rounded outward to double intervals.
struct Evaluated {
  std::vector<Interval> outputs;
  IntervalMatrix J, K;
};
template <class T>
Evaluated evaluated_with(const Network& net, const Dataset& data) {
  NetworkEvaluator<T> ev(net, data);
  ev.evaluate();
  const std::size_t n = ev.n(), p = ev.p();
  auto iv = [](const T& x) {
    if constexpr (std::is_same_v<T, Interval>) return x;
    else return to_interval(x);
  };
  Evaluated out{{}, IntervalMatrix(n, p), IntervalMatrix(n, n)};
  for (const T& y : ev.outputs()) out.outputs.push_back(iv(y));
  const std::vector<T> J = ev.jacobian(), K = ev.kernel();
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t k = 0; k < p; ++k) out.J(i, k) = iv(J[i * p + k]);
    for (std::size_t k = 0; k < n; ++k) out.K(i, k) = iv(K[i * n + k]);
  }
  return out;
}
Evaluated evaluated(const Network& net, const Dataset& data, unsigned precision) {
  if (precision == 0) return evaluated_with<Interval>(net, data);
  PrecisionScope scope(precision);
  return evaluated_with<MpInterval>(net, data);
}

// Plain double forward pass, written independently of the library's evaluator.
double forward_double(const Network& net, const Dataset& data, std::size_t i) {
  const auto& a = net.arch;
  Eigen::VectorXd f(a.layers[0]);
  for (std::size_t k = 0; k < a.layers[0]; ++k) f(k) = mid(data.x(i, k));
  for (std::size_t l = 1; l <= a.depth(); ++l) {
    double s = a.parametrization == Parametrization::Ntk ? 1.0 / std::sqrt(double(a.layers[l - 1])) : 1.0;
    Eigen::VectorXd g = s * (net.weights[l - 1] * f);
    if (a.bias) g += net.biases[l - 1];
    if (l == a.depth()) return g(0);
    for (Eigen::Index j = 0; j < g.size(); ++j) {
      const double x = g(j), sg = 1 / (1 + std::exp(-x));
      switch (a.activation) {
        case Activation::Tanh: g(j) = std::tanh(x); break;
        case Activation::Sigmoid: g(j) = sg; break;
        case Activation::Softplus: g(j) = std::log1p(std::exp(x)); break;
        case Activation::Silu: g(j) = x * sg; break;
        case Activation::SmoothLeakyRelu: g(j) = 0.2 * x + 0.8 * (std::log1p(std::exp(x)) - std::log(2.0)); break;
        case Activation::Identity: break;
      }
    }
    f = g;
  }
  return 0;
}

std::vector<double> point_in(const std::vector<double>& w0, double radius, std::mt19937_64& rng, int kind,
                             const Network& net) {
  std::normal_distribution<double> normal(0.0, 1.0);
  std::vector<double> u(w0.size(), 0.0);
  if (kind == 0 || kind == 1) {
    for (double& x : u) x = normal(rng);
  } else {
    // Concentrated on one hidden neuron of the first layer (incoming row and outgoing column):
    // the per-neuron worst case.
    const auto& a = net.arch;
    const std::size_t m1 = a.layers[1], d = a.layers[0];
    // kind 3: the neuron with the largest outgoing weights (two_layer_spectral.hpp's worst case).
    std::size_t j = std::uniform_int_distribution<std::size_t>(0, m1 - 1)(rng);
    if (kind == 3) {
      Eigen::Index top = 0;
      net.weights[1].colwise().norm().maxCoeff(&top);
      j = static_cast<std::size_t>(top);
    }
    for (std::size_t k = 0; k < d; ++k) u[j * d + k] = normal(rng);
    std::size_t off = m1 * d + (a.bias ? m1 : 0);
    const std::size_t m2 = a.layers[2];
    for (std::size_t q = 0; q < m2; ++q) u[off + q * m1 + j] = normal(rng) * (kind == 3 ? 3.0 : 1.0);
  }
  double nu = 0;
  for (double x : u) nu += x * x;
  nu = std::sqrt(nu);
  std::uniform_real_distribution<double> unif(0.0, 1.0);
  const double rho = kind == 0 ? radius * std::pow(unif(rng), 1.0 / 3) : radius * (1 - 1e-9);
  std::vector<double> w(w0);
  for (std::size_t j = 0; j < w.size(); ++j) w[j] += rho * 0.999999 * u[j] / nu;
  return w;
}

// Upper bounds of ||A - B||_F and ||A - B||_2 over the members.
std::pair<double, double> jac_diff_upper(const IntervalMatrix& a, const IntervalMatrix& b) {
  IntervalMatrix d(a.rows(), a.cols());
  for (Eigen::Index i = 0; i < a.rows(); ++i)
    for (Eigen::Index j = 0; j < a.cols(); ++j) d(i, j) = a(i, j) - b(i, j);
  return {frobenius_upper(d), verified_norm2_upper(d)};
}

// Largest |eigenvalue| of the per-sample Hessian at w by power iteration with central-difference
// Hessian-vector products of the MPFR Jacobian (a sampling tool: a lower estimate of the sup).
double hessian_norm_sample(const Network& net, const Dataset& data, const std::vector<double>& w, std::size_t i,
                           std::mt19937_64& rng) {
  const std::size_t p = w.size();
  std::normal_distribution<double> normal(0.0, 1.0);
  Eigen::VectorXd u(p);
  for (std::size_t j = 0; j < p; ++j) u(j) = normal(rng);
  u.normalize();
  double est = 0;
  const double t = 1e-7;  // MPFR 256 bits: rounding error ~ 1e-70 / t, truncation ~ t^2
  for (int it = 0; it < 30; ++it) {
    std::vector<double> wp(w), wm(w);
    for (std::size_t j = 0; j < p; ++j) {
      wp[j] += t * u(j);
      wm[j] -= t * u(j);
    }
    // The perturbed weights are doubles: use the exact step actually taken per coordinate.
    const Network np = Network::from_flat(net.arch, wp), nm = Network::from_flat(net.arch, wm);
    const IntervalMatrix jp = evaluated(np, data, 256).J;
    const IntervalMatrix jm = evaluated(nm, data, 256).J;
    Eigen::VectorXd hu(p);
    for (std::size_t j = 0; j < p; ++j) hu(j) = (mid(jp(i, j)) - mid(jm(i, j))) / (2 * t);
    // Rayleigh quotient with the actual (rounded) step is close; use |u^T H u| as the estimate.
    est = std::max(est, std::fabs(u.dot(hu)));
    const double nh = hu.norm();
    if (nh == 0) break;
    u = hu / nh;
  }
  return est;
}

}  // namespace

TEST_CASE("network evaluator: kernel and Jacobian agree with finite differences and J J^T") {
  for (Activation act : {Activation::Tanh, Activation::Silu, Activation::SmoothLeakyRelu}) {
    Problem pr = make_problem({3, 5, 4, 1}, act, true, Parametrization::Ntk, 3);
    add_data(pr, 3, 3);
    const Evaluated v = evaluated(pr.net, pr.data, 0);
    const IntervalMatrix& J = v.J;
    const std::vector<double> w0 = pr.net.flatten();
    for (std::size_t i = 0; i < 3; ++i) {
      const double fwd = forward_double(pr.net, pr.data, i);
      CHECK(std::fabs(fwd - mid(v.outputs[i])) <= 1e-12 * (1 + std::fabs(fwd)));
      for (std::size_t j = 0; j < w0.size(); j += 7) {
        std::vector<double> wp(w0), wm(w0);
        const double h = 1e-6;
        wp[j] += h;
        wm[j] -= h;
        const double fd = (forward_double(Network::from_flat(pr.net.arch, wp), pr.data, i) -
                           forward_double(Network::from_flat(pr.net.arch, wm), pr.data, i)) / (2 * h);
        CHECK(std::fabs(fd - mid(J(i, j))) <= 1e-6 * (1 + std::fabs(fd)));
      }
    }
    const IntervalMatrix& K = v.K;
    const IntervalMatrix G = gram_entrywise(J);
    for (Eigen::Index a = 0; a < 3; ++a)
      for (Eigen::Index b = 0; b < 3; ++b) CHECK(!intersect(K(a, b), G(a, b)).is_empty());
  }
}

TEST_CASE("activation derivative bounds contain sampled values (MPFR) and the global ones are sharp enough") {
  for (Activation act : {Activation::Tanh, Activation::Sigmoid, Activation::Softplus, Activation::Silu,
                         Activation::SmoothLeakyRelu, Activation::Identity}) {
    ActivationBounds b(act, parse_number("0.2"));
    PrecisionScope scope(200);
    const MpInterval slope = MpInterval::from_decimal("0.2");
    double m1 = 0, m2 = 0;
    for (double x = -30; x <= 30; x += 0.001) {
      const ActivationValues<MpInterval> f = activation_values(act, MpInterval(x), slope);
      m1 = std::max(m1, mag(f.first));
      m2 = std::max(m2, mag(f.second));
      if (std::fmod(std::fabs(x), 1.37) < 0.001) {
        CHECK(mag(f.first) <= b.sup(1, x - 0.01, x + 0.01));
        CHECK(mag(f.second) <= b.sup(2, x - 0.01, x + 0.01));
        const auto [s1, s2] = b.sup12(x - 0.01, x + 0.01);
        CHECK(mag(f.first) <= s1);
        CHECK(mag(f.second) <= s2);
      }
    }
    CHECK(m1 <= b.global(1));
    CHECK(m2 <= b.global(2));
    CHECK(b.global(2) <= 1.01 * m2 + (act == Activation::Silu ? 0.0 : 0.0));
  }
}

namespace {
struct Tally {
  double worst_ratio = 0;  // largest sampled ||J - J0||_2 / bound (must stay <= 1)
  double hess_ratio = 0;   // largest sampled ||Hess f(x_i, w)|| / bound (must stay <= 1)
};

void check_ball(const Problem& pr, double radius, unsigned seed, Tally& t, bool check_hessian = false) {
  NetworkBallBounds nb(pr.net, pr.data, Interval(1.0) / Interval(double(pr.data.n)), 0);
  const CentreBounds& c = nb.centre();
  REQUIRE(c.defined);
  char rtext[64];
  std::snprintf(rtext, sizeof rtext, "%.17g", radius);
  const ExactNumber rnum = parse_number(rtext);
  const BallConstants bc = nb.over_ball(rnum);
  REQUIRE(bc.defined);
  const double kr = nb.details().k_perturbation * radius, kfr = nb.details().k_frobenius * radius;
  CHECK(std::isfinite(kr));
  CHECK(nb.details().k_perturbation <= nb.details().k_frobenius);
  CHECK(nb.details().k_perturbation == std::min(nb.details().k_frobenius, nb.details().k_two_layer_spectral));
  CHECK(std::isfinite(nb.details().k_two_layer_spectral) == (pr.net.arch.depth() == 2));
  const IntervalMatrix J0 = evaluated(pr.net, pr.data, 0).J;
  const std::vector<double> w0 = nb.centre_point();
  std::mt19937_64 rng(seed);
  for (int s = 0; s < 24; ++s) {
    const int kind = pr.net.arch.depth() >= 2 ? s % 4 : s % 2;
    const std::vector<double> w = point_in(w0, radius, rng, kind, pr.net);
    REQUIRE(nb.point_in_ball(w, rnum));
    const Network nw = Network::from_flat(pr.net.arch, w);
    const Evaluated vw = evaluated(nw, pr.data, 256);
    const IntervalMatrix& Jw = vw.J;
    const auto [fro, diff] = jac_diff_upper(Jw, J0);
    CHECK(fro <= kfr);
    CHECK(diff <= kr);
    t.worst_ratio = std::max(t.worst_ratio, diff / kr);
    const IntervalMatrix& Kw = vw.K;
    const EigenBound lw = verified_lambda_min(Kw);
    REQUIRE(lw.proved);
    CHECK(lw.lower >= mul_up(bc.sigma_min_lower, bc.sigma_min_lower));
    const PointBounds pb = nb.at_point(w);
    CHECK(sqrt_up(pb.residual_norm_sq.upper()) <= bc.residual_sup);
    double jl = 0;
    for (Eigen::Index i = 0; i < Kw.rows(); ++i) jl = std::max(jl, Kw(i, i).lower());
    CHECK(sqrt_down(jl) <= bc.jac_sup);
    CHECK(pb.lambda_min_upper >= lw.lower);
    if (check_hessian && s < 4) {
      for (std::size_t i = 0; i < pr.data.n; ++i) {
        const double h = hessian_norm_sample(pr.net, pr.data, w, i, rng);
        CHECK(h <= nb.details().hess_per_sample[i]);
        t.hess_ratio = std::max(t.hess_ratio, h / nb.details().hess_per_sample[i]);
        CHECK(h <= bc.hess_max);
      }
    }
  }
}
// check_ball on `layers` for every activation, parametrisation and bias (3 samples each, seeds
// first_seed + 1, first_seed + 2, ...) at each radius.
Tally check_every_activation(const std::vector<std::size_t>& layers, unsigned first_seed, const std::vector<double>& radii) {
  Tally t;
  unsigned seed = first_seed;
  for (Activation act : {Activation::Tanh, Activation::Sigmoid, Activation::Softplus, Activation::Silu,
                         Activation::SmoothLeakyRelu, Activation::Identity})
    for (Parametrization par : {Parametrization::Standard, Parametrization::Ntk})
      for (bool bias : {false, true}) {
        CAPTURE(static_cast<int>(act));
        CAPTURE(bias);
        CAPTURE(static_cast<int>(par));
        Problem pr = make_problem(layers, act, bias, par, ++seed);
        add_data(pr, 3, seed);
        for (double r : radii) check_ball(pr, r, seed, t);
      }
  return t;
}
}  // namespace

TEST_CASE("two-layer networks: ||J(w) - J(w0)||_F, sigma_min, |r|, ||J|| contained at sampled points") {
  const Tally t = check_every_activation({4, 12, 1}, 1, {0.05, 0.5, 3.0});
  MESSAGE("two-layer worst sampled/bound ratio " << t.worst_ratio);
  CHECK(t.worst_ratio > 0.02);  // the bound is not vacuous (and the sampling does reach it)
}

TEST_CASE("three-layer networks: the same containments") {
  const Tally t = check_every_activation({3, 7, 6, 1}, 100, {0.05, 0.7});
  MESSAGE("three-layer worst sampled/bound ratio " << t.worst_ratio);
}

TEST_CASE("Hessian bound: above the sampled per-sample Hessian norms (two and three layers)") {
  Tally t;
  unsigned seed = 500;
  for (Activation act : {Activation::Tanh, Activation::Silu, Activation::SmoothLeakyRelu, Activation::Sigmoid})
    for (Parametrization par : {Parametrization::Standard, Parametrization::Ntk}) {
      CAPTURE(static_cast<int>(act));
      Problem p2 = make_problem({3, 6, 1}, act, true, par, ++seed);
      add_data(p2, 2, seed);
      check_ball(p2, 0.8, seed, t, true);
      Problem p3 = make_problem({3, 5, 4, 1}, act, false, par, ++seed);
      add_data(p3, 2, seed);
      check_ball(p3, 0.8, seed, t, true);
    }
  MESSAGE("Hessian: worst sampled/bound ratio " << t.hess_ratio);
  CHECK(t.hess_ratio > 0.05);  // the sampler works (a broken one returning 0 would pass otherwise)
}

TEST_CASE("Hessian bound shrinks like 1/sqrt(width) in the NTK parametrisation (two-layer tanh)") {
  double h[2];
  int idx = 0;
  for (std::size_t m : {256u, 16384u}) {
    Problem pr = make_problem({10, m, 1}, Activation::Tanh, false, Parametrization::Ntk, 77);
    add_data(pr, 4, 77);
    NetworkBallBounds nb(pr.net, pr.data, Interval(0.25), 0);
    const BallConstants bc = nb.over_ball(parse_number("1"));
    h[idx++] = bc.hess_max;
    MESSAGE("width " << m << ": hess_max " << bc.hess_max << ", k " << nb.details().k_perturbation);
  }
  CHECK(h[0] >= 4 * h[1]);
}

namespace {
// design.md 2.1 in plain double arithmetic with the global sigma' and sigma'' suprema (tanh):
// k^2 = sum_i (xi_i^2 / m) lambda_max([[1 + c_i^2, c_i], [c_i, 1]]), c_i = S2 max|a| xi_i.
double exact_style_k(const Problem& pr) {
  const std::size_t m = pr.net.arch.layers[1], d = pr.net.arch.layers[0];
  const double amax = pr.net.weights[1].cwiseAbs().maxCoeff();
  double k2 = 0;
  for (std::size_t i = 0; i < pr.data.n; ++i) {
    double x2 = 0;
    for (std::size_t j = 0; j < d; ++j) x2 += mid(pr.data.x(i, j)) * mid(pr.data.x(i, j));
    const double xi = std::sqrt(x2 / d), c = 0.7698004 * amax * xi;
    const double lam = (2 + c * c) / 2 + std::sqrt((2 + c * c) * (2 + c * c) / 4 - 1);
    k2 += xi * xi / m * lam;
  }
  return std::sqrt(k2);
}

// How many of `seeds` draws (two-layer tanh, NTK, LeCun = raw N(0, 1), targets uniform in
// [-0.5, 0.5]) the rigorous bounds certify by Chatterjee's criterion at r = sigma0 / 2k.
int design21_certified(std::size_t d, std::size_t n, std::size_t m, unsigned seeds) {
  int certified = 0;
  for (unsigned seed = 1; seed <= seeds; ++seed) {
    Problem pr = make_problem({d, m, 1}, Activation::Tanh, false, Parametrization::Ntk, 1000 + seed);
    add_data(pr, n, 1000 + seed);
    NetworkBallBounds nb(pr.net, pr.data, Interval(1.0) / Interval(double(n)), 0);
    const CentreBounds& c = nb.centre();
    REQUIRE(c.lambda_min.proved);
    // k with the global suprema (radius so large that every range is the whole line), then the
    // ball of the best radius sigma0 / 2k, where the per-neuron ranges can only tighten it.
    nb.over_ball(parse_number("1e6"));
    const double kglob = nb.details().k_perturbation, sigma0 = nb.details().sigma0_lower;
    const double r = sigma0 / (2 * kglob);
    char rtext[64];
    std::snprintf(rtext, sizeof rtext, "%.17g", r);
    const BallConstants bc = nb.over_ball(parse_number(rtext));
    const double k = nb.details().k_perturbation, res = c.residual_norm.upper();
    const bool crit = sigma0 * sigma0 > 4 * k * res;
    // Chatterjee's criterion 4 S(w0) < r^2 alpha with alpha >= (4/n) sigma_lower^2, S = |r|^2/n.
    const bool chatterjee = mul_up(res, res) < mul_down(mul_down(r, r), mul_down(bc.sigma_min_lower, bc.sigma_min_lower));
    MESSAGE("n " << n << " d " << d << " width " << m << " seed " << seed << ": sigma0 " << sigma0 << " k " << k
                 << " (frobenius " << nb.details().k_frobenius << ", spectral " << nb.details().k_two_layer_spectral
                 << ", exact-style frobenius " << exact_style_k(pr) << ") |F-y| " << res << " 2.1 criterion " << crit
                 << " chatterjee " << chatterjee << " via " << bc.sigma_method);
    CHECK(k <= kglob);
    CHECK(nb.details().k_frobenius <= 1.001 * exact_style_k(pr));  // rigour costs (almost) nothing over 2.1
    if (chatterjee) ++certified;
  }
  return certified;
}
}  // namespace

TEST_CASE("design 2.1: n = 4, d = 10, ntk two-layer tanh, width 32768: sigma0^2 > 4 k |F(w0) - y| for most draws") {
  CHECK(design21_certified(10, 4, 32768, 5) >= 3);
}

TEST_CASE("issue 10: n = 8, d = 16, ntk two-layer tanh, width 131072 (p = 2.2 million): most draws certified") {
  CHECK(design21_certified(16, 8, 131072, 3) >= 2);
}

TEST_CASE("Theorem 4.1 construction: certified with the paper's A, not with a tiny A") {
  for (Activation act : {Activation::Tanh, Activation::SmoothLeakyRelu}) {
    CAPTURE(static_cast<int>(act));
    const double delta = 0.5, r = delta / 2;
    // The paper's A (proof of Theorem 4.1), in double: only the test's choice of A.
    const double A_paper = test::theorem41_paper_A(test::theorem41_problem(act, delta, 1.0), delta);
    for (double A : {A_paper, 1e-3}) {
      const Problem pr = test::theorem41_problem(act, delta, A);
      test::check_theorem41_start(pr.net, delta, A);
      NetworkBallBounds nb(pr.net, pr.data, Interval(1.0) / Interval(double(pr.data.n)), 0);
      const CentreBounds& c = nb.centre();
      char rtext[64];
      std::snprintf(rtext, sizeof rtext, "%.17g", r);
      const BallConstants bc = nb.over_ball(parse_number(rtext));
      // 4 S(w0) < r^2 (4/n) sigma_lower^2  <=>  |r(w0)|^2 < r^2 sigma_lower^2.
      const double lhs = mul_up(c.residual_norm.upper(), c.residual_norm.upper());
      const double rhs = mul_down(mul_down(r, r), mul_down(bc.sigma_min_lower, bc.sigma_min_lower));
      MESSAGE("A " << A << ": |r0|^2 " << lhs << " vs r^2 sigma^2 " << rhs << " (" << bc.sigma_method
                   << ", first-layer lambda " << nb.details().lambda_first_layer << ", perturbation sigma "
                   << nb.details().sigma_perturbation << ")");
      if (A == A_paper) CHECK(lhs < rhs);
      else CHECK_FALSE(lhs < rhs);
    }
  }
}

TEST_CASE("precision B > 0: passes and K in B-bit MPFI, reported as B; 53 for double intervals") {
  Problem pr = make_problem({3, 6, 5, 1}, Activation::Tanh, true, Parametrization::Ntk, 900);
  add_data(pr, 3, 900);
  NetworkBallBounds dbl(pr.net, pr.data, Interval(1.0) / Interval(3.0), 0);
  NetworkBallBounds mp(pr.net, pr.data, Interval(1.0) / Interval(3.0), 128);
  CHECK(dbl.precision() == 53);
  CHECK(mp.precision() == 128);
  const CentreBounds &cd = dbl.centre(), &cm = mp.centre();
  REQUIRE(cd.defined);
  REQUIRE(cm.defined);
  REQUIRE(cd.lambda_min.proved);
  REQUIRE(cm.lambda_min.proved);
  // Both enclose the same exact K(w0) and r(w0) (so they meet each other and a 256-bit
  // evaluation); the 128-bit one is within a few ulps of the tightest double interval.
  const Evaluated ref = evaluated(pr.net, pr.data, 256);
  for (Eigen::Index a = 0; a < 3; ++a) {
    CHECK(!intersect(cd.residual[a], cm.residual[a]).is_empty());
    for (Eigen::Index b = 0; b < 3; ++b) {
      CHECK(!intersect(ref.K(a, b), cm.kernel(a, b)).is_empty());
      CHECK(!intersect(ref.K(a, b), cd.kernel(a, b)).is_empty());
      CHECK(!intersect(cm.kernel(a, b), cd.kernel(a, b)).is_empty());
      CHECK(width(cm.kernel(a, b)) <= width(cd.kernel(a, b)) + 4 * std::ldexp(mag(cd.kernel(a, b)), -52));
    }
  }
  CHECK(cm.lambda_min.lower <= cd.lambda_min_upper);
  CHECK(cd.lambda_min.lower <= cm.lambda_min_upper);
  // The ball constants come from the same double propagation of the (enclosed) centre values.
  const BallConstants bd = dbl.over_ball(parse_number("0.3")), bm = mp.over_ball(parse_number("0.3"));
  REQUIRE(bm.defined);
  CHECK(bm.hess_max == doctest::Approx(bd.hess_max).epsilon(1e-9));
  CHECK(mp.details().k_perturbation == doctest::Approx(dbl.details().k_perturbation).epsilon(1e-9));
  const std::vector<double> w = dbl.centre_point();
  const PointBounds pd = dbl.at_point(w), pm = mp.at_point(w);
  REQUIRE(pm.defined);
  CHECK(!intersect(pd.residual_norm_sq, pm.residual_norm_sq).is_empty());
  CHECK(!intersect(pd.gradient_norm_sq, pm.gradient_norm_sq).is_empty());
}
