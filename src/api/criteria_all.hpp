// `gdcert check --criterion all`: Chatterjee, PL* and proxy PL on the same ball, one table.
//
//   AllResults a = run_all_criteria(problem, options);   // options.radius; each criterion's options its precision
//   print_table(std::cout, a, problem.objective);   // criterion, verdict, key bound, step, rate, iterations
//   to_json(a, problem.objective)["criteria"]["plstar"]["verdict"];
//   a.exit_status();   // 0 when Chatterjee or PL* is certified
//
// Exit status: 0 when Chatterjee's criterion or PL* is certified (each proves on its own that
// gradient descent from x0 reaches a global minimum); 1 otherwise. The proxy-PL verdict is
// reported but does not count: Theorem 3.1 needs L2-smoothness everywhere, and gdcert proves
// it on the ball only. Without --proxy, proxy PL runs with g = f, xi = 0, a = 2 (the standard
// PL inequality); PL* needs a residual form and is reported "not applicable" otherwise.
#pragma once

#include <iosfwd>
#include <optional>

#include <nlohmann/json.hpp>

#include "api/problem_spec.hpp"
#include "criteria/chatterjee.hpp"
#include "criteria/plstar.hpp"
#include "criteria/proxy_pl.hpp"

namespace gdcert {

struct AllOptions {
  ChatterjeeOptions chatterjee;
  PlStarOptions plstar;
  ProxyPlOptions proxy;
  std::optional<ProxyPlSpec> proxy_spec;  // nullopt: g = f, xi = 0, a = 2
  std::optional<ExactNumber> radius;      // nullopt: auto (Chatterjee and PL* search theirs)
};

struct AllResults {
  ChatterjeeResult chatterjee;
  std::optional<PlStarResult> plstar;  // nullopt: not applicable (no residual form)
  ProxyPlResult proxy;
  std::string plstar_note, proxy_note;
  int exit_status() const;
};

AllResults run_all_criteria(const ResolvedProblem& problem, const AllOptions& options);

nlohmann::json to_json(const AllResults& a, const Objective& f);
void print_table(std::ostream& os, const AllResults& a, const Objective& f);

}  // namespace gdcert
