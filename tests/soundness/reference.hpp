// Independent references for the soundness attack: closed forms written by hand with 256-bit
// MPFI arithmetic (never through gdcert's parser or Evaluator), and the checks that compare a
// ChatterjeeResult with them.
//
//   const Family& fam = families()[0];              // (xy-1)^2 with f, grad f, alpha in closed form
//   Case c{fam, {"2", "0.3"}, "0.5"};
//   ChatterjeeResult r = run_case<Interval>(c);     // gdcert's answer
//   check_against_reference(c, r);                  // doctest assertions; counts what was seen
//
// Why by hand: a reference that shares the evaluator or the parser with gdcert would share its
// bugs. Only MpInterval's elementary operations (MPFI) are trusted here.
#pragma once

#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "arith/mp_interval.hpp"
#include "criteria/chatterjee.hpp"

namespace gdcert::redteam {

using MpVec = std::vector<MpInterval>;

// Reference precision for every closed form.
inline constexpr unsigned kRefBits = 256;

struct Family {
  std::string name;
  std::string kind;                 // "expr" or "residuals"
  std::string text;
  std::vector<std::string> vars;
  std::string scale = "1";          // residual scale c (kind == "residuals")
  std::function<MpInterval(const MpVec&)> f;        // f(x), exact scale included
  std::function<MpVec(const MpVec&)> grad;          // grad f(x)
  // alpha(x0, r) enclosure when a closed form exists (centre and radius as exact enclosures).
  std::function<std::optional<MpInterval>(const MpVec&, const MpInterval&)> alpha;
};

// The element of `all` (families(), the attack suites' systems and functions) named `name`;
// std::invalid_argument when there is none.
template <class T>
const T& named(const std::vector<T>& all, const std::string& name) {
  for (const T& x : all)
    if (x.name == name) return x;
  throw std::invalid_argument("no " + name + " in the references");
}

// One row of an attack sweep: a reference by name, a centre, the radii to check around it.
struct Sweep {
  const char* name;
  std::vector<std::string> center;
  std::vector<std::string> radii;
};

const std::vector<Family>& families();
const Family& family(const std::string& name);

Objective objective_of(const Family& fam);

struct Case {
  const Family* fam;
  std::vector<std::string> center;
  std::string radius;
};

// Counts of what the reference checks saw (to make sure the suite exercises every verdict).
struct Tally {
  int cases = 0, certified = 0, refuted = 0, inconclusive = 0, gd_runs = 0, closed_form = 0;
  // Violations of the fixed bugs of test_known_bugs.cpp, counted per sweep and asserted zero.
  int gd_rate_violations = 0, step_6eps_violations = 0, indefinite_alpha_violations = 0;
  std::string gd_rate_example, step_6eps_example, indefinite_example;
};
Tally& tally();

ChatterjeeOptions small_options();

// gdcert's answer for the case with scalar type T (MpInterval at `bits`).
ChatterjeeResult run_case_interval(const Case& c, const ChatterjeeOptions& o);
ChatterjeeResult run_case_mp(const Case& c, const ChatterjeeOptions& o, unsigned bits);

// All the assertions of the brief, item 1 (see the .cpp for the list).
void check_against_reference(const Case& c, const ChatterjeeResult& r);

// sigma'(z) = sigma(z) (1 - sigma(z)) of the logistic sigmoid.
inline MpInterval dsigmoid(const MpInterval& z) { return sigmoid(z) * (MpInterval(1.0) - sigmoid(z)); }

// Exact value of a decimal/hex text at kRefBits.
MpInterval mp_number(const std::string& text);
// The exact rational value of a double, compared exactly with an MPFI enclosure.
bool double_le_mp(double v, const MpInterval& x);  // v <= every point of x (proved)
bool mp_le_double(const MpInterval& x, double v);  // every point of x <= v (proved)

// r values where r^2 alpha(x0, r) - 4 f(x0) changes sign (1-D closed-form families), as hex
// texts of the nearest double and its two neighbours.
std::vector<std::string> boundary_radii(const Family& fam, const std::vector<std::string>& center);

}  // namespace gdcert::redteam
