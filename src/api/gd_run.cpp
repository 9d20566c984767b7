#include "api/gd_run.hpp"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <sstream>

#include "expr/evaluator.hpp"

namespace gdcert::api {

std::string GdRun::cap_note() const {
  return "stopped at the cap of " + std::to_string(cap) + " steps, before the certified count of " +
         std::to_string(certified_iterations) + "; --gd-steps N sets it (at most " + std::to_string(kMaxGdSteps) + ")";
}

GdRun run_gradient_descent(const Objective& f, const std::vector<ExactNumber>& centre, const GdParameters& gd,
                           unsigned long long cap) {
  Evaluator<double> ev(f.function());
  std::vector<double> x;
  for (const auto& c : centre) x.push_back(c.nearest);
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

GdRun run_gradient_descent(const Report& report, unsigned long long cap) {
  const ChatterjeeResult* chatterjee = report.chatterjee ? &*report.chatterjee
                                       : report.all      ? &report.all->chatterjee
                                                         : nullptr;
  if (!chatterjee || !chatterjee->gd || !report.objective || chatterjee->centre.empty()) {
    GdRun none;
    none.skipped = "--run-gd: nothing to run, Chatterjee's criterion gave no certified step";
    return none;
  }
  return run_gradient_descent(*report.objective, chatterjee->centre, *chatterjee->gd, cap);
}

nlohmann::json to_json(const GdRun& run) {
  if (!run.skipped.empty()) return {{"skipped", run.skipped}};
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

std::string to_text(const GdRun& run) {
  std::ostringstream os;
  if (!run.skipped.empty()) {
    os << "\n  " << run.skipped << "\n";
    return os.str();
  }
  os << "\n  --run-gd (double precision, not part of the proof): step " << run.step << "\n";
  os << "        k            f(x_k)      certified bound\n";
  for (const auto& row : run.rows)
    os << "  " << std::setw(7) << row.k << "  " << std::setw(16) << row.f << "  " << std::setw(16) << row.bound << "\n";
  if (run.capped) os << "  " << run.cap_note() << "\n";
  return os.str();
}

}  // namespace gdcert::api
