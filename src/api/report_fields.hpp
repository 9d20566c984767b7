// The JSON fields every criterion's report shares, so the three reports cannot drift apart.
//
//   json j;
//   add_problem_fields(j, result, f, "chatterjee");   // verdict, criterion, function, ball
//   (a network's report: add_verdict_fields(j, result, "chatterjee"), no centre)
//   ... criterion-specific bounds ...
//   add_outcome_fields(j, result);                    // reason, suggestion, work done, time
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "criteria/outcome.hpp"
#include "model/objective.hpp"

namespace gdcert {

// "2, 0.3": a centre's exact texts or the variables, as the text reports print them.
inline std::string comma_list(const std::vector<std::string>& items) {
  std::string s;
  for (const auto& x : items) s += (s.empty() ? "" : ", ") + x;
  return s;
}

// The verdict and the ball's radius (a network's report: its centre has millions of weights).
inline void add_verdict_fields(nlohmann::json& j, const CriterionOutcome& r, const std::string& criterion) {
  j["verdict"] = to_string(r.verdict);
  j["criterion"] = criterion;
  j["radius"] = r.radius.nearest;
  j["radius_exact"] = r.radius.text;
}

inline void add_problem_fields(nlohmann::json& j, const CriterionOutcome& r, const Objective& f, const std::string& criterion) {
  add_verdict_fields(j, r, criterion);
  j["function"] = f.describe();
  j["variables"] = f.variables();
  nlohmann::json center = nlohmann::json::array();
  for (const auto& c : r.centre) center.push_back(c.nearest);
  j["center"] = center;  // nearest doubles, for convenience; the exact texts follow
  j["center_exact"] = centre_texts(r);
}

inline void add_outcome_fields(nlohmann::json& j, const CriterionOutcome& r) {
  j["reason"] = r.reason;
  if (r.verdict != Verdict::Certified) j["cause"] = to_string(r.cause);
  if (!r.suggestion.empty()) j["suggestion"] = r.suggestion;
  j["precision_bits"] = r.precision;
  j["boxes"] = r.boxes;
  j["samples"] = r.samples;
  j["seconds"] = r.seconds;
}

}  // namespace gdcert
