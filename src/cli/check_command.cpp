#include <charconv>
#include <chrono>
#include <cmath>
#include <iomanip>
#include <iostream>
#include <optional>
#include <vector>

#include "api/exact_json.hpp"
#include "api/run.hpp"
#include "arith/precision.hpp"
#include "cli/commands.hpp"
#include "expr/evaluator.hpp"

namespace gdcert {
namespace {

// --run-gd: at most this many steps unless --gd-steps says otherwise; --gd-steps is capped at
// kMaxGdSteps (plain double steps, about a microsecond each for small f: a couple of minutes).
constexpr unsigned long long kDefaultGdSteps = 100000;
constexpr unsigned long long kMaxGdSteps = 100000000;

struct CheckFlags {
  ProblemSpec spec;
  std::string file, center, vars, cert;
  bool json = false, run_gd = false;
  unsigned long long gd_steps = kDefaultGdSteps;
};

// The run of --run-gd: rows (k, f(x_k), certified bound f(x0) rate^k) at k = 0, 1, 4, 16, ...
// and the last step.
struct GdRun {
  double step = 0;
  unsigned long long certified_iterations = 0;  // the certified count to reach tol f(x0)
  unsigned long long steps = 0;                 // steps run
  unsigned long long cap = 0;
  bool capped = false;                          // stopped at the cap before the certified count
  struct Row {
    unsigned long long k;
    double f, bound;
  };
  std::vector<Row> rows;
  std::string cap_note() const {
    return "stopped at the cap of " + std::to_string(cap) + " steps, before the certified count of " +
           std::to_string(certified_iterations) + "; --gd-steps N sets it (at most " + std::to_string(kMaxGdSteps) + ")";
  }
};

// A user sanity check, not part of the proof: plain double gradient descent with the
// certified step, against the certified bound.
GdRun run_gradient_descent(const Objective& f, const ProblemSpec& spec, const GdParameters& gd, unsigned long long cap) {
  Evaluator<double> ev(f.function());
  std::vector<double> x;
  for (const auto& c : spec.center) x.push_back(parse_number(c).nearest);
  ev.evaluate(x, Order::Gradient);
  const double f0 = ev.value(0);
  GdRun run;
  run.step = gd.step;
  run.cap = cap;
  run.certified_iterations = gd.iterations ? gd.iterations : 1000;
  run.steps = std::min(run.certified_iterations, cap);
  run.capped = run.certified_iterations > cap;
  unsigned long long next = 0;
  for (unsigned long long k = 0; k <= run.steps; ++k) {
    ev.evaluate(x, Order::Gradient);
    if (k == next || k == run.steps) {
      run.rows.push_back({k, ev.value(0), f0 * std::pow(gd.rate, double(k))});
      next = next ? next * 4 : 1;
    }
    auto g = ev.gradient(0);
    for (std::size_t i = 0; i < x.size(); ++i) x[i] -= gd.step * g[i];
  }
  return run;
}

void print_gd_run(std::ostream& os, const GdRun& run) {
  os << "\n  --run-gd (double precision, not part of the proof): step " << run.step << "\n";
  os << "        k            f(x_k)      certified bound\n";
  for (const auto& row : run.rows)
    os << "  " << std::setw(7) << row.k << "  " << std::setw(16) << row.f << "  " << std::setw(16) << row.bound << "\n";
  if (run.capped) os << "  " << run.cap_note() << "\n";
}

nlohmann::json gd_run_json(const GdRun& run) {
  nlohmann::json j;
  j["note"] = "double precision, not part of the proof";
  j["step"] = run.step;
  j["steps"] = run.steps;
  j["certified_iterations"] = run.certified_iterations;
  j["cap"] = run.cap;
  j["capped"] = run.capped;
  if (run.capped) j["cap_note"] = run.cap_note();
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& row : run.rows) rows.push_back({{"k", row.k}, {"f", row.f}, {"bound", row.bound}});
  j["trace"] = rows;
  return j;
}

// Fields of the PL* / proxy-PL issue: flags override the problem file.
void merge_pl_fields(ProblemSpec& spec, const ProblemSpec& file) {
  if (spec.system.empty() && spec.expr.empty() && spec.residuals.empty()) spec.system = file.system;
  if (spec.targets.empty()) spec.targets = file.targets;
  for (auto [mine, theirs] : {std::pair{&spec.output_map, &file.output_map}, std::pair{&spec.eps, &file.eps},
                              std::pair{&spec.mu, &file.mu}, std::pair{&spec.proxy, &file.proxy}})
    if (mine->empty()) *mine = *theirs;
  if (spec.xi == "0") spec.xi = file.xi;
  if (spec.power == "2") spec.power = file.power;
}

int run_check(CheckFlags& flags) {
  // The time budget covers the whole run: reading and parsing count too.
  const Deadline run_start = std::chrono::steady_clock::now();
  ProblemSpec spec = flags.spec;
  if (!flags.file.empty()) {
    ProblemSpec from_file = read_problem_file(flags.file);
    // Flags given on the command line override the file.
    if (spec.expr.empty() && spec.residuals.empty()) spec.expr = from_file.expr, spec.residuals = from_file.residuals;
    if (flags.vars.empty()) spec.vars = from_file.vars;
    if (flags.center.empty()) spec.center = from_file.center;
    if (spec.radius.empty()) spec.radius = from_file.radius;
    if (spec.scale == "1") spec.scale = from_file.scale;
    if (spec.precision == 0) spec.precision = from_file.precision;
    if (spec.budget == "20s") spec.budget = from_file.budget;
    if (spec.tol == "1e-12") spec.tol = from_file.tol;
    if (spec.criterion == "chatterjee") spec.criterion = from_file.criterion;
    merge_pl_fields(spec, from_file);
  }
  if (!flags.vars.empty()) spec.vars = split_list(flags.vars);
  if (!flags.center.empty()) spec.center = split_list(flags.center);

  api::Options options = api::options_from(spec, run_start);
  options.certificate = flags.cert;
  options.progress = [](const std::string& m) { std::cerr << "gdcert: " << m << "\n"; };
  api::Report r = api::run(spec, options);
  // --run-gd follows Chatterjee's certified step (alone or in --criterion all); without one
  // there is nothing to run, and the output says so.
  const ChatterjeeResult* chatterjee = r.chatterjee ? &*r.chatterjee : r.all ? &r.all->chatterjee : nullptr;
  std::optional<GdRun> gd_run;
  std::string gd_skipped;
  if (flags.run_gd) {
    if (chatterjee && chatterjee->gd)
      gd_run = run_gradient_descent(*r.objective, spec, *chatterjee->gd, flags.gd_steps);
    else
      gd_skipped = "--run-gd: nothing to run, Chatterjee's criterion gave no certified step";
  }
  if (flags.json) {
    nlohmann::json j = api::to_json(r);
    if (gd_run) j["run_gd"] = gd_run_json(*gd_run);
    if (!gd_skipped.empty()) j["run_gd"] = {{"skipped", gd_skipped}};
    std::cout << dump_json(j, 2) << std::endl;
    if (!r.certificate_note.empty()) std::cerr << "gdcert: " << r.certificate_note << "\n";
  } else {
    std::cout << api::to_text(r);
    if (gd_run) print_gd_run(std::cout, *gd_run);
    if (!gd_skipped.empty()) std::cout << "\n  " << gd_skipped << "\n";
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
                  "--run-gd: the most steps to run (default 100000, at most 100000000); the output says when the cap stops it")
      ->check(CLI::Validator(
          [](std::string& v) -> std::string {
            unsigned long long n = 0;
            const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
            if (ec == std::errc() && end == v.data() + v.size() && n >= 1 && n <= kMaxGdSteps) return "";
            return "a whole number of steps from 1 to " + std::to_string(kMaxGdSteps) + " is needed, not '" + v + "'";
          },
          "STEPS"))
      ->needs(run_gd);
  cmd->callback([flags, &status] { status = run_check(*flags); });
}

}  // namespace gdcert
