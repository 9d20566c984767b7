// Golden outputs: every problem in examples/ and every command of the README's Examples
// section (plus a small region map), each at 53 bits (double intervals) and 256 bits, run
// through the gdcert binary with --json. The reports, with their timing fields removed, and
// the exit statuses must equal the files in tests/golden/expected/, generated from the binary
// before the issue-9 refactoring (no behaviour change). Budgets are given in boxes wherever a
// search could stop on time, so the outputs are deterministic.
//
//   GDCERT_UPDATE_GOLDEN=1 ./golden_outputs   # rewrite expected/ (review the diff!)
#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli_runner.hpp"

namespace {

using json = nlohmann::json;

const std::string kExamples = std::string(GDCERT_SOURCE_DIR) + "/examples/";

struct Case {
  Case(std::string n, std::string a, bool p = true, std::string t = "", std::string f = "")
      : name(std::move(n)), args(std::move(a)), precision(p), then(std::move(t)), file(std::move(f)) {}
  std::string name;
  std::string args;        // "$EX/" stands for the examples folder
  bool precision = true;   // also run with --precision 256
  std::string then;        // a second command run after the first (e.g. verify), same precision tag
  std::string file;        // a file the first command writes, compared too
};

const std::vector<Case> kCases = {
    // README, Examples section
    {"readme_check_xy", "check --expr \"(x*y-1)^2\" --center 2,0.3 --radius 0.5 --json"},
    {"readme_check_rosenbrock_auto",
     "check --residuals \"10*(y-x^2); 1-x\" --vars x,y --center 1.1,1.2 --radius auto --json --budget 2000boxes"},
    {"readme_check_rosenbrock_file", "check $EX/rosenbrock.json --json --budget 2000boxes"},
    {"readme_bound_box", "bound --expr \"x^y\" --box \"x=[0.5,2],y=[1,3]\" --json"},
    {"readme_bound_ball", "bound --expr \"(x*y-1)^2\" --center 2,0.3 --radius 0.5 --json --budget 2000boxes"},
    {"readme_check_plstar", "check $EX/plstar_system.json --criterion plstar --json --budget 2000boxes"},
    {"readme_check_proxy", "check $EX/proxy_single_neuron.json --json --budget 4000boxes"},
    {"readme_check_all",
     "check --residuals \"10*(y-x^2); 1-x\" --vars x,y --center 1.001,1.002 --radius 0.01 --criterion all --json "
     "--budget 3000boxes"},
    {"readme_check_cert", "check --expr \"(x*y-1)^2\" --center 2,0.3 --radius 0.5 --cert golden_xy_@P.json --json",
     true, "verify golden_xy_@P.json --json", "golden_xy_@P.json"},
    // the other examples
    {"example_xy_minus_one", "check $EX/xy_minus_one.json --json --budget 2000boxes"},
    {"example_powell_singular", "check $EX/powell_singular.json --json --budget 2000boxes"},
    {"example_rosenbrock_all", "check $EX/rosenbrock.json --criterion all --json --budget 3000boxes"},
    {"example_plstar_all", "check $EX/plstar_system.json --criterion all --json --budget 3000boxes"},
    // more paths through the criteria: auto radius for PL*, PL*_eps, output map, claimed mu
    {"plstar_auto",
     "check --residuals \"10*(y-x^2); 1-x\" --vars x,y --center 1.01,1.02 --radius auto --criterion plstar --json "
     "--budget 2000boxes"},
    {"plstar_eps_map",
     "check --system \"x*y; x+y\" --targets 0.5,0.9 --output-map tanh --center 0.5,1 --radius 0.05 --criterion plstar "
     "--eps 1e-6 --json --budget 2000boxes"},
    {"plstar_claimed_mu",
     "check --system \"x*y; x+y\" --targets 1,2.5 --center 0.5,2 --radius 0.05 --criterion plstar --mu 100 --json "
     "--budget 2000boxes"},
    {"chatterjee_refuted", "check --expr \"(x*y-1)^2\" --center 0.5,0.5 --radius 0.3 --json --budget 2000boxes"},
    {"chatterjee_nonneg", "check --expr \"x^2 + y^2 - 0.01*x^3\" --center 0.2,0.1 --radius 0.1 --json --budget 2000boxes"},
    {"region_small",
     "region --expr \"(x*y-1)^2\" --grid 0:2:0.5,0:2:1 --radius auto --budget 300boxes --samples 100 --threads 2 --json"},
    // bad input: exit 2, nothing on stdout
    {"bad_input", "check --expr \"(x*y-1\" --center 2,0.3 --radius 0.5 --json", false},
};

// Timing fields ("seconds", "search_seconds", ...), wherever they are.
void strip(json& j) {
  if (j.is_object()) {
    std::vector<std::string> timing;
    for (auto& [k, v] : j.items())
      if (k == "seconds" || (k.size() > 8 && k.compare(k.size() - 8, 8, "_seconds") == 0)) timing.push_back(k);
    for (const auto& k : timing) j.erase(k);
    for (auto& [k, v] : j.items()) strip(v);
  } else if (j.is_array()) {
    for (auto& v : j) strip(v);
  }
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (std::size_t i = 0; (i = s.find(from, i)) != std::string::npos; i += to.size()) s.replace(i, from.size(), to);
  return s;
}

json run_json(const std::string& args) {
  Run r = run(replace_all(args, "$EX/", kExamples));
  json out = {{"args", args}, {"exit", r.status}};
  json j = r.out.empty() ? json(nullptr) : json::parse(r.out, nullptr, false);
  if (j.is_discarded()) j = r.out;  // not JSON: compared as text
  strip(j);
  out["stdout"] = j;
  return out;
}

json run_case(const Case& c, unsigned bits) {
  const std::string tag = std::to_string(bits);
  std::string args = replace_all(c.args, "@P", tag);
  if (bits != 53) args += " --precision " + tag;
  json out = json::array({run_json(args)});
  if (!c.then.empty()) out.push_back(run_json(replace_all(c.then, "@P", tag)));
  if (!c.file.empty()) {
    std::string path = replace_all(c.file, "@P", tag);
    std::ifstream in(path);
    std::stringstream buf;
    buf << in.rdbuf();
    json f = json::parse(buf.str(), nullptr, false);
    if (!f.is_discarded()) strip(f);
    out.push_back({{"file", c.file}, {"content", f}});
    std::remove(path.c_str());
  }
  return out;
}

}  // namespace

TEST_CASE("golden outputs: examples and README commands at 53 and 256 bits") {
  const bool update = std::getenv("GDCERT_UPDATE_GOLDEN") != nullptr;
  for (const auto& c : kCases) {
    for (unsigned bits : {53u, 256u}) {
      if (bits != 53 && !c.precision) continue;
      const std::string path = std::string(GDCERT_GOLDEN_DIR) + "/" + c.name + "_" + std::to_string(bits) + ".json";
      json got = run_case(c, bits);
      if (update) {
        std::ofstream(path) << got.dump(1) << "\n";
        continue;
      }
      std::ifstream in(path);
      REQUIRE_MESSAGE(in.good(), "missing golden file " << path);
      std::stringstream buf;
      buf << in.rdbuf();
      json want = json::parse(buf.str());
      INFO("case " << c.name << " at " << bits << " bits");
      if (got != want) {
        // Show the first differing place.
        json patch = json::diff(want, got);
        FAIL_CHECK("output differs from " << path << ": " << patch.dump().substr(0, 2000));
      }
    }
  }
}
