// Brief item 2: degenerate inputs. Nothing may throw out of check_chatterjee, and nothing whose
// ball holds a point where f is not C^2 (a pole, log or sqrt at 0, abs at 0), or that has no
// zero, or has a non-positive radius, may be certified.
#include <doctest/doctest.h>

#include "arith/with_precision.hpp"
#include "reference.hpp"

using namespace gdcert;
using namespace gdcert::redteam;

namespace {

struct Degenerate {
  std::string expr;
  std::vector<std::string> vars, center;
  std::string radius;
  bool may_certify;  // false: a certification is wrong
};

ChatterjeeResult run(const Degenerate& d, unsigned bits) {
  Objective f = Objective::from_expression(d.expr, d.vars);
  std::vector<ExactNumber> c;
  for (const auto& t : d.center) c.push_back(parse_number(t));
  ChatterjeeOptions o = small_options();
  if (bits == 53) return check_chatterjee(f, c, parse_number(d.radius), o);
  PrecisionScope scope(bits);
  return check_chatterjee(f, c, parse_number(d.radius), at_precision_of<MpInterval>(o));
}

}  // namespace

TEST_CASE("functions undefined or not C^2 somewhere in the ball are never certified") {
  const std::vector<Degenerate> cases = {
      {"(1/x - 1)^2", {"x"}, {"0.6"}, "1", false},            // pole at 0
      {"(1/x - 1)^2", {"x"}, {"1.05"}, "1.05", false},        // 0 on the sphere
      {"(log(x))^2", {"x"}, {"0.5"}, "1", false},
      {"(log(x))^2", {"x"}, {"1.1"}, "1.1", false},
      {"(sqrt(x) - 1)^2", {"x"}, {"0.5"}, "0.6", false},
      {"(x^0.5 - 1)^2", {"x"}, {"0.3"}, "0.4", false},
      {"(x^0.5 - 0.1)^2", {"x"}, {"0.01"}, "0.01", false},    // x = 0 on the sphere
      {"tan(x)^2", {"x"}, {"1.5"}, "0.2", false},              // pole pi/2 inside
      {"(tan(x) - 20)^2", {"x"}, {"1.52"}, "0.06", false},
      {"(abs(x) - 1)^2", {"x"}, {"0.5"}, "0.8", false},        // kink at 0
      {"(abs(x) - 0.1)^2", {"x"}, {"0.1"}, "0.1", false},      // kink on the sphere
      {"(x*y - 1)^2 + (1/(x - 2))^2", {"x", "y"}, {"2.1", "0.5"}, "0.2", false},
      {"(x - 1)^2 + 1", {"x"}, {"1"}, "0.5", false},           // no zero
      {"(x^2 + y^2 + 1)^2", {"x", "y"}, {"3", "3"}, "2", false},
      {"7", {"x"}, {"0"}, "1", false},                          // constant, no zero
      {"(x*y - 1)^2", {"x", "y"}, {"2", "0.3"}, "1e300", false},
      {"(x*y - 1)^2", {"x", "y"}, {"2", "0.3"}, "1e-320", false}, // subnormal radius: 4 f0 > 0
      {"(x*y - 1)^2", {"x", "y"}, {"1e300", "1e300"}, "1", false},
      {"(x - 1)^2 - 1e-3", {"x"}, {"1"}, "0.5", false},        // negative near its minimum
      {"x^3", {"x"}, {"1"}, "0.4", false},                      // not >= 0 on B(x0, 2r)
      {"(x*y - 1)^2", {"x", "y"}, {"1", "1"}, "1e-3", true},   // centre at a zero: true
      {"1e-400*(x - 1)^2", {"x"}, {"1.5"}, "1", true},          // scale below every double
      {"(x - 1)^2 + (x - 2)^2", {"x"}, {"1.5"}, "1", false},   // more residuals than variables, no zero
  };
  int certified = 0;
  for (unsigned bits : {53u, 64u, 256u})
    for (const auto& d : cases) {
      CAPTURE(d.expr);
      CAPTURE(d.center.front());
      CAPTURE(d.radius);
      CAPTURE(bits);
      ChatterjeeResult r;
      REQUIRE_NOTHROW(r = run(d, bits));
      CAPTURE(r.reason);
      if (!d.may_certify) CHECK(r.verdict != Verdict::Certified);
      certified += r.verdict == Verdict::Certified;
      // Whatever the verdict, the reported numbers may not be NaN.
      CHECK_FALSE(std::isnan(r.alpha_lower));
      CHECK_FALSE(std::isnan(r.alpha_upper));
    }
  CHECK(certified >= 3);  // the "true" rows at least at some precision
}

TEST_CASE("p = 1, 12 and 13 (the branch-and-bound limit): near a zero certifies, nothing wrong") {
  for (int p : {1, 12, 13}) {
    std::string text;
    std::vector<std::string> vars;
    std::vector<ExactNumber> c, far;
    for (int i = 0; i < p; ++i) {
      vars.push_back("x" + std::to_string(100 + i));
      text += (i ? "; " : "") + vars.back() + "^2 - 2";
      c.push_back(parse_number("1.41"));
      far.push_back(parse_number("0.2"));
    }
    CAPTURE(p);
    Objective f = Objective::from_residuals(text, vars, parse_number("1"));
    ChatterjeeOptions o = small_options();
    // 4 f0 = 4 p (1.41^2 - 2)^2 ~ 6.8e-3 (p = 12) < r^2 alpha ~ 0.0025 * 16 * 1.36^2.
    ChatterjeeResult near = check_chatterjee(f, c, parse_number("0.05"), o);
    CAPTURE(near.reason);
    CHECK(near.verdict == Verdict::Certified);
    // Far from every zero with a small ball: 4 f0 ~ 4 p 3.84^2 against r^2 alpha <= r^2 16 (0.3)^2.
    ChatterjeeResult bad = check_chatterjee(f, far, parse_number("0.1"), o);
    CHECK(bad.verdict != Verdict::Certified);
  }
}

TEST_CASE("out-of-range literals are refused with a ParseError, not silently rounded") {
  CHECK_THROWS_AS(Objective::from_expression("1e400*(x - 1)^2", {"x"}), ParseError);
}

TEST_CASE("a radius that is not positive is refused by the API, not certified") {
  // Found by this suite: with radius -0.5, r^2 = 0.25 and the API once returned Certified for
  // (xy-1)^2 at (2, 0.3). check_chatterjee now throws std::invalid_argument (the CLI: exit 2).
  for (const char* r : {"-0.5", "0", "-1e-300"}) {
    Degenerate d{"(x*y - 1)^2", {"x", "y"}, {"2", "0.3"}, r, false};
    for (unsigned bits : {53u, 128u}) CHECK_THROWS_AS(run(d, bits), std::invalid_argument);
  }
}
