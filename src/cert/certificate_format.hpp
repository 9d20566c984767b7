// The certificate file: what a Chatterjee proof must contain to be re-checked without the search.
//
//   {"format": "gdcert-certificate", "version": 1, "criterion": "chatterjee", "precision": 53,
//    "problem": {"kind": "expr", "text": "(x*y-1)^2", "variables": ["x", "y"], "scale": "1",
//                "center": ["2", "0.3"], "radius": "0.5"},
//    "claim": {"f_center_upper": "0x1.47ae147ae147cp-3", "alpha_lower": "0x1.1p+3"},
//    "hypothesis": {"method": "sum_of_squares"},
//    "evidence": {"method": "perturbation", "sigma_center_lower": "0x...", "hessian_k_upper": "0x..."}}
//
// "hypothesis" (f >= 0 on B(x0, 2r)) is {"method": "sum_of_squares"} (structural), a box tree
// {"method": "boxes", ...} proving f >= 0 there, or for f = h * (sum of squares)
// {"method": "weighted_sum_of_squares", "weights": [{"expr": "exp(x)", "root": ..., "tree": ...}]}
// with one tree per weight proving h > 0 there (leaves "value"); the checker derives the weights
// from the expression and uses the texts only to match them.
// Claimed numbers are C99 hex floats: exact, so no rounding of a decimal can change the claim.
// Box evidence is a bisection tree in pre-order: {"split": [axis, "at"]}, or a leaf with its box
// {"box": [["lo","hi"], ...], "bound": "gram" | "quotient" | "value"}, or {"box": ..., "outside": true}.
// The schema is certs/schema.json.
#pragma once

#include <cstdio>
#include <string>

namespace gdcert {

inline constexpr const char* kCertificateFormat = "gdcert-certificate";
inline constexpr int kCertificateVersion = 1;

// A double as an exact C99 hex float.
inline std::string hex_text(double x) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%a", x);
  return buf;
}

}  // namespace gdcert
