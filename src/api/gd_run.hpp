// Gradient descent in double precision with a certified step, next to the certified bound: a
// sanity check for people (`gdcert check --run-gd`, Python), not part of any proof.
//
//   api::Report r = api::run(spec, options);          // chatterjee, or all
//   api::GdRun gd = api::run_gradient_descent(r, 1000);  // from the checked centre, at most 1000 steps
//   gd.rows;                                          // (k, f(x_k), f(x0) rate^k) at k = 0, 1, 4, 16, ..., last
//   api::to_json(gd);  api::to_text(gd);              // the "run_gd" field; the --run-gd table
//
// Without a certified step (refuted, inconclusive, PL* or proxy PL alone) there is nothing to
// run: the GdRun says so in `skipped`.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/run.hpp"

namespace gdcert::api {

// At most this many steps unless the caller says otherwise; callers cap their own limit at
// kMaxGdSteps (plain double steps, about a microsecond each for small f: a couple of minutes).
constexpr unsigned long long kDefaultGdSteps = 100000;
constexpr unsigned long long kMaxGdSteps = 100000000;

struct GdRun {
  std::string skipped;                          // non-empty: nothing was run, and why
  double step = 0;
  unsigned long long certified_iterations = 0;  // the certified count to reach tol f(x0)
  unsigned long long steps = 0;                 // steps run
  unsigned long long cap = 0;
  bool capped = false;                          // stopped at the cap before the certified count
  struct Row {
    unsigned long long k;
    double f, bound;
  };
  std::vector<Row> rows;                        // k = 0, 1, 4, 16, ... and the last step
  std::string cap_note() const;
};

// Runs from `centre` with the step and rate of `gd`, up to its iteration count (1000 when it
// gives none) or `cap` steps, whichever is smaller.
GdRun run_gradient_descent(const Objective& f, const std::vector<ExactNumber>& centre, const GdParameters& gd,
                           unsigned long long cap);

// With Chatterjee's certified step from the report (criterion chatterjee, or its part of "all"),
// from the centre it was checked at; `skipped` says why when there is no step (or no centre).
GdRun run_gradient_descent(const Report& report, unsigned long long cap = kDefaultGdSteps);

nlohmann::json to_json(const GdRun& run);
std::string to_text(const GdRun& run);

}  // namespace gdcert::api
