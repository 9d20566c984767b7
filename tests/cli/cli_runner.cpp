#include "cli_runner.hpp"

#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <fstream>

Run run(const std::string& args) {
  // One stderr file per process: test executables run in parallel in the same directory.
  const std::string err_file = "gdcert_test_stderr_" + std::to_string(getpid()) + ".txt";
  std::string cmd = std::string(GDCERT_BINARY) + " " + args + " 2>" + err_file;
  FILE* pipe = popen(cmd.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::string out;
  std::array<char, 4096> buf{};
  while (std::size_t n = fread(buf.data(), 1, buf.size(), pipe)) out.append(buf.data(), n);
  int raw = pclose(pipe);
  std::ifstream in(err_file);
  std::string err((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::remove(err_file.c_str());
  return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, out, err};
}

nlohmann::json json_of(const Run& r) {
  auto j = nlohmann::json::parse(r.out, nullptr, false);
  REQUIRE_FALSE(j.is_discarded());
  return j;
}

Run run_expect(const std::string& args, int status, const std::vector<std::string>& err_parts) {
  Run r = run(args);
  INFO("gdcert " << args);
  INFO("stderr: " << r.err);
  CHECK(r.status == status);
  for (const std::string& part : err_parts) CHECK_MESSAGE(r.err.find(part) != std::string::npos, "stderr lacks: " << part);
  return r;
}

nlohmann::json json_expect(const std::string& args, int status) { return json_of(run_expect(args, status)); }
