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
