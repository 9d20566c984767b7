// gdcert nn check: the example model files, the JSON report, --save-weights, and bad model files
// (exit 2, a message naming the problem, nothing written).
#include <doctest/doctest.h>

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "cli_runner.hpp"
#include "model/npy.hpp"
#include "theorem41.hpp"

namespace {

namespace fs = std::filesystem;
const std::string kExamples = std::string(GDCERT_SOURCE_DIR) + "/examples/nn/";

struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() / ("gdcert_nn_cli_" + std::to_string(getpid()));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
  std::string write(const std::string& name, const std::string& content) const {
    std::ofstream(path / name, std::ios::binary) << content;
    return (path / name).string();
  }
};

TEST_CASE("nn check on the example with NPY weights and CSV data: JSON report, refuted at r = 0.1") {
  auto j = json_expect("nn check " + kExamples + "tiny.json --json", 1);
  // alpha at w0 itself is too small for this ball: the centre is a witness.
  CHECK(j["verdict"] == "refuted");
  REQUIRE(j.contains("witness"));
  CHECK(j["witness"]["point"].size() == 3 * 16 + 16);
  CHECK(j["witness"]["distance"].get<double>() <= 0.1);
  CHECK(j["p"] == 3 * 16 + 16);
  CHECK(j["n"] == 4);
  CHECK(j["criterion"] == "chatterjee");
  CHECK(j["radius"] == 0.1);
  CHECK(j["radius_exact"] == "0.1");
  CHECK(j["lambda_min_K"]["proved"] == true);
  const double lo = j["lambda_min_K"]["lower"].get<double>(), hi = j["lambda_min_K"]["upper"].get<double>();
  CHECK(lo > 0);
  CHECK(lo <= hi);
  CHECK(hi < lo * (1 + 1e-6) + 1e-12);
  CHECK(j["residual_norm_interval"][0].get<double>() <= j["residual_norm_interval"][1].get<double>());
  CHECK(j["residual_norm"].get<double>() == j["residual_norm_interval"][1].get<double>());
  CHECK(j["loss"].contains("S_convention"));
  CHECK(j["outputs"].size() == 4);
  CHECK(j["hessian_bound"].get<double>() > 0);
  CHECK(j["bound_used"].is_string());
  CHECK(j["f_center"].size() == 2);
  CHECK(j["alpha"]["lower"].get<double>() <= j["alpha"]["upper"].get<double>());
  CHECK(j["margin"].get<double>() < 0);
  CHECK_FALSE(j.contains("gd"));
  CHECK(j.contains("seconds"));
  // --radius and --criterion override the file; --precision gives the same enclosures, tighter.
  auto k = json_expect("nn check " + kExamples + "tiny.json --json --radius 0.05 --criterion plstar --precision 200", 1);
  CHECK(k["radius_exact"] == "0.05");
  CHECK(k["criterion"] == "plstar");
  CHECK(k["precision_bits"] == 200);
  CHECK(k["lambda_min_K"]["lower"].get<double>() <= hi);
  CHECK(k["lambda_min_K"]["upper"].get<double>() >= lo);
  for (const char* f : {"mu", "L_F", "beta_F", "residual_norm", "R_required", "step", "rate", "convention", "hessian_bound", "bound_used"})
    CHECK_MESSAGE(k.contains(f), f);
  CHECK(k["mu"]["lower"].get<double>() <= k["mu"]["upper"].get<double>());
}

TEST_CASE("nn check: Theorem 4.1's start (chatterjee41.json) is certified on B(w, delta/2), with GD parameters") {
  auto j = json_expect("nn check " + kExamples + "chatterjee41.json --json", 0);
  CHECK(j["verdict"] == "certified");
  CHECK(j["radius_exact"] == "0.05");
  CHECK(j["alpha"]["lower"].get<double>() * 0.05 * 0.05 > 4 * j["f_center"][1].get<double>());
  CHECK(j["margin"].get<double>() > 0);
  REQUIRE(j.contains("gd"));
  CHECK(j["gd"]["step"].get<double>() > 0);
  CHECK(j["gd"]["rate"].get<double>() < 1);
  CHECK(j["gd"]["iterations"].get<unsigned long long>() > 0);
  CHECK(j["hessian_bound"].get<double>() > 0);
  CHECK(j["bound_used"] != "none");
  CHECK_FALSE(j.contains("witness"));
  // --criterion all: exit 0 when either criterion certifies; both reports are there.
  auto k = json_expect("nn check " + kExamples + "chatterjee41.json --criterion all --json", 0);
  CHECK(k["criterion"] == "all");
  CHECK(k["verdict"] == "certified");
  CHECK(k["criteria"]["chatterjee"]["verdict"] == "certified");
  CHECK(k["criteria"]["plstar"].contains("mu"));
  CHECK(k["criteria"]["plstar"].contains("R_required"));
  // Text report.
  Run t = run_expect("nn check " + kExamples + "chatterjee41.json --criterion all", 0);
  CHECK(t.out.find("VERDICT: certified") != std::string::npos);
  CHECK(t.out.find("Gradient descent (Theorem 2.2") != std::string::npos);
  CHECK(t.out.find("VERDICT (all): certified") != std::string::npos);
}

TEST_CASE("nn check --radius auto: two-layer tanh NTK, lecun scheme (raw N(0, 1/fan_in)), n = 4, d = 10, width 32768: most seeds certified") {
  TempDir t;
  int certified = 0;
  for (int seed = 1; seed <= 5; ++seed) {
    const std::string model = t.write("lecun" + std::to_string(seed) + ".json",
        R"({"layers": [10, 32768, 1], "activation": "tanh", "parametrization": "ntk",
            "data": {"synthetic": {"n": 4, "d": 10, "seed": )" + std::to_string(seed) + R"(}},
            "init": {"scheme": "lecun", "seed": )" + std::to_string(seed) + R"(, "c": 1}, "radius": "auto"})");
    Run r = run("nn check " + model + " --json");
    auto j = json_of(r);
    MESSAGE("seed " << seed << ": " << j["verdict"] << " r = " << j["radius"] << " in " << j["seconds"] << " s");
    CHECK(r.status == (j["verdict"] == "certified" ? 0 : 1));
    CHECK(j["verdict"] != "refuted");  // auto never refutes: another radius might work
    if (j["verdict"] == "certified") ++certified;
  }
  CHECK(certified >= 3);
}

TEST_CASE("nn check with an init scheme: text report; --save-weights writes loadable NPY files") {
  TempDir t;
  const std::string dir = (t.path / "w0").string();
  Run r = run_expect("nn check " + kExamples + "lecun_synthetic.json --save-weights " + dir, 0);
  CHECK(r.out.find("VERDICT: certified") != std::string::npos);
  CHECK(r.out.find("lambda_min(K(w0))") != std::string::npos);
  const gdcert::NpyArray w1 = gdcert::read_npy(dir + "/W1.npy"), w2 = gdcert::read_npy(dir + "/W2.npy");
  CHECK(w1.shape == std::vector<std::size_t>{512, 10});
  CHECK(w2.shape == std::vector<std::size_t>{1, 512});
  // The saved weights, used as files, give the same report numbers.
  const std::string model = t.write("saved.json", R"({"layers": [10, 512, 1], "parametrization": "standard",
      "data": {"synthetic": {"n": 4, "d": 10, "seed": 1}}, "weights": [")" + dir + R"(/W1.npy", ")" + dir + R"(/W2.npy"]})");
  auto a = json_of(run("nn check " + kExamples + "lecun_synthetic.json --json"));
  auto b = json_of(run("nn check " + model + " --json"));
  CHECK(a["lambda_min_K"]["lower"] == b["lambda_min_K"]["lower"]);
  CHECK(a["residual_norm"] == b["residual_norm"]);
}

TEST_CASE("nn check: the chatterjee41 example (smooth leaky ReLU, biases) runs; biases are saved too") {
  TempDir t;
  const std::string dir = (t.path / "w").string();
  auto j = json_expect("nn check " + kExamples + "chatterjee41.json --json --save-weights " + dir, 0);
  CHECK(j["activation"] == "smooth_leaky_relu");
  CHECK(j["bias"] == true);
  CHECK(j["p"] == 4 * 32 + 32 + 32 * 8 + 8 + 8 + 1);
  const gdcert::NpyArray w1 = gdcert::read_npy(dir + "/W1.npy"), b2 = gdcert::read_npy(dir + "/b2.npy");
  CHECK(w1.shape == std::vector<std::size_t>{32, 4});
  CHECK(b2.shape == std::vector<std::size_t>{8});
  REQUIRE(fs::exists(dir + "/W3.npy"));
  REQUIRE(fs::exists(dir + "/b3.npy"));
  // The saved weights are Theorem 4.1's start with the file's delta and A (W1 = 0, biases 0, ...).
  gdcert::Network saved;
  for (int l = 1; l <= 3; ++l) {
    const gdcert::NpyArray w = gdcert::read_npy(dir + "/W" + std::to_string(l) + ".npy");
    const gdcert::NpyArray b = gdcert::read_npy(dir + "/b" + std::to_string(l) + ".npy");
    REQUIRE(w.shape.size() == 2);
    saved.weights.push_back(Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
        w.data.data(), Eigen::Index(w.shape[0]), Eigen::Index(w.shape[1])));
    saved.biases.push_back(Eigen::Map<const Eigen::VectorXd>(b.data.data(), Eigen::Index(b.size())));
  }
  const nlohmann::json init = nlohmann::json::parse(std::ifstream(kExamples + "chatterjee41.json"))["init"];
  gdcert::test::check_theorem41_start(saved, init["delta"].get<double>(), init["A"].get<double>());
}

TEST_CASE("nn check: bad model files exit 2 with the reason and write nothing") {
  TempDir t;
  t.write("X.csv", "0.1, 0.2\n0.3, 0.4\n");
  t.write("y.csv", "1\n2\n");
  t.write("y3.csv", "1\n2\n3\n");
  t.write("Xnan.csv", "0.1, nan\n0.3, 0.4\n");
  const std::string init = R"("init": {"scheme": "lecun", "seed": 1})";
  const std::pair<std::string, std::string> cases[] = {
      {"{\"layers\": [2, 3, 1], ", "malformed JSON"},
      {R"({"layers": [2, 3, 2], "data": {"inputs": "X.csv", "targets": "y.csv"}, )" + init + "}", "last layer must have width 1"},
      {R"({"layers": [3, 3, 1], "data": {"inputs": "X.csv", "targets": "y.csv"}, )" + init + "}", "layers[0] is 3"},
      {R"({"layers": [2, 3, 1], "data": {"inputs": "X.csv", "targets": "y3.csv"}, )" + init + "}", "2 samples but targets"},
      {R"({"layers": [2, 3, 1], "data": {"inputs": "Xnan.csv", "targets": "y.csv"}, )" + init + "}", "not a finite number"},
      {R"({"layers": [2, 3, 1], "data": {"inputs": "nope.csv", "targets": "y.csv"}, )" + init + "}", "cannot open data file"},
      {R"({"layers": [2, 3, 1], "activation": "relu", "data": {"inputs": "X.csv", "targets": "y.csv"}, )" + init + "}", "unknown activation"},
      {R"({"layers": [2, 3, 1], "radius": -1, "data": {"inputs": "X.csv", "targets": "y.csv"}, )" + init + "}", "must be positive"},
      {R"({"layers": [2, 3, 1], "data": {"inputs": "X.csv", "targets": "y.csv"}, "weights": ["W1.npy", "W2.npy"]})", "cannot open NPY file"},
      {std::string(200, '[') + std::string(200, ']'), "nested deeper than 64"},
  };
  int k = 0;
  for (const auto& [text, reason] : cases) {
    const std::string model = t.write("m" + std::to_string(k) + ".json", text);
    const std::string out = (t.path / ("out" + std::to_string(k++))).string();
    CAPTURE(text);
    CHECK(run_expect("nn check " + model + " --json --save-weights " + out, 2, {reason}).out.empty());
    CHECK_FALSE(fs::exists(out));
  }
  CHECK(run("nn check " + (t.path / "missing.json").string()).status == 2);
  CHECK(run("nn check " + kExamples + "tiny.json --radius 0").status == 2);
  CHECK(run("nn check " + kExamples + "tiny.json --radius abc").status == 2);
  CHECK(run("nn check " + kExamples + "tiny.json --criterion newton").status == 2);
  CHECK(run("nn check " + kExamples + "tiny.json --budget soon").status == 2);
  CHECK(run("nn check " + kExamples + "tiny.json --tol 2").status == 2);
  CHECK(run("nn").status == 2);
  const std::string file = t.write("plainfile", "x");
  CHECK(run("nn check " + kExamples + "tiny.json --save-weights " + file).status == 2);
}

TEST_CASE("nn check: the time budget bounds the whole check, drawing 10^8 weights included") {
  // 99 million weights take minutes to draw; --budget 1s must answer in about a second, with
  // an inconclusive report that says the budget ran out (it was a 6.5-minute run).
  TempDir t;
  const std::string model = t.write("big.json", R"({"layers": [1000, 99000, 1], "parametrization": "ntk",
      "data": {"synthetic": {"n": 4, "seed": 1}}, "init": {"scheme": "lecun", "seed": 1}, "radius": "auto"})");
  const auto t0 = std::chrono::steady_clock::now();
  auto j = json_expect("nn check " + model + " --budget 1s --json", 1);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  CHECK(j["verdict"] == "inconclusive");
  CHECK(j["budget_exhausted"] == true);
  CHECK(j["reason"].get<std::string>().find("ran out") != std::string::npos);
  CHECK(j["suggestion"].get<std::string>().find("--budget") != std::string::npos);
  CHECK(seconds < allowed_seconds(30));  // a generous bound: the point is minutes versus about one second
  Run text = run_expect("nn check " + model + " --budget 0.5s", 1);
  CHECK(text.out.find("VERDICT: inconclusive") != std::string::npos);
}

TEST_CASE("nn check: a check larger than the machine's memory is bad input, refused before it starts") {
  // n x p = 2^20 x 200,000 Jacobian entries: terabytes, on any machine.
  TempDir t;
  const std::string model = t.write("wide.json", R"({"layers": [1, 100000, 1],
      "data": {"synthetic": {"n": 1048576, "seed": 1}}, "init": {"scheme": "lecun", "seed": 1}, "radius": 0.1})");
  CHECK(run_expect("nn check " + model + " --json", 2, {"GB", "more than this machine"}).out.empty());
}

}  // namespace
