#include "cli/region_map.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <exception>
#include <ostream>
#include <thread>

#include "cli/commands.hpp"
#include "cli/json_numbers.hpp"

namespace gdcert {
namespace {

std::string variable_list(const Objective& f) {
  std::string s;
  for (const auto& v : f.variables()) s += (s.empty() ? "" : ", ") + v;
  return s;
}

RegionCell run_cell(const RegionProblem& p, const std::string& x, const std::string& y) {
  RegionCell cell;
  cell.x = x;
  cell.y = y;
  try {
    std::vector<ExactNumber> center = {parse_number(x), parse_number(y)};
    // Precision is per thread, so each worker sets its own (with_scalar does).
    ChatterjeeResult r = with_scalar(p.precision, [&](auto scalar) {
      using T = decltype(scalar);
      return p.radius ? check_chatterjee<T>(p.objective, center, *p.radius, p.options)
                      : search_radius_chatterjee<T>(p.objective, center, p.options);
    });
    cell.verdict = r.verdict;
    cell.radius = r.radius_text;
    cell.margin_lower = r.margin_lower;
    cell.alpha_lower = r.alpha_lower;
    cell.seconds = r.seconds;
  } catch (const std::exception& e) {
    // Inconclusive is always a sound answer; the message is kept and counted in the summary.
    cell.verdict = Verdict::Inconclusive;
    cell.error = e.what();
  }
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
  ResolvedProblem resolved = resolve(first);

  ChatterjeeOptions options;
  options.budget = parse_budget(spec.budget);
  options.sampling.samples = request.samples;
  unsigned threads = request.threads ? request.threads : std::max(1u, std::thread::hardware_concurrency());
  return RegionProblem{std::move(resolved.objective), std::move(axes), resolved.radius, options,
                       spec.precision, threads, request.progress};
}

RegionMap run_region(const RegionProblem& p) {
  const auto start = std::chrono::steady_clock::now();
  const std::size_t nx = p.axes[0].values.size(), ny = p.axes[1].values.size(), total = nx * ny;
  RegionMap map{p.axes, std::vector<RegionCell>(total), 0};
  std::atomic<std::size_t> next{0}, done{0};
  auto worker = [&] {
    for (std::size_t k; (k = next.fetch_add(1)) < total;) {
      map.cells[k] = run_cell(p, p.axes[0].values[k / ny], p.axes[1].values[k % ny]);
      done.fetch_add(1);
    }
  };
  // n workers; the calling thread only reports progress.
  std::vector<std::thread> pool;
  const std::size_t n_threads = std::min<std::size_t>(p.threads, total);
  for (std::size_t t = 0; t < n_threads; ++t) pool.emplace_back(worker);
  double last = 0;
  auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
  while (done.load() < total) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    double t = elapsed();
    if (p.progress && t >= 1.0 && t - last >= 1.0) {
      last = t;
      char buf[96];
      std::snprintf(buf, sizeof buf, "region: %zu/%zu cells, %.0f s", done.load(), total, t);
      p.progress(buf);
    }
  }
  for (auto& t : pool) t.join();
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
