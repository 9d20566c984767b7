// gdcert batch from the command line: interrupted runs (SIGINT, SIGKILL) resume to the same
// results as an uninterrupted run, shards + merge and mpirun give the same set, bad sweep files
// are refused with nothing written, and the report's picture is well-formed SVG.
#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "cli_runner.hpp"

using json = nlohmann::json;
namespace fs = std::filesystem;

namespace {

std::string slurp(const std::string& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void strip_timing(json& j) {
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end();) {
      const std::string k = it.key();
      if (k == "seconds" || (k.size() > 8 && k.substr(k.size() - 8) == "_seconds")) it = j.erase(it);
      else strip_timing(*it), ++it;
    }
  } else if (j.is_array()) {
    for (auto& x : j) strip_timing(x);
  }
}

// key -> line without timing fields; fails on a duplicate key or a torn / malformed line.
std::map<std::string, json> results(const std::string& path) {
  std::map<std::string, json> out;
  std::istringstream in(slurp(path));
  std::string line;
  bool header = true;
  while (std::getline(in, line)) {
    json j = json::parse(line, nullptr, false);
    REQUIRE_FALSE(j.is_discarded());
    if (header) {
      CHECK(j.contains("sweep_hash"));
      header = false;
      continue;
    }
    strip_timing(j);
    const std::string key = j["key"];
    CHECK_MESSAGE(out.count(key) == 0, "duplicate line for " << key);
    out[key] = j;
  }
  return out;
}

// A sweep of 400 deterministic checks (box budgets, fixed radii), a few milliseconds each.
std::string write_sweep(const std::string& dir) {
  fs::create_directories(dir);
  std::ofstream(dir + "/base.json")
      << R"({"residuals": "10*(y-x^2); 1-x", "vars": ["x", "y"], "center": [1.1, 1.2], "radius": 0.5, "budget": "3000boxes"})";
  json ys = json::array();
  for (int k = 0; k < 40; ++k) ys.push_back(std::to_string(0.8 + 0.02 * k).substr(0, 4));
  json sweep = {{"base", "base.json"},
                {"axes", {{"radius", {"0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7", "0.8", "0.9", "1.0"}}, {"/center/1", ys}}}};
  std::ofstream(dir + "/sweep.json") << sweep.dump();
  return dir + "/sweep.json";
}

// Starts a batch in the background, sends `signal` once the results file has 30 lines (so the
// run is part-way whatever the machine's speed), returns the exit status.
int interrupted_run(const std::string& sweep, const std::string& out, const char* signal) {
  const std::string cmd = "sh -c '" + std::string(GDCERT_BINARY) + " batch " + sweep + " --out " + out +
                          " --jobs 1 --quiet 2>/dev/null & pid=$!; n=0; while [ $n -lt 30 ]; do sleep 0.005; " +
                          "n=$(cat " + out + " 2>/dev/null | wc -l); done; kill -" + signal +
                          " $pid; wait $pid; echo $?'";
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p != nullptr);
  char buf[64] = {0};
  std::fgets(buf, sizeof buf, p);
  pclose(p);
  return std::atoi(buf);
}

}  // namespace

TEST_CASE("batch: SIGINT and SIGKILL part-way, then rerun: the results of an uninterrupted run") {
  const std::string dir = "batch_kill_" + std::to_string(::getpid());
  const std::string sweep = write_sweep(dir);
  Run full = run("batch " + sweep + " --out " + dir + "/full.jsonl --jobs 2 --quiet");
  REQUIRE_MESSAGE(full.status == 0, full.err);
  auto reference = results(dir + "/full.jsonl");
  REQUIRE(reference.size() == 400);

  for (const char* signal : {"INT", "KILL"}) {
    CAPTURE(signal);
    const std::string out = dir + "/part_" + signal + ".jsonl";
    int status = interrupted_run(sweep, out, signal);
    CHECK(status == (std::string(signal) == "INT" ? 130 : 137));
    const std::size_t partial = results(out).size();
    CHECK(partial < 400);  // it really was interrupted part-way
    Run again = run("batch " + sweep + " --out " + out + " --jobs 2");
    REQUIRE_MESSAGE(again.status == 0, again.err);
    CHECK(again.err.find(std::to_string(partial) + " already in") != std::string::npos);
    CHECK(results(out) == reference);
  }
  // Nothing left to do: a third run adds no line.
  Run idle = run("batch " + sweep + " --out " + dir + "/full.jsonl --quiet");
  CHECK(idle.status == 0);
  CHECK(results(dir + "/full.jsonl").size() == 400);

  // Shards and merge give the same set.
  for (const char* s : {"0/2", "1/2"}) {
    Run r = run("batch " + sweep + " --out " + dir + "/shard" + std::string(1, s[0]) + ".jsonl --shard " + s + " --quiet");
    REQUIRE_MESSAGE(r.status == 0, r.err);
  }
  CHECK(results(dir + "/shard0.jsonl").size() == 200);
  Run merged = run("batch merge " + dir + "/merged.jsonl " + dir + "/shard0.jsonl " + dir + "/shard1.jsonl");
  REQUIRE_MESSAGE(merged.status == 0, merged.err);
  CHECK(results(dir + "/merged.jsonl") == reference);

  // A changed sweep is refused unless --force.
  std::ofstream(dir + "/base.json", std::ios::app) << " ";
  Run changed = run("batch " + sweep + " --out " + dir + "/full.jsonl --quiet");
  CHECK(changed.status == 2);
  CHECK(changed.err.find("another version of the sweep") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("batch under mpirun -n 2 gives the same results as one process") {
#ifndef GDCERT_TEST_MPI
  MESSAGE("skipped: gdcert was built without MPI (install libopenmpi-dev openmpi-bin and reconfigure)");
#else
  if (std::system("command -v mpirun >/dev/null 2>&1") != 0) {
    MESSAGE("skipped: no mpirun on PATH");
    return;
  }
  const std::string dir = "batch_mpi_" + std::to_string(::getpid());
  const std::string sweep = write_sweep(dir);
  Run one = run("batch " + sweep + " --out " + dir + "/one.jsonl --quiet");
  REQUIRE_MESSAGE(one.status == 0, one.err);
  // Under AddressSanitizer (tests/fuzz/run.sh) OpenMPI's own allocations, many in components it
  // has already unloaded, are reported as leaks at exit; gdcert's batch code is leak-checked by
  // the tests above, so leak detection is off for the MPI processes only.
#ifdef __SANITIZE_ADDRESS__
  const std::string no_mpi_leaks = "ASAN_OPTIONS=\"${ASAN_OPTIONS:-}:detect_leaks=0\" ";
#else
  const std::string no_mpi_leaks;
#endif
  const std::string mpi = no_mpi_leaks + "OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1 mpirun -n 2 " +
                          std::string(GDCERT_BINARY) + " batch " + sweep + " --out " + dir + "/mpi.jsonl --jobs 1 --quiet";
  REQUIRE(std::system(mpi.c_str()) == 0);
  CHECK(results(dir + "/mpi.jsonl") == results(dir + "/one.jsonl"));
  fs::remove_all(dir);
#endif
}

TEST_CASE("bad sweep files: exit 2 with the reason, nothing written") {
  const std::string dir = "batch_bad_" + std::to_string(::getpid());
  fs::create_directories(dir);
  std::ofstream(dir + "/base.json") << R"({"expr": "(x*y-1)^2", "center": [2, 0.3], "radius": 0.5})";
  const std::pair<const char*, const char*> cases[] = {
      {R"({"base": "base.json", "axes": {"colour": [1, 2]}})", "unknown axis 'colour'"},
      {R"({"base": "base.json", "axes": {"radius": []}})", "empty product"},
      {R"({"base": "missing.json", "axes": {"radius": [1]}})", "cannot read base problem"},
      {R"({"base": "base.json", "axes": {"radius": [1])", "malformed JSON"},
      {R"({"base": "base.json", "axes": {"width": [8]}})", "network model files only"},
  };
  for (const auto& [text, why] : cases) {
    CAPTURE(text);
    std::ofstream(dir + "/s.json") << text;
    Run r = run("batch " + dir + "/s.json --out " + dir + "/r.jsonl");
    CHECK(r.status == 2);
    CHECK(r.err.find(why) != std::string::npos);
    CHECK_FALSE(fs::exists(dir + "/r.jsonl"));
  }
  Run no_out = run("batch " + dir + "/s.json");
  CHECK(no_out.status == 2);
  fs::remove_all(dir);
}

TEST_CASE("batch report: table, CSV and a well-formed SVG") {
  const std::string dir = "batch_report_" + std::to_string(::getpid());
  fs::create_directories(dir);
  std::ofstream(dir + "/base.json") << R"({"expr": "(x*y-1)^2", "center": [2, 0.3], "radius": 0.5, "budget": "2000boxes"})";
  std::ofstream(dir + "/s.json") << R"({"base": "base.json", "axes": {"radius": [0.05, 0.4, 0.8]}})";
  REQUIRE(run("batch " + dir + "/s.json --out " + dir + "/r.jsonl --quiet").status == 0);
  Run r = run("batch report " + dir + "/r.jsonl --by radius --csv " + dir + "/c.csv --svg " + dir + "/f.svg");
  REQUIRE_MESSAGE(r.status == 0, r.err);
  CHECK(r.out.find("95% Wilson") != std::string::npos);
  CHECK(slurp(dir + "/c.csv").rfind("radius,checks,certified", 0) == 0);
  // (xy-1)^2 from (2, 0.3): certified at 0.4 and 0.8, refuted at 0.05 (the closed form).
  CHECK(slurp(dir + "/c.csv").find("0.05,1,0,") != std::string::npos);
  CHECK(slurp(dir + "/c.csv").find("0.4,1,1,") != std::string::npos);
  if (std::system("/usr/bin/python3 -c 'import xml.dom.minidom' >/dev/null 2>&1") == 0)
    CHECK(std::system(("/usr/bin/python3 -c 'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])' " + dir +
                       "/f.svg").c_str()) == 0);
  CHECK(slurp(dir + "/f.svg").find("</svg>") != std::string::npos);
  Run missing = run("batch report " + dir + "/nope.jsonl");
  CHECK(missing.status == 2);
  fs::remove_all(dir);
}
