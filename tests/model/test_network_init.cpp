// gdcert's generator and initialisation schemes (model/network_init.hpp). The hard-coded values
// below are the documented contract of the generator: the same seed gives these doubles on every
// platform. Changing the generator is a breaking change of the model-file format.
#include <doctest/doctest.h>

#include <cmath>

#include "model/network_init.hpp"
#include "theorem41.hpp"

namespace gdcert {
namespace {

TEST_CASE("GdcertRandom: pinned SplitMix64 outputs, uniforms and normals for seed 1") {
  GdcertRandom r(1);
  CHECK(r.next() == 10451216379200822465ULL);  // 0x910a2dec89025cc1, the published SplitMix64(1) value
  CHECK(r.next() == 13757245211066428519ULL);
  GdcertRandom u(1);
  CHECK(u.uniform() == 0x1.22145bd91204bp-1);
  GdcertRandom g(1);
  CHECK(g.normal() == 0x1.b7c251a5470ccp-2);
  CHECK(g.normal() == 0x1.95f5305298699p+0);
  CHECK(g.normal() == 0x1.d368fe72bb62p-2);
}

TEST_CASE("initialise_network: pinned LeCun weights; same seed same weights; other seed other weights") {
  NetworkArchitecture arch{{10, 64, 1}, Activation::Tanh, parse_number("0"), true, Parametrization::Ntk};
  const Network a = initialise_network(arch, {InitScheme::Lecun, 1, {}});
  CHECK(a.weights[0](0, 0) == 0x1.1620c7d4f46cdp-3);
  CHECK(a.weights[0](0, 1) == 0x1.00c00f8025501p-1);
  CHECK(a.weights[1](0, 63) == -0x1.0f6081fabd4bcp-4);
  CHECK(initialise_network(arch, {InitScheme::Lecun, 1, {}}).flatten() == a.flatten());
  CHECK(initialise_network(arch, {InitScheme::Lecun, 2, {}}).flatten() != a.flatten());
  for (const auto& b : a.biases) CHECK(b.isZero());
  // Scale relations: the same draws, scaled.
  const Network n = initialise_network(arch, {InitScheme::Ntk, 1, {}});
  const Network h = initialise_network(arch, {InitScheme::He, 1, {}});
  CHECK(n.weights[0](3, 4) * std::sqrt(1.0 / 10) == doctest::Approx(a.weights[0](3, 4)));
  CHECK(h.weights[0](3, 4) == doctest::Approx(a.weights[0](3, 4) * std::sqrt(2.0)));
  std::map<std::string, ExactNumber> c{{"c", parse_number("4")}};
  CHECK(initialise_network(arch, {InitScheme::Lecun, 1, c}).weights[0](5, 5) == doctest::Approx(2 * a.weights[0](5, 5)));
}

TEST_CASE("initialisation statistics: LeCun variance c / fan-in, Xavier 2 / (fan-in + fan-out)") {
  NetworkArchitecture arch{{50, 4000, 1}, Activation::Tanh, parse_number("0"), false, Parametrization::Standard};
  for (auto [scheme, var] : {std::pair{InitScheme::Lecun, 1.0 / 50}, std::pair{InitScheme::Xavier, 2.0 / 4050},
                             std::pair{InitScheme::He, 2.0 / 50}}) {
    const Network net = initialise_network(arch, {scheme, 7, {}});
    const Eigen::MatrixXd& W = net.weights[0];
    const double mean = W.mean(), v = (W.array() - mean).square().mean();
    CHECK(std::abs(mean) < 5 * std::sqrt(var / W.size()));
    CHECK(v == doctest::Approx(var).epsilon(0.02));
  }
}

TEST_CASE("chatterjee41: W1 = 0, hidden in [delta, 2 delta], last layer in [A, 1.5 A]") {
  NetworkArchitecture arch{{5, 6, 7, 1}, Activation::SmoothLeakyRelu, parse_number("0.1"), true, Parametrization::Standard};
  std::map<std::string, ExactNumber> c{{"delta", parse_number("0.25")}, {"A", parse_number("10")}};
  const Network net = initialise_network(arch, {InitScheme::Chatterjee41, 4, c});
  REQUIRE(net.biases.size() == 3);
  test::check_theorem41_start(net, 0.25, 10);
}

TEST_CASE("synthetic data: pinned, reproducible, in range") {
  const Dataset a = synthetic_dataset({4, 10, 1, "normal", "uniform(-0.5,0.5)"});
  CHECK(a.n == 4);
  CHECK(a.d == 10);
  CHECK(a.inputs.size() == 40);
  CHECK(a.inputs[0] == Interval(0x1.b7c251a5470ccp-2));
  CHECK(a.targets[0] == Interval(0x1.79c344067f198p-2));
  const Dataset b = synthetic_dataset({4, 10, 1, "normal", "uniform(-0.5,0.5)"});
  for (std::size_t k = 0; k < 40; ++k) CHECK(a.inputs[k] == b.inputs[k]);
  const Dataset s = synthetic_dataset({3, 5, 2, "sphere", "zero"});
  for (std::size_t i = 0; i < 3; ++i) {
    double q = 0;
    for (std::size_t k = 0; k < 5; ++k) q += s.x(i, k).lower() * s.x(i, k).lower();
    CHECK(q == doctest::Approx(1.0));
    CHECK(s.targets[i] == Interval(0.0));
  }
  const Dataset u = synthetic_dataset({20, 3, 2, "uniform(1,2)", "normal"});
  for (const Interval& v : u.inputs) CHECK((v.lower() >= 1 && v.upper() <= 2));
  CHECK_THROWS_AS(synthetic_dataset({3, 5, 2, "uniform(2,1)", "zero"}), std::invalid_argument);
  CHECK_THROWS_AS(synthetic_dataset({3, 5, 2, "uniform(a,1)", "zero"}), std::invalid_argument);
}

}  // namespace
}  // namespace gdcert
