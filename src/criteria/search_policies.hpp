// What the one radius search (criteria/radius_search.hpp) needs to know of each criterion: how
// to check one radius through the seam, what a quick check is, and which result is best.
//
//   ChatterjeeResult r = search_radius<ChatterjeeSearch>(scale, options, check);
//   PlStarResult q = PlStarSearch::check(bounds, parse_number("0.1"), PlStarOptions{});   // through the seam
//   ChatterjeeSearch::certified_score(r)   // r^2 alpha - 4 f(x0), lower bound: larger is better
//   PlStarSearch::failure_score(q)         // -R / r: the closest failure is the most promising
//
// The network front (api/network_search) drives its own local scan with the same policies.
#pragma once

#include <cmath>
#include <cstddef>
#include <string>

#include "bound/ball_bounds.hpp"
#include "criteria/chatterjee.hpp"
#include "criteria/plstar.hpp"
#include "criteria/radius_scan.hpp"

namespace gdcert {

// What a criterion without a structural stop or a rate phase leaves to the defaults.
template <class R, class O>
struct SearchPolicyDefaults {
  using Result = R;
  using Options = O;
  static constexpr bool kRecheckBest = false;
  static constexpr bool kRatePhase = false;
  static bool stops_search(const Result&) { return false; }
  static std::string structural_reason(const Result& r) { return r.reason; }
  static bool faster(const Result&, const Result*) { return false; }
  static void set_rate_optimal(Result&, const Result&) {}
  static void forget_certified_only(Result&) {}
};

struct ChatterjeeSearch : SearchPolicyDefaults<ChatterjeeResult, ChatterjeeOptions> {
  static constexpr const char* kName = "Chatterjee";
  static constexpr const char* kChosen = "; radius chosen by search for the largest certified margin";
  static constexpr const char* kPromising = "the most promising";
  static constexpr std::size_t kFailuresRefined = 3;
  static constexpr bool kRatePhase = true;

  static Result check(ResidualBallBounds& b, const ExactNumber& r, const Options& o) { return check_chatterjee(b, r, o); }
  static Result search(ResidualBallBounds& b, const Options& o) { return search_radius_chatterjee(b, o); }
  static Options quick(Options o) {
    o.sampling.samples = std::min<std::size_t>(o.sampling.samples, 150);
    o.sampling.starts = 2;
    o.sampling.local_steps = 30;
    return o;
  }
  static std::size_t samples(const Options& o) { return o.sampling.samples; }
  static Options without_samples(Options o) {
    o.sampling.samples = 0;
    return o;
  }
  static double certified_score(const Result& r) { return r.margin_lower; }
  // r^2 alpha - 4 f(x0) <= r^2 alpha_upper - 4 f_lower: worth a longer look when positive.
  static double failure_score(const Result& r) {
    if (r.verdict != Verdict::Inconclusive || !std::isfinite(r.alpha_upper)) return -INFINITY;
    const double r_hi = r.radius.enclosure.upper();
    return r_hi * r_hi * r.alpha_upper - 4 * r.f_center.lower();
  }
  static bool worth_refining(double score) { return score > 0; }
  static std::string scan_range_text(double scale) {
    return six_digits(scale) + " down to " + six_digits(scan_radius_value(scale, kScanSteps));
  }
  static bool stops_search(const Result& r) {
    return r.cause == Cause::PositiveMinimum || r.cause == Cause::RankDeficient || r.cause == Cause::NoResidualForm;
  }
  static std::string structural_reason(const Result& r) { return r.structure.empty() ? r.reason : r.structure; }
  static bool faster(const Result& a, const Result* b) {
    return a.gd && (!b || !b->gd || gdcert::faster(*a.gd, *b->gd));
  }
  static void set_rate_optimal(Result& out, const Result& fastest) {
    if (!out.gd || gdcert::faster(*fastest.gd, *out.gd)) out.rate_optimal = RateOptimalGd{fastest.radius, *fastest.gd};
  }
  static void forget_certified_only(Result& r) { r.gd.reset(); }
  static void advise(Result& r, const Options&) {
    r.suggestion = advice(CriterionKind::Chatterjee, r.cause, {.radius_searched = true, .boxes = r.boxes});
  }
};

struct PlStarSearch : SearchPolicyDefaults<PlStarResult, PlStarOptions> {
  static constexpr const char* kName = "PL*";
  static constexpr const char* kChosen = "; radius chosen by search for the largest r - R";
  static constexpr const char* kPromising = "the closest";
  static constexpr std::size_t kFailuresRefined = 1;
  static constexpr bool kRecheckBest = true;  // with the full sample count

  static Result check(ResidualBallBounds& b, const ExactNumber& r, const Options& o) { return check_plstar(b, r, o); }
  static Result search(ResidualBallBounds& b, const Options& o) { return search_radius_plstar(b, o); }
  static Options quick(Options o) {
    o.samples = std::min<std::size_t>(o.samples, 40);
    return o;
  }
  static std::size_t samples(const Options& o) { return o.samples; }
  static Options without_samples(Options o) {
    o.samples = 0;
    return o;
  }
  static double certified_score(const Result& r) { return r.radius.nearest - r.R_required; }
  // The closest: the smallest R / r.
  static double failure_score(const Result& r) { return -(r.R_required / r.radius.nearest); }
  static bool worth_refining(double) { return true; }
  static std::string scan_range_text(double scale) {
    return decimal_above(scale, 3) + " down to " + decimal_below(scan_radius_value(scale, kScanSteps), 3);
  }
  static void advise(Result& r, const Options&) {
    r.suggestion = advice(CriterionKind::PlStar, r.cause, {.radius_searched = true, .boxes = r.boxes, .mu_upper = r.mu_upper});
  }
};

}  // namespace gdcert
