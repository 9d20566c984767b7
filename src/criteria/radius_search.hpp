// The `--radius auto` search, one for every criterion: a geometric scan of quick checks, a longer
// look around the best certified radius (or at the most promising failures), then the answer.
//
//   ChatterjeeResult r = search_radius<ChatterjeeSearch>(radius_scan_scale(centre), options,
//       [&](const ExactNumber& radius, const ChatterjeeOptions& o) { return check_chatterjee(f, centre, radius, o); });
//   r.radius.text == "1.01"   // the radius of the largest certified margin (or the most promising)
//
// What "best" means is the criterion's, in its policy (criteria/search_policies.hpp):
//   quick(options)              the options of a scan check (fewer samples; the search sets the budget)
//   certified_score(result)     larger is better among certified radii (Chatterjee: the margin)
//   failure_score(result)       larger is more promising among the others; -inf: nothing known
//   kFailuresRefined, worth_refining(score)   which failures get a longer look
//   stops_search(result), structural_reason(result)   a cause no radius can overcome: the scan ends
//   kRecheckBest                the scan's best radius is checked again with the full options
//   kRatePhase, faster(a, b), set_rate_optimal(out, fastest)   the radius of the best GD rate
//   kChosen, kPromising, scan_range_text(scale), advise(result, options), forget_certified_only(result)
//                               the answer's texts
//
// r^2 alpha(x0, r) (like r - R for PL*) is not monotone in r, so the scan tries every scale.
#pragma once

#include <algorithm>
#include <chrono>
#include <cmath>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "bound/budget.hpp"
#include "criteria/radius_scan.hpp"
#include "criteria/verdict.hpp"

namespace gdcert {

template <class Policy, class Check>
typename Policy::Result search_radius(double scale, const typename Policy::Options& options, Check&& check) {
  using Result = typename Policy::Result;
  using Options = typename Policy::Options;
  const auto start = std::chrono::steady_clock::now();
  BudgetClock overall(options.budget);
  overall.set_progress_sink(options.progress);
  auto seconds_since_start = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };

  std::optional<Result> best;          // largest certified score
  std::optional<Result> fastest;       // the certified result with the best GD rate (kRatePhase)
  std::optional<Result> promising;     // largest failure score (the first of equals)
  std::vector<std::pair<double, double>> failures;  // (failure score, radius) of every failure
  auto consider = [&](double r, const Options& o) -> Result {
    ExactNumber radius = scan_radius(r);
    overall.progress([&] { return "radius search: checking r = " + radius.text; });
    Result res = check(radius, o);
    // Of equal scores the first checked stays (as the golden outputs were made).
    if (res.verdict == Verdict::Certified) {
      if (!best || Policy::certified_score(res) > Policy::certified_score(*best)) best = res;
      if constexpr (Policy::kRatePhase)
        if (Policy::faster(res, fastest ? &*fastest : nullptr)) fastest = res;
    } else {
      const double score = Policy::failure_score(res);
      if (!promising || score > Policy::failure_score(*promising)) promising = res;
      failures.emplace_back(score, res.radius.nearest);
    }
    return res;
  };

  // Phase 1: a quick rigorous check at each radius of a geometric scan (ratio 2^(1/3)), from
  // max(|x0|, 1) down by a factor of 2^20, in at most half the budget; cheap because each check
  // gets a small budget and few samples. At least one radius is checked.
  Options quick = Policy::quick(options);
  quick.budget = quick_check_budget(options.budget);
  quick.progress = nullptr;
  for (int k = 0; k <= kScanSteps &&
                  (k == 0 || (overall.elapsed() < options.budget.seconds / 2 && !options.budget.past_deadline()));
       ++k) {
    Result res = consider(scan_radius_value(scale, k), quick);
    if (Policy::stops_search(res)) {
      res.verdict = Verdict::Inconclusive;
      res.witness.reset();
      Policy::forget_certified_only(res);
      res.reason = "no radius can be certified: " + Policy::structural_reason(res);
      Policy::advise(res, options);
      res.seconds = seconds_since_start();
      return res;
    }
  }

  // Phase 2: a tenth of the budget per check, until the deadline. Around the best certified
  // radius, steps of 2^(+-1/6) then 2^(+-1/12) about the best so far (then, kRecheckBest, the
  // scan's best radius again); otherwise the most promising failures, while the search's own
  // time lasts too.
  Options sub = options;
  sub.budget = refine_check_budget(options.budget);
  if (best) {
    const double scan_best = best->radius.nearest;
    for (double step : {std::pow(2.0, 1.0 / 6), std::pow(2.0, 1.0 / 12)}) {
      if (options.budget.past_deadline()) break;
      const double r0 = best->radius.nearest;
      consider(r0 * step, sub);
      consider(r0 / step, sub);
    }
    if (Policy::kRecheckBest && !options.budget.past_deadline()) consider(scan_best, sub);
  } else {
    std::stable_sort(failures.begin(), failures.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    std::vector<double> radii;
    for (std::size_t i = 0; i < failures.size() && radii.size() < Policy::kFailuresRefined; ++i)
      if (Policy::worth_refining(failures[i].first)) radii.push_back(failures[i].second);
    for (double r : radii)
      if (!options.budget.past_deadline() && overall.elapsed() < options.budget.seconds) consider(r, sub);
  }

  // Phase 3: gradient descent's rate often improves on smaller balls (smaller sup |grad f| and
  // ||Hess f||, so a larger step), but certification is not monotone in r: try the fastest
  // radius halved 1..12 times (down to 1/4096 of it), keeping the fastest that certifies.
  if constexpr (Policy::kRatePhase) {
    if (fastest) {
      const double r0 = fastest->radius.nearest;
      for (int k = 1; k <= 12 && !options.budget.past_deadline(); ++k) {
        Result res = check(scan_radius(std::ldexp(r0, -k)), sub);
        if (res.verdict == Verdict::Certified && Policy::faster(res, &*fastest)) fastest = res;
      }
    }
  }

  Result out;
  if (best) {
    out = *best;
    out.reason += Policy::kChosen;
    if constexpr (Policy::kRatePhase)
      if (fastest) Policy::set_rate_optimal(out, *fastest);
  } else {
    out = *promising;
    out.verdict = Verdict::Inconclusive;
    out.reason = "no radius in the scan (r = " + Policy::scan_range_text(scale) + ") could be certified; at r = " +
                 out.radius.text + ", " + Policy::kPromising + ": " + out.reason;
    out.witness.reset();
    Policy::forget_certified_only(out);
    Policy::advise(out, options);
  }
  out.seconds = seconds_since_start();
  return out;
}

}  // namespace gdcert
