// as_sum_of_squares: recognised shapes, the scale, and that c * sum r_i^2 reproduces f.
#include <doctest/doctest.h>

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
      "(x-1)^2 - 100*(y-x^2)^2", "x*(y-1)^2", "(x^2 + y^2)/x", "(0-1)*x^2 + y^2", "sqrt(0-2)*x^2",
      "x^2 / (1-2)", "sin(1)*x^2",
  };
  for (const char* t : texts) {
    const std::string expression = t;
    CAPTURE(expression);
    CHECK_FALSE(as_sum_of_squares(parse(t)).has_value());
  }
  CHECK_FALSE(as_sum_of_squares(parse("x^2; y^2", {}, true)).has_value());
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
    auto form = as_sum_of_squares(f);
    REQUIRE(form.has_value());
    CHECK(form->scale.text == "1");
    CHECK(form->residuals.num_outputs() == c.residuals.size());
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
