// Regression tests: minimal reproducers of the bugs the red-team pass found (all fixed in src/;
// each comment says what was wrong and where).
#include <doctest/doctest.h>

#include "reference.hpp"

using namespace gdcert;
using namespace gdcert::redteam;

namespace {

ChatterjeeResult certified(const std::string& expr, const std::vector<std::string>& vars,
                           const std::vector<std::string>& centre, const std::string& radius) {
  std::vector<ExactNumber> c;
  for (const auto& t : centre) c.push_back(parse_number(t));
  ChatterjeeResult r =
      check_chatterjee(Objective::from_expression(expr, vars), c, parse_number(radius), small_options());
  REQUIRE(r.verdict == Verdict::Certified);
  REQUIRE(r.gd.has_value());
  return r;
}

}  // namespace

TEST_CASE("Theorem 2.2 rate holds along real gradient descent (step limit 2 eps / (L2 p))") {
  // src/criteria/gd_parameters.cpp used step <= 6 eps / (L2 p) as printed in the paper with f(x_k) <= (1 - (1-eps) alpha
  // eta)^k f(x0). One exact GD step on (xy-1)^2 from (1.5, 0.7) with the reported step already
  // violates it (f(x1)/f(x0) = 0.3555 > rate = 0.3477); on (x^3-2)^2 from 1.26 delta is clipped
  // to 1, i.e. rate 0 ("f(x1) = 0"), which is false. The descent lemma gives the claimed
  // contraction for eta <= 2 eps / (L2 p) (||Hess f||_2 <= p L2 on B(x0, 2r)).
  {
    ChatterjeeResult r = certified("(x*y-1)^2", {"x", "y"}, {"0x1.8p+0", "0.7"}, "0x1p-4");
    PrecisionScope scope(kRefBits);
    MpInterval x = mp_number("1.5"), y = mp_number("0.7"), eta(r.gd->step);
    MpInterval res0 = x * y - MpInterval(1.0);
    MpInterval x1 = x - eta * MpInterval(2.0) * res0 * y, y1 = y - eta * MpInterval(2.0) * res0 * x;
    MpInterval f0 = sqr(res0), f1 = sqr(x1 * y1 - MpInterval(1.0));
    CAPTURE(r.gd->rate);
    CHECK(is_true(less_equal(f1, MpInterval(r.gd->rate) * f0)));
  }
  {
    std::vector<ExactNumber> c{parse_number("1.26")};
    ChatterjeeResult r = check_chatterjee(Objective::from_residuals("x^3 - 2", {"x"}, parse_number("1")), c,
                                          parse_number("1e-3"), small_options());
    REQUIRE(r.gd.has_value());
    CHECK(r.gd->rate > 0);  // GD from x0 != zero never lands exactly on the zero here
  }
}

TEST_CASE("the step never exceeds 2 eps / (L2 p), rounding included") {
  // gd_parameters.cpp once formed Interval(6.0 * eps), rounding the product to nearest, so the
  // step could be one ulp above the limit; the limit is now 2 eps / (L2 p) (see the test above)
  // and every factor is an interval.
  ChatterjeeResult r = certified("(x*y-1)^2", {"x", "y"}, {"0.00", "-2.95"}, "0x1.799999999999ap+0");
  PrecisionScope scope(kRefBits);
  CAPTURE(r.gd->step);
  CAPTURE(r.gd->eps);
  // The curvature limit of the variant used: L2 p (Theorem 2.2) or H (dimension-free).
  const MpInterval curvature = r.gd->variant == "spectral" ? MpInterval(r.gd->H) : MpInterval(r.gd->L2) * MpInterval(2.0);
  CHECK(is_true(less_equal(MpInterval(r.gd->step) * curvature, MpInterval(2.0) * MpInterval(r.gd->eps))));
}

TEST_CASE("no alpha_lower = 0 or positive margin for an f negative in the ball") {
  // f = x^2 - 2x + 0.9 at x0 = 1 (f(x0) = -0.1), r = 0.5: at x = 1.2, f = -0.06 and
  // |f'|^2 / f = -2.67, so alpha <= -2.67. chatterjee.cpp reports alpha_lower = 0 (the "nothing
  // proved" value of RatioBound, valid only when f >= 0) and margin_lower = 0.4 with the reason
  // "4 f(x0) < r^2 alpha holds". Fixed: without a structural f >= 0 an unproved bound is -inf,
  // and a proved f(x0) < 0 is reported as such.
  std::vector<ExactNumber> c{parse_number("1")};
  ChatterjeeResult r =
      check_chatterjee(Objective::from_expression("x^2 - 2*x + 0.9", {"x"}), c, parse_number("0.5"), small_options());
  CHECK(r.verdict != Verdict::Certified);
  CHECK(r.alpha_lower <= -2.6);
  CHECK(r.margin_lower <= 0.25 * -2.6 + 0.4);
}
