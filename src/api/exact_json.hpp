// JSON reading that keeps numbers exact: a problem file's "center": [2, 0.3] means the decimal
// 0.3, not the double nearest to it. Every non-integer number is kept as its source text
// (a JSON string), which parse_number then encloses.
//
//   nlohmann::json j = parse_json_exact(R"({"center": [2, 0.3]})");
//   j["center"][1] == "0.3"
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "model/json_exact.hpp"  // parse_json_exact (shared with the model files)

namespace gdcert {

// Serialises for output. Strings that are not valid UTF-8 (a file name echoed into a report)
// get U+FFFD in place of the bad bytes instead of an exception: use this for every dump.
std::string dump_json(const nlohmann::json& value, int indent = -1);

// A number field as text: accepts a string or a JSON integer.
std::string number_text(const nlohmann::json& value, const std::string& field);

}  // namespace gdcert
