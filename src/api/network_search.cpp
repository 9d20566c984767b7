#include "api/network_search.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <optional>

#include "bound/ball_bounds_view.hpp"
#include "criteria/radius_scan.hpp"
#include "criteria/radius_search.hpp"

namespace gdcert::api {
namespace {

using Clock = std::chrono::steady_clock;

// r* = sigma0 / 2k for the per-neuron perturbation bound sigma_min >= sigma0 - k r (k itself
// shrinks with r: two fixed-point steps from the global k). "" when sigma0 or k is not finite.
std::string perturbation_radius(NetworkBallBounds& nb) {
  std::string text = "1e6";
  for (int it = 0; it < 3; ++it) {
    nb.over_ball(parse_number(text));
    const NetworkBallDetails& d = nb.details();
    if (!(d.sigma0_lower > 0) || !std::isfinite(d.k_perturbation) || !(d.k_perturbation > 0)) return "";
    text = scan_radius(d.sigma0_lower / (2 * d.k_perturbation)).text;
  }
  return text;
}

// How --radius auto searches. The criteria's own search (search_radius_*) scans 61 radii from
// |w0| down to |w0| / 2^20, one over_ball pass each; when that does not fit in half the budget (wide
// networks), a local scan around r* = sigma0 / 2k replaces it: r* 2^(j/3) for j = -9..6, then
// r 2^(+-1/6), r 2^(+-1/12) around the best certified r.
struct SearchPlan {
  std::string r_star;   // "" when sigma0 or k is not finite
  bool generic = true;
  double over_ball_seconds = 0;
};

SearchPlan plan_search(NetworkBallBounds& nb, double budget_seconds, StageProgress& progress) {
  progress.stage("radius search: r* = sigma0 / 2k of the perturbation bound");
  const auto t0 = Clock::now();
  SearchPlan plan;
  plan.r_star = perturbation_radius(nb);
  plan.over_ball_seconds = std::chrono::duration<double>(Clock::now() - t0).count() / 3;
  plan.generic = plan.r_star.empty() || 70 * plan.over_ball_seconds <= budget_seconds / 2;
  return plan;
}

// The local scan on the ball bounds alone (`scan`: no point evaluations), the best certified
// result by the criterion's score; nullopt when no radius certifies.
template <class Policy>
std::optional<typename Policy::Result> local_search(const std::string& r_star, const Budget& budget,
                                                    ResidualBallBounds& scan, const typename Policy::Options& quiet) {
  std::optional<typename Policy::Result> best;
  auto consider = [&](double r) {
    if (budget.past_deadline()) return;  // each radius is a full pass over the weights
    auto res = Policy::check(scan, scan_radius(r), quiet);
    if (res.verdict == Verdict::Certified && (!best || Policy::certified_score(res) > Policy::certified_score(*best)))
      best = res;
  };
  const double r0 = parse_number(r_star).nearest;
  for (int j = -9; j <= 6; ++j) consider(r0 * std::pow(2.0, j / 3.0));
  if (best) {
    const double rb = best->radius.nearest;
    for (double step : {std::pow(2.0, 1.0 / 6), std::pow(2.0, 1.0 / 12)}) {
      consider(rb * step);
      consider(rb / step);
    }
  }
  return best;
}

std::string local_scan_text(const std::string& r_star, const Budget& budget) {
  return "no radius r* 2^(j/3), j = -9..6, around r* = sigma0 / 2k = " + r_star + " could be certified" +
         (budget.past_deadline() ? " before the time budget ran out" : "");
}

// Nothing certified by the search: the result at the radius reported is inconclusive (a
// refutation there refutes that radius only), with the network's advice.
void mark_search_failed(CriterionOutcome& r, std::string reason) {
  r.verdict = Verdict::Inconclusive;
  r.reason = std::move(reason);
  r.cause = Cause::BoundTooLoose;
  r.suggestion = advice(CriterionKind::Network, Cause::BoundTooLoose, {.radius_searched = true});
}

// --radius auto on a network: the scan needs only the ball constants, so it runs on a view
// without point evaluations (each scanned radius costs one pass of the norm propagation); the
// best radius is then checked again on `full` with the samples (the upper bound of the infimum,
// a witness if the theorem were wrong). When nothing certifies, the sampled check is made where
// the scan's evidence is best: its most promising radius when it has a finite score (PL*: the
// smallest R / r), else r* = sigma0 / 2k, the maximiser of r (sigma0 - k r).
template <class Policy>
typename Policy::Result search_network(NetworkBallBounds& nb, ResidualBallBounds& full,
                                       const typename Policy::Options& options, StageProgress& progress) {
  using Result = typename Policy::Result;
  const std::string name = Policy::kName;
  const auto t0 = Clock::now();
  const SearchPlan plan = plan_search(nb, options.budget.seconds, progress);
  progress.stage(name + ": radius search (ball bounds only)");
  BallBoundsView scan(nb, full.scale(), false);
  const typename Policy::Options quiet = Policy::without_samples(options);
  std::optional<Result> found, scanned;  // scanned: the generic search's answer when nothing certified
  std::string failed;
  if (plan.generic) {
    Result s = Policy::search(scan, quiet);
    if (s.verdict == Verdict::Certified) found = s;
    else failed = s.reason.substr(0, s.reason.find(';')), scanned = s;
  } else {
    found = local_search<Policy>(plan.r_star, options.budget, scan, quiet);
    if (!found) failed = local_scan_text(plan.r_star, options.budget);
  }
  Result out;
  const bool late = options.budget.past_deadline();  // then without samples: the scan's result stands
  if (found) {
    progress.stage(name + ": checking r = " + found->radius.text + " with " + std::to_string(Policy::samples(options)) +
                   " sampled points");
    out = late ? *found : Policy::check(full, found->radius, options);
    if (!late || !plan.generic) out.reason += Policy::kChosen;  // the generic search's reason has it
  } else {
    // (the scan's most promising radius when its score is finite, else r*, else that radius anyway)
    std::string at_text, where;
    if (scanned && (std::isfinite(Policy::failure_score(*scanned)) || plan.r_star.empty()))
      at_text = scanned->radius.text, where = " (the most promising)";
    else
      at_text = plan.r_star, where = " = sigma0 / 2k, the perturbation bound's best radius";
    progress.stage(name + ": checking r = " + at_text + " with sampled points");
    out = Policy::check(late ? static_cast<ResidualBallBounds&>(scan) : full, parse_number(at_text), late ? quiet : options);
    if (out.verdict != Verdict::Certified) {
      mark_search_failed(out, failed + "; at r = " + at_text + where + ": " + out.reason);
      out.witness.reset();
      Policy::forget_certified_only(out);
    }
  }
  out.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  return out;
}

}  // namespace

std::size_t sample_count(std::size_t p, double pass_seconds, double budget_seconds, std::size_t wanted) {
  const double by_time = pass_seconds > 0 ? budget_seconds / 10 / pass_seconds : 1e9;
  const double by_memory = 3.2e7 / double(std::max<std::size_t>(p, 1));  // <= 256 MB of points
  const double n = std::min({double(wanted), by_time, by_memory});
  return static_cast<std::size_t>(std::max(n, 2.0));
}

template <class Policy>
CriterionRun<Policy> run_criterion(NetworkBallBounds& nb, ResidualBallBounds& full, const std::string& radius_text,
                                   const typename Policy::Options& options, StageProgress& progress) {
  CriterionRun<Policy> run;
  run.ran = true;
  if (radius_text == "auto") {
    run.result = search_network<Policy>(nb, full, options, progress);
  } else {
    progress.stage(std::string(Policy::kName) + ": checking r = " + radius_text);
    run.result = Policy::check(full, parse_number(radius_text), options);
  }
  run.ball = nb.over_ball(run.result.radius);
  run.details = nb.details();
  return run;
}

template ChatterjeeRun run_criterion<ChatterjeeSearch>(NetworkBallBounds&, ResidualBallBounds&, const std::string&,
                                                       const ChatterjeeOptions&, StageProgress&);
template PlStarRun run_criterion<PlStarSearch>(NetworkBallBounds&, ResidualBallBounds&, const std::string&,
                                               const PlStarOptions&, StageProgress&);

}  // namespace gdcert::api
