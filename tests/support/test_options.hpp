// Budgets for test runs of the criteria whose options carry `budget` and `samples` (PlStarOptions,
// ProxyPlOptions): the library's defaults (20 s, 2,000,000 boxes, 300 samples) are for users.
//
//   PlStarOptions o = budget_options<PlStarOptions>(0.3, 60, 20000);  // 0.3 s, 60 samples, 20,000 boxes
#pragma once

#include <cstddef>

#include "bound/budget.hpp"

namespace gdcert::test {

template <class Options>
Options budget_options(double seconds, std::size_t samples, std::size_t boxes = Budget{}.boxes) {
  Options o;
  o.budget.seconds = seconds;
  o.budget.boxes = boxes;
  o.samples = samples;
  return o;
}

}  // namespace gdcert::test
