// Command-line usability (issue 13): the version, "did you mean" for typos, the --centre
// alias, labelled progress lines, the demo's help and radius, --png without a converter,
// --run-gd's step cap and rates that are never shown as 1.
#include <doctest/doctest.h>

#include "cli_runner.hpp"

#include <string>

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("--version prints the project version and exits 0") {
  Run r = run("--version");
  CHECK(r.status == 0);
  CHECK(r.out == "gdcert " GDCERT_EXPECTED_VERSION "\n");
  CHECK(r.err.empty());
}

TEST_CASE("--centre is an alias of --center in check and bound") {
  Run a = run("check --expr \"(x*y-1)^2\" --centre 2,0.3 --radius 0.5 --json");
  Run b = run("check --expr \"(x*y-1)^2\" --center 2,0.3 --radius 0.5 --json");
  REQUIRE_MESSAGE(a.status == 0, a.err);
  CHECK(json_of(a)["center_exact"] == json_of(b)["center_exact"]);
  CHECK(json_of(a)["verdict"] == "certified");
  Run neg = run("check --expr \"(x*y-1)^2\" --centre=-2,-0.3 --radius 0.5 --json");
  REQUIRE_MESSAGE(neg.status == 0, neg.err);
  CHECK(json_of(neg)["center_exact"] == nlohmann::json({"-2", "-0.3"}));
  Run bound = run("bound --expr \"(x*y-1)^2\" --centre 2,0.3 --radius 0.5 --json");
  REQUIRE_MESSAGE(bound.status == 0, bound.err);
  CHECK(json_of(bound).contains("ratio_lower"));
  CHECK(contains(run("check --help").out, "--centre"));
  CHECK(contains(run("bound --help").out, "--centre"));
}
