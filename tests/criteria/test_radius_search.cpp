// The one `--radius auto` search (criteria/radius_search.hpp) with a made-up criterion whose
// verdicts and scores are closed-form functions of r: which radii it checks, with which options,
// and which result it answers with (the best certified; else the most promising failure, texts
// reset; a structural cause stops the scan; a cancelled budget checks one radius).
#include <doctest/doctest.h>

#include <atomic>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "criteria/radius_search.hpp"
#include "criteria/search_policies.hpp"
#include "test_options.hpp"

using namespace gdcert;

namespace {

struct FakeOptions {
  Budget budget;
  BudgetClock::Sink progress;
  std::size_t samples = 100;
};

struct FakeResult : CriterionOutcome {
  std::optional<int> witness;  // reset by the search when nothing certifies
  std::string structure;
  double score = 0;
  std::size_t samples_used = 0;
};

struct FakePolicy : SearchPolicyDefaults<FakeResult, FakeOptions> {
  static constexpr const char* kChosen = "; chosen";
  static constexpr const char* kPromising = "the most promising";
  static constexpr std::size_t kFailuresRefined = 2;
  static constexpr bool kRecheckBest = true;
  static Options quick(Options o) {
    o.samples = 10;
    return o;
  }
  static double certified_score(const Result& r) { return r.score; }
  static double failure_score(const Result& r) { return r.score; }
  static bool worth_refining(double score) { return score > 0; }
  static std::string scan_range_text(double scale) { return six_digits(scale) + " down to ..."; }
  static bool stops_search(const Result& r) { return r.cause == Cause::PositiveMinimum; }
  static std::string structural_reason(const Result& r) { return r.structure; }
  static void advise(Result& r, const Options&) { r.suggestion = "searched"; }
};

struct Call {
  double r;
  std::size_t samples;
};

// Certified exactly for r in [lo, hi], score -(log2(r / peak))^2 (largest at the peak); failures
// score `fail_score(r)`, with a witness.
struct FakeCriterion {
  explicit FakeCriterion(double lo_ = 0, double hi_ = 0, double peak_ = 1) : lo(lo_), hi(hi_), peak(peak_) {}
  double lo, hi, peak;
  double (*fail_score)(double) = [](double) { return -1.0; };
  std::vector<Call> calls;
  FakeResult operator()(const ExactNumber& radius, const FakeOptions& o) {
    calls.push_back({radius.nearest, o.samples});
    FakeResult res;
    res.radius = radius;
    res.samples_used = o.samples;
    const double r = radius.nearest;
    if (r >= lo && r <= hi) {
      res.verdict = Verdict::Certified;
      res.score = -std::pow(std::log2(r / peak), 2);
      res.reason = "proved";
    } else {
      res.score = fail_score(r);
      res.reason = "not proved";
      res.witness = 1;
    }
    return res;
  }
};

// 60 s and 100,000 boxes: more than the made-up checks ever use; 100 samples (quick: 10).
FakeOptions options() { return test::budget_options<FakeOptions>(60, 100, 100000); }

}  // namespace

TEST_CASE("radius search: scans max(|x0|, 1) 2^(-k/3), k = 0..60, with quick options, then refines the best") {
  FakeCriterion f(0.05, 0.5, 0.2);
  FakeResult r = search_radius<FakePolicy>(2.0, options(), std::ref(f));
  REQUIRE(f.calls.size() > 61);
  for (int k = 0; k <= kScanSteps; ++k) {
    CAPTURE(k);
    CHECK(f.calls[k].r == scan_radius(scan_radius_value(2.0, k)).nearest);
    CHECK(f.calls[k].samples == 10);
  }
  // The scan's best is the scanned radius nearest the peak (in log2): 2 * 2^(-10/3) = 0.198.
  const double scan_best = scan_radius(scan_radius_value(2.0, 10)).nearest;
  CHECK(scan_best == 0.198);
  // Refinement with the full options: 2^(+-1/6) about the best, then 2^(+-1/12) about the best so
  // far, then the scan's best again.
  std::vector<Call> refine(f.calls.begin() + 61, f.calls.end());
  REQUIRE(refine.size() == 5);
  for (const Call& c : refine) CHECK(c.samples == 100);
  CHECK(refine[0].r == scan_radius(scan_best * std::pow(2.0, 1.0 / 6)).nearest);
  CHECK(refine[1].r == scan_radius(scan_best / std::pow(2.0, 1.0 / 6)).nearest);
  CHECK(refine[4].r == scan_best);
  REQUIRE(r.verdict == Verdict::Certified);
  // The answer: the largest score of every certified check, with the search's note.
  double best = -INFINITY;
  for (const Call& c : f.calls)
    if (c.r >= f.lo && c.r <= f.hi) best = std::max(best, -std::pow(std::log2(c.r / f.peak), 2));
  CHECK(r.score == best);
  CHECK(r.reason == "proved; chosen");
}

TEST_CASE("radius search: nothing certified: the most promising failure, refined, texts reset") {
  FakeCriterion f;
  // Positive (worth a longer look) within a factor 2 of r = 0.03, largest there.
  f.fail_score = [](double r) { return 1 - std::fabs(std::log2(r / 0.03)); };
  FakeResult r = search_radius<FakePolicy>(1.0, options(), std::ref(f));
  CHECK(r.verdict == Verdict::Inconclusive);
  CHECK_FALSE(r.witness);
  CHECK(r.suggestion == "searched");
  CHECK(r.reason.rfind("no radius in the scan (r = 1 down to ...) could be certified; at r = " + r.radius.text +
                       ", the most promising: not proved", 0) == 0);
  // The failures refined: at most kFailuresRefined, positive scores only, largest first, full options.
  std::vector<Call> refine(f.calls.begin() + 61, f.calls.end());
  REQUIRE_FALSE(refine.empty());
  CHECK(refine.size() <= FakePolicy::kFailuresRefined);
  for (const Call& c : refine) {
    CHECK(c.samples == 100);
    CHECK(f.fail_score(c.r) > 0);
  }
  double top = -INFINITY;
  for (int k = 0; k <= kScanSteps; ++k) top = std::max(top, f.fail_score(f.calls[k].r));
  CHECK(f.fail_score(refine[0].r) == top);
  CHECK(r.score == top);
}

TEST_CASE("radius search: equal scores keep the first result checked") {
  FakeCriterion f(0.01, 100, 1);
  // Every radius certifies with the same score: the first (largest) radius stays the answer.
  struct Flat : FakePolicy {
    static double certified_score(const Result&) { return 0; }
  };
  FakeResult r = search_radius<Flat>(4.0, options(), std::ref(f));
  CHECK(r.verdict == Verdict::Certified);
  CHECK(r.radius.text == "4");
}

TEST_CASE("radius search: a structural cause ends the scan at once, inconclusive, with the structure as the reason") {
  struct Structural {
    int calls = 0;
    FakeResult operator()(const ExactNumber& radius, const FakeOptions&) {
      ++calls;
      FakeResult res;
      res.radius = radius;
      res.verdict = Verdict::Refuted;  // a witness at this radius says nothing of the others
      res.witness = 1;
      res.cause = Cause::PositiveMinimum;
      res.structure = "f > 0 everywhere";
      return res;
    }
  } s;
  FakeResult r = search_radius<FakePolicy>(1.0, options(), std::ref(s));
  CHECK(s.calls == 1);
  CHECK(r.verdict == Verdict::Inconclusive);
  CHECK_FALSE(r.witness);
  CHECK(r.reason == "no radius can be certified: f > 0 everywhere");
  CHECK(r.suggestion == "searched");
}

TEST_CASE("radius search: a cancelled budget checks one radius and answers inconclusive") {
  std::atomic<bool> cancel{true};
  FakeOptions o = options();
  o.budget.cancel = &cancel;
  FakeCriterion f(0.5, 0.6, 0.55);
  FakeResult r = search_radius<FakePolicy>(1.0, o, std::ref(f));
  CHECK(f.calls.size() == 1);
  CHECK(r.verdict == Verdict::Inconclusive);
}
