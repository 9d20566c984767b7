// The radius scan's phase budgets: the default keeps 300 boxes a quick check; a larger budget
// (time, or boxes alone) makes every quick check proportionally larger; never above the budget.
// And a time alone scales the box cap (bound/budget.hpp).
#include <doctest/doctest.h>

#include "bound/budget.hpp"
#include "criteria/radius_scan.hpp"

using namespace gdcert;

TEST_CASE("a time alone scales the box cap; boxes given stay as given") {
  CHECK(parse_budget("20s").boxes == 2'000'000);
  CHECK(parse_budget("5s").boxes == 2'000'000);
  CHECK(parse_budget("200s").boxes == 20'000'000);
  CHECK(parse_budget("200s,5000boxes").boxes == 5000);
  CHECK(parse_budget("5000boxes").boxes == 5000);
}

TEST_CASE("quick checks of the radius scan grow with --budget") {
  CHECK(quick_check_boxes(Budget{}) == 300);
  CHECK(quick_check_boxes(parse_budget("20s")) == 300);
  CHECK(quick_check_boxes(parse_budget("5s")) == 300);          // never below the default's
  CHECK(quick_check_boxes(parse_budget("200s")) == 3000);
  CHECK(quick_check_boxes(parse_budget("20000000boxes")) == 3000);
  CHECK(quick_check_boxes(parse_budget("1000boxes")) == 300);
  CHECK(quick_check_boxes(parse_budget("100boxes")) == 100);    // never above the budget
  CHECK(quick_check_boxes(parse_budget("1e7s")) == 300000);     // at most 1000x
  CHECK(quick_check_boxes(parse_budget("200s,2000000boxes")) == 300);  // boxes given: they decide
  Budget third = parse_budget("200s");
  third.seconds /= 3;  // --criterion all's share of the time: the boxes, hence the scan, stay
  CHECK(quick_check_boxes(third) == 3000);
  CHECK(quick_check_budget(parse_budget("300s")).seconds == doctest::Approx(2.0));
}
