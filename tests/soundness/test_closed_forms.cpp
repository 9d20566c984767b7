// Brief item 1 and 3: every verdict and bound of check_chatterjee against closed forms and a
// 256-bit brute-force reference, over decimal, hex, negative centres, tiny and huge radii and
// radii at the exact boundary of the criterion (and one ulp either side), for Interval and
// MpInterval at 64 and 256 bits.
#include <doctest/doctest.h>

#include <cstdio>
#include <random>

#include "reference.hpp"

using namespace gdcert;
using namespace gdcert::redteam;

namespace {

std::string hex(double x) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%a", x);
  return buf;
}

// Centres per family: near the zero set (certifiable), far from it, negative, decimal and hex.
std::vector<std::vector<std::string>> centers_for(const Family& fam) {
  if (fam.name == "xy") return {{"2", "0.3"}, {"-2", "-0.3"}, {"0x1.8p+0", "0.7"}, {"1", "1"}, {"0.1", "3"}, {"-1.5", "0.6"}};
  if (fam.name == "circle") return {{"0.6", "0.9"}, {"-0.1", "1.02"}, {"0x1p-1", "0x1p-1"}, {"2", "2"}, {"0.01", "0"}};
  if (fam.name == "cubic") return {{"1.2"}, {"1.26"}, {"-1.3"}, {"0x1.4p+0"}, {"5"}};
  if (fam.name == "quad_scaled") return {{"0.55"}, {"-0.5477"}, {"0.1"}, {"3"}};
  if (fam.name == "quartic_hex") return {{"1.1"}, {"-1.1067"}, {"0x1.2p+0"}};
  if (fam.name == "linear") return {{"0.1"}, {"0.3"}, {"-2"}, {"1e-3"}};
  if (fam.name == "exp") return {{"0.69"}, {"0.7"}, {"-1"}, {"2"}};
  if (fam.name == "tanh") return {{"0.55"}, {"0.5493"}, {"-0.3"}, {"2"}};
  if (fam.name == "sin") return {{"3.1"}, {"3.2"}, {"0x1.921fb54442d18p+1"}, {"2"}};
  if (fam.name == "atan") return {{"1.5"}, {"1.557"}, {"-1"}, {"10"}};
  if (fam.name == "poly_nonsos") return {{"1.1"}, {"0.999"}, {"-3"}};
  if (fam.name == "quartic_nonsos") return {{"1.05"}, {"-0.98"}, {"0.2"}};
  if (fam.name == "indefinite") return {{"1.4"}, {"1.32"}, {"0.6"}, {"1"}};
  if (fam.name == "nozero") return {{"0"}, {"1"}, {"-3"}};
  if (fam.name == "sep2") return {{"1.4", "1.7"}, {"-1.41", "1.73"}, {"1", "1"}, {"0.2", "0.1"}};
  if (fam.name == "overdetermined") return {{"1.25", "0"}, {"1", "0.1"}};
  if (fam.name == "singular") return {{"0.01", "0.01"}, {"0.1", "-0.05"}, {"0", "0"}};
  return {};
}

// Radii: fixed decimals, tiny, huge, random, and the closed-form boundaries +- 1 ulp.
std::vector<std::string> radii_for(const Family& fam, const std::vector<std::string>& c, std::mt19937_64& rng) {
  std::vector<std::string> r = {"0.1", "1e-3", "0.5", "1e-9", "1e6", "0x1p-4"};
  std::uniform_real_distribution<double> u(-3.0, 0.5);
  for (int i = 0; i < 3; ++i) r.push_back(hex(std::pow(10.0, u(rng))));
  for (const auto& b : boundary_radii(fam, c)) r.push_back(b);
  return r;
}

template <class Run>
void sweep(Run&& run, std::size_t every) {
  std::mt19937_64 rng(7);
  std::size_t k = 0;
  for (const auto& fam : families())
    for (const auto& c : centers_for(fam))
      for (const auto& r : radii_for(fam, c, rng)) {
        if (k++ % every) continue;
        Case cs{&fam, c, r};
        check_against_reference(cs, run(cs));
      }
}

}  // namespace

TEST_CASE("closed forms and brute force: Interval (53-bit) checks") {
  Tally before = tally();
  sweep([](const Case& c) { return run_case_interval(c, small_options()); }, 1);
  Tally after = tally();
  MESSAGE("cases " << after.cases - before.cases << ", certified " << after.certified - before.certified
                   << ", refuted " << after.refuted - before.refuted << ", inconclusive "
                   << after.inconclusive - before.inconclusive << ", GD runs " << after.gd_runs - before.gd_runs);
  // The bugs of test_known_bugs.cpp (fixed): none may reappear anywhere in the sweep.
  CHECK(after.gd_rate_violations == 0);
  CHECK(after.step_6eps_violations == 0);
  CHECK(after.indefinite_alpha_violations == 0);
  MESSAGE("fixed-bug regressions seen: GD rate violated " << after.gd_rate_violations << " (e.g. " << after.gd_rate_example
                                               << "), step > 2 eps/(L2 p) " << after.step_6eps_violations << " (e.g. "
                                               << after.step_6eps_example << "), alpha_lower >= 0 with f < 0 "
                                               << after.indefinite_alpha_violations);
  // The suite must exercise every verdict, or the checks above could be vacuous.
  CHECK(after.certified - before.certified >= 30);
  CHECK(after.refuted - before.refuted >= 30);
  CHECK(after.gd_runs - before.gd_runs >= 30);
}

TEST_CASE("closed forms and brute force: MpInterval at 64 and 256 bits") {
  for (unsigned bits : {64u, 256u}) {
    CAPTURE(bits);
    Tally before = tally();
    sweep([bits](const Case& c) { return run_case_mp(c, small_options(), bits); }, 3);
    Tally after = tally();
    CHECK(after.certified - before.certified >= 8);
    CHECK(after.refuted - before.refuted >= 8);
  }
}

TEST_CASE("(xy-1)^2: the region of section 1.1 is never left, at the best radius |x0|/2") {
  // Criterion holds for some r exactly when |x0 y0 - 1| < (x0^2 + y0^2) / 4. Centres on a grid:
  // outside the region nothing may certify, whatever the radius.
  const Family& fam = family("xy");
  std::size_t certified = 0;
  for (int i = -12; i <= 12; i += 3)
    for (int j = -12; j <= 12; j += 3) {
      char x[16], y[16];
      std::snprintf(x, sizeof x, "%.2f", i / 4.0);
      std::snprintf(y, sizeof y, "%.2f", j / 4.0 + 0.05);
      double a = i / 4.0, b = j / 4.0 + 0.05;
      double nrm = std::sqrt(a * a + b * b);
      if (nrm == 0) continue;
      Case c{&fam, {x, y}, hex(nrm / 2)};
      ChatterjeeResult r = run_case_interval(c, small_options());
      check_against_reference(c, r);
      certified += r.verdict == Verdict::Certified;
    }
  CHECK(certified > 0);
}
