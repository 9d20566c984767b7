// Batch building blocks: sweep expansion, the results file (torn lines, resume, hash, merge),
// the Wilson interval against closed forms, and the per-cell report.
#include <doctest/doctest.h>

#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "api/batch_report.hpp"
#include "api/batch_runner.hpp"
#include "api/batch_results.hpp"
#include "api/sweep.hpp"

using namespace gdcert::api;
using json = nlohmann::json;
namespace fs = std::filesystem;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() / ("gdcert_batch_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter()++));
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
  static int& counter() {
    static int c = 0;
    return c;
  }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(path / name, std::ios::binary) << text;
    return (path / name).string();
  }
};

const char* kModel = R"({"layers": [10, 64, 1], "activation": "tanh", "parametrization": "ntk",
  "data": {"synthetic": {"n": 4, "d": 10, "seed": 1}}, "init": {"scheme": "lecun", "seed": 1}, "radius": "auto"})";

}  // namespace

TEST_CASE("Wilson interval: closed forms at 0 and n successes, and a textbook value") {
  const double z = 1.959963984540054, z2 = z * z;
  for (std::size_t n : {1u, 10u, 50u, 1000u}) {
    WilsonInterval none = wilson_interval(0, n), all = wilson_interval(n, n);
    CHECK(none.lower == doctest::Approx(0.0));
    CHECK(none.upper == doctest::Approx(z2 / (double(n) + z2)).epsilon(1e-12));
    CHECK(all.lower == doctest::Approx(double(n) / (double(n) + z2)).epsilon(1e-12));
    CHECK(all.upper == doctest::Approx(1.0));
  }
  WilsonInterval half = wilson_interval(5, 10);  // [0.2366, 0.7634]
  CHECK(half.lower == doctest::Approx(0.236593).epsilon(1e-5));
  CHECK(half.upper == doctest::Approx(0.763407).epsilon(1e-5));
  CHECK(wilson_interval(0, 0).lower == 0);
  CHECK(wilson_interval(0, 0).upper == 1);
}

TEST_CASE("sweep: Cartesian product, zipped axes, ranges, set, and the fields they change") {
  TempDir d;
  d.write("model.json", kModel);
  std::string sweep = d.write("s.json", R"({"base": "model.json",
     "axes": {"width": [128, 256, 512], "seed": {"from": 1, "to": 4}},
     "zip": [{"activation": ["tanh", "sigmoid"], "c": [1, 2]}],
     "set": {"radius": 0.5}})");
  Sweep s = read_sweep(sweep);
  CHECK(s.points.size() == 3 * 4 * 2);
  CHECK(s.hash.size() == 16);
  std::set<std::string> keys;
  for (const auto& p : s.points) {
    keys.insert(p.key);
    CHECK(p.kind == "nn");
    CHECK(p.problem["layers"][1] == p.coords["width"]);
    CHECK(p.problem["init"]["seed"] == p.coords["seed"]);
    CHECK(p.problem["data"]["synthetic"]["seed"] == p.coords["seed"]);
    CHECK(p.problem["activation"] == p.coords["activation"]);
    CHECK(p.problem["init"]["c"] == p.coords["c"]);
    CHECK(p.problem["radius"] == "0.5");  // numbers stay exact text
    CHECK((p.coords["activation"] == "tanh") == (p.coords["c"] == 1));
  }
  CHECK(keys.size() == s.points.size());
  // depth then width: every hidden layer gets the width.
  d.write("s2.json", R"({"base": "model.json", "axes": {"depth": [1, 3], "width": [32]}})");
  Sweep s2 = read_sweep((d.path / "s2.json").string());
  REQUIRE(s2.points.size() == 2);
  CHECK(s2.points[1].problem["layers"] == json::array({10, 32, 32, 32, 1}));
  // A JSON pointer axis.
  d.write("s3.json", R"({"base": "model.json", "axes": {"/init/scheme": ["he", "xavier"]}})");
  CHECK(read_sweep((d.path / "s3.json").string()).points[1].problem["init"]["scheme"] == "xavier");
  // The hash changes with the base file.
  d.write("model.json", std::string(kModel) + " ");
  CHECK(read_sweep(sweep).hash != s.hash);
}

TEST_CASE("sweep: explicit problem lists and check problems") {
  TempDir d;
  d.write("a.json", R"({"expr": "(x*y-1)^2", "center": [2, 0.3], "radius": 0.5})");
  d.write("b.json", R"({"residuals": "10*(y-x^2); 1-x", "vars": ["x", "y"], "center": [1.01, 1.02], "radius": "auto"})");
  Sweep s = read_sweep(d.write("s.json", R"({"problems": ["a.json", "b.json"], "axes": {"criterion": ["chatterjee", "plstar"]}})"));
  REQUIRE(s.points.size() == 4);
  CHECK(s.points[0].kind == "check");
  CHECK(s.points[0].coords["problem"] == "a.json");
  CHECK(s.points[3].problem["residuals"] == "10*(y-x^2); 1-x");
  CHECK(s.points[3].problem["criterion"] == "plstar");
}

TEST_CASE("bad sweep files name the problem") {
  TempDir d;
  d.write("model.json", kModel);
  d.write("check.json", R"({"expr": "x^2", "center": [1], "radius": 0.5})");
  auto error_of = [&](const std::string& text) -> std::string {
    try {
      read_sweep(d.write("bad.json", text));
    } catch (const std::invalid_argument& e) {
      return e.what();
    }
    return "";
  };
  CHECK(error_of(R"({"base": "model.json", "axes": {"colour": [1]}})").find("unknown axis 'colour'") != std::string::npos);
  CHECK(error_of(R"({"base": "model.json", "axes": {"width": []}})").find("empty product") != std::string::npos);
  CHECK(error_of(R"({"base": "model.json", "axes": {"seed": {"from": 5, "to": 1}}})").find("empty range") != std::string::npos);
  CHECK(error_of(R"({"base": "missing.json"})").find("cannot read base problem") != std::string::npos);
  CHECK(error_of(R"({"base": "model.json", "zip": [{"seed": [1, 2], "width": [8]}]})").find("differ in length") != std::string::npos);
  CHECK(error_of(R"({"base": "model.json", "axes": {"width": [8]})").find("malformed JSON") != std::string::npos);
  CHECK(error_of(R"({"base": "check.json", "axes": {"width": [8]}})").find("network model files only") != std::string::npos);
  CHECK(error_of(R"({"base": "model.json", "problems": ["model.json"]})").find("either") != std::string::npos);
  CHECK(error_of(R"({"base": "model.json", "axes": {"width": [8]}, "extra": 1})").find("unknown field 'extra'") != std::string::npos);
  CHECK(error_of(R"({"base": "model.json", "axes": {"seed": {"from": 1, "to": 100000000}}})").find("10^7") != std::string::npos);
}

TEST_CASE("results file: append, torn tail dropped on reopen, resume skips done keys, hash guard, merge") {
  TempDir d;
  const std::string out = (d.path / "r.jsonl").string();
  const json header = batch_header("s.json", "00000000000000aa", 3);
  {
    ResultsWriter w(out, header, false);
    w.append(json{{"key", "k1"}, {"coords", {{"seed", 1}}}, {"report", {{"verdict", "certified"}}}});
    w.append(json{{"key", "k1"}, {"coords", {{"seed", 1}}}, {"report", {{"verdict", "refuted"}}}});  // duplicate: ignored
    w.append(json{{"key", "k2"}, {"coords", {{"seed", 2}}}, {"error", "bad \xff name"}});  // invalid UTF-8 replaced
  }
  // A SIGKILL mid-write leaves a torn line.
  { std::ofstream(out, std::ios::app) << R"({"key": "k3", "coords": {"se)"; }
  {
    ResultsFile rf = read_results(out);
    CHECK(rf.lines.size() == 2);
    CHECK(rf.torn_bytes > 0);
    ResultsWriter w(out, header, false);
    CHECK(w.dropped_torn_bytes() > 0);
    CHECK(w.done("k1"));
    CHECK(w.done("k2"));
    CHECK_FALSE(w.done("k3"));
    w.append(json{{"key", "k3"}, {"coords", {{"seed", 3}}}, {"report", {{"verdict", "inconclusive"}}}});
  }
  ResultsFile rf = read_results(out);
  CHECK(rf.torn_bytes == 0);
  REQUIRE(rf.lines.size() == 3);
  CHECK(rf.lines[2]["key"] == "k3");
  // Another sweep's hash is refused; --force starts afresh.
  CHECK_THROWS_WITH_AS(ResultsWriter(out, batch_header("s.json", "00000000000000bb", 3), false),
                       doctest::Contains("another version of the sweep"), std::invalid_argument);
  CHECK(read_results(out).lines.size() == 3);  // untouched by the refusal
  // Merge: two shards with an overlap.
  const std::string a = (d.path / "a.jsonl").string(), b = (d.path / "b.jsonl").string();
  {
    ResultsWriter wa(a, header, false), wb(b, header, false);
    wa.append(json{{"key", "k1"}, {"report", {{"verdict", "certified"}}}});
    wb.append(json{{"key", "k2"}, {"report", {{"verdict", "refuted"}}}});
    wb.append(json{{"key", "k1"}, {"report", {{"verdict", "certified"}}}});
  }
  CHECK(merge_results((d.path / "m.jsonl").string(), {a, b}) == 2);
  CHECK(read_results((d.path / "m.jsonl").string()).lines.size() == 2);
  {
    ResultsWriter wf(out, batch_header("s.json", "00000000000000bb", 3), true);
    CHECK(wf.done_count() == 0);
  }
  CHECK(read_results(out).lines.empty());
  CHECK_THROWS_WITH_AS(merge_results((d.path / "x.jsonl").string(), {a, out}), doctest::Contains("another sweep"),
                       std::invalid_argument);
}

TEST_CASE("report on a hand-made results file") {
  TempDir d;
  std::string text = batch_header("s.json", "0000000000000001", 10).dump() + "\n";
  auto line = [](int width, int seed, const std::string& verdict, double margin) {
    json l{{"key", std::to_string(width) + "/" + std::to_string(seed)}, {"coords", {{"width", width}, {"seed", seed}}}};
    if (verdict == "error") l["error"] = "boom";
    else l["report"] = {{"verdict", verdict}, {"margin", margin}, {"seconds", 0.5 * seed}};
    return l.dump() + "\n";
  };
  text += line(1024, 1, "certified", 1) + line(1024, 2, "refuted", -1) + line(1024, 3, "inconclusive", -2) +
          line(1024, 4, "error", 0);
  text += line(4096, 1, "certified", 3) + line(4096, 2, "certified", 5) + line(4096, 3, "certified", 4);
  // --criterion all: certified through PL*, not through PL*_eps.
  json all{{"key", "all1"}, {"coords", {{"width", 4096}, {"seed", 4}}},
           {"report", {{"criteria", {{"chatterjee", {{"verdict", "refuted"}}}, {"plstar", {{"verdict", "certified"}}}}}}}};
  json eps = all;
  eps["key"] = "all2";
  eps["coords"]["seed"] = 5;
  eps["report"]["criteria"]["plstar"]["eps"] = 0.01;
  text += all.dump() + "\n" + eps.dump() + "\n";
  ResultsFile rf = read_results(d.write("r.jsonl", text));
  BatchSummary s = summarise(rf);
  CHECK(s.by == "width");
  REQUIRE(s.cells.size() == 2);
  const BatchCell& a = s.cells[0];
  CHECK(a.checks == 4);
  CHECK(a.certified == 1);
  CHECK(a.refuted == 1);
  CHECK(a.inconclusive == 1);
  CHECK(a.errors == 1);
  CHECK(a.median_margin == doctest::Approx(-1));
  CHECK(a.median_seconds == doctest::Approx(1.0));
  const BatchCell& b = s.cells[1];
  CHECK(b.checks == 5);
  CHECK(b.certified == 4);
  CHECK(b.refuted == 1);
  CHECK(b.median_margin == doctest::Approx(4));
  CHECK(b.ci.lower == doctest::Approx(wilson_interval(4, 5).lower));
  const std::string table = summary_table(s);
  CHECK(table.find("4096") != std::string::npos);
  CHECK(table.find("0.800") != std::string::npos);
  const std::string csv = summary_csv(s);
  CHECK(csv.rfind("width,checks,certified,fraction,wilson_lower", 0) == 0);
  const std::string svg = summary_svg(s);
  CHECK(svg.rfind("<svg", 0) == 0);
  CHECK(svg.find("</svg>") != std::string::npos);
  CHECK(svg.find("<polyline") != std::string::npos);
}

TEST_CASE("run_batch: parallel, errors recorded, resume skips, shards cover the sweep exactly once, cancel") {
  TempDir d;
  d.write("model.json", kModel);
  Sweep s = read_sweep(d.write("s.json", R"({"base": "model.json", "axes": {"width": [8, 16, 32], "seed": {"from": 1, "to": 10}}})"));
  REQUIRE(s.points.size() == 30);
  std::atomic<int> calls{0};
  CheckFunction check = [&](const SweepPoint& p) -> json {
    ++calls;
    int seed = p.coords["seed"];
    if (seed == 7) throw std::runtime_error("seed 7 is cursed");
    return json{{"verdict", seed % 2 ? "certified" : "refuted"}, {"margin", seed}, {"seconds", 0.001}};
  };
  const std::string out = (d.path / "r.jsonl").string();
  BatchOptions o;
  o.jobs = 2;
  std::size_t progress_calls = 0;
  o.progress = [&](const BatchProgress& p) {
    ++progress_calls;
    CHECK(p.done <= p.total);
  };
  {
    ResultsWriter w(out, batch_header(s.path, s.hash, s.points.size()), false);
    BatchOutcome b = run_batch(s, w, check, o);
    CHECK(b.ran == 30);
    CHECK(b.errors == 3);
    CHECK(b.certified == 12);  // seeds 1, 3, 5, 9 at three widths
  }
  CHECK(progress_calls == 30);
  ResultsFile rf = read_results(out);
  CHECK(rf.lines.size() == 30);
  std::size_t errors = 0;
  for (const auto& l : rf.lines)
    if (l.contains("error")) {
      ++errors;
      CHECK(l["error"] == "seed 7 is cursed");
    }
  CHECK(errors == 3);
  {  // rerun: nothing to do
    calls = 0;
    ResultsWriter w(out, batch_header(s.path, s.hash, s.points.size()), false);
    BatchOutcome b = run_batch(s, w, check, o);
    CHECK(b.ran == 0);
    CHECK(b.skipped == 30);
    CHECK(calls == 0);
  }
  // Shards 0/3, 1/3, 2/3 then merge: the same set of keys as one run.
  std::vector<std::string> parts;
  for (std::size_t i = 0; i < 3; ++i) {
    parts.push_back((d.path / ("part" + std::to_string(i) + ".jsonl")).string());
    ResultsWriter w(parts.back(), batch_header(s.path, s.hash, s.points.size()), false);
    BatchOptions so = o;
    so.shard = {i, 3};
    CHECK(run_batch(s, w, check, so).ran == 10);
  }
  CHECK(merge_results((d.path / "merged.jsonl").string(), parts) == 30);
  std::set<std::string> a, b;
  for (const auto& l : rf.lines) a.insert(l["key"]);
  for (const auto& l : read_results((d.path / "merged.jsonl").string()).lines) b.insert(l["key"]);
  CHECK(a == b);
  // Cancel before the start: nothing runs, the file stays valid.
  std::atomic<bool> stop{true};
  BatchOptions co = o;
  co.cancel = &stop;
  ResultsWriter w((d.path / "c.jsonl").string(), batch_header(s.path, s.hash, s.points.size()), false);
  BatchOutcome c = run_batch(s, w, check, co);
  CHECK(c.ran == 0);
  CHECK(c.cancelled);
}

TEST_CASE("shards from text and from SLURM variables") {
  CHECK(parse_shard("0/2").index == 0);
  CHECK(parse_shard("3/4").count == 4);
  for (const char* bad : {"2/2", "1", "a/2", "-1/2", "1/0", "", "1/2/3"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(parse_shard(bad), std::invalid_argument);
  }
  ::setenv("SLURM_ARRAY_TASK_ID", "5", 1);
  ::setenv("SLURM_ARRAY_TASK_MIN", "4", 1);
  ::setenv("SLURM_ARRAY_TASK_COUNT", "3", 1);
  Shard s = shard_from_environment();
  CHECK(s.index == 1);
  CHECK(s.count == 3);
  ::unsetenv("SLURM_ARRAY_TASK_ID");
  ::unsetenv("SLURM_ARRAY_TASK_MIN");
  ::unsetenv("SLURM_ARRAY_TASK_COUNT");
  CHECK(shard_from_environment().count == 1);
}
