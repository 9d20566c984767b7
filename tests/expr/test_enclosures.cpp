// Interval and MpInterval evaluation over random boxes must contain the value, gradient and
// Hessian at points sampled in the box, computed at 256 bits (an enclosure of width ~1e-70,
// so "the two enclosures meet" is containment of the exact value up to that width).
#include <doctest/doctest.h>

#include <algorithm>
#include <random>

#include "expr_testing.hpp"

using namespace gdcert;
using namespace gdcert::testing;

namespace {

// Expressions whose domain conditions hold on every box used below (x, y in [-2, 2]).
const char* const kBattery[] = {
    "(x*y-1)^2",
    "100*(y-x^2)^2+(1-x)^2",
    "exp(x*y) + log(1 + x^2)",
    "sqrt(x^2 + y^2 + 1) * atan(x - y)",
    "sin(x)*cos(y) + tanh(x*y)",
    "sinh(x) - cosh(y) + sigmoid(x + y)",
    "softplus(x - 2*y) + abs(x - 5)",
    "(x + 3)^2.5 / (1 + y^2) + (y + 4)^-3",
    "exp(-(x^2 + y^2)/2) / sqrt(2*pi) + e*x",
    "x*x*x - 3*x*y + 0.1*y^4",
    "tan(x/4) + (x - y)*(x + y)",
};

// Both are enclosures of the same exact number: they must intersect.
template <class T>
bool meets(const T& box_value, const MpInterval& point_value) {
  return ScalarTraits<T>::lower_bound(box_value) <= upper_double(point_value) &&
         lower_double(point_value) <= ScalarTraits<T>::upper_bound(box_value);
}

}  // namespace

TEST_CASE_TEMPLATE("box enclosures contain sampled point values", T, Interval, MpInterval) {
  std::mt19937 rng(42);
  std::uniform_real_distribution<double> centre(-1.5, 1.5), width(0.0, 0.5), unit(0, 1);
  for (const char* text : kBattery) {
    const std::string expression = text;
    CAPTURE(expression);
    Program p = parse(text, {"x", "y"});
    Evaluator<T> box_eval(p);
    Evaluator<MpInterval> point_eval(p);
    for (int b = 0; b < 6; ++b) {
      std::vector<double> lo(2), hi(2);
      std::vector<T> box;
      for (int i = 0; i < 2; ++i) {
        const double c = centre(rng), w = b == 0 ? 0.0 : width(rng);  // b == 0: a point box
        lo[i] = c - w, hi[i] = c + w;
        box.push_back(T(lo[i], hi[i]));
      }
      for (Order order : {Order::Gradient, Order::Hessian}) {
        CHECK(box_eval.evaluate(box, order) != Truth::False);
        for (int s = 0; s < 8; ++s) {
          std::vector<MpInterval> pt;
          {
            PrecisionScope scope(256);
            for (int i = 0; i < 2; ++i) {
              // corners first, then interior points
              // (lo + t (hi - lo) may round outside the box: corners are taken as they are)
              const double t = unit(rng);
              pt.emplace_back(s < 4 ? ((s >> i) & 1 ? hi[i] : lo[i])
                                    : std::clamp(lo[i] + t * (hi[i] - lo[i]), lo[i], hi[i]));
            }
            point_eval.evaluate(pt, order);
          }
          CAPTURE(lower_double(pt[0]));
          CAPTURE(lower_double(pt[1]));
          CHECK(meets(box_eval.value(0), point_eval.value(0)));
          for (int i = 0; i < 2; ++i) CHECK(meets(box_eval.gradient(0)[i], point_eval.gradient(0)[i]));
          if (order != Order::Hessian) continue;
          auto hb = box_eval.hessian(0), hp = point_eval.hessian(0);
          REQUIRE(hb.size() == hp.size());  // same structure, whatever the scalar type
          for (std::size_t e = 0; e < hb.size(); ++e) {
            CAPTURE(e);
            CHECK(meets(hb[e].value, hp[e].value));
          }
        }
      }
    }
  }
}

TEST_CASE_TEMPLATE("a point box matches double evaluation", T, Interval, MpInterval) {
  Program p = parse("(x*y-1)^2 + 0.1*exp(x)", {"x", "y"});
  Evaluator<T> ei(p);
  Evaluator<double> ed(p);
  std::vector<double> x = {2.0, 0.3};
  std::vector<T> xb = {T(2.0), T(0.3)};
  ei.evaluate(xb, Order::Hessian);
  ed.evaluate(x, Order::Hessian);
  // Widths are a few ulps at most once the elementary functions are rigorous; the double value
  // sits inside or within rounding of the enclosure.
  const double v = ed.value(0);
  CHECK(ScalarTraits<T>::lower_bound(ei.value(0)) <= v * (1 + 1e-14));
  CHECK(v * (1 - 1e-14) <= ScalarTraits<T>::upper_bound(ei.value(0)));
}

TEST_CASE("MpInterval evaluation follows the thread precision") {
  Program p = parse("x/3 + pi + 0.1", {"x"});
  Evaluator<MpInterval> ev(p);  // built at the default precision
  PrecisionScope scope(256);
  std::vector<MpInterval> x = {MpInterval(1.0)};
  ev.evaluate(x, Order::Value);
  CHECK(ev.value(0).precision() == 256);
  CHECK(upper_double(ev.value(0)) - lower_double(ev.value(0)) <= 1e-15);
}
