// The criteria through the ResidualBallBounds seam alone (what a network implementation gets),
// with the expression implementation behind it.
#include <doctest/doctest.h>

#include "bound/expression_ball_bounds.hpp"
#include "criteria/chatterjee.hpp"
#include "criteria/plstar.hpp"

using namespace gdcert;

namespace {
const Objective kRosenbrock = Objective::from_residuals("10*(y-x^2); 1-x", {"x", "y"}, parse_number("1"));
std::vector<ExactNumber> centre(const char* x, const char* y) { return {parse_number(x), parse_number(y)}; }
}  // namespace

TEST_CASE("seam: Chatterjee and PL* certify Rosenbrock near its zero, at 53 and 128 bits") {
  for (unsigned bits : {0u, 128u}) {
    // sigma_min(J(w0)) ~ 0.44 and sqrt(sum ||Hess r_i||^2) = 20: the whole-ball bound needs
    // r < 0.022 and sqrt(f(x0)) < r (0.44 - 20 r), so a centre within 1e-3 of the zero.
    ExpressionBallBounds b(kRosenbrock, centre("1.00001", "1.00002"), bits);
    CHECK(b.precision() == (bits ? bits : 53));
    CHECK(b.centre().defined);
    ChatterjeeResult c = check_chatterjee(b, parse_number("0.01"), {});
    CHECK(c.verdict == Verdict::Certified);
    CHECK(c.bound_used == "perturbation");
    REQUIRE(c.gd);
    CHECK(c.gd->step > 0);
    CHECK(c.precision == (bits ? bits : 53));
    PlStarResult p = check_plstar(b, parse_number("0.01"), {});
    CHECK(p.verdict == Verdict::Certified);
    CHECK(p.mu_method == "perturbation");
  }
}

TEST_CASE("seam: a ball around a non-zero critical region is refuted with a witness") {
  // (xy - 1)^2 from (0.5, 0.5), r = 0.3: outside Chatterjee's closed-form region.
  Objective f = Objective::from_residuals("x*y - 1", {"x", "y"}, parse_number("1"));
  ExpressionBallBounds b(f, centre("0.5", "0.5"), 0);
  ChatterjeeResult c = check_chatterjee(b, parse_number("0.3"), {});
  CHECK(c.verdict == Verdict::Refuted);
  REQUIRE(c.witness);
  CHECK(b.point_in_ball(c.witness->point, parse_number("0.3")));
}

TEST_CASE("seam: the PL* expression entry point reads the same constants through the seam") {
  PlStarOptions o;
  o.use_perturbation = true;
  ExpressionBallBounds b(kRosenbrock, centre("1.00001", "1.00002"), 0);
  PlStarResult seam = check_plstar(b, parse_number("0.01"), o);
  PlStarResult expr = check_plstar(pl_system_from_residuals(kRosenbrock), centre("1.00001", "1.00002"), parse_number("0.01"), o);
  CHECK(seam.verdict == Verdict::Certified);
  CHECK(expr.verdict == Verdict::Certified);
  CHECK(seam.mu_lower <= expr.mu_lower);  // the expression adds its branch and bound
  CHECK(seam.L_F == expr.L_F);
  CHECK(seam.beta_F == expr.beta_F);
  CHECK(seam.hessian_L == expr.hessian_L);
  CHECK(seam.lambda0_upper == expr.lambda0_upper);
  CHECK(seam.residual_norm.lower() == expr.residual_norm.lower());
  CHECK(seam.residual_norm.upper() == expr.residual_norm.upper());
}

TEST_CASE("seam: radius search through the seam") {
  ExpressionBallBounds b(kRosenbrock, centre("1.00001", "1.00002"), 0);
  ChatterjeeOptions o;
  o.budget = parse_budget("2000boxes");
  ChatterjeeResult c = search_radius_chatterjee(b, o);
  CHECK(c.verdict == Verdict::Certified);
  PlStarOptions po;
  po.budget = parse_budget("2000boxes");
  CHECK(search_radius_plstar(b, po).verdict != Verdict::Refuted);
}
