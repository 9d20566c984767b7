// Parser: precedence, literals, sharing, variable order, outputs, and every error kind with the
// position it reports.
#include <doctest/doctest.h>

#include <cmath>
#include <numbers>
#include <string>

#include "expr_testing.hpp"

using namespace gdcert;
using namespace gdcert::testing;

TEST_CASE("precedence and associativity") {
  CHECK(value_at("2^3^2") == 512);         // right-associative
  CHECK(value_at("-2^2") == -4);           // ^ binds tighter than unary minus
  CHECK(value_at("(-2)^2") == 4);
  CHECK(value_at("2*-3") == -6);           // a sign may follow a binary operator
  CHECK(value_at("2^-1") == 0.5);
  CHECK(value_at("2^-2^2") == 0.0625);     // 2^(-(2^2)), as in Python
  CHECK(value_at("1 - -1") == 2);
  CHECK(value_at("--3") == 3);
  CHECK(value_at("+3") == 3);
  CHECK(value_at("1+2*3") == 7);
  CHECK(value_at("(1+2)*3") == 9);
  CHECK(value_at("8/4/2") == 1);           // left-associative
  CHECK(value_at("2-3-4") == -5);
  CHECK(value_at("-x^2", {3}) == -9);
  CHECK(value_at("x*y/z", {6, 2, 4}) == 3);
  CHECK(value_at("2*pi") == doctest::Approx(2 * std::numbers::pi));
  CHECK(value_at("e") == doctest::Approx(std::numbers::e));
  CHECK(value_at("2*e") == doctest::Approx(2 * std::numbers::e));
  CHECK(value_at("exp(1) - e") == doctest::Approx(0.0));
  CHECK(value_at("sin(pi/6)") == doctest::Approx(0.5));
}

TEST_CASE("numeric literals are exact and never swallow identifiers") {
  CHECK(value_at("2e3") == 2000);
  CHECK(value_at("2e-3") == 0.002);
  CHECK(value_at("1.5E+2") == 150);
  CHECK(value_at(".5") == 0.5);
  CHECK(value_at("0x1.8p+1") == 3);
  CHECK(value_at("0x10") == 16);
  CHECK(value_at("0X1P-2") == 0.25);
  CHECK(value_at("2*exp(0)") == 2);        // "2e" is not read as a number before "xp"
  CHECK(value_at("x^2e1", {1.0}) == 1);
  Program p = parse("0.1*x");
  REQUIRE(p.constants().size() == 1);
  CHECK(p.constants()[0].text == "0.1");
  CHECK_FALSE(p.constants()[0].exact);
  // A minus in front of a literal is part of the literal: -0.1 is the exact number -1/10.
  Program q = parse("-0.1");
  REQUIRE(q.nodes().size() == 1);
  CHECK(q.constants()[0].text == "-0.1");
  CHECK(q.constants()[0].enclosure.lower() < -0.1 + 1e-17);
  CHECK(parse("--0.1").constants()[0].text == "0.1");
}

TEST_CASE("integer literal exponents become Pown, others Pow") {
  auto last = [](const std::string& text) { return parse(text).nodes().back(); };
  CHECK(last("x^2").op == Op::Pown);
  CHECK(last("x^2").k == 2);
  CHECK(last("x^-2").k == -2);
  CHECK(last("x^(-2)").op == Op::Pown);
  CHECK(last("x^(-2)").k == -2);
  CHECK(last("x^2.0").op == Op::Pown);  // an exactly integer literal counts as an integer
  CHECK(last("x^2.5").op == Op::Pow);
  CHECK(last("x^y").op == Op::Pow);
  CHECK(last("x^(1+1)").op == Op::Pow);
  // The integer exponent leaves no unused constant behind.
  CHECK(parse("x^3").nodes().size() == 2);
  CHECK(parse("x^3").constants().empty());
}

TEST_CASE("common subexpressions are shared") {
  // x, y, x*y, sin(x*y), + : x*y used twice is one node
  CHECK(parse("x*y + sin(x*y)").nodes().size() == 5);
  // commutative operands are put in a canonical order
  CHECK(parse("y*x + x*y").nodes().size() == 4);
  CHECK(parse("(x+1)^2 + exp(x+1)").nodes().size() == 6);
  Program c = parse("0.1*x + 0.1*y + 0.10*z");
  CHECK(c.constants().size() == 2);  // same text shares; "0.10" is another text
  Program pi = parse("pi*x + pi*y");
  CHECK(pi.nodes().size() == 6);     // pi, x, y, pi*x, pi*y, +
}

TEST_CASE("variable order") {
  CHECK(parse("z + a*b").variables() == std::vector<std::string>{"a", "b", "z"});
  CHECK(parse("z + a*b", {"z", "b", "a", "w"}).variables() ==
        std::vector<std::string>{"z", "b", "a", "w"});
  CHECK(parse("exp(x_1) + _y + e").variables() == std::vector<std::string>{"_y", "x_1"});
  // Natural order (issue 13): a centre given without --vars goes to x1, x2, ..., x10, x11.
  CHECK(parse("x11 + x2 + x10 + x1 + y + x3").variables() ==
        std::vector<std::string>{"x1", "x2", "x3", "x10", "x11", "y"});
  CHECK(parse("w10b + w10a + w9z + w01 + w1").variables() ==
        std::vector<std::string>{"w01", "w1", "w9z", "w10a", "w10b"});
  CHECK(natural_less("a2", "a10"));
  CHECK_FALSE(natural_less("a10", "a2"));
  CHECK(natural_less("a", "a0"));
  CHECK_FALSE(natural_less("x", "x"));
  Evaluator<double> ev(parse("a - 2*b", {"b", "a"}));
  std::vector<double> x = {10, 1};  // b = 10, a = 1
  ev.evaluate(x, Order::Value);
  CHECK(ev.value(0) == -19);
}

TEST_CASE("multiple outputs") {
  Program r = parse("10*(y - x^2);  1 - x ", {"x", "y"}, true);
  REQUIRE(r.num_outputs() == 2);
  CHECK(r.output_texts() == std::vector<std::string>{"10*(y - x^2)", "1 - x"});
  Evaluator<double> ev(r);
  std::vector<double> x = {2, 3};
  ev.evaluate(x, Order::Value);
  CHECK(ev.value(0) == -10);
  CHECK(ev.value(1) == -1);
  CHECK(parse("  x*y ").output_texts() == std::vector<std::string>{"x*y"});
}

namespace {
struct ErrorCase {
  const char* text;
  std::size_t position;
  const char* message;
  std::vector<std::string> vars = {};
  bool multiple = false;
};
}  // namespace

TEST_CASE("errors name the problem and its position") {
  const ErrorCase cases[] = {
      {"foo(x)", 0, "unknown function 'foo'"},
      {"x + (y", 4, "unbalanced parenthesis"},
      {"sin(x", 3, "unbalanced parenthesis"},
      {"x + y)", 5, "unbalanced parenthesis"},
      {"x y", 2, "trailing input"},
      {"2 (x)", 2, "trailing input"},
      {"", 0, "empty expression"},
      {"   ", 0, "empty expression"},
      {"x # y", 2, "unexpected character '#'"},
      {"@", 0, "unexpected character '@'"},
      {"x + z", 4, "variable 'z' is not in --vars (x, y)", {"x", "y"}},
      {"x; y", 1, "';'"},
      {"x;;y", 2, "empty output between ';'", {}, true},
      {"x; ", 3, "empty output between ';'", {}, true},
      {"sin x", 4, "must be followed by '('"},
      {"exp", 3, "must be followed by '('"},
      {"exp()", 4, "needs an argument"},
      {"x +", 3, "unexpected end of input"},
      {"x^", 2, "unexpected end of input"},
      {"*x", 0, "unexpected '*'"},
      {"2x", 1, "after the number"},
      {"1.2.3", 3, "after the number"},
      {"2ex", 1, "after the number"},
      {"0x", 2, "digits"},
      {"1e400", 0, "out of the double range"},
      {"pi(2)", 0, "constant"},
      {"()", 0, "empty parentheses"},
      {"(x + )", 5, "expected an operand before ')'"},
      {"x", 0, "reserved", {"x", "exp"}},
  };
  for (const ErrorCase& c : cases) {
    CAPTURE(c.text);
    ParseOptions o;
    o.variables = c.vars;
    o.allow_multiple_outputs = c.multiple;
    try {
      parse_program(c.text, o);
      FAIL("no error for '" << c.text << "'");
    } catch (const ParseError& e) {
      CHECK(e.position == c.position);
      CHECK_MESSAGE(std::string(e.what()).find(c.message) != std::string::npos, e.what());
      CHECK(std::string(e.what()).starts_with("position " + std::to_string(c.position + 1)));
    }
  }
  std::string deep(5000, '(');
  CHECK_THROWS_AS(parse_program(deep + "x" + std::string(5000, ')')), ParseError);
}

TEST_CASE("to_text reads back to the same DAG") {
  const char* texts[] = {
      "(x*y - 1)^2", "-x^2", "(-x)^2", "2^3^2", "(2^3)^2", "x - (y - z)", "x - (y + z)",
      "x/(y*z)", "x/y*z", "-(x + y)", "x^-2", "x^(y + 1)", "x^-y", "(-2)^x", "x*-2",
      "0.5*((a)^2 + (b)^2)", "sigmoid(softplus(x))/abs(x - 0x1.8p+1) + pi*e", "x - -2",
      "(x^0.5)^y", "1e-3*atan(x)",
  };
  for (const char* t : texts) {
    const std::string expression = t;
    CAPTURE(expression);
    Program p = parse(t);
    const std::string printed = to_text(p, p.outputs()[0]);
    CAPTURE(printed);
    Program q = parse(printed, p.variables());
    CHECK(q.nodes() == p.nodes());
    REQUIRE(q.constants().size() == p.constants().size());
    for (std::size_t i = 0; i < p.constants().size(); ++i)
      CHECK(q.constants()[i].text == p.constants()[i].text);
  }
  Program p = parse("(x*y-1)^2");
  CHECK(to_text(p, p.outputs()[0]) == "(x*y - 1)^2");
}

TEST_CASE("Program copies grow independently") {
  Program a = parse("x + y");
  Program b = a;
  const auto before = a.nodes().size();
  const std::int32_t nb = b.add_node({Op::Sin, 0});
  CHECK(b.nodes().size() == before + 1);
  CHECK(a.nodes().size() == before);
  const std::int32_t na = a.add_node({Op::Cos, 0});
  CHECK(na == static_cast<std::int32_t>(before));
  CHECK(a.nodes()[na].op == Op::Cos);
  CHECK(b.nodes()[nb].op == Op::Sin);
  CHECK(a.add_node({Op::Cos, 0}) == na);  // still hash-consed after the copy
  CHECK_THROWS_AS(a.add_node({Op::Sin, 99}), std::invalid_argument);
}

TEST_CASE("nesting is limited at kMaxExpressionNesting, length is not (issue 14)") {
  const int k = kMaxExpressionNesting;
  auto rep = [](const std::string& s, int n) {
    std::string out;
    for (int i = 0; i < n; ++i) out += s;
    return out;
  };
  // The deepest accepted nesting of each kind parses; one more level is an error naming it.
  for (auto [open, close] : {std::pair<std::string, std::string>{"(", ")"}, {"sin(", ")"}, {"-", ""}}) {
    CAPTURE(open);
    Program p = parse_program(rep(open, k) + "x" + rep(close, k));
    CHECK(p.num_outputs() == 1);
    CHECK(parse_program(to_text(p, p.outputs()[0])).nodes() == p.nodes());
    try {
      parse_program(rep(open, k + 1) + "x" + rep(close, k + 1));
      FAIL("nesting beyond the limit was accepted");
    } catch (const ParseError& e) {
      CHECK(std::string(e.what()).find("nested too deeply") != std::string::npos);
    }
  }
  CHECK_THROWS_AS(parse_program(rep("(", 5000) + "x" + rep(")", 5000)), ParseError);
  CHECK_THROWS_AS(parse_program(rep("x^", 5000) + "x"), ParseError);

  // Long sums and products are loops in the parser; printing them walks a spine as deep as the
  // sum is long, iteratively (it recursed and overflowed the stack). - and / chains print flat
  // and read back; + and * have canonical operand order (x + S for S + x), so their text nests
  // one parenthesis per term and does not read back beyond the nesting limit.
  for (const char* op : {"+", "*", "-", "/"}) {
    CAPTURE(op);
    std::string text = "x";
    for (int i = 0; i < 200000; ++i) text += std::string(op) + (i % 2 ? "x" : "y");
    Program p = parse_program(text);
    const std::string printed = to_text(p, p.outputs()[0]);
    CHECK(printed.size() >= text.size());
    if (op[0] == '-' || op[0] == '/') CHECK(parse_program(printed).nodes() == p.nodes());
  }
}
