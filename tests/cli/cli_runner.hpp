// Running the built gdcert binary from a test: exit status, stdout, stderr.
//
//   Run r = run("check --expr \"(x-1)^2\" --center 1.1 --radius 0.5 --json");
//   CHECK(r.status == 0);
//   auto j = json_of(r);          // fails the test if stdout is not one JSON value
#pragma once

#include <string>

#include <nlohmann/json.hpp>

struct Run {
  int status;  // exit status, -1 when the process did not exit normally
  std::string out, err;
};

// GDCERT_BINARY with `args` appended (shell syntax), run in the current directory.
Run run(const std::string& args);
nlohmann::json json_of(const Run& r);

// Wall-time allowance for tests that a run ends in bounded time (never tests of speed): the
// AddressSanitizer build of tests/fuzz/run.sh runs several times slower, so it gets 6x.
inline double allowed_seconds(double seconds) {
#ifdef __SANITIZE_ADDRESS__
  return 6 * seconds;
#else
  return seconds;
#endif
}
