// Command-line usability (issue 13): the version, "did you mean" for typos, the --centre
// alias, labelled progress lines, the demo's help and radius, --png without a converter,
// --run-gd's step cap and rates that are never shown as 1.
#include <doctest/doctest.h>

#include "cli_runner.hpp"

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "api/rate_text.hpp"
#include "cli/nearest_name.hpp"
#include "cli/png_export.hpp"

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("--version prints the project version and exits 0") {
  Run r = run_expect("--version", 0);
  CHECK(r.out == "gdcert " GDCERT_EXPECTED_VERSION "\n");
  CHECK(r.err.empty());
}

TEST_CASE("--version on every command, and usage errors point to that command's help") {
  for (const char* cmd : {"check", "bound", "nn", "nn check", "batch", "verify", "demo"}) {
    CAPTURE(cmd);
    Run r = run_expect(std::string(cmd) + " --version", 0);
    CHECK(r.out == "gdcert " GDCERT_EXPECTED_VERSION "\n");
  }
  // A bad value of a known option: CLI11's message, and the help of the command being read.
  run_expect("check --expr \"(x*y-1)^2\" --center 2,0.3 --radius 0.5 --precision abc", 2,
             {"--precision", "(run 'gdcert check --help' for usage)"});
  run_expect("nn check", 2, {"(run 'gdcert nn check --help' for usage)"});
  run_expect("", 2, {"(run 'gdcert --help' for usage)"});
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

TEST_CASE("edit distance and the nearest name") {
  CHECK(gdcert::edit_distance("chek", "check") == 1);
  CHECK(gdcert::edit_distance("chekc", "check") == 1);  // a transposition is one typo
  CHECK(gdcert::edit_distance("", "abc") == 3);
  CHECK(gdcert::edit_distance("kitten", "sitting") == 3);
  const std::vector<std::string> commands = {"check", "bound", "demo", "region", "verify", "nn", "batch"};
  CHECK(gdcert::nearest_name("chek", commands) == "check");
  CHECK(gdcert::nearest_name("regoin", commands) == "region");
  CHECK(gdcert::nearest_name("frobnicate", commands) == std::nullopt);
  CHECK(gdcert::nearest_name("x", commands) == std::nullopt);
  CHECK(gdcert::nearest_name("--exprr", {"--expr", "--residuals"}) == "--expr");
  CHECK(gdcert::nearest_name("-x", {"-h", "--help"}) == std::nullopt);
  CHECK(gdcert::nearest_name("--criteria", {"--criterion", "--radius"}) == "--criterion");
  CHECK(gdcert::nearest_name("--rad", {"--radius"}) == std::nullopt);  // 3 edits: too far
}

TEST_CASE("unknown commands and options: did you mean, exit 2, message on stderr") {
  struct Case {
    std::string args, message;
  };
  const std::vector<Case> cases = {
      {"chek --expr \"(x*y-1)^2\" --center 2,0.3 --radius 0.5",
       "gdcert: error: unknown command 'chek'; did you mean 'check'?"},
      {"chekc", "unknown command 'chekc'; did you mean 'check'?"},
      {"frobnicate", "unknown command 'frobnicate' (commands: check, bound, demo, region, verify, nn, batch)"},
      {"check --exprr x", "gdcert: error: unknown option '--exprr'; did you mean '--expr'?"},
      {"check --exprr=x --center 1 --radius 1", "unknown option '--exprr'; did you mean '--expr'?"},
      {"check --expr x --center=-1 --radius 1 --budgt 2", "unknown option '--budgt'; did you mean '--budget'?"},
      {"bound --expr x --cente 1 --radius 1", "unknown option '--cente'; did you mean '--center'?"},
      {"check --expr x --center 1 --radius 1 --frobnicate", "unknown option '--frobnicate' for 'gdcert check'"},
      {"nn chek model.json", "unknown command 'nn chek'; did you mean 'nn check'?"},
      {"nn check model.json --jsn", "unknown option '--jsn'; did you mean '--json'?"},
      {"batch reprot runs.jsonl", "unknown command 'batch reprot'; did you mean 'batch report'?"},
      {"batch report runs.jsonl --svgg f.svg", "unknown option '--svgg'; did you mean '--svg'?"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.args);
    Run r = run_expect(c.args, 2, {c.message});
    CHECK(r.out.empty());
    CHECK(!contains(r.err, "A subcommand is required"));
  }
  // The help named is the one that lists the right names.
  CHECK(contains(run("check --exprr x").err, "run 'gdcert check --help'"));
  // What is not a typo keeps CLI11's message.
  run_expect("check a.json b.json", 2, {"not expected"});
}

TEST_CASE("exit status: 0 certified, 1 refuted or inconclusive, 2 bad input; the README says so plainly") {
  CHECK(run("check --expr \"(x*y-1)^2\" --center 2,0.3 --radius 0.5").status == 0);
  CHECK(json_expect("check --expr \"(x*y-1)^2\" --center 0.5,0.5 --radius 0.3 --json", 1)["verdict"] == "refuted");
  Run inconclusive =
      run("check --residuals \"10*(y-x^2); 1-x\" --vars x,y --center 1.1,1.2 --radius 1.7 --budget 1boxes --json");
  CHECK(inconclusive.status == 1);
  CHECK(json_of(inconclusive)["verdict"] == "inconclusive");
  CHECK(run("check --expr \"(x*y-1\" --center 2,0.3 --radius 0.5").status == 2);
  std::ifstream readme(GDCERT_SOURCE_DIR "/README.md");
  REQUIRE(readme.good());
  std::string text((std::istreambuf_iterator<char>(readme)), std::istreambuf_iterator<char>());
  for (std::size_t p; (p = text.find('\n')) != std::string::npos;) text[p] = ' ';  // sentences wrap
  CHECK(contains(text, "Exit status: 0 certified, 1 refuted or inconclusive (the report says which), 2 bad input"));
  CHECK(contains(run("check --help").out, "Exit status: 0 certified, 1 refuted or inconclusive, 2 bad input"));
}

TEST_CASE("progress lines of --criterion all say whose search they report") {
  // The proxy-PL search cannot reach its target here and runs for seconds (a quarter of its
  // third of the budget per round), so progress lines appear after the first second.
  Run r = run("check --residuals \"10*(y-x^2); 1-x\" --vars x,y --center 1.001,1.002 --radius 0.05 "
              "--criterion all --proxy \"100*(y-x^2)^2+(1-x)^2\" --budget 24s");
  CHECK(r.status == 0);  // chatterjee certifies
  std::istringstream lines(r.err);
  int progress = 0;
  for (std::string line; std::getline(lines, line);) {
    CAPTURE(line);
    if (!contains(line, "boxes")) continue;
    ++progress;
    const bool labelled = line.rfind("gdcert: chatterjee ball search: ", 0) == 0 ||
                          line.rfind("gdcert: plstar ball search: ", 0) == 0 ||
                          line.rfind("gdcert: proxy-pl ball search: ", 0) == 0;
    CHECK(labelled);
    CHECK(contains(line, "weakest lower bound"));
  }
  CHECK(progress > 0);
}

TEST_CASE("demo --help says what the demo does; the demo prints the radius its search found") {
  Run h = run_expect("demo --help", 0);
  CHECK(contains(h.out, "What it does"));
  CHECK(contains(h.out, "(xy - 1)^2"));
  CHECK(contains(h.out, "Chatterjee's criterion"));
  CHECK(contains(h.out, "takes no options"));
  CHECK(contains(h.out, "--radius auto"));

  Run d = run("demo");
  REQUIRE(d.status == 0);
  Run c = run("check --expr \"(x*y-1)^2\" --center 2,0.3 --radius auto --json");
  REQUIRE(c.status == 0);
  const std::string found = json_of(c)["radius_exact"];
  CHECK(contains(d.out, "radius r = " + found));
  CHECK(contains(d.out, "the search found r = " + found + "."));
  CHECK(contains(d.out, "r = |x0|/2 = 1.01119"));  // sqrt(4.09)/2, not "1.0"
  CHECK(!contains(d.out, "= 1.0;"));
}

namespace {

bool exists(const std::string& path) { return std::ifstream(path).good(); }

void remove_files(const std::vector<std::string>& paths) {
  for (const auto& p : paths) std::remove(p.c_str());
}

// Sets an environment variable for the runs inside one scope (the binary inherits it).
struct ScopedEnv {
  std::string name;
  std::optional<std::string> old;
  ScopedEnv(std::string n, const std::string& value) : name(std::move(n)) {
    if (const char* v = std::getenv(name.c_str())) old = v;
    setenv(name.c_str(), value.c_str(), 1);
  }
  ~ScopedEnv() { old ? setenv(name.c_str(), old->c_str(), 1) : unsetenv(name.c_str()); }
};

const std::string kRegion = "region --expr \"(x*y-1)^2\" --grid 1:1.5:0.5,1:1.5:0.5 --radius auto --quiet ";

}  // namespace

TEST_CASE("region --png with no converter: exit 2 and nothing written, unless --svg is given") {
  const std::string png = "usability_region.png", svg = "usability_region.svg", csv = "usability_region.csv";
  const std::vector<std::string> all = {png, svg, csv, png + ".tmp", png + ".svg.tmp"};
  remove_files(all);
  ScopedEnv none("GDCERT_PNG_CONVERTER", "none");

  Run alone = run_expect(kRegion + "--png " + png + " --csv " + csv, 2, {"--png needs rsvg-convert or ImageMagick", "--svg"});
  CHECK(alone.out.empty());
  for (const auto& f : all) CHECK_MESSAGE(!exists(f), f);

  Run png_only = run_expect(kRegion + "--png " + png, 2);
  CHECK(png_only.out.empty());  // never the CSV on stdout

  Run with_svg = run_expect(kRegion + "--png " + png + " --svg " + svg, 0, {"warning: --png skipped: no PNG converter"});
  CHECK(with_svg.out.empty());
  CHECK(exists(svg));
  CHECK(!exists(png));
  CHECK(!exists(png + ".svg.tmp"));
  remove_files(all);
  CHECK(contains(run("region --help").out, "GDCERT_PNG_CONVERTER=none"));
}

TEST_CASE("region --png whose converter fails: nothing half-done") {
  // A stand-in rsvg-convert that fails, first on PATH.
  const std::string bin = "usability_fake_bin_" + std::to_string(getpid());
  REQUIRE(std::system(("mkdir -p " + bin + " && printf '#!/bin/sh\\nexit 1\\n' > " + bin +
                       "/rsvg-convert && chmod +x " + bin + "/rsvg-convert")
                          .c_str()) == 0);
  const std::string png = "usability_fail.png", svg = "usability_fail.svg", csv = "usability_fail.csv";
  const std::vector<std::string> all = {png, svg, csv, png + ".tmp", png + ".svg.tmp"};
  remove_files(all);
  {
    const char* path = std::getenv("PATH");
    ScopedEnv fake_path("PATH", bin + ":" + (path ? path : "/usr/bin:/bin"));
    run_expect(kRegion + "--png " + png + " --csv " + csv, 2, {"the converter failed"});
    for (const auto& f : all) CHECK_MESSAGE(!exists(f), f);

    run_expect(kRegion + "--png " + png + " --svg " + svg + " --csv " + csv, 0, {"warning: --png skipped"});
    CHECK(exists(svg));
    CHECK(exists(csv));
    CHECK(!exists(png));
    CHECK(!exists(png + ".svg.tmp"));
  }
  remove_files(all);
  std::system(("rm -rf " + bin).c_str());
}

TEST_CASE("region --png with a converter writes the PNG and prints no CSV") {
  if (!gdcert::png_converter_available()) return;  // the paths above cover this machine
  const std::string png = "usability_ok.png";
  std::remove(png.c_str());
  Run r = run_expect(kRegion + "--png " + png, 0);
  CHECK(r.out.empty());
  std::ifstream in(png, std::ios::binary);
  std::string magic(4, '\0');
  in.read(magic.data(), 4);
  CHECK(magic == "\x89PNG");
  std::remove(png.c_str());
}

TEST_CASE("--run-gd says when it stops at the step cap; --gd-steps sets the cap") {
  // Certified with about 2.4e7 iterations: far beyond the default cap of 100000.
  const std::string slow = "check --residuals \"100*(y-x^2); 1-x\" --vars x,y --center 1.0001,1.0002 --radius 0.001 --run-gd";
  Run text = run(slow);
  REQUIRE_MESSAGE(text.status == 0, text.err);
  CHECK(contains(text.out, "  100000  "));
  CHECK(contains(text.out, "stopped at the cap of 100000 steps"));
  CHECK(contains(text.out, "--gd-steps N sets it"));

  Run json = run(slow + " --gd-steps 50 --json");
  REQUIRE_MESSAGE(json.status == 0, json.err);
  const auto g = json_of(json)["run_gd"];
  CHECK(g["capped"] == true);
  CHECK(g["cap"] == 50);
  CHECK(g["steps"] == 50);
  CHECK(g["certified_iterations"].get<unsigned long long>() > 1000000);
  CHECK(contains(g["cap_note"].get<std::string>(), "stopped at the cap of 50 steps"));
  CHECK(g["trace"].back()["k"] == 50);
  for (const auto& row : g["trace"]) CHECK(row["f"].get<double>() <= row["bound"].get<double>());

  // Below the cap: the certified count is run, and nothing is said about a cap.
  Run fast = run("check --expr \"(x*y-1)^2\" --center 2,0.3 --radius 0.5 --run-gd --json");
  REQUIRE(fast.status == 0);
  const auto j = json_of(fast);
  CHECK(j["run_gd"]["capped"] == false);
  CHECK(j["run_gd"]["steps"] == j["gd"]["iterations"]);
  CHECK(!j["run_gd"].contains("cap_note"));
  CHECK(!contains(run("check --expr \"(x*y-1)^2\" --center 2,0.3 --radius 0.5 --run-gd").out, "stopped at the cap"));

  // --criterion all follows Chatterjee's step; no certified step, nothing to run, and it says so.
  Run all = run("check --residuals \"10*(y-x^2); 1-x\" --vars x,y --center 1.001,1.002 --radius 0.01 --criterion all "
                "--run-gd --gd-steps 10 --json");
  CHECK(all.status == 0);
  CHECK(json_of(all)["run_gd"]["steps"] == 10);
  Run refuted = run_expect("check --expr \"(x*y-1)^2\" --center 0.5,0.5 --radius 0.3 --run-gd", 1);
  CHECK(contains(refuted.out, "--run-gd: nothing to run"));

  for (const std::string bad : {"0", "-5", "abc", "1.5", "100000001", "99999999999999999999999"}) {
    CAPTURE(bad);
    Run r = run_expect("check --expr \"(x*y-1)^2\" --center 2,0.3 --radius 0.5 --run-gd --gd-steps " + bad, 2, {"--gd-steps"});
    CHECK(r.out.empty());
  }
  run_expect("check --expr \"(x*y-1)^2\" --center 2,0.3 --radius 0.5 --gd-steps 5", 2, {"--gd-steps requires --run-gd"});
}

TEST_CASE("a rate below 1 is never printed as 1") {
  // Chatterjee's rate here is 1 - 3.7e-8: six significant digits rounded up would print 1.
  const std::string args =
      "check --residuals \"1000*(y-x^2); 1-x\" --vars x,y --center 1.0001,1.0002 --radius 0.001 --criterion all --budget 6s";
  Run json = run(args + " --json");
  const double rate = json_of(json)["criteria"]["chatterjee"]["gd"]["rate"].get<double>();
  REQUIRE(rate < 1);
  REQUIRE(rate > 0.9999995);  // the case still tests what it is meant to
  Run text = run(args);
  std::istringstream lines(text.out);
  std::string shown;
  for (std::string line; std::getline(lines, line);)
    if (line.rfind("  chatterjee  certified", 0) == 0) {
      std::istringstream row(line);
      std::string name, verdict, radius, alpha, ge, bound, step;
      row >> name >> verdict >> radius >> alpha >> ge >> bound >> step >> shown;
    }
  CAPTURE(text.out);
  REQUIRE(!shown.empty());
  CHECK(shown != "1");
  CHECK(std::stod(shown) < 1);
  CHECK(std::stod(shown) >= rate);  // still an upper bound
  // The single report too.
  Run single = run("check --residuals \"1000*(y-x^2); 1-x\" --vars x,y --center 1.0001,1.0002 --radius 0.001");
  CHECK(!contains(single.out, "<= 1^k"));
}

TEST_CASE("rate_text: rounded up, and a rate below 1 never reads 1") {
  CHECK(gdcert::rate_text(0.9660875653, 6) == "0.966088");
  // (0.99999994 is not a double: the text must be provably above the double nearest to it.)
  CHECK(gdcert::rate_text(0.99999994, 6) == "0.99999995");
  CHECK(gdcert::rate_text(std::nextafter(1.0, 0.0), 6) == "0.9999999999999999");
  for (double rate : {0.99999994, 1 - 1e-12, std::nextafter(1.0, 0.0)}) {
    const gdcert::ExactNumber shown = gdcert::parse_number(gdcert::rate_text(rate, 6));
    CHECK(shown.nearest < 1);
    CHECK(shown.enclosure.lower() >= rate);
  }
  CHECK(gdcert::rate_text(1.0, 6) == "1");
  CHECK(gdcert::decimal_above(0.99999994, 6) == "1");  // what the table printed before
}
