// Running the built gdcert binary from a test: exit status, stdout, stderr.
//
//   Run r = run("check --expr \"(x-1)^2\" --center 1.1 --radius 0.5 --json");
//   CHECK(r.status == 0);
//   auto j = json_of(r);          // fails the test if stdout is not one JSON value
//   Run e = run_expect("check --expr x --center 1 --radius -1", 2, {"radius"});  // status and stderr checked
//   auto k = json_expect("check --expr \"(x-1)^2\" --center 1.1 --radius 0.5 --json", 0);
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

struct Run {
  int status;  // exit status, -1 when the process did not exit normally
  std::string out, err;
};

// GDCERT_BINARY with `args` appended (shell syntax), run in the current directory.
Run run(const std::string& args);
nlohmann::json json_of(const Run& r);
// run(args), checked: the exit status is `status` and stderr contains every one of `err_parts`
// (a failure names the arguments and shows stderr). The run is returned for further checks.
Run run_expect(const std::string& args, int status, const std::vector<std::string>& err_parts = {});
// json_of(run_expect(args, status)).
nlohmann::json json_expect(const std::string& args, int status);

// Wall-time allowance for tests that a run ends in bounded time (never tests of speed): the
// AddressSanitizer build of tests/fuzz/run.sh runs several times slower, so it gets 6x.
inline double allowed_seconds(double seconds) {
#ifdef __SANITIZE_ADDRESS__
  return 6 * seconds;
#else
  return seconds;
#endif
}
