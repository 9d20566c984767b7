#include "cli/region_map.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <exception>
#include <ostream>
#include <thread>

#include "api/json_numbers.hpp"

namespace gdcert {
namespace {

std::string variable_list(const Objective& f) {
  std::string s;
  for (const auto& v : f.variables()) s += (s.empty() ? "" : ", ") + v;
  return s;
}

RegionCell cell_of(const std::string& x, const std::string& y, const api::Report& r) {
  RegionCell cell;
  cell.x = x;
  cell.y = y;
  if (!r.error.empty() || !r.chatterjee) {
    // Inconclusive is always a sound answer; the message is kept and counted in the summary.
    cell.verdict = Verdict::Inconclusive;
    cell.error = r.error;
    return cell;
  }
  cell.verdict = r.chatterjee->verdict;
  cell.radius = r.chatterjee->radius.text;
  cell.margin_lower = r.chatterjee->margin_lower;
  cell.alpha_lower = r.chatterjee->alpha_lower;
  cell.seconds = r.chatterjee->seconds;
  return cell;
}

std::string csv_number(const nlohmann::json& j) { return j.is_null() ? "" : j.dump(); }

}  // namespace

std::size_t RegionMap::count(Verdict v) const {
  std::size_t n = 0;
  for (const auto& c : cells) n += c.verdict == v;
  return n;
}
std::size_t RegionMap::errors() const {
  std::size_t n = 0;
  for (const auto& c : cells) n += !c.error.empty();
  return n;
}

RegionProblem prepare_region(const RegionRequest& request) {
  const ProblemSpec& spec = request.spec;
  if (spec.expr.empty() == spec.residuals.empty())
    throw std::invalid_argument("give exactly one of --expr and --residuals");
  // Parsed first on its own so that a wrong number of variables is reported as such, not as a
  // mismatch with a centre the user never wrote.
  Objective f = spec.expr.empty() ? Objective::from_residuals(spec.residuals, spec.vars, parse_number(spec.scale))
                                  : Objective::from_expression(spec.expr, spec.vars);
  if (f.dimension() != 2)
    throw std::invalid_argument("region maps need exactly 2 variables; f has " + std::to_string(f.dimension()) +
                                " (" + variable_list(f) + ")");
  std::array<GridAxis, 2> axes = parse_grid(request.grid, {f.variables()[0], f.variables()[1]});
  if (spec.radius.empty()) throw std::invalid_argument("--radius is required (a positive number or auto)");
  ProblemSpec first = spec;  // the rest of the validation is check's own
  first.center = {axes[0].values.front(), axes[1].values.front()};
  first.criterion = "chatterjee";
  resolve(first);
  api::Options options = api::options_from(first);
  options.samples = request.samples;
  unsigned threads = request.threads ? request.threads : std::max(1u, std::thread::hardware_concurrency());
  return RegionProblem{std::move(f), std::move(axes), first, options, threads, request.progress};
}

RegionMap run_region(const RegionProblem& p) {
  const auto start = std::chrono::steady_clock::now();
  const std::size_t nx = p.axes[0].values.size(), ny = p.axes[1].values.size(), total = nx * ny;
  std::vector<api::Job> jobs;
  jobs.reserve(total);
  for (std::size_t k = 0; k < total; ++k) {
    api::Job job{p.spec, p.options};
    job.spec.center = {p.axes[0].values[k / ny], p.axes[1].values[k % ny]};
    jobs.push_back(std::move(job));
  }
  auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
  double last = 0;
  api::RunManyOptions run;
  run.threads = p.threads;
  run.progress = [&](std::size_t done, std::size_t all) {
    double t = elapsed();
    if (p.progress && t >= 1.0 && t - last >= 1.0) {
      last = t;
      char buf[96];
      std::snprintf(buf, sizeof buf, "region: %zu/%zu cells, %.0f s", done, all, t);
      p.progress(buf);
    }
  };
  std::vector<api::Report> reports = api::run_many(jobs, run);
  RegionMap map{p.axes, std::vector<RegionCell>(total), 0};
  for (std::size_t k = 0; k < total; ++k)
    map.cells[k] = cell_of(p.axes[0].values[k / ny], p.axes[1].values[k % ny], reports[k]);
  map.seconds = elapsed();
  return map;
}

void write_region_csv(std::ostream& os, const RegionMap& map) {
  os << "x,y,verdict,radius,margin,alpha_lower,seconds\n";
  for (const auto& c : map.cells) {
    char secs[32];
    std::snprintf(secs, sizeof secs, "%.4f", c.seconds);
    os << c.x << ',' << c.y << ',' << to_string(c.verdict) << ',' << c.radius << ','
       << csv_number(print_lower(c.margin_lower)) << ',' << csv_number(print_lower(c.alpha_lower)) << ',' << secs
       << '\n';
  }
}

nlohmann::json region_json(const RegionMap& map, const Objective& f) {
  nlohmann::json cells = nlohmann::json::array();
  for (const auto& c : map.cells) {
    nlohmann::json j = {{"x", c.x}, {"y", c.y}, {"verdict", to_string(c.verdict)},
                        {"margin", print_lower(c.margin_lower)}, {"alpha_lower", print_lower(c.alpha_lower)},
                        {"seconds", c.seconds}};
    j["radius"] = c.radius.empty() ? nlohmann::json(nullptr) : nlohmann::json(c.radius);
    if (!c.error.empty()) j["error"] = c.error;
    cells.push_back(std::move(j));
  }
  auto axis = [](const GridAxis& a) {
    return nlohmann::json{{"variable", a.name}, {"min", a.values.front()}, {"max", a.values.back()},
                          {"count", a.values.size()}};
  };
  return {{"function", f.describe()},
          {"criterion", "chatterjee"},
          {"grid", {axis(map.axes[0]), axis(map.axes[1])}},
          {"counts",
           {{"certified", map.count(Verdict::Certified)},
            {"refuted", map.count(Verdict::Refuted)},
            {"inconclusive", map.count(Verdict::Inconclusive)},
            {"errors", map.errors()}}},
          {"cells", std::move(cells)},
          {"seconds", map.seconds}};
}

}  // namespace gdcert
