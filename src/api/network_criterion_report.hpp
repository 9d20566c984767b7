// The parts of `nn check`'s report for one criterion: its JSON object and its text section, with
// the ball constants at its radius (the whole report is assembled in api/network_check.cpp).
//
//   json c = chatterjee_json(chatterjee_run, w0);   // "verdict", "alpha", "ball": {"k_perturbation", ...}
//   print_plstar(std::cout, plstar_run);            // the PL* section of the text report
#pragma once

#include <ostream>
#include <span>

#include <nlohmann/json.hpp>

#include "api/network_search.hpp"

namespace gdcert::api {

// S, the loss of Chatterjee's criterion on a network, and what its "hessian_bound" bounds.
inline constexpr const char* kSConvention =
    "S(w) = (1/n) sum_i (y_i - f(x_i, w))^2 = c |F(w) - y|^2 with c = 1/n (Chatterjee)";
inline constexpr const char* kHessianDefinition =
    "sup over the ball of max_i ||Hess_w f(x_i, w)||_2 (per-sample Hessian of the network output)";

nlohmann::json chatterjee_json(const ChatterjeeRun& c, std::span<const double> w0);
nlohmann::json plstar_json(const PlStarRun& c, std::span<const double> w0);
void print_chatterjee(std::ostream& os, const ChatterjeeRun& c);
void print_plstar(std::ostream& os, const PlStarRun& c);
// [lower, upper] with 12 digits, each on its side.
std::string iv_text(const Interval& x);

}  // namespace gdcert::api
