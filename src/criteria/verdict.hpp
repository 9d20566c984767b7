// The three verdicts, never blurred: certified (proved with outward-rounded arithmetic),
// refuted (a rigorously evaluated witness shows the criterion fails), inconclusive (neither;
// the report says why and what would help).
#pragma once

namespace gdcert {

enum class Verdict { Certified, Refuted, Inconclusive };

constexpr const char* to_string(Verdict v) {
  return v == Verdict::Certified ? "certified" : (v == Verdict::Refuted ? "refuted" : "inconclusive");
}
// Exit status of the command line: 0 certified, 1 refuted or inconclusive.
constexpr int exit_status(Verdict v) { return v == Verdict::Certified ? 0 : 1; }

}  // namespace gdcert
