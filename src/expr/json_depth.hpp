// A guard for every JSON reader (problem files, certificates, model files): nlohmann's parser,
// dump() and comparisons recurse once per nesting level, so a hostile file of a few kilobytes
// ("[[[[...") can overflow the stack. The text is scanned, without recursion, before it is
// parsed, and rejected when it nests deeper than the limit.
//
//   check_json_nesting(text);                     // throws std::invalid_argument naming the byte
//   nlohmann::json j = nlohmann::json::parse(text);
//
// Plain text processing (no JSON library), so that any layer may use it.
#pragma once

#include <cstddef>
#include <string_view>

namespace gdcert {

// Deepest accepted nesting of arrays and objects (the top-level value counts as level 1).
// gdcert's own files nest at most 5 levels; 64 is far from any stack limit, also under ASan.
inline constexpr std::size_t kMaxJsonDepth = 64;

// Throws std::invalid_argument("JSON nested deeper than 64 levels (byte N)") when an array or
// object opens at a depth beyond `max_depth`. Brackets inside strings (with escapes) do not
// count; anything else malformed is left to the parser.
void check_json_nesting(std::string_view text, std::size_t max_depth = kMaxJsonDepth);

}  // namespace gdcert
