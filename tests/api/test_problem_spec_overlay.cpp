// overlay(flags, file): how `gdcert check FILE --flag ...` combines a problem file with flags.
// A field that differs from ProblemSpec{} was given and wins; a field at its default takes the
// file's value; the objective (expr / residuals / system) is chosen as one.
#include <doctest/doctest.h>

#include <string>

#include "api/problem_spec.hpp"

using namespace gdcert;

namespace {

// Every field set away from its default, each value naming `who` ("file", "flag"): overlay only
// moves texts, so the values need not parse. The objective is residuals (expr and system aside:
// see the objective cases).
ProblemSpec every_field(const std::string& who, unsigned precision) {
  ProblemSpec s;
  s.residuals = who + " residuals";
  s.vars = {who + " x", who + " y"};
  s.center = {who + " x0", who + " y0"};
  s.targets = {who + " y1", who + " y2"};
  for (std::string* field : {&s.radius, &s.scale, &s.criterion, &s.budget, &s.tol, &s.output_map, &s.eps, &s.mu,
                             &s.proxy, &s.xi, &s.power})
    *field = who + " value";
  s.precision = precision;
  return s;
}

}  // namespace

TEST_CASE("overlay: no flags give the file; no file gives the flags") {
  const ProblemSpec file = every_field("file", 128);
  CHECK(overlay(ProblemSpec{}, file) == file);
  ProblemSpec flags = every_field("flag", 256);
  CHECK(overlay(flags, ProblemSpec{}) == flags);
  flags.residuals.clear();
  flags.expr = "flag expr";
  CHECK(overlay(flags, ProblemSpec{}) == flags);
}

TEST_CASE("overlay: every given flag wins over the file") {
  const ProblemSpec flags = every_field("flag", 256);
  CHECK(overlay(flags, every_field("file", 128)) == flags);
}

TEST_CASE("overlay: unset flags take the file's value, the PL* and proxy-PL fields too") {
  const ProblemSpec file = every_field("file", 128);
  ProblemSpec flags;
  flags.radius = "0.1", flags.budget = "5s", flags.mu = "0.75", flags.power = "1.5";
  // The file's vars, center, scale, criterion, precision, tol, targets, output_map, eps, proxy, xi.
  ProblemSpec expected = file;
  expected.radius = "0.1", expected.budget = "5s", expected.mu = "0.75", expected.power = "1.5";
  CHECK(overlay(flags, file) == expected);
}

TEST_CASE("overlay: a flag equal to its default does not override the file") {
  // The defaults are what "not given" looks like (--xi 0, --power 2, --budget 20s, --scale 1).
  ProblemSpec flags;
  flags.xi = "0";
  flags.power = "2";
  flags.budget = "20s";
  flags.criterion = "chatterjee";
  const ProblemSpec out = overlay(flags, every_field("file", 0));
  for (auto field : {&ProblemSpec::xi, &ProblemSpec::power, &ProblemSpec::budget, &ProblemSpec::criterion})
    CHECK(out.*field == "file value");
}

TEST_CASE("overlay: the objective is chosen as one") {
  auto objective = [](const char* expr, const char* residuals, const char* system) {
    ProblemSpec s;
    s.expr = expr, s.residuals = residuals, s.system = system;
    return s;
  };
  struct Case {
    const char* what;
    ProblemSpec flags, file, expected;
  };
  const Case cases[] = {
      {"a flag's expr replaces the file's residuals", objective("E", "", ""), objective("", "R", ""), objective("E", "", "")},
      {"a flag's residuals replace the file's expr", objective("", "R", ""), objective("E", "", ""), objective("", "R", "")},
      {"the file's system when no side gives an expr or residuals", objective("", "", ""), objective("", "", "S"),
       objective("", "", "S")},
      {"a flag's expr keeps the file's system out", objective("E", "", ""), objective("", "", "S"), objective("E", "", "")},
      {"a file with an expr and a system keeps the expr", objective("", "", ""), objective("E", "", "S"),
       objective("E", "", "")},
      // Both end up set, and resolve() rejects the pair (checked below).
      {"a flag's system does not keep the file's expr out", objective("", "", "S"), objective("E", "", ""),
       objective("E", "", "S")},
  };
  for (const Case& c : cases) {
    CAPTURE(c.what);
    CHECK(overlay(c.flags, c.file) == c.expected);
  }
  ProblemSpec both = objective("x^2", "", "x*y; x+y");
  both.targets = {"1", "2.5"}, both.center = {"1", "1"};
  CHECK_THROWS_AS(resolve(both), std::invalid_argument);
}

TEST_CASE("overlay: an example file under flags") {
  const ProblemSpec file = read_problem_file(std::string(GDCERT_SOURCE_DIR) + "/examples/rosenbrock.json");
  ProblemSpec flags;
  flags.radius = "0.05";
  flags.precision = 128;
  const ProblemSpec out = overlay(flags, file);
  CHECK(out.residuals == file.residuals);
  CHECK(out.vars == std::vector<std::string>{"x", "y"});
  CHECK(out.center == std::vector<std::string>{"1.01", "1.02"});
  CHECK(out.radius == "0.05");
  CHECK(out.precision == 128);
  CHECK(out.budget == "20s");
}
