// Seconds to a verdict for the reference problems (issue: "Certify a ball"): (xy-1)^2 at 10
// centres, Rosenbrock, Helical valley, Broyden tridiagonal p = 10, 30, 100, and how the time
// grows with p. Targets: low-dimensional checks under 0.1 s, Broyden p = 100 under 10 s.
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "criteria/chatterjee.hpp"
#include "reference_problems.hpp"

using namespace gdcert;

namespace {

std::vector<ExactNumber> near(const std::vector<double>& zero, double offset) {
  std::vector<ExactNumber> c;
  for (std::size_t i = 0; i < zero.size(); ++i) c.push_back(exact_double(zero[i] + (i % 2 ? -offset : offset)));
  return c;
}

void row(const std::string& name, std::size_t p, const ChatterjeeResult& r, double target) {
  std::printf("%-28s %5zu %-13s %10.4f %9.3g %10s\n", name.c_str(), p, to_string(r.verdict), r.seconds,
              r.alpha_lower, r.seconds <= target ? "yes" : "NO");
}

}  // namespace

int main() {
  ChatterjeeOptions opt;
  opt.budget.seconds = 30;
  std::printf("%-28s %5s %-13s %10s %9s %10s\n", "problem", "p", "verdict", "seconds", "alpha>=", "on target");
  Objective xy = Objective::from_expression("(x*y-1)^2", {});
  const char* centres[10][2] = {{"2", "0.3"},  {"1.5", "0.5"}, {"-2", "-0.4"}, {"0.5", "2.1"}, {"3", "0.2"},
                                {"-1", "-1.2"}, {"1.2", "1.1"}, {"-2.5", "0"},  {"0.3", "-3"}, {"2", "2"}};
  double total = 0;
  for (auto& c : centres) {
    ChatterjeeResult r = check_chatterjee(xy, {parse_number(c[0]), parse_number(c[1])}, parse_number("0.5"), opt);
    total += r.seconds;
    row(std::string("(xy-1)^2 at (") + c[0] + "," + c[1] + ") r=0.5", 2, r, 0.1);
  }
  for (const auto& prob : testing::reference_problems()) {
    if (prob.singular) continue;
    Objective f = Objective::from_residuals(prob.residuals, prob.vars, parse_number("1"));
    row(prob.name + " r=0.01", prob.vars.size(), check_chatterjee(f, near(prob.zero, 1e-4), parse_number("0.01"), opt),
        0.1);
  }
  for (int p : {10, 30, 100, 300}) {
    Objective f = Objective::from_residuals(testing::broyden_tridiagonal(p), testing::numbered_vars(p),
                                            parse_number("1"));
    row("broyden_tridiagonal r=0.01", p,
        check_chatterjee(f, near(testing::broyden_zero(p), 1e-4), parse_number("0.01"), opt), p <= 100 ? 10.0 : 1e9);
  }
  return 0;
}
