// JSON reading that keeps numbers exact: "center": [2, 0.3] means the decimal 0.3, not the
// double nearest to it. Every non-integer number is kept as its source text (a JSON string),
// which parse_number then encloses. Used by the model files (model/network_file) and the
// command line's problem files (api/exact_json).
//
//   nlohmann::json j = parse_json_exact(R"({"center": [2, 0.3]})");
//   j["center"][1] == "0.3"
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace gdcert {

// Throws std::invalid_argument "malformed JSON at byte N: ..." for a syntax error, or for
// nesting deeper than kMaxJsonDepth (checked first, without recursion: expr/json_depth.hpp).
nlohmann::json parse_json_exact(const std::string& text);

}  // namespace gdcert
