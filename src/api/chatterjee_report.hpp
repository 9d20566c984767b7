// The Chatterjee result as JSON (the contract of design.md section 4) and as text for people.
#pragma once

#include <iosfwd>

#include <nlohmann/json.hpp>

#include "criteria/chatterjee.hpp"
#include "model/objective.hpp"

namespace gdcert {

nlohmann::json to_json(const ChatterjeeResult& r, const Objective& f);
void print_report(std::ostream& os, const ChatterjeeResult& r, const Objective& f);

}  // namespace gdcert
