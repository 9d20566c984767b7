// Model files (model/network_file.hpp) and CSV data (model/csv_data.hpp): a good file loads; every
// kind of mismatch is a ModelFileError naming the field and the problem.
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "arith/mp_interval.hpp"
#include "model/csv_data.hpp"
#include "model/network_file.hpp"
#include "model/npy.hpp"

namespace gdcert {
namespace {

namespace fs = std::filesystem;

struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() / ("gdcert_model_test_" + std::to_string(getpid()));
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
  void write(const std::string& name, const std::string& content) const {
    std::ofstream(path / name, std::ios::binary) << content;
  }
};

// A valid setup: layers [2, 3, 1], X 4 x 2, y 4, W1 (3, 2), W2 (1, 3), b1 (3,), b2 (1,).
void write_valid(const TempDir& t) {
  t.write("X.csv", "0.1, 0.2\n-0.3, 0.4\n# a comment\n\n0.5, -0.6\n1e-1, 0x1p-3\n");
  t.write("y.csv", "0.5\n-0.25\n0.125\n1\n");
  t.write("W1.npy", npy_bytes({1, 2, 3, 4, 5, 6}, {3, 2}));
  t.write("W2.npy", npy_bytes({0.5, -0.5, 0.25}, {1, 3}));
  t.write("b1.npy", npy_bytes({0.1, 0.2, 0.3}, {3}));
  t.write("b2.npy", npy_bytes({-1}, {1}));
}

const std::string kValid = R"({"layers": [2, 3, 1], "activation": "tanh", "bias": true, "parametrization": "ntk",
  "data": {"inputs": "X.csv", "targets": "y.csv"}, "weights": ["W1.npy", "W2.npy"], "biases": ["b1.npy", "b2.npy"],
  "radius": 0.1, "criterion": "chatterjee"})";

NetworkProblem parse(const TempDir& t, const std::string& text) { return parse_network_problem(text, t.path.string(), "model.json"); }

void refused(const TempDir& t, const std::string& text, const std::string& fragment) {
  CAPTURE(text);
  CAPTURE(fragment);
  try {
    parse(t, text);
    FAIL("accepted a bad model file");
  } catch (const ModelFileError& e) {
    const std::string msg = e.what();
    CAPTURE(msg);
    CHECK(msg.find(fragment) != std::string::npos);
  }
}

std::string replace(std::string s, const std::string& from, const std::string& to) {
  const auto at = s.find(from);
  REQUIRE(at != std::string::npos);
  return s.replace(at, from.size(), to);
}

TEST_CASE("a valid model file loads: shapes, exact decimal data, weights, radius text") {
  TempDir t;
  write_valid(t);
  const NetworkProblem pr = parse(t, kValid);
  CHECK(pr.network.arch.layers == std::vector<std::size_t>{2, 3, 1});
  CHECK(pr.network.arch.bias);
  CHECK(pr.network.arch.parametrization == Parametrization::Ntk);
  CHECK(pr.network.num_parameters() == 3 * 2 + 3 + 3 + 1);
  CHECK(pr.network.weights[0](2, 1) == 6);
  CHECK(pr.network.biases[1](0) == -1);
  CHECK(pr.data.n == 4);
  CHECK(pr.data.d == 2);
  CHECK_FALSE(pr.data.exact);
  CHECK(pr.radius_text == "0.1");
  // 0.1 is enclosed, not rounded: the interval is not a point and contains 1/10.
  const Interval x00 = pr.data.x(0, 0);
  CHECK(x00.lower() < x00.upper());
  {
    PrecisionScope scope(256);
    CHECK(subset(MpInterval::from_decimal("0.1"), MpInterval(x00)));
  }
  CHECK(pr.data.x(3, 1) == Interval(0.125));
  CHECK(pr.data.input_texts[0] == "0.1");
  CHECK(pr.data.targets[3] == Interval(1.0));
  // flatten / unflatten round trip and offsets.
  const std::vector<double> w = pr.network.flatten();
  CHECK(w.size() == pr.network.num_parameters());
  CHECK(pr.network.parameter_offset(1) == 0);
  CHECK(pr.network.parameter_offset(2) == 9);
  CHECK(w[9] == 0.5);
  CHECK(Network::from_flat(pr.network.arch, w).flatten() == w);
}

TEST_CASE("model file defaults, init and synthetic data") {
  TempDir t;
  write_valid(t);
  const NetworkProblem pr = parse(t, R"({"layers": [2, 8, 1], "data": {"inputs": "X.csv", "targets": "y.csv"},
                                         "init": {"scheme": "lecun", "seed": 3, "c": 2}})");
  CHECK(pr.network.arch.activation == Activation::Tanh);
  CHECK(pr.network.arch.parametrization == Parametrization::Standard);
  CHECK(pr.radius_text == "auto");
  CHECK(pr.criterion == "chatterjee");
  REQUIRE(pr.init.has_value());
  CHECK(pr.init->seed == 3);
  const NetworkProblem s = parse(t, R"J({"layers": [10, 16, 1], "radius": "auto",
      "data": {"synthetic": {"n": 4, "d": 10, "seed": 1, "inputs": "normal", "targets": "uniform(-0.5,0.5)"}},
      "init": {"scheme": "ntk", "seed": 1}})J");
  CHECK(s.data.n == 4);
  CHECK(s.data.exact);
  for (const Interval& y : s.data.targets) CHECK((y.lower() >= -0.5 && y.upper() <= 0.5));
}

TEST_CASE("bad model files: each refusal names the field and the problem") {
  TempDir t;
  write_valid(t);
  t.write("Xnan.csv", "0.1, nan\n0.2, 0.3\n0.4, 0.5\n0.6, 0.7\n");
  t.write("Xinf.csv", "0.1, inf\n0.2, 0.3\n0.4, 0.5\n0.6, 0.7\n");
  t.write("Xragged.csv", "0.1, 0.2\n0.3\n0.4, 0.5\n0.6, 0.7\n");
  t.write("Xhuge.csv", "1e400, 0.2\n0.3, 1\n0.4, 0.5\n0.6, 0.7\n");
  t.write("X3.csv", "0.1, 0.2, 0.3\n0.3, 0.1, 0.2\n0.4, 0.5, 0.6\n0.6, 0.7, 0.8\n");
  t.write("y3.csv", "0.5\n-0.25\n0.125\n");
  t.write("yrow.csv", "0.5, -0.25, 0.125, 1\n");
  t.write("Wnan.npy", npy_bytes({1, 2, NAN, 4, 5, 6}, {3, 2}));
  t.write("Winf.npy", npy_bytes({1, 2, INFINITY, 4, 5, 6}, {3, 2}));
  t.write("Wt.npy", npy_bytes({1, 2, 3, 4, 5, 6}, {2, 3}));
  t.write("Wbroken.npy", npy_bytes({1, 2, 3, 4, 5, 6}, {3, 2}).substr(0, 100));
  const std::string v = kValid;
  refused(t, "{", "malformed JSON");
  refused(t, "[1, 2]", "expected a JSON object");
  refused(t, std::string(100, '[') + std::string(100, ']'), "nested deeper than 64");
  refused(t, "{\"a\": " + std::string(70, '{') + std::string(70, '}') + "}", "nested deeper than 64");
  refused(t, replace(v, "\"layers\": [2, 3, 1]", "\"layers\": [2, 3, 2]"), "last layer must have width 1");
  refused(t, replace(v, "\"layers\": [2, 3, 1]", "\"layers\": [2]"), "'layers'");
  refused(t, replace(v, "\"layers\": [2, 3, 1]", "\"layers\": [2, 0, 1]"), "layers[1]");
  refused(t, replace(v, "\"layers\": [2, 3, 1]", "\"layers\": [2, -3, 1]"), "layers[1]");
  refused(t, replace(v, "\"layers\": [2, 3, 1]", "\"layers\": [2, 1.5, 1]"), "layers[1]");
  refused(t, replace(v, "\"layers\": [2, 3, 1]", "\"layers\": [3, 3, 1]"), "dimension 2 but layers[0] is 3");
  refused(t, replace(v, "\"tanh\"", "\"relu\""), "unknown activation 'relu'");
  refused(t, replace(v, "\"ntk\"", "\"mup\""), "parametrization");
  refused(t, replace(v, "\"bias\": true", "\"bias\": 1"), "'bias'");
  refused(t, replace(v, "\"radius\": 0.1", "\"radius\": 0"), "'radius' must be positive");
  refused(t, replace(v, "\"radius\": 0.1", "\"radius\": -0.5"), "'radius' must be positive");
  refused(t, replace(v, "\"radius\": 0.1", "\"radius\": \"big\""), "'radius'");
  refused(t, replace(v, "\"criterion\": \"chatterjee\"", "\"criterion\": \"newton\""), "unknown criterion");
  refused(t, replace(v, "\"radius\": 0.1", "\"radios\": 0.1"), "unknown field 'radios'");
  refused(t, replace(v, "X.csv", "missing.csv"), "cannot open data file");
  refused(t, replace(v, "X.csv", "Xnan.csv"), "'nan' is not a finite number");
  refused(t, replace(v, "X.csv", "Xinf.csv"), "'inf' is not a finite number");
  refused(t, replace(v, "X.csv", "Xragged.csv"), "line 2: 1 fields, earlier rows have 2");
  refused(t, replace(v, "X.csv", "Xhuge.csv"), "out of the double range");
  refused(t, replace(v, "y.csv", "y3.csv"), "have 4 samples but targets");
  refused(t, replace(v, "y.csv", "yrow.csv"), "one column");
  refused(t, replace(v, "X.csv", "X.json"), "unknown format");
  refused(t, replace(v, "\"W1.npy\"", "\"Wnan.npy\""), "NaN or infinite");
  refused(t, replace(v, "\"W1.npy\"", "\"Winf.npy\""), "NaN or infinite");
  refused(t, replace(v, "\"W1.npy\"", "\"Wt.npy\""), "has shape (2, 3), the layers need (3, 2)");
  refused(t, replace(v, "\"W1.npy\"", "\"Wbroken.npy\""), "truncated");
  refused(t, replace(v, "\"W1.npy\"", "\"nothere.npy\""), "cannot open NPY file");
  refused(t, replace(v, "[\"W1.npy\", \"W2.npy\"]", "[\"W1.npy\"]"), "array of 2 NPY paths");
  refused(t, replace(v, ", \"biases\": [\"b1.npy\", \"b2.npy\"]", ""), "'biases' is missing");
  refused(t, replace(v, "\"bias\": true", "\"bias\": false"), "'biases' given but");
  refused(t, replace(v, "\"biases\": [\"b1.npy\", \"b2.npy\"]", "\"biases\": [\"b2.npy\", \"b1.npy\"]"), "biases[0]");
  refused(t, replace(v, "\"weights\": [\"W1.npy\", \"W2.npy\"], \"biases\": [\"b1.npy\", \"b2.npy\"],", ""), "'weights' (NPY files) or 'init'");
  refused(t, replace(v, "\"weights\"", "\"init\": {\"scheme\": \"lecun\", \"seed\": 1}, \"weights\""), "exclude each other");
  const std::string init = R"({"layers": [2, 3, 1], "data": {"inputs": "X.csv", "targets": "y.csv"}, "init": INIT})";
  refused(t, replace(init, "INIT", R"({"scheme": "glorot", "seed": 1})"), "unknown scheme 'glorot'");
  refused(t, replace(init, "INIT", R"({"scheme": "lecun"})"), "'init.seed' is missing");
  refused(t, replace(init, "INIT", R"({"scheme": "lecun", "seed": -1})"), "'init.seed'");
  refused(t, replace(init, "INIT", R"({"scheme": "lecun", "seed": 1, "c": -1})"), "'c' must be a positive");
  refused(t, replace(init, "INIT", R"({"scheme": "he", "seed": 1, "c": 2})"), "takes no constant 'c'");
  refused(t, replace(init, "INIT", R"({"scheme": "chatterjee41", "seed": 1, "delta": 0.1})"), "needs the constant 'A'");
  refused(t, replace(init, "INIT", R"({"scheme": "lecun", "seed": 1, "c": "x"})"), "'init.c'");
  refused(t, R"({"layers": [2, 3, 1], "data": {"synthetic": {"n": 0, "d": 2}}, "init": {"scheme": "ntk", "seed": 1}})", "'n' and 'd' must be positive");
  refused(t, R"({"layers": [2, 3, 1], "data": {"synthetic": {"n": 3, "d": 2, "targets": "cauchy"}}, "init": {"scheme": "ntk", "seed": 1}})", "cauchy");
  refused(t, R"({"layers": [2, 3, 1], "data": {"synthetic": {"n": 3, "d": 5}}, "init": {"scheme": "ntk", "seed": 1}})", "layers[0]");
  refused(t, R"({"layers": [2, 100000000, 100000000, 1], "data": {"inputs": "X.csv", "targets": "y.csv"}, "init": {"scheme": "ntk", "seed": 1}})", "10^8 parameters");
  refused(t, replace(v, "\"activation\": \"tanh\"", "\"activation\": \"tanh\", \"slope\": 0.1"), "'slope' applies only");
  CHECK_THROWS_AS(load_network_problem((t.path / "none.json").string()), ModelFileError);
  CHECK_THROWS_WITH_AS(load_network_problem(t.path.string()), doctest::Contains("is a directory"), ModelFileError);
  fs::create_directories(t.path / "dir.csv");
  fs::create_directories(t.path / "dir.npy");
  refused(t, replace(v, "X.csv", "dir.csv"), "is a directory");
  refused(t, replace(v, "\"W1.npy\"", "\"dir.npy\""), "is a directory");
}

TEST_CASE("CSV parsing details") {
  const NumberTable a = parse_csv_numbers("1, 2\r\n3 ,4\n", "a");
  CHECK(a.rows == 2);
  CHECK(a.cols == 2);
  CHECK(a.exact);
  CHECK_THROWS_WITH_AS(parse_csv_numbers("x, y\n1, 2\n", "h"), doctest::Contains("line 1, field 1"), std::invalid_argument);
  CHECK_THROWS_WITH_AS(parse_csv_numbers("1,,2\n", "e"), doctest::Contains("empty field"), std::invalid_argument);
  CHECK_THROWS_WITH_AS(parse_csv_numbers("# nothing\n\n", "z"), doctest::Contains("no numbers"), std::invalid_argument);
}

}  // namespace
}  // namespace gdcert
