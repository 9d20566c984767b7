// The library entry point: a problem and options in, one report out; many problems in
// parallel. The command line (src/cli) only turns flags into these and prints the report.
//
//   api::ProblemSpec spec;                        // or read_problem_file("examples/rosenbrock.json")
//   spec.residuals = "10*(y-x^2); 1-x";  spec.vars = {"x", "y"};  spec.center = {"1.01", "1.02"};
//   api::Options o;                               // or api::options_from(spec)
//   o.criterion = "all";  o.radius = parse_number("0.05");  o.precision = 128;
//   api::Report r = api::run(spec, o);
//   r.exit_status();                              // 0 certified (for "all": Chatterjee or PL*)
//   std::cout << api::to_json(r).dump(2);         // the --json report; api::to_text(r) the table
//
//   std::vector<api::Job> jobs = ...;             // (spec, options) pairs, mixed precisions
//   std::vector<api::Report> rs = api::run_many(jobs, {.threads = 2});  // in order; an exception
//                                                 // in one job becomes that report's `error`
//
// Precision is a value in Options (0: double intervals, else MPFR bits), never ambient state:
// run() sets it for its own thread, so worker threads need nothing. A problem is one of the
// spec kinds (expression, residuals, system); a network problem is another kind that resolves
// to the same seam (ResidualBallBounds) and fills the same Report, with its own JSON fields in
// Report::extra.
#pragma once

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/criteria_all.hpp"
#include "api/problem_spec.hpp"
#include "criteria/chatterjee.hpp"
#include "criteria/plstar.hpp"
#include "criteria/proxy_pl.hpp"

namespace gdcert::api {

using gdcert::ProblemSpec;
using gdcert::read_problem_file;

// The criteria run() knows, in the order of the help text: chatterjee, plstar, proxy-pl, all.
const std::vector<std::string>& criterion_names();

struct Options {
  std::string criterion = "chatterjee";    // one of criterion_names()
  std::optional<ExactNumber> radius;       // nullopt: auto (radius search)
  unsigned precision = 0;                  // 0: double intervals; else MPFR bits
  Budget budget;                           // per check (a search shares it); "all": a third each;
                                           // budget.cancel stops the run early (inconclusive)
  double tol = 1e-12;                      // iterations until f(x_k) <= tol f(x0)
  std::size_t samples = 0;                 // Chatterjee's sampled points (0: its default)
  std::string certificate;                 // write a certificate here when certified (chatterjee)
  bool record_evidence = false;            // keep a certificate's evidence in the report without
                                           // writing one (Python's Report.write_cert)
  BudgetClock::Sink progress;              // long checks report here, each line led by the criterion (nothing when empty)
};

// The options a spec carries (criterion, radius, precision, budget, tol); throws
// std::invalid_argument naming the flag.
// With `run_start`, the time budget is a deadline for the whole run counted from then (a
// command's clock starts before parsing; see bound/budget.hpp); without, per check.
Options options_from(const ProblemSpec& spec, std::optional<Deadline> run_start = std::nullopt);

struct Report {
  std::string criterion;                   // as run
  std::shared_ptr<const Objective> objective;  // what was certified (for describe(), variables)
  std::optional<ChatterjeeResult> chatterjee;  // criterion chatterjee
  std::optional<PlStarResult> plstar;          // criterion plstar
  std::optional<ProxyPlResult> proxy;          // criterion proxy-pl
  std::optional<AllResults> all;               // criterion all
  std::string certificate;                     // requested path (Options::certificate), "" none
  bool certificate_written = false;            // written (only when certified)
  std::string certificate_note;                // what happened to the requested certificate
  nlohmann::json extra = nlohmann::json::object();  // fields a problem kind adds to the report
  std::string error;                       // run_many: the job threw this (then inconclusive)

  Verdict verdict() const;                 // "all": Certified when exit_status() == 0
  int exit_status() const;                 // 0 / 1 (the --criterion all rule for "all")
  std::string radius_text() const;         // the radius checked (searched for auto)
};

// Throws std::invalid_argument / ParseError / NumberError for bad input (exit 2).
Report run(const ProblemSpec& spec, const Options& options);

nlohmann::json to_json(const Report& report);

std::string to_text(const Report& report);

// Parallel runner.
struct Job {
  ProblemSpec spec;
  Options options;
};
struct RunManyOptions {
  unsigned threads = 0;                    // 0: all cores
  // Called from the calling thread about every 50 ms while jobs run: (done, total).
  std::function<void(std::size_t, std::size_t)> progress;
  const std::atomic<bool>* cancel = nullptr;  // set: jobs not yet started get error "cancelled"
};
std::vector<Report> run_many(const std::vector<Job>& jobs, const RunManyOptions& options = {});

}  // namespace gdcert::api
