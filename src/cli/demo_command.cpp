#include <cmath>
#include <iostream>

#include <fmt/format.h>

#include "api/run.hpp"
#include "cli/commands.hpp"

namespace gdcert {
namespace {

// Section 3 of Chatterjee's paper: f(x, y) = (xy - 1)^2 has |grad f|^2 / f = 4 (x^2 + y^2), and
// the criterion holds for some r exactly when |x0 y0 - 1| < (x0^2 + y0^2) / 4. (2, 0.3) is
// inside that region (0.4 < 1.0225), so a radius exists and the search should find r near
// |x0|/2 = 1.0112, where r^2 alpha - 4 f(x0) = 4 r^2 (|x0| - r)^2 - 4 f(x0) is largest.
int run_demo() {
  ProblemSpec spec;
  spec.expr = "(x*y-1)^2";
  spec.center = {"2", "0.3"};
  spec.radius = "auto";
  spec.budget = "10s";
  const api::Options options = api::options_from(spec);
  std::cout << "gdcert demo: will gradient descent on f(x, y) = (xy - 1)^2 from (2, 0.3) reach a global minimum?\n"
            << "(equivalent to: gdcert check --expr \"(x*y-1)^2\" --center 2,0.3 --radius auto)\n\n";
  const api::Report r = api::run(spec, options);
  std::cout << api::to_text(r);
  // The closed form's best radius, to compare with the one the search returned (its exact text,
  // not a rounding of it: the point is to see how close the search came).
  const double norm = std::sqrt(2.0 * 2.0 + 0.3 * 0.3);
  std::cout << "\nClosed form (paper, section 3): alpha(x0, r) = 4 (|x0| - r)^2 with |x0| = sqrt(4.09) = "
            << fmt::format("{:.6g}", norm) << ",\nso the margin r^2 alpha - 4 f(x0) is largest at r = |x0|/2 = "
            << fmt::format("{:.6g}", norm / 2) << "; the search found r = " << r.radius_text() << ".\n"
            << "The criterion holds for some r exactly when |x0 y0 - 1| < (x0^2 + y0^2)/4.\n"
            << "\nTry next:\n"
               "  gdcert check --expr \"(x*y-1)^2\" --center 2,0.3 --radius 0.5 --run-gd\n"
               "  gdcert check --expr \"(x*y-1)^2\" --center 0.5,0.5 --radius 0.3      # outside the region: refuted\n"
               "  gdcert check --residuals \"10*(y-x^2); 1-x\" --vars x,y --center 1.1,1.2 --radius auto\n"
               "  gdcert bound --expr \"(x*y-1)^2\" --center 2,0.3 --radius 0.5 --json\n"
               "  gdcert --help\n";
  return r.exit_status();
}

}  // namespace

void add_demo_command(CLI::App& app, int& status) {
  CLI::App* cmd = app.add_subcommand("demo", "Run the embedded example: (xy-1)^2 from (2, 0.3), radius searched");
  cmd->footer(
      "What it does:\n"
      "  Asks whether gradient descent on f(x, y) = (xy - 1)^2 from x0 = (2, 0.3) reaches a global\n"
      "  minimum: it searches for the radius r whose ball B(x0, r) gives Chatterjee's criterion\n"
      "  4 f(x0) < r^2 alpha(x0, r) its largest certified margin (a 10 s budget), and prints the\n"
      "  report: verdict, rigorous bounds of f(x0) and alpha, and the gradient descent step, rate and\n"
      "  iteration count that the certificate gives. It then compares the radius found with the\n"
      "  paper's closed form (best r = |x0|/2 = 1.01119) and lists commands to try next.\n"
      "  It takes no options; the same check: gdcert check --expr \"(x*y-1)^2\" --center 2,0.3 --radius auto\n"
      "Exit status: 0 certified, 1 refuted or inconclusive.");
  cmd->callback([&status] { status = run_demo(); });
}

}  // namespace gdcert
