// What every criterion's result shares: the verdict and why, where (the centre and radius exactly
// as checked), and what the check cost. ChatterjeeResult, PlStarResult and ProxyPlResult extend it.
//
//   const CriterionOutcome& o = check_chatterjee(f, centre, parse_number("0.5"), {});
//   o.verdict == Verdict::Inconclusive && o.cause == Cause::BudgetExhausted  // o.suggestion says what helps
//   o.radius.text == "0.5";  o.radius.enclosure.lower() > 0;  o.centre[0].text == "2"
//
// The centre and radius are the exact numbers the check used (as typed, or exact doubles at a
// seam), so a report prints them without parsing text again.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "arith/exact_number.hpp"
#include "bound/ball_bounds.hpp"
#include "criteria/cause.hpp"
#include "criteria/verdict.hpp"

namespace gdcert {

// Results of the seam entry points carry the centre only up to this many parameters (a
// network's millions of weights would cost seconds per check and are not printed).
inline constexpr std::size_t kMaxCentreText = 10000;

struct CriterionOutcome {
  Verdict verdict = Verdict::Inconclusive;
  std::string reason;              // what was proved, or why not
  Cause cause = Cause::None;       // why not certified (criteria/cause.hpp)
  std::string suggestion;          // advice(cause): what would help when not certified
  std::vector<ExactNumber> centre; // empty above kMaxCentreText parameters
  ExactNumber radius;
  std::size_t boxes = 0, samples = 0;
  double seconds = 0;
  unsigned precision = 53;         // bits of the interval arithmetic used
};

// The centre's exact texts, for reports and certificates.
inline std::vector<std::string> centre_texts(const CriterionOutcome& o) {
  std::vector<std::string> t;
  for (const auto& c : o.centre) t.push_back(c.text);
  return t;
}

// The place of a check through the seam: the centre's exact doubles (up to kMaxCentreText of
// them), the radius and the arithmetic's precision.
inline void set_place(CriterionOutcome& o, const ResidualBallBounds& b, const ExactNumber& radius) {
  if (b.num_parameters() <= kMaxCentreText)
    for (double x : b.centre_point()) o.centre.push_back(exact_double(x));
  o.radius = radius;
  o.precision = b.precision();
}

}  // namespace gdcert
