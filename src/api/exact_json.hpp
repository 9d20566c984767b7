// JSON reading that keeps numbers exact: a problem file's "center": [2, 0.3] means the decimal
// 0.3, not the double nearest to it. Every non-integer number is kept as its source text
// (a JSON string), which parse_number then encloses.
//
//   nlohmann::json j = parse_json_exact(R"({"center": [2, 0.3]})");
//   j["center"][1] == "0.3"
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace gdcert {

// Throws std::invalid_argument with the byte position of a syntax error, or of nesting deeper
// than kMaxJsonDepth (checked before parsing: expr/json_depth.hpp).
nlohmann::json parse_json_exact(const std::string& text);

// Serialises for output. Strings that are not valid UTF-8 (a file name echoed into a report)
// get U+FFFD in place of the bad bytes instead of an exception: use this for every dump.
std::string dump_json(const nlohmann::json& value, int indent = -1);

// A number field as text: accepts a string or a JSON integer.
std::string number_text(const nlohmann::json& value, const std::string& field);

}  // namespace gdcert
