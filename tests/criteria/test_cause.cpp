// Why a check is not certified (criteria/cause.hpp): each cause is reached by a problem that has
// it, and the advice printed for it names what would help and nothing else. A budget is suggested
// only when the budget stopped the run, --radius auto only to runs that did not use it.
#include <doctest/doctest.h>

#include <chrono>
#include <string>

#include "criteria/cause.hpp"
#include "criteria/chatterjee.hpp"
#include "criteria/plstar.hpp"
#include "criteria/proxy_pl.hpp"

using namespace gdcert;

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::vector<ExactNumber> centre(std::initializer_list<const char*> xs) {
  std::vector<ExactNumber> c;
  for (const char* x : xs) c.push_back(parse_number(x));
  return c;
}

ChatterjeeOptions quick_options() {
  ChatterjeeOptions o;
  o.budget = parse_budget("5s");
  return o;
}

}  // namespace

TEST_CASE("advice: a budget only for BudgetExhausted, --radius auto only before a search") {
  const Cause all[] = {Cause::Witness, Cause::OutsideDomain, Cause::NegativeAtCentre, Cause::PositiveMinimum,
                       Cause::PositiveOnBall, Cause::RankDeficient, Cause::BudgetExhausted, Cause::NotSmooth,
                       Cause::BoundTooLoose, Cause::NoResidualForm, Cause::HypothesisNotProved, Cause::WeightNotPositive, Cause::ClaimRefuted,
                       Cause::ClaimNotProved, Cause::CriticalPoint, Cause::SetupOverBudget};
  const CriterionKind kinds[] = {CriterionKind::Chatterjee, CriterionKind::PlStar, CriterionKind::ProxyPl,
                                 CriterionKind::Network};
  for (CriterionKind k : kinds)
    for (Cause c : all) {
      CAPTURE(to_string(c));
      CAPTURE(static_cast<int>(k));
      const std::string plain = advice(k, c, {.boxes = 300});
      const std::string searched = advice(k, c, {.radius_searched = true, .boxes = 300});
      CHECK_FALSE(plain.empty());
      CHECK_FALSE(searched.empty());
      CHECK_FALSE(has(searched, "--radius auto"));
      const bool budget_cause = c == Cause::BudgetExhausted || c == Cause::SetupOverBudget;
      CHECK(has(plain, "--budget") == budget_cause);
      CHECK(has(searched, "--budget") == budget_cause);
    }
  CHECK(has(advice(CriterionKind::Chatterjee, Cause::BudgetExhausted, {.boxes = 321}), "321 boxes"));
  CHECK(has(advice(CriterionKind::Chatterjee, Cause::Witness), "--radius auto"));
  CHECK(advice(CriterionKind::Chatterjee, Cause::None).empty());
  CHECK(std::string(to_string(Cause::PositiveMinimum)) == "positive_minimum");
}

TEST_CASE("cause: a positive constant term ends at once, at a fixed radius and in the radius search") {
  // (xy - 1)^2 + 0.01 > 0 everywhere: no zero, so Chatterjee's criterion cannot hold anywhere.
  Objective f = Objective::from_expression("(x*y-1)^2 + 0.01", {"x", "y"});
  REQUIRE(f.positive_constant_terms().size() == 1);
  CHECK(f.positive_constant_terms()[0] == "0.01");
  const auto t0 = std::chrono::steady_clock::now();
  ChatterjeeResult a = search_radius_chatterjee(f, centre({"2", "0.3"}), quick_options());
  CHECK(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() < 2);
  CHECK(a.verdict == Verdict::Inconclusive);
  CHECK(a.cause == Cause::PositiveMinimum);
  CHECK(has(a.reason, "positive constant term 0.01"));
  // The search states the structure alone, not the first radius's witness (which it drops).
  CHECK(a.reason.rfind("no radius can be certified: f has the positive constant term 0.01", 0) == 0);
  CHECK_FALSE(has(a.reason, "witness"));
  CHECK_FALSE(a.witness.has_value());
  CHECK_FALSE(has(a.suggestion, "--budget"));
  CHECK_FALSE(has(a.suggestion, "--radius auto"));
  ChatterjeeResult b = check_chatterjee(f, centre({"2", "0.3"}), parse_number("0.5"), quick_options());
  CHECK(b.verdict != Verdict::Certified);
  CHECK(b.cause == Cause::PositiveMinimum);
  // A sum of squares without a constant term has none.
  CHECK(Objective::from_expression("(x*y-1)^2", {"x", "y"}).positive_constant_terms().empty());
}

TEST_CASE("cause: more residuals than variables ends at once with the reason") {
  // A consistent over-determined system (zero at (1, 1)): J J^T is 3 x 3 of rank 2.
  Objective f = Objective::from_residuals("x + y - 2; x - y; 2*x - y - 1", {"x", "y"}, parse_number("1"));
  const auto t0 = std::chrono::steady_clock::now();
  ChatterjeeResult a = check_chatterjee(f, centre({"1.2", "0.9"}), parse_number("0.5"), quick_options());
  ChatterjeeResult b = search_radius_chatterjee(f, centre({"1.2", "0.9"}), quick_options());
  CHECK(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() < 2);
  CHECK(a.verdict == Verdict::Inconclusive);
  CHECK(a.cause == Cause::RankDeficient);
  CHECK(has(a.reason, "3 residuals in 2 variables"));
  CHECK(b.cause == Cause::RankDeficient);
  CHECK_FALSE(has(b.suggestion, "--budget"));
}

TEST_CASE("cause: f > 0 proved on the whole ball") {
  // (xy - 1)^2 on B((5, 5), 0.5): xy >= 20.25, so f >= 370 there; without samples no witness is
  // looked for, and the enclosure alone ends the check.
  Objective f = Objective::from_expression("(x*y-1)^2", {"x", "y"});
  ChatterjeeOptions o = quick_options();
  o.sampling.samples = 0;
  o.sampling.starts = 0;
  o.sampling.local_steps = 0;
  ChatterjeeResult r = check_chatterjee(f, centre({"5", "5"}), parse_number("0.5"), o);
  CHECK(r.verdict == Verdict::Inconclusive);
  CHECK(r.cause == Cause::PositiveOnBall);
  CHECK(has(r.reason, "no zero of f lies in it"));
  CHECK(has(r.suggestion, "--radius auto"));
}

TEST_CASE("cause: witness, budget, bound too loose, hypothesis") {
  ChatterjeeOptions o = quick_options();
  // Refuted: (xy - 1)^2 far from its zeros at a small radius.
  ChatterjeeResult w =
      check_chatterjee(Objective::from_expression("(x*y-1)^2", {"x", "y"}), centre({"3", "3"}), parse_number("0.1"), o);
  CHECK(w.verdict == Verdict::Refuted);
  CHECK(w.cause == Cause::Witness);
  CHECK(has(w.suggestion, "--radius auto"));
  // A box budget of 20 boxes on a square system whose box search needs many more.
  ChatterjeeOptions tiny = o;
  tiny.budget = parse_budget("20boxes,5s");
  ChatterjeeResult b = check_chatterjee(
      Objective::from_residuals("p*q-1; q*s-1; s*t-1; t*u-1; u*v-1; v*w-1; w*p-1.1+0.01*sin(p+q+s+t+u+v+w-7)",
                                {"p", "q", "s", "t", "u", "v", "w"}, parse_number("1")),
      std::vector<ExactNumber>(7, parse_number("1")), parse_number("0.661"), tiny);
  CHECK(b.verdict == Verdict::Inconclusive);
  CHECK(b.cause == Cause::BudgetExhausted);
  CHECK(has(b.suggestion, "--budget"));
  // A certified problem has no cause and no advice.
  ChatterjeeResult c = check_chatterjee(Objective::from_expression("(x*y-1)^2", {"x", "y"}), centre({"2", "0.3"}),
                                        parse_number("0.5"), o);
  CHECK(c.verdict == Verdict::Certified);
  CHECK(c.cause == Cause::None);
  CHECK(c.suggestion.empty());
  // Outside the domain at the centre.
  ChatterjeeResult d =
      check_chatterjee(Objective::from_expression("log(x)^2", {"x"}), centre({"-1"}), parse_number("0.5"), o);
  CHECK(d.cause == Cause::OutsideDomain);
  CHECK(has(d.suggestion, "domain"));
  // Not a recognised sum of squares: said at once, with how to write it.
  ChatterjeeResult e = check_chatterjee(Objective::from_expression("x^2 + y^2 + 0.5*x*y", {"x", "y"}),
                                        centre({"0.3", "0.2"}), parse_number("0.5"), o);
  CHECK(e.verdict == Verdict::Inconclusive);
  CHECK(e.cause == Cause::NoResidualForm);
  CHECK(has(e.suggestion, "--residuals"));
  CHECK_FALSE(has(e.suggestion, "--budget"));
}

TEST_CASE("--radius auto also reports the certified radius with the best gradient-descent rate") {
  // Freudenstein-Roth from (5.001, 3.999): the largest margin is at r ~ 4 with ~2e11 iterations;
  // a certified ball of radius 0.05 needs fewer than a million.
  Objective f = Objective::from_residuals("-13 + x1 + ((5 - x2)*x2 - 2)*x2; -29 + x1 + ((x2 + 1)*x2 - 14)*x2",
                                          {"x1", "x2"}, parse_number("1"));
  const auto c = centre({"5.001", "3.999"});
  ChatterjeeResult r = search_radius_chatterjee(f, c, quick_options());
  REQUIRE(r.verdict == Verdict::Certified);
  REQUIRE(r.gd);
  REQUIRE(r.rate_optimal);
  CHECK(r.rate_optimal->radius.nearest < r.radius.nearest);
  CHECK(r.rate_optimal->gd.iterations > 0);
  CHECK(r.rate_optimal->gd.iterations < 1000000);
  CHECK(faster(r.rate_optimal->gd, *r.gd));
  // The reported parameters are those of a certified check at that radius.
  ChatterjeeResult again = check_chatterjee(f, c, r.rate_optimal->radius, quick_options());
  REQUIRE(again.verdict == Verdict::Certified);
  REQUIRE(again.gd);
  CHECK(again.gd->step == r.rate_optimal->gd.step);
  CHECK(again.gd->iterations == r.rate_optimal->gd.iterations);
}
