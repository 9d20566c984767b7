// as_sum_of_squares: recognised shapes, the scale, and that c * sum r_i^2 reproduces f.
#include <doctest/doctest.h>

#include <algorithm>
#include <optional>
#include <random>

#include "expr_testing.hpp"

using namespace gdcert;
using namespace gdcert::testing;

namespace {

// f and c * sum r_i^2 agree at random points.
void check_reproduces(const Program& f, const SquaresForm& form) {
  Evaluator<double> ef(f), er(form.residuals);
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> u(-2, 2);
  for (int trial = 0; trial < 20; ++trial) {
    std::vector<double> x(f.num_variables());
    for (double& v : x) v = u(rng);
    ef.evaluate(x, Order::Value);
    er.evaluate(x, Order::Value);
    double s = 0;
    for (std::size_t i = 0; i < form.residuals.num_outputs(); ++i) s += er.value(i) * er.value(i);
    CHECK(form.scale.nearest * s == doctest::Approx(ef.value(0)).epsilon(1e-12));
  }
}

// The form of f, required to exist and to carry the scale 1 (constant factors moved into the
// residuals) with the given number of residuals.
std::optional<SquaresForm> unit_scale_form(const Program& f, std::size_t residuals) {
  auto form = as_sum_of_squares(f);
  REQUIRE(form.has_value());
  CHECK(form->scale.text == "1");
  CHECK(form->residuals.num_outputs() == residuals);
  return form;
}

}  // namespace

TEST_CASE("recognised sums of squares") {
  struct Case {
    const char* text;
    std::vector<std::string> residuals;
    const char* scale;
  };
  const Case cases[] = {
      {"(x*y-1)^2", {"x*y - 1"}, "1"},
      {"0.5*((a)^2+(b)^2)", {"a", "b"}, "0.5"},
      {"((a)^2+(b)^2)*0.5", {"a", "b"}, "0.5"},
      {"3*x^2 + 3*y^2", {"x", "y"}, "3"},
      {"x^2", {"x"}, "1"},
      {"x*x", {"x"}, "1"},
      {"x^4 + (y-1)^2", {"x^2", "y - 1"}, "1"},
      {"100*(y-x^2)^2", {"y - x^2"}, "100"},
      {"(10*(y-x^2))^2 + (1-x)^2", {"10*(y - x^2)", "1 - x"}, "1"},
      {"2e-1*(sin(x)^2 + (x-y)^2 + exp(y)^2)", {"sin(x)", "x - y", "exp(y)"}, "2e-1"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    Program f = parse(c.text);
    auto form = as_sum_of_squares(f);
    REQUIRE(form.has_value());
    CHECK(form->residuals.output_texts() == c.residuals);
    CHECK(form->residuals.variables() == f.variables());
    CHECK(form->scale.text == c.scale);
    check_reproduces(f, *form);
  }
}

TEST_CASE("not a sum of squares") {
  const char* texts[] = {
      "x^2 - y^2", "-x^2", "x^3", "-2*x^2", "0*x^2", "x^2 + y", "exp(x)", "x^2*y^2", "x^-2",
      "(x-1)^2 - 100*(y-x^2)^2", "(x^2 + y^2)/x", "(0-1)*x^2 + y^2", "sqrt(0-2)*x^2",
      "x^2 / (1-2)", "sin(1)*x^2",
  };
  for (const char* t : texts) {
    const std::string expression = t;
    CAPTURE(expression);
    CHECK_FALSE(as_sum_of_squares(parse(t)).has_value());
  }
  CHECK_FALSE(as_sum_of_squares(parse("x^2; y^2", {}, true)).has_value());
}

// Issue 13: f = h * (sum of squares). The residuals sqrt(c h) g_i reproduce f where every weight
// is > 0, and the weights are listed so that the layers above can prove them positive.
TEST_CASE("weighted sums of squares: h * S, S * h, nested, with constant factors") {
  struct Case {
    const char* text;
    std::vector<std::string> weights;
    std::size_t residuals;
  };
  const Case cases[] = {
      {"(x^2+y^2-1)^2*exp(x)", {"exp(x)"}, 1},
      {"exp(x)*(x^2+y^2-1)^2", {"exp(x)"}, 1},
      {"x*(y-1)^2", {"x"}, 1},
      {"exp(x)*(2*(x-1)^2 + (y-1)^2)", {"exp(x)"}, 2},
      {"(x*y-1)^2*exp(x)/2", {"exp(x)"}, 1},
      {"3*exp(y)*(x-1)^2", {"3*exp(y)"}, 1},
      {"exp(x)*(exp(y)*(x-1)^2)", {"exp(x)", "exp(y)"}, 1},
      {"(x-1)^2 + exp(y)*(y-2)^2", {"exp(y)"}, 2},
      {"cosh(x)*((x-1)^2 + exp(y)*(y-2)^4)", {"cosh(x)", "exp(y)"}, 2},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    Program f = parse(c.text);
    const auto form = unit_scale_form(f, c.residuals);
    std::vector<std::string> w = form->weights.output_texts();
    std::sort(w.begin(), w.end());
    std::vector<std::string> expected = c.weights;
    std::sort(expected.begin(), expected.end());
    CHECK(w == expected);
    CHECK(form->weights.variables() == f.variables());
    CHECK(form->positive_constants.empty());
    // f = sum r_i^2 where the weights are > 0 (x > 0 for the weight x: the points are shifted).
    Evaluator<double> ef(f), er(form->residuals), ew(form->weights);
    std::mt19937 rng(11);
    std::uniform_real_distribution<double> u(0.05, 2);
    for (int trial = 0; trial < 20; ++trial) {
      std::vector<double> x(f.num_variables());
      for (double& v : x) v = u(rng);
      ef.evaluate(x, Order::Value);
      er.evaluate(x, Order::Value);
      ew.evaluate(x, Order::Value);
      for (std::size_t k = 0; k < form->weights.num_outputs(); ++k) REQUIRE(ew.value(k) > 0);
      double s = 0;
      for (std::size_t i = 0; i < form->residuals.num_outputs(); ++i) s += er.value(i) * er.value(i);
      CHECK(s == doctest::Approx(ef.value(0)).epsilon(1e-12));
    }
  }
  // An unweighted form has no weights.
  auto plain = as_sum_of_squares(parse("(x*y-1)^2 + 100*(y-x^2)^2"));
  REQUIRE(plain.has_value());
  CHECK(plain->weights.num_outputs() == 0);
}

TEST_CASE("weighted forms that are not recognised") {
  const char* texts[] = {
      "exp(x)*((x-1)^2 + 1)",   // a weighted constant term is not a constant residual
      "x*(y-1)^2 + 0.01",       // a positive constant beside a weighted term: f < 0 where x < 0
      "(1+x^2)*(y-1)^2",        // both sides sum- or square-shaped: ambiguous
      "x^2*(y-1)^2",            // both squares
      "-2*x^2", "sin(1)*x^2",   // constant weights
      "exp(x)*y",               // no square at all
      "(x^2+y^2)/exp(x)",       // a weight as a divisor is not recognised
  };
  for (const char* t : texts) {
    const std::string expression = t;
    CAPTURE(expression);
    CHECK_FALSE(as_sum_of_squares(parse(t)).has_value());
  }
}

// The residual sqrt(h) g is proved defined only where h is proved > 0: over a box where h = x
// crosses 0 the interval evaluation says "not proved defined" instead of clipping sqrt's domain
// into a bound that would then be used.
TEST_CASE_TEMPLATE("weighted residuals are not proved defined where the weight is not proved positive", T, Interval,
                   MpInterval) {
  auto form = as_sum_of_squares(parse("x*(y-1)^2"));
  REQUIRE(form.has_value());
  Evaluator<T> ev(form->residuals);
  std::vector<T> crossing = {T(-0.5, 0.5), T(0.0, 2.0)};
  CHECK_FALSE(is_true(ev.evaluate(std::span<const T>(crossing), Order::Gradient)));
  std::vector<T> touching = {T(0.0, 0.5), T(0.0, 2.0)};
  CHECK_FALSE(is_true(ev.evaluate(std::span<const T>(touching), Order::Value)));
  std::vector<T> positive = {T(0.25, 0.5), T(0.0, 2.0)};
  CHECK(is_true(ev.evaluate(std::span<const T>(positive), Order::Gradient)));
}

TEST_CASE("output_program: one output alone, same variables") {
  Program p = parse_program("exp(x); y - x", ParseOptions{{"x", "y"}, true});
  Program q = output_program(p, 1);
  CHECK(q.num_outputs() == 1);
  CHECK(q.variables() == p.variables());
  CHECK(q.output_texts()[0] == p.output_texts()[1]);
  CHECK_THROWS(output_program(p, 2));
}

// Terms with different positive constant factors: f = 1 * sum (sqrt(c_i) g_i)^2, with c_i any
// constant subexpression of positive literals, pi and e (issue 13: Rosenbrock as people write it).
TEST_CASE("sums of differently scaled squares") {
  struct Case {
    const char* text;
    std::vector<std::string> residuals;
  };
  const Case cases[] = {
      {"(1-x)^2 + 100*(y-x^2)^2", {"1 - x", "sqrt(100)*(y - x^2)"}},
      {"(x-1)^2 + 100*(y-x^2)^2", {"x - 1", "sqrt(100)*(y - x^2)"}},
      {"2*(3*x^2 + 3*y^2)", {"sqrt(2*3)*x", "sqrt(2*3)*y"}},
      {"(x^2 + y^2)/2", {"sqrt(1/2)*x", "sqrt(1/2)*y"}},
      {"x^2 + 0.5*pi*(x*y-1)^4", {"x", "sqrt(0.5*pi)*(x*y - 1)^2"}},
      {"(2+3)*x^2 + y^2*sqrt(2)", {"sqrt(2 + 3)*x", "sqrt(sqrt(2))*y"}},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    Program f = parse(c.text);
    const auto form = unit_scale_form(f, c.residuals.size());
    check_reproduces(f, *form);
  }
  // The factor is enclosed, not rounded: sqrt(1/10) * x squared is 1/10 x^2 at x = 1, exactly
  // inside the enclosure.
  auto form = as_sum_of_squares(parse("x^2/10 + (y-1)^2"));
  REQUIRE(form.has_value());
  Evaluator<Interval> ev(form->residuals);
  std::vector<Interval> x = {Interval(1.0), Interval(3.0)};
  ev.evaluate(x, Order::Value);
  Interval r0 = sqr(ev.value(0));
  CHECK(r0.lower() <= 0.1);
  CHECK(r0.upper() >= 0.1);
  CHECK(r0.upper() - r0.lower() < 1e-15);
}

TEST_CASE("residuals share their common parts") {
  auto form = as_sum_of_squares(parse("(x*y - 1)^2 + (x*y + 1)^2"));
  REQUIRE(form.has_value());
  // x, y, x*y, 1, x*y - 1, x*y + 1
  CHECK(form->residuals.nodes().size() == 6);
}

TEST_CASE("sum_of_squares_program builds c * sum r_i^2 and round-trips through as_sum_of_squares") {
  Program r = parse_program("10*(y - x^2); 1 - x", ParseOptions{{"x", "y"}, true});
  Program f = sum_of_squares_program(r, parse_number("0.5"));
  REQUIRE(f.num_outputs() == 1);
  CHECK(f.variables() == r.variables());
  Evaluator<double> ev(f);
  std::vector<double> x = {0.5, 2.0};
  ev.evaluate(x, Order::Value);
  CHECK(ev.value(0) == doctest::Approx(0.5 * (100 * 1.75 * 1.75 + 0.25)));
  // Its text parses back to the same function.
  Program g = parse_program(f.output_texts()[0], ParseOptions{{"x", "y"}, false});
  Evaluator<double> eg(g);
  eg.evaluate(x, Order::Value);
  CHECK(eg.value(0) == doctest::Approx(ev.value(0)));
  auto back = as_sum_of_squares(f);
  REQUIRE(back.has_value());
  CHECK(back->residuals.num_outputs() == 2);
  CHECK(back->scale.text == "0.5");
  CHECK_THROWS(sum_of_squares_program(Program({"x"}), parse_number("1")));
}
