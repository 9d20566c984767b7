// What a batch found, per sweep cell: the certified fraction with a 95% Wilson interval.
//
//   ResultsFile rf = read_results("runs.jsonl");
//   BatchSummary s = summarise(rf, "width");       // cells: every axis but the seed
//   std::cout << summary_table(s);                 // checks, certified, fraction [lo, hi], ...
//   write_file_atomically("frac.svg", summary_svg(s));  // fraction against width, one line per series
//
// A cell groups the checks that share every coordinate except "seed" (the replicate axis). The
// picture puts the `by` axis (default "width") on x, logarithmic when its values are positive
// numbers spanning more than a factor of 4, and draws one line per combination of the other
// axes (scheme, activation, ...), each point with its Wilson interval as an error bar.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/batch_results.hpp"

namespace gdcert::api {

struct WilsonInterval {
  double lower = 0, upper = 1;
};
// Score interval for a binomial proportion (Wilson 1927), z = 1.96 for 95%. n = 0 gives [0, 1].
WilsonInterval wilson_interval(std::size_t successes, std::size_t n, double z = 1.959963984540054);

struct BatchCell {
  nlohmann::json coords;  // every coordinate except "seed"
  std::size_t checks = 0, certified = 0, refuted = 0, inconclusive = 0, errors = 0;
  double fraction = 0;    // certified / checks
  WilsonInterval ci;
  double median_margin = NAN, median_seconds = NAN;  // over the checks that report them
};

struct BatchSummary {
  std::vector<std::string> axes;  // cell axes, in coordinate order
  std::string by;                 // the x axis of the picture ("" when the cells have none)
  std::vector<BatchCell> cells;   // in the order of first appearance
  std::size_t total = 0;          // checks read
};

// The verdict of one result line: "certified" | "refuted" | "inconclusive" | "error". With
// --criterion all, certified when Chatterjee or PL* (not PL*_eps) certified, as the exit rule says.
std::string line_verdict(const nlohmann::json& line);

BatchSummary summarise(const ResultsFile& results, const std::string& by = "width");
std::string summary_table(const BatchSummary& s);
std::string summary_csv(const BatchSummary& s);
std::string summary_svg(const BatchSummary& s, const std::string& title = "");

}  // namespace gdcert::api
