// The JSON fields every criterion's report shares, so the three reports cannot drift apart.
//
//   json j;
//   add_problem_fields(j, result, f, "chatterjee");   // verdict, criterion, function, ball
//   ... criterion-specific bounds ...
//   add_outcome_fields(j, result);                    // reason, suggestion, work done, time
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "arith/exact_number.hpp"
#include "criteria/cause.hpp"
#include "criteria/verdict.hpp"
#include "model/objective.hpp"

namespace gdcert {

template <class Result>
void add_problem_fields(nlohmann::json& j, const Result& r, const Objective& f, const std::string& criterion) {
  j["verdict"] = to_string(r.verdict);
  j["criterion"] = criterion;
  j["function"] = f.describe();
  j["variables"] = f.variables();
  nlohmann::json center = nlohmann::json::array();
  for (const auto& t : r.center_text) center.push_back(parse_number(t).nearest);
  j["center"] = center;  // nearest doubles, for convenience; the exact texts follow
  j["center_exact"] = r.center_text;
  j["radius"] = r.radius;
  j["radius_exact"] = r.radius_text;
}

template <class Result>
void add_outcome_fields(nlohmann::json& j, const Result& r) {
  j["reason"] = r.reason;
  if (r.verdict != Verdict::Certified) j["cause"] = to_string(r.cause);
  if (!r.suggestion.empty()) j["suggestion"] = r.suggestion;
  j["precision_bits"] = r.precision;
  j["boxes"] = r.boxes;
  j["samples"] = r.samples;
  j["seconds"] = r.seconds;
}

}  // namespace gdcert
