// Proxy PL (Frei-Gu Definition 1.2) against closed forms: f = g = x^2 on B(1, 1/2).
//   a = 2: |2x|^2 >= (mu/2) x^2 for all x  <=>  mu <= 8
//   a = 1: |2x| >= (mu/2) x^2              <=>  mu <= 4/|x|, so mu* = 4 / 1.5 on the ball
#include <doctest/doctest.h>

#include <cmath>

#include "criteria/proxy_pl.hpp"
#include "test_options.hpp"

using namespace gdcert;

namespace {

ProxyPlOptions fast() { return test::budget_options<ProxyPlOptions>(2, 200); }

}  // namespace

TEST_CASE("proxy PL closed forms: the largest provable mu is within 1% of the infimum and never above") {
  Objective f = Objective::from_expression("x^2", {});
  for (auto [a, exact] : {std::pair{"2", 8.0}, std::pair{"1", 4.0 / 1.5}, std::pair{"0.5", 2 * std::sqrt(2.0) * std::pow(1.5, -1.5)}}) {
    // a = 1/2: |2x|^(1/2) >= (mu/2) x^2  <=>  mu <= 2 sqrt(2) |x|^(-3/2): inf at |x| = 1.5.
    ProxyPlSpec spec{"x^2", parse_number("0"), parse_number(a)};
    ProxyPlResult r = check_proxy_pl(f, spec, {parse_number("1")}, parse_number("0.5"), fast());
    CAPTURE(a);
    CHECK(r.verdict == Verdict::Certified);
    CHECK(r.mu_lower <= exact);
    CHECK(r.mu_lower >= exact * 0.99);
    CHECK(r.mu_upper >= exact * (1 - 1e-12));
  }
}

TEST_CASE("proxy PL: a claimed mu above the infimum is refuted with a witness, below it certified") {
  Objective f = Objective::from_expression("x^2", {});
  ProxyPlSpec spec{"x^2", parse_number("0"), parse_number("1")};
  ProxyPlOptions o = fast();
  o.claimed_mu = parse_number("2.7");
  ProxyPlResult r = check_proxy_pl(f, spec, {parse_number("1")}, parse_number("0.5"), o);
  CHECK(r.verdict == Verdict::Refuted);
  REQUIRE(r.witness.has_value());
  double x = r.witness->point[0];
  CHECK(std::abs(x - 1) <= 0.5);
  CHECK(4 / std::abs(x) < 2.7);  // the inequality really fails there (closed form)
  CHECK(r.witness->lhs.upper() < r.witness->rhs.lower());

  o.claimed_mu = parse_number("2.6");
  r = check_proxy_pl(f, spec, {parse_number("1")}, parse_number("0.5"), o);
  CHECK(r.verdict == Verdict::Certified);
  // L2 = sup |f''| = 2; eta < 1/2; T = 2/eta (mu eps/2)^-2 f(w0) >= 4 (2.6 * 0.01 / 2)^-2.
  CHECK(r.L2 >= 2);
  CHECK(r.step < 0.5);
  REQUIRE(r.iterations.has_value());
  CHECK(double(*r.iterations) >= 4 / std::pow(2.6 * 0.01 / 2, 2));
  CHECK(double(*r.iterations) <= 4 / std::pow(2.6 * 0.01 / 2, 2) * (1 + 1e-6) + 1);
}

TEST_CASE("proxy PL: a critical point with g > xi refutes every mu; g <= xi needs nothing") {
  // f = (x^2 - 1)^2 has grad 0 at x = 0 where g = 1 > 0.
  Objective f = Objective::from_expression("(x^2 - 1)^2", {});
  ProxyPlSpec spec{"1 + x^2", parse_number("0"), parse_number("2")};
  ProxyPlResult r = check_proxy_pl(f, spec, {parse_number("0")}, parse_number("0.1"), fast());
  CHECK(r.verdict == Verdict::Refuted);
  // xi = 5 > g on the ball: holds for any mu.
  spec.xi = parse_number("5");
  r = check_proxy_pl(f, spec, {parse_number("0")}, parse_number("0.1"), fast());
  CHECK(r.verdict == Verdict::Certified);
  CHECK(std::isinf(r.mu_lower));
  CHECK_THROWS_AS(check_proxy_pl(f, ProxyPlSpec{"x", parse_number("0"), parse_number("3")}, {parse_number("0")},
                                 parse_number("0.1"), fast()),
                  std::invalid_argument);
}
