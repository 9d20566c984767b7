// The smoothness/domain flag: True only when proved on the whole box, False when violated
// everywhere (double: at the point), Unknown otherwise.
#include <doctest/doctest.h>

#include "expr_testing.hpp"

using namespace gdcert;
using namespace gdcert::testing;

namespace {

template <class T>
Truth flag(const char* text, std::vector<T> x, Order order = Order::Hessian) {
  Program p = parse(text, {"x"});
  Evaluator<T> ev(p);
  return ev.evaluate(x, order);
}

}  // namespace

TEST_CASE_TEMPLATE("domain flag over boxes", T, Interval, MpInterval) {
  CHECK(flag<T>("log(x)", {T(-1.0, 1.0)}) != Truth::True);
  CHECK(flag<T>("log(x)", {T(1.0, 2.0)}) == Truth::True);
  CHECK(flag<T>("log(x)", {T(-2.0, -1.0)}) == Truth::False);
  CHECK(flag<T>("log(x)", {T(0.0, 0.0)}) == Truth::False);
  CHECK(flag<T>("1/x", {T(-1.0, 1.0)}) != Truth::True);
  CHECK(flag<T>("1/x", {T(0.5, 1.0)}) == Truth::True);
  CHECK(flag<T>("1/x", {T(0.0)}) == Truth::False);
  CHECK(flag<T>("sqrt(x)", {T(0.0, 1.0)}) != Truth::True);  // not differentiable at 0
  CHECK(flag<T>("sqrt(x)", {T(0.25, 1.0)}) == Truth::True);
  CHECK(flag<T>("x^0.5", {T(0.0, 1.0)}) != Truth::True);
  CHECK(flag<T>("x^0.5", {T(1.0, 2.0)}) == Truth::True);
  CHECK(flag<T>("x^-2", {T(-1.0, 1.0)}) != Truth::True);
  CHECK(flag<T>("x^-2", {T(1.0, 2.0)}) == Truth::True);
  CHECK(flag<T>("x^2", {T(-1.0, 1.0)}) == Truth::True);
  CHECK(flag<T>("abs(x)", {T(-1.0, 1.0)}) != Truth::True);
  CHECK(flag<T>("abs(x)", {T(1.0, 2.0)}) == Truth::True);
  CHECK(flag<T>("abs(x)", {T(0.0)}) == Truth::False);
  CHECK(flag<T>("tan(x)", {T(1.5, 1.7)}) != Truth::True);    // contains pi/2
  // The flag is the same whatever the order asked for, and one bad node taints the result.
  CHECK(flag<T>("x^2 + log(x)", {T(-1.0, 1.0)}, Order::Value) != Truth::True);
  CHECK(flag<T>("x^2 + log(x - 5)", {T(-1.0, 1.0)}, Order::Value) == Truth::False);
}

TEST_CASE("domain flag at double points") {
  CHECK(flag<double>("log(x)", {-1.0}) == Truth::False);
  CHECK(flag<double>("log(x)", {0.0}) == Truth::False);
  CHECK(flag<double>("log(x)", {2.0}) == Truth::True);
  CHECK(flag<double>("1/x", {0.0}) == Truth::False);
  CHECK(flag<double>("sqrt(x)", {0.0}) == Truth::False);
  CHECK(flag<double>("x^0.5", {-1.0}) == Truth::False);
  CHECK(flag<double>("x^-1", {0.0}) == Truth::False);
  CHECK(flag<double>("abs(x)", {0.0}) == Truth::False);
  CHECK(flag<double>("abs(x)", {-3.0}) == Truth::True);
  CHECK(flag<double>("tan(x)", {1.0}) == Truth::True);
  CHECK(flag<double>("exp(x) + x^3", {-1.0}) == Truth::True);
}

TEST_CASE("tan away from its poles once cos is enclosed") {
  // With the placeholder elementary functions cos is the whole line and this is Unknown;
  // it must never be False.
  CHECK(flag<Interval>("tan(x)", {Interval(0.0, 1.0)}) != Truth::False);
}
