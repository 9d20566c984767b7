// C++ functors traced into programs: the same function as the parsed expression, exactly.
#include <doctest/doctest.h>

#include <random>

#include "cert/certificate_writer.hpp"
#include "cert/checker.hpp"
#include "criteria/chatterjee.hpp"
#include "expr/evaluator.hpp"
#include "model/objective.hpp"

using namespace gdcert;

namespace {

struct RosenbrockResiduals {
  template <class T>
  std::vector<T> operator()(const std::vector<T>& x) const {
    return {10 * (x[1] - x[0] * x[0]), 1 - x[0]};
  }
};

struct Everything {  // every traced operation, with non-integer and negative constants
  template <class T>
  T operator()(const std::vector<T>& x) const {
    T a = exp(x[0]) / (2 + sin(x[1])) - 0.1 * log(1.5 + cos(x[0]));
    T b = atan(x[1]) * tanh(x[0]) + sinh(x[1]) / cosh(x[0]) - sigmoid(x[0]) * softplus(-x[1]);
    T c = sqrt(2.5 + x[0] * x[0]) + pow(1.5 + x[1] * x[1], 0.3 + x[0] * 0) + abs(x[0] - 3) + tan(0.2 * x[1]);
    return sqr(a) + pown(b, 3) - c / (1 + pown(x[0], 2));
  }
};

// Same function: at random points the two programs' point enclosures of the value and the
// gradient must intersect (both contain the exact number) and be narrow. They need not be
// equal to the bit: x*x and x^2, or another summation order, round differently.
void check_same(const Program& a, const Program& b) {
  REQUIRE(a.num_outputs() == b.num_outputs());
  Evaluator<Interval> ea(a), eb(b);
  std::mt19937 rng(3);
  std::uniform_real_distribution<double> u(-1, 1);
  for (int t = 0; t < 50; ++t) {
    std::vector<Interval> x;
    for (std::size_t i = 0; i < a.num_variables(); ++i) x.push_back(Interval(u(rng)));
    ea.evaluate(x, Order::Gradient);
    eb.evaluate(x, Order::Gradient);
    auto same = [](const Interval& p, const Interval& q) {
      CHECK_FALSE(intersect(p, q).is_empty());
      CHECK(width(p) <= 1e-12 * (1 + mag(p)));
      CHECK(width(q) <= 1e-12 * (1 + mag(q)));
    };
    for (std::size_t k = 0; k < a.num_outputs(); ++k) {
      same(ea.value(k), eb.value(k));
      for (std::size_t i = 0; i < a.num_variables(); ++i) same(ea.gradient(k)[i], eb.gradient(k)[i]);
    }
  }
}

}  // namespace

TEST_CASE("a residual functor traces to the parsed residuals") {
  Objective traced = Objective::from_residual_functor(RosenbrockResiduals{}, {"x", "y"});
  Objective parsed = Objective::from_residuals("10*(y - x^2); 1 - x", {"x", "y"}, parse_number("1"));
  CHECK(traced.kind() == "residuals");
  check_same(traced.residuals(), parsed.residuals());
  check_same(traced.function(), parsed.function());
  // The recorded text reads back to the same program (certificates rely on it).
  Program reread = parse_program(traced.text(), ParseOptions{{"x", "y"}, true});
  check_same(reread, traced.residuals());
}

TEST_CASE("a function functor with every operation: text round trip and exact constants") {
  Objective traced = Objective::from_functor(Everything{}, {"x", "y"});
  CHECK(traced.kind() == "expr");
  Program reread = parse_program(traced.text(), ParseOptions{{"x", "y"}, false});
  check_same(reread, traced.function());
  // 0.1 in C++ is a double; the trace keeps that double exactly (a point constant).
  bool found = false;
  for (const auto& c : traced.function().constants()) {
    if (c.nearest == 0.1) {
      found = true;
      CHECK(c.exact);
    }
  }
  CHECK(found);
}

TEST_CASE("a traced objective certifies, and its certificate verifies") {
  Objective f = Objective::from_residual_functor(RosenbrockResiduals{}, {"x", "y"});
  ChatterjeeOptions o;
  o.record_evidence = true;
  o.sampling.samples = 300;
  ChatterjeeResult r = check_chatterjee(f, {parse_number("1.01"), parse_number("1.02")}, parse_number("0.05"), o);
  REQUIRE(r.verdict == Verdict::Certified);
  CHECK(verify_certificate(write_certificate(r, f)).status == VerifyResult::Status::Verified);
}

struct XyMinusOneSquared {
  template <class T>
  T operator()(const std::vector<T>& v) const { return sqr(v[0] * v[1] - 1); }
};

TEST_CASE("a functor returning a sum of squares is recognised as one") {
  Objective f = Objective::from_functor(XyMinusOneSquared{}, {"x", "y"});
  CHECK(f.has_residual_form());
}

TEST_CASE("Traced values outside a trace are an error, not undefined behaviour") {
  CHECK_THROWS_AS(Traced(1.0), std::logic_error);
}
