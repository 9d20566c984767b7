#include <charconv>
#include <chrono>
#include <iostream>
#include <optional>

#include "api/exact_json.hpp"
#include "api/gd_run.hpp"
#include "api/run.hpp"
#include "arith/precision.hpp"
#include "cli/commands.hpp"

namespace gdcert {
namespace {

struct CheckFlags {
  ProblemSpec spec;
  std::string file, center, vars, cert;  // --center and --vars as typed (split below)
  bool json = false, run_gd = false;
  unsigned long long gd_steps = api::kDefaultGdSteps;
};

int run_check(const CheckFlags& flags) {
  // The time budget covers the whole run: reading and parsing count too.
  const Deadline run_start = std::chrono::steady_clock::now();
  ProblemSpec spec = flags.spec;
  if (!flags.vars.empty()) spec.vars = split_list(flags.vars);
  if (!flags.center.empty()) spec.center = split_list(flags.center);
  if (!flags.file.empty()) spec = overlay(spec, read_problem_file(flags.file));

  api::Options options = api::options_from(spec, run_start);
  options.certificate = flags.cert;
  options.progress = [](const std::string& m) { std::cerr << "gdcert: " << m << "\n"; };
  api::Report r = api::run(spec, options);
  std::optional<api::GdRun> gd_run;
  if (flags.run_gd) gd_run = api::run_gradient_descent(r, flags.gd_steps);
  if (flags.json) {
    nlohmann::json j = api::to_json(r);
    if (gd_run) j["run_gd"] = api::to_json(*gd_run);
    std::cout << dump_json(j, 2) << std::endl;
    if (!r.certificate_note.empty()) std::cerr << "gdcert: " << r.certificate_note << "\n";
  } else {
    std::cout << api::to_text(r);
    if (gd_run) std::cout << api::to_text(*gd_run);
    if (!r.certificate_note.empty()) std::cout << "\n  " << r.certificate_note << "\n";
  }
  return r.exit_status();
}

}  // namespace

void add_check_command(CLI::App& app, int& status) {
  auto flags = std::make_shared<CheckFlags>();
  CLI::App* cmd = app.add_subcommand("check", "Certify (or refute) a criterion on a ball B(x0, r)");
  cmd->footer(
      "Examples:\n"
      "  gdcert check --expr \"(x*y-1)^2\" --center 2,0.3 --radius 0.5\n"
      "  gdcert check --residuals \"10*(y-x^2); 1-x\" --vars x,y --center 1.1,1.2 --radius auto --json\n"
      "  gdcert check examples/xy_minus_one.json\n"
      "  gdcert check --system \"x*y; x+y\" --targets 1,2.5 --center 0.5,2 --radius 0.05 --criterion plstar\n"
      "  gdcert check --expr \"x^2\" --proxy \"x^2\" --power 1 --center 1 --radius 0.5 --criterion proxy-pl\n"
      "  gdcert check --residuals \"10*(y-x^2); 1-x\" --center 1.00001,1 --radius 0.01 --criterion all\n"
      "Exit status: 0 certified, 1 refuted or inconclusive, 2 bad input. With --criterion all: 0 when\n"
      "chatterjee or plstar is certified (each proves that gradient descent reaches a global minimum);\n"
      "the proxy-pl verdict is reported but does not count, since its theorem needs smoothness everywhere.");
  cmd->add_option("problem", flags->file, "Problem file (JSON with the same fields as the flags)");
  cmd->add_option("--expr", flags->spec.expr, "f as an expression, e.g. \"(x*y-1)^2\"");
  cmd->add_option("--residuals", flags->spec.residuals, "f = scale * sum r_i^2 with \"r1; r2; ...\"");
  cmd->add_option("--scale", flags->spec.scale, "positive factor c in f = c * sum r_i^2 (default 1)");
  cmd->add_option("--vars", flags->vars, "variable order, e.g. x,y (default: alphabetical)");
  cmd->add_option("--center,--centre", flags->center, "centre x0, e.g. 2,0.3 (use --center=-1,2 for a leading minus)");
  cmd->add_option("--radius", flags->spec.radius, "radius r > 0, or auto to search for the best r");
  cmd->add_option("--criterion", flags->spec.criterion,
                  "chatterjee (default) | plstar | proxy-pl | all (exit 0 when chatterjee or plstar, not with --eps, certifies)");
  cmd->add_option("--system", flags->spec.system, "PL*: the system \"F1; F2\" (with --targets), loss 1/2 |F - y|^2");
  cmd->add_option("--targets", flags->spec.targets, "PL*: targets y1,y2 (exact decimals, one per equation)")->delimiter(',');
  cmd->add_option("--output-map", flags->spec.output_map, "PL*: residual phi(F_i) - y_i with phi = tanh | sigmoid | atan | softplus (Theorem 3)");
  cmd->add_option("--eps", flags->spec.eps, "plstar: PL*_eps, only where L >= eps (Theorem 9); proxy-pl: accuracy of Theorem 3.1 (default 0.01)");
  cmd->add_option("--mu", flags->spec.mu, "plstar / proxy-pl: prove this mu (refuted with a witness when false)");
  cmd->add_option("--proxy", flags->spec.proxy, "proxy-pl: the proxy g(w), an expression in the same variables");
  cmd->add_option("--xi", flags->spec.xi, "proxy-pl: xi in |grad f|^a >= (mu/2)(g - xi) (default 0)");
  cmd->add_option("--power", flags->spec.power, "proxy-pl: a in (0, 2] (default 2)");
  cmd->add_option("--precision", flags->spec.precision, "MPFR interval bits (default: double intervals)")
      ->check(CLI::Range(kMinPrecisionBits, kMaxPrecisionBits));
  cmd->add_option("--budget", flags->spec.budget, "limit of the whole run: seconds (5, 5s), boxes (20000boxes; the run is still capped at 60 s) or both (20000boxes,5s); default 20s");
  cmd->add_option("--tol", flags->spec.tol, "report iterations until f(x_k) <= tol f(x0) (default 1e-12)");
  cmd->add_option("--cert", flags->cert, "write a checkable certificate to FILE when certified");
  cmd->add_flag("--json", flags->json, "print one JSON object");
  CLI::Option* run_gd =
      cmd->add_flag("--run-gd", flags->run_gd,
                    "also run gradient descent in double and compare with the bound (up to the certified iteration "
                    "count, at most --gd-steps steps)");
  cmd->add_option("--gd-steps", flags->gd_steps,
                  "--run-gd: the most steps to run (default " + std::to_string(api::kDefaultGdSteps) + ", at most " +
                      std::to_string(api::kMaxGdSteps) + "); the output says when the cap stops it")
      ->check(CLI::Validator(
          [](std::string& v) -> std::string {
            unsigned long long n = 0;
            const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
            if (ec == std::errc() && end == v.data() + v.size() && n >= 1 && n <= api::kMaxGdSteps) return "";
            return "a whole number of steps from 1 to " + std::to_string(api::kMaxGdSteps) + " is needed, not '" + v + "'";
          },
          "STEPS"))
      ->needs(run_gd);
  cmd->callback([flags, &status] { status = run_check(*flags); });
}

}  // namespace gdcert
