// Writing a certified Chatterjee result as a certificate (format: cert/certificate_format.hpp).
//
//   ChatterjeeOptions o; o.record_evidence = true;
//   ChatterjeeResult r = check_chatterjee(f, centre, radius, o);
//   nlohmann::json cert = write_certificate(r, f);     // verify_certificate(cert) then passes
//
// The claimed alpha is placed between what 4 F / r^2 requires and what the search proved, and
// the perturbation data get the same kind of slack, so the checker's simpler (interval
// Cholesky) proofs have room to succeed; every claim is still implied by the search's proof.
#pragma once

#include <nlohmann/json.hpp>

#include "criteria/chatterjee.hpp"
#include "model/objective.hpp"

namespace gdcert {

// Throws std::logic_error when the result is not certified or carries no evidence.
nlohmann::json write_certificate(const ChatterjeeResult& result, const Objective& f);

}  // namespace gdcert
