// Network evaluation (model/network_eval.hpp) against the expression engine on networks written
// out as residual programs, and against 256-bit MPFI evaluations of those programs: values,
// Jacobian rows, J^T v and the kernel K = J J^T, for every activation, both parametrisations,
// with and without biases.
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "arith/mp_interval.hpp"
#include "expr/evaluator.hpp"
#include "model/csv_data.hpp"
#include "model/interval_products.hpp"
#include "model/network_eval.hpp"
#include "model/network_init.hpp"

namespace gdcert {
namespace {

const Activation kActivations[] = {Activation::Tanh, Activation::Sigmoid, Activation::Softplus,
                                   Activation::SmoothLeakyRelu, Activation::Silu, Activation::Identity};

// Small networks with decimal data (so the data are inexact intervals with texts).
Network random_network(const std::vector<std::size_t>& layers, Activation act, Parametrization par, bool bias,
                       std::uint64_t seed) {
  NetworkArchitecture arch{layers, act, parse_number("0.2"), bias, par};
  GdcertRandom rng(seed);
  std::vector<double> w(Network{arch, {}, {}}.num_parameters());
  for (double& v : w) v = rng.normal() * 0.8;
  return Network::from_flat(arch, w);
}

Dataset decimal_data(std::size_t n, std::size_t d, std::uint64_t seed) {
  GdcertRandom rng(seed);
  std::string x, y;
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t k = 0; k < d; ++k) {
      const int v = static_cast<int>(rng.uniform() * 2000) - 1000;  // -1.000 .. 0.999
      x += (k ? ", " : "") + std::to_string(v / 1000.0).substr(0, 6);
    }
    x += "\n";
    y += std::to_string(static_cast<int>(rng.uniform() * 100) - 50) + "e-2\n";
  }
  return make_dataset(parse_csv_numbers(x, "X"), parse_csv_numbers(y, "y"), "X", "y");
}

// ref (a tight 256-bit enclosure) lies inside mine.
bool encloses(const Interval& mine, const MpInterval& ref) { return subset(ref, MpInterval(mine)); }
bool encloses(const MpInterval& mine, const MpInterval& ref) { return subset(ref, mine); }

template <class T>
void check_against_program(const Network& net, const Dataset& data) {
  CAPTURE(to_string(net.arch.activation));
  CAPTURE(to_string(net.arch.parametrization));
  CAPTURE(net.arch.bias);
  CAPTURE(net.arch.layers.size());
  const Program prog = network_residual_program(net, data);
  const std::vector<double> w = net.flatten();
  const std::size_t n = data.n, p = w.size();
  REQUIRE(prog.num_outputs() == n);
  REQUIRE(prog.num_variables() == p);

  // 256-bit reference from the expression engine.
  std::vector<MpInterval> ref_r(n), ref_J(n * p);
  {
    PrecisionScope scope(256);
    Evaluator<MpInterval> ev(prog);
    std::vector<MpInterval> x(w.begin(), w.end());
    REQUIRE(ev.evaluate(x, Order::Gradient) == Truth::True);
    for (std::size_t i = 0; i < n; ++i) {
      ref_r[i] = ev.value(i);
      for (std::size_t k = 0; k < p; ++k) ref_J[i * p + k] = ev.gradient(i)[k];
    }
  }
  std::vector<MpInterval> ref_K(n * n), ref_g(p);
  {
    PrecisionScope scope(256);
    for (std::size_t a = 0; a < n; ++a)
      for (std::size_t b = 0; b < n; ++b) {
        MpInterval s(0.0);
        for (std::size_t k = 0; k < p; ++k) s += ref_J[a * p + k] * ref_J[b * p + k];
        ref_K[a * n + b] = s;
      }
    for (std::size_t k = 0; k < p; ++k) {
      MpInterval s(0.0);
      for (std::size_t i = 0; i < n; ++i) s += ref_J[i * p + k] * ref_r[i];
      ref_g[k] = s;
    }
  }

  // The evaluator under test, at the network's weights and at the same point passed explicitly.
  PrecisionScope scope(128);  // used by MpInterval only
  NetworkEvaluator<T> ev(net, data);
  ev.evaluate(w);
  const std::vector<T> r = ev.residuals();
  for (std::size_t i = 0; i < n; ++i) CHECK(encloses(r[i], ref_r[i]));
  for (std::size_t i = 0; i < n; ++i) {
    const std::vector<T> row = ev.jacobian_row(i);
    REQUIRE(row.size() == p);
    for (std::size_t k = 0; k < p; ++k) CHECK(encloses(row[k], ref_J[i * p + k]));
  }
  const std::vector<T> K = ev.kernel();
  for (std::size_t k = 0; k < n * n; ++k) CHECK(encloses(K[k], ref_K[k]));
  const std::vector<T> g = ev.loss_gradient();
  REQUIRE(g.size() == p);
  for (std::size_t k = 0; k < p; ++k) CHECK(encloses(g[k], ref_g[k]));
  // Tight: the interval results are narrow (no blow-up).
  for (std::size_t k = 0; k < n * n; ++k) CHECK(ScalarTraits<T>::upper_bound(K[k]) - ScalarTraits<T>::lower_bound(K[k]) < 1e-9 * (1 + mag(K[k])));
}

TEST_CASE_TEMPLATE("network values, Jacobian rows, J^T r and K contain 256-bit expression-engine references", T, Interval, MpInterval) {
  const Dataset data2 = decimal_data(3, 2, 7);
  const Dataset data3 = decimal_data(4, 3, 8);
  std::uint64_t seed = 1;
  for (Activation act : kActivations)
    for (Parametrization par : {Parametrization::Standard, Parametrization::Ntk})
      for (bool bias : {false, true}) {
        check_against_program<T>(random_network({3, 4, 1}, act, par, bias, seed++), data3);
        check_against_program<T>(random_network({2, 3, 2, 1}, act, par, bias, seed++), data2);
      }
}

TEST_CASE("the double evaluator agrees with the expression engine in floating point") {
  const Dataset data = decimal_data(4, 3, 11);
  for (Activation act : kActivations) {
    const Network net = random_network({3, 5, 2, 1}, act, Parametrization::Ntk, true, 5);
    const Program prog = network_residual_program(net, data);
    Evaluator<double> ref(prog);
    const std::vector<double> w = net.flatten();
    ref.evaluate(w, Order::Gradient);
    NetworkEvaluator<double> ev(net, data);
    ev.evaluate();
    const std::vector<double> r = ev.residuals();
    for (std::size_t i = 0; i < data.n; ++i) {
      CHECK(r[i] == doctest::Approx(ref.value(i)).epsilon(1e-12));
      const std::vector<double> row = ev.jacobian_row(i);
      for (std::size_t k = 0; k < w.size(); ++k) CHECK(row[k] == doctest::Approx(ref.gradient(i)[k]).epsilon(1e-10));
    }
  }
}

TEST_CASE("evaluate(w) at another point equals evaluating the network built from w") {
  const Dataset data = decimal_data(3, 3, 2);
  const Network net = random_network({3, 4, 1}, Activation::Tanh, Parametrization::Standard, true, 3);
  std::vector<double> w = net.flatten();
  for (double& v : w) v += 0.125;
  const Network moved = Network::from_flat(net.arch, w);
  NetworkEvaluator<Interval> a(net, data), b(moved, data);
  a.evaluate(w);
  b.evaluate();
  for (std::size_t i = 0; i < data.n; ++i) CHECK(a.outputs()[i] == b.outputs()[i]);
  CHECK(a.point() == w);
  CHECK_THROWS_AS(a.evaluate(std::vector<double>(3, 0.0)), std::invalid_argument);
}

// A wide two-layer network: the kernel goes through the midpoint-radius products. Its Interval
// enclosure must contain a 128-bit MPFI evaluation of the same kernel (plain interval loops, a
// different code path) and lie close to a float64 J J^T formed explicitly.
TEST_CASE("wide networks: midpoint-radius K contains the MPFI K and is near a float64 J J^T") {
  for (Parametrization par : {Parametrization::Ntk, Parametrization::Standard})
    for (bool bias : {false, true}) {
      const std::size_t n = 6, d = 5, m = 3000;
      NetworkArchitecture arch{{d, m, 1}, Activation::Tanh, parse_number("0"), bias, par};
      Network net = initialise_network(arch, {InitScheme::Lecun, 42, {}});
      if (bias)
        for (auto& b : net.biases) b.setConstant(0.1);
      Dataset data = synthetic_dataset({n, d, 3, "normal", "uniform(-0.5,0.5)"});
      NetworkEvaluator<Interval> ev(net, data);
      ev.evaluate();
      const std::vector<Interval> K = ev.kernel();
      std::vector<MpInterval> Kmp;
      {
        PrecisionScope scope(128);
        NetworkEvaluator<MpInterval> mp(net, data);
        mp.evaluate();
        Kmp = mp.kernel();
      }
      NetworkEvaluator<double> fl(net, data);
      fl.evaluate();
      const std::vector<double> J = fl.jacobian();
      const std::size_t p = net.num_parameters();
      for (std::size_t a = 0; a < n; ++a)
        for (std::size_t b = 0; b < n; ++b) {
          double s = 0;
          for (std::size_t k = 0; k < p; ++k) s += J[a * p + k] * J[b * p + k];
          const Interval& e = K[a * n + b];
          CHECK(subset(Kmp[a * n + b], MpInterval(e)));
          CHECK(std::abs(s - mid(e)) <= rad(e) + 1e-12 * (1 + std::abs(s)));
          CHECK(width(e) < 1e-9 * (1 + std::abs(s)));
        }
    }
}

TEST_CASE("interval products: midpoint-radius results contain exact products of members") {
  GdcertRandom rng(9);
  const std::size_t n = 7, k = 5000, m = 9;
  std::vector<Interval> a(n * k);
  for (auto& v : a) {
    const double c = rng.normal(), r = rng.uniform() * 1e-3;
    v = Interval(c - r, c + r);
  }
  Eigen::MatrixXd b(k, m);
  for (Eigen::Index i = 0; i < b.rows(); ++i)
    for (Eigen::Index j = 0; j < b.cols(); ++j) b(i, j) = rng.normal();
  const std::vector<Interval> g = interval_gram(a, n, k), prod = interval_times_point(a, n, k, b);
  PrecisionScope scope(256);
  for (int trial = 0; trial < 3; ++trial) {
    std::vector<double> member(n * k);  // corners and interior points
    for (std::size_t t = 0; t < n * k; ++t)
      member[t] = trial == 0 ? a[t].lower() : trial == 1 ? a[t].upper() : mid(a[t]);
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t j = 0; j < n; ++j) {
        MpInterval s(0.0);
        for (std::size_t t = 0; t < k; ++t) s += MpInterval(member[i * k + t]) * MpInterval(member[j * k + t]);
        CHECK(subset(s, MpInterval(g[i * n + j])));
      }
      for (std::size_t j = 0; j < m; ++j) {
        MpInterval s(0.0);
        for (std::size_t t = 0; t < k; ++t) s += MpInterval(member[i * k + t]) * MpInterval(b(static_cast<Eigen::Index>(t), static_cast<Eigen::Index>(j)));
        CHECK(subset(s, MpInterval(prod[i * m + j])));
      }
    }
  }
}

TEST_CASE_TEMPLATE("activation derivatives contain 256-bit references; global suprema hold on a grid", T, Interval, MpInterval) {
  PrecisionScope scope(128);
  for (Activation act : kActivations) {
    CAPTURE(to_string(act));
    const Program prog = parse_program(
        act == Activation::Tanh ? "tanh(x)" : act == Activation::Sigmoid ? "sigmoid(x)" : act == Activation::Softplus ? "softplus(x)"
        : act == Activation::SmoothLeakyRelu ? "0.2*x + 0.8*(softplus(x) - log(2))" : act == Activation::Silu ? "x*sigmoid(x)" : "x",
        {.variables = {"x"}});
    for (double x = -12; x <= 12; x += 0.37) {
      const ActivationValues<T> v = activation_values(act, T(x), ScalarTraits<T>::from_number(parse_number("0.2")));
      PrecisionScope ref_scope(256);
      Evaluator<MpInterval> ev(prog);
      std::vector<MpInterval> xs{MpInterval(x)};
      REQUIRE(ev.evaluate(xs, Order::Hessian) == Truth::True);
      CHECK(encloses(v.value, ev.value(0)));
      CHECK(encloses(v.first, ev.gradient(0)[0]));
      const auto h = ev.hessian(0);
      const MpInterval second = h.empty() ? MpInterval(0.0) : h[0].value;
      CHECK(encloses(v.second, second));
      CHECK(mag(ev.gradient(0)[0]) <= activation_first_sup(act, parse_number("0.2")));
      CHECK(mag(second) <= activation_second_sup(act, parse_number("0.2")));
    }
  }
}

TEST_CASE("shape errors are reported, not crashed on") {
  Dataset data = decimal_data(3, 2, 1);
  Network net = random_network({3, 4, 1}, Activation::Tanh, Parametrization::Standard, false, 1);
  CHECK_THROWS_AS(NetworkEvaluator<double>(net, data), std::invalid_argument);  // d = 2 vs layers[0] = 3
  Network bad = random_network({2, 4, 1}, Activation::Tanh, Parametrization::Standard, false, 1);
  bad.weights[0].resize(3, 2);
  CHECK_THROWS_AS(NetworkEvaluator<double>(bad, data), std::invalid_argument);
}

}  // namespace
}  // namespace gdcert
