// The certificate checker: gdcert's trusted core for "certified".
//
//   VerifyResult v = verify_certificate(nlohmann::json::parse(file));
//   v.status == VerifyResult::Status::Verified     // or Rejected / Malformed, with v.location
//                                                   // (a JSON pointer into the file) and v.reason
//
// It re-parses the problem, re-evaluates every piece of evidence with its own interval
// evaluation at the certificate's precision, replays the bisection tree to see that the boxes
// cover the ball (a box is dropped only where it provably misses the ball), and checks the final
// inequality 4 F < r^2 A. It depends on the arithmetic and expression layers only, never on the
// search (src/bound): a bug in the search cannot make a wrong certificate pass.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace gdcert {

struct VerifyResult {
  enum class Status { Verified, Rejected, Malformed };
  Status status = Status::Malformed;
  std::string location;  // JSON pointer of the first failure ("" when verified)
  std::string reason;
  std::size_t boxes_checked = 0;
  double seconds = 0;
};

VerifyResult verify_certificate(const nlohmann::json& certificate);

}  // namespace gdcert
