// A verdict map: Chatterjee's criterion at every centre of a 2-D grid (`gdcert region`).
//
//   RegionRequest req;
//   req.spec.expr = "(x*y-1)^2";  req.spec.radius = "auto";  req.spec.budget = "2s";
//   req.grid = "-3:3:0.5,-3:3:0.5";
//   RegionProblem prob = prepare_region(req);     // all input errors are thrown here
//   RegionMap map = run_region(prob);             // cells in grid order, x outer, y inner
//   write_region_csv(std::cout, map);
//
// The map is a picture of many independent checks, not a certificate: each cell's verdict means
// exactly what `gdcert check` at that centre would mean with the same budget and sampling.
#pragma once

#include <array>
#include <cmath>
#include <cstddef>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/decimal_grid.hpp"
#include "api/problem_spec.hpp"
#include "api/run.hpp"

namespace gdcert {

struct RegionRequest {
  ProblemSpec spec;         // expr or residuals, vars, scale, radius, precision, budget (per cell)
  std::string grid;         // "xmin:xmax:xstep,ymin:ymax:ystep"
  unsigned threads = 0;     // 0: all cores
  std::size_t samples = 300;  // sampled points per ball (fewer than `check`, for speed)
  std::function<void(const std::string&)> progress;  // once a second after the first second
};

struct RegionProblem {
  Objective objective;
  std::array<GridAxis, 2> axes;
  ProblemSpec spec;                   // the problem; each cell sets its own centre
  api::Options options;               // Chatterjee, radius, precision, budget and samples per cell
  unsigned threads = 1;
  std::function<void(const std::string&)> progress;
};

struct RegionCell {
  std::string x, y;  // the centre as exact decimal text
  Verdict verdict = Verdict::Inconclusive;
  std::string radius;                // as checked (text); empty when none was tried
  double margin_lower = -INFINITY;  // rigorous lower bound of r^2 alpha - 4 f(x0)
  double alpha_lower = 0;           // rigorous
  double seconds = 0;
  std::string error;                // a cell whose check threw: inconclusive, with the message
};

struct RegionMap {
  std::array<GridAxis, 2> axes;
  std::vector<RegionCell> cells;  // cells[i * ny + j] at (axes[0].values[i], axes[1].values[j])
  double seconds = 0;
  const RegionCell& at(std::size_t i, std::size_t j) const { return cells[i * axes[1].values.size() + j]; }
  std::size_t count(Verdict v) const;
  std::size_t errors() const;
};

// Validates everything (exactly 2 variables, grid, radius, budget); throws std::invalid_argument
// or ParseError naming the problem, before any work is done.
RegionProblem prepare_region(const RegionRequest& request);

// Runs the cells on `threads` threads through api::run_many (a grid generator on top of the
// parallel runner); results do not depend on the thread count (sampling is seeded per ball)
// except through time budgets.
RegionMap run_region(const RegionProblem& problem);

// Header x,y,verdict,radius,margin,alpha_lower,seconds; bounds printed rounded outward
// (margin and alpha_lower are lower bounds: the printed decimal is <= the proved bound).
void write_region_csv(std::ostream& os, const RegionMap& map);
nlohmann::json region_json(const RegionMap& map, const Objective& f);

}  // namespace gdcert
