// The known name closest to a mistyped one, for "did you mean" hints.
//
//   nearest_name("chek", {"check", "bound", "demo"})      -> "check"
//   nearest_name("--exprr", {"--expr", "--residuals"})    -> "--expr"
//   nearest_name("frobnicate", {"check", "bound"})        -> nullopt (nothing close)
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gdcert {

// Optimal string alignment distance: insertions, deletions, substitutions and transpositions of
// adjacent characters each cost 1 ("chekc" is one typo away from "check", not two).
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate nearest to `word`, when it is close enough to be the name that was meant: at
// most 2 edits and at most a third of the word (leading dashes not counted; one edit is always
// allowed, but a one-letter word gets none), so that short unrelated words draw no suggestion.
// Ties go to the earlier candidate.
std::optional<std::string> nearest_name(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace gdcert
