#include <iostream>

#include "api/chatterjee_report.hpp"
#include "cli/commands.hpp"
#include "api/problem_spec.hpp"

namespace gdcert {
namespace {

// Section 3 of Chatterjee's paper: f(x, y) = (xy - 1)^2 has |grad f|^2 / f = 4 (x^2 + y^2), and
// the criterion holds for some r exactly when |x0 y0 - 1| < (x0^2 + y0^2) / 4. (2, 0.3) is
// inside that region (0.4 < 1.0225), so a radius exists and the search should find r near 1.
int run_demo() {
  ProblemSpec spec;
  spec.expr = "(x*y-1)^2";
  spec.center = {"2", "0.3"};
  spec.radius = "auto";
  ResolvedProblem prob = resolve(spec);
  ChatterjeeOptions options;
  options.budget.seconds = 10;
  std::cout << "gdcert demo: will gradient descent on f(x, y) = (xy - 1)^2 from (2, 0.3) reach a global minimum?\n"
            << "(equivalent to: gdcert check --expr \"(x*y-1)^2\" --center 2,0.3 --radius auto)\n\n";
  ChatterjeeResult r = search_radius_chatterjee<Interval>(prob.objective, prob.center, options);
  print_report(std::cout, r, prob.objective);
  std::cout << "\nClosed form (paper, section 3): alpha(x0, r) = 4 (|x0| - r)^2, best r = |x0|/2 = 1.0;\n"
               "the criterion holds for some r exactly when |x0 y0 - 1| < (x0^2 + y0^2)/4.\n"
               "\nTry next:\n"
               "  gdcert check --expr \"(x*y-1)^2\" --center 2,0.3 --radius 0.5 --run-gd\n"
               "  gdcert check --expr \"(x*y-1)^2\" --center 0.5,0.5 --radius 0.3      # outside the region: refuted\n"
               "  gdcert check --residuals \"10*(y-x^2); 1-x\" --vars x,y --center 1.1,1.2 --radius auto\n"
               "  gdcert bound --expr \"(x*y-1)^2\" --center 2,0.3 --radius 0.5 --json\n"
               "  gdcert --help\n";
  return exit_status(r.verdict);
}

}  // namespace

void add_demo_command(CLI::App& app, int& status) {
  CLI::App* cmd = app.add_subcommand("demo", "Run the embedded example: (xy-1)^2 from (2, 0.3), radius searched");
  cmd->callback([&status] { status = run_demo(); });
}

}  // namespace gdcert
