// The gdcert command as a user runs it: exit status, JSON fields, error messages.
#include <doctest/doctest.h>

#include "cli_runner.hpp"

#include <sys/wait.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <cstdio>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "arith/mp_interval.hpp"

namespace {

}  // namespace

TEST_CASE("help shows examples; no subcommand is a usage error") {
  Run h = run_expect("--help", 0);
  CHECK(h.out.find("Examples") != std::string::npos);
  Run hc = run_expect("check --help", 0);
  CHECK(hc.out.find("--radius") != std::string::npos);
  CHECK(run("").status == 2);
  CHECK(run("frobnicate").status == 2);
}

TEST_CASE("demo certifies the embedded example") {
  Run r = run_expect("demo", 0);
  CHECK(r.out.find("VERDICT: certified") != std::string::npos);
  CHECK(r.out.find("Try next") != std::string::npos);
}

TEST_CASE("check --json: the contract's fields for a certified ball") {
  auto j = json_expect("check --expr \"(x*y-1)^2\" --center 2,0.3 --radius 0.5 --json", 0);
  CHECK(j["verdict"] == "certified");
  CHECK(j["criterion"] == "chatterjee");
  CHECK(j["center"].size() == 2);
  CHECK(j["radius"] == 0.5);
  REQUIRE(j["f_center"].is_array());
  // f(2, 0.3) = 0.16 exactly; the enclosure contains it.
  CHECK(j["f_center"][0].get<double>() <= 0.16);
  CHECK(j["f_center"][1].get<double>() >= 0.16);
  double exact_alpha = 4 * std::pow(std::hypot(2.0, 0.3) - 0.5, 2);
  CHECK(j["alpha"]["lower"].get<double>() <= exact_alpha);
  CHECK(j["alpha"]["upper"].get<double>() >= exact_alpha * (1 - 1e-12));
  CHECK(j["margin"].get<double>() > 0);
  for (const char* k : {"L1", "L2", "eps", "step", "rate", "iterations"}) CHECK(j["gd"].contains(k));
  CHECK(j.contains("seconds"));
}

TEST_CASE("check: refuted gives exit 1 and a witness; negative centre with --center=") {
  auto j = json_expect("check --expr \"(x*y-1)^2\" --center=-0.5,0.5 --radius 0.3 --json", 1);
  CHECK(j["verdict"] == "refuted");
  CHECK(j["witness"]["point"].size() == 2);
  CHECK(j["center"][0] == -0.5);
}

TEST_CASE("check: residual form and radius auto") {
  auto j = json_expect("check --residuals \"10*(y-x^2); 1-x\" --vars x,y --center 1.01,1.02 --radius auto --json --budget 10", 0);
  CHECK(j["verdict"] == "certified");
  CHECK(j["radius"].get<double>() > 0);
}

TEST_CASE("check: a problem file with exact decimals") {
  std::ofstream("gdcert_cli_problem.json") << R"({"expr": "(x*y-1)^2", "center": [2, 0.3], "radius": 0.5})";
  auto j = json_expect("check gdcert_cli_problem.json --json", 0);
  CHECK(j["center_exact"][1] == "0.3");
  CHECK(j["verdict"] == "certified");
}

TEST_CASE("bad input: exit 2 with the problem named, nothing on stdout") {
  CHECK(run_expect("check --expr \"(x*y-1\" --center 2,0.3 --radius 0.5", 2, {"position"}).out.empty());
  const std::pair<std::string, std::vector<std::string>> cases[] = {
      {"check --expr \"foo(x)\" --center 2 --radius 0.5", {"foo"}},
      {"check --expr \"x*y\" --center 1 --radius 0.5", {"center"}},
      {"check --expr \"(x-1)^2\" --center 1 --radius -1", {}},
      {"check --expr \"(x-1)^2\" --center 1.2.3 --radius 1", {}},
      {"check --expr \"(x*z-1)^2\" --vars x,y --center 1,2 --radius 1", {"z"}},
      {"check missing_file.json", {}},
      {"check --expr \"(x-1)^2\" --center 1 --radius 1 --budget lots", {}},
      {"check --expr \"7\" --center \"\" --radius 1", {"no variables"}},
  };
  for (const auto& [args, err_parts] : cases) run_expect(args, 2, err_parts);
}

TEST_CASE("bound on a point box encloses the exact value") {
  auto j = json_expect("bound --expr \"exp(x)\" --box \"x=[0.1,0.1]\" --json", 0);
  gdcert::PrecisionScope scope(256);
  gdcert::MpInterval exact = gdcert::exp(gdcert::MpInterval::from_decimal("0.1"));
  CHECK(j["value"][0].get<double>() <= gdcert::lower_double(exact));
  CHECK(j["value"][1].get<double>() >= gdcert::upper_double(exact));
  CHECK(j["value"][1].get<double>() - j["value"][0].get<double>() < 1e-14);

  auto jp = json_expect("bound --expr \"x^y\" --box \"x=[0.5,2],y=[1,3]\" --json --precision 128", 0);
  CHECK(jp["value"][0].get<double>() <= 0.125);
  CHECK(jp["value"][1].get<double>() >= 8.0);
  CHECK(jp["gradient"].size() == 2);
}

TEST_CASE("bound on a ball reports the ratio lower bound and Lipschitz constants") {
  auto j = json_expect("bound --expr \"(x*y-1)^2\" --center 2,0.3 --radius 0.5 --json", 0);
  double exact_alpha = 4 * std::pow(std::hypot(2.0, 0.3) - 0.5, 2);
  CHECK(j["ratio_lower"].get<double>() <= exact_alpha);
  CHECK(j["ratio_lower"].get<double>() > 0.5 * exact_alpha);
  for (const char* k : {"L1", "L2", "hessian_norm", "value", "gradient"}) CHECK(j.contains(k));
  run_expect("bound --expr \"x\" --box \"x=[2,1]\"", 2);
}

TEST_CASE("bound: no lower bound of the ratio where f may be negative on the ball") {
  // f = (x - 1)^2 - 0.1 < 0 near x = 1: next to its zeros 1 +- sqrt(0.1) the ratio 4(x-1)^2 / f
  // goes to -inf from the inside, so no finite lower bound holds (0 was printed before).
  auto j = json_expect("bound --expr \"x^2 - 2*x + 0.9\" --center 1 --radius 0.5 --budget 2000boxes --json", 0);
  CHECK(j["ratio_lower"].is_null());
  CHECK(j["ratio_bound_used"].get<std::string>().rfind("none", 0) == 0);
  Run t = run("bound --expr \"x^2 - 2*x + 0.9\" --center 1 --radius 0.5 --budget 2000boxes");
  CHECK(t.out.find("|grad f|^2/f: no lower bound (f >= 0 is not known") != std::string::npos);
  CHECK(t.out.find("-inf") == std::string::npos);
  // f > 0 on the ball by its enclosure, though not a sum of squares: 0 holds (grad f(0) = 0).
  Run p = run("bound --expr \"x^2 + 1\" --center 0 --radius 0.5 --budget 2000boxes --json");
  CHECK(json_of(p)["ratio_lower"].get<double>() == 0);
}

TEST_CASE("bound on a ball stops when its bound stops improving, well before a long budget") {
  // alpha on B((1, 1), 0.5) of (xy - 1)^2 is 4 min |(y, x)|^2 = 4 (sqrt 2 - 1/2)^2 = 3.3431...:
  // the search reaches it to within interval width and stalls there, whatever the budget.
  auto j = json_expect("bound --expr \"(x*y-1)^2\" --center 1,1 --radius 0.5 --budget 600s --json", 0);
  const double exact_alpha = 4 * std::pow(std::sqrt(2.0) - 0.5, 2);
  CHECK(j["ratio_lower"].get<double>() <= exact_alpha);
  CHECK(j["ratio_lower"].get<double>() > 0.999 * exact_alpha);
  CHECK(j["search_end"].get<std::string>().rfind("stalled", 0) == 0);
  CHECK(j["boxes"].get<std::size_t>() < 10'000'000);
}

TEST_CASE("check --cert writes a certificate that verify accepts; tampered and truncated files fail") {
  std::remove("gdcert_cli_cert.json");
  Run c = run_expect("check --expr \"(x*y-1)^2\" --center 2,0.3 --radius 0.5 --cert gdcert_cli_cert.json", 0);
  CHECK(c.out.find("certificate written") != std::string::npos);
  Run v = run_expect("verify gdcert_cli_cert.json", 0);
  CHECK(v.out.find("verified") != std::string::npos);

  std::ifstream in("gdcert_cli_cert.json");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto cert = nlohmann::json::parse(text);
  cert["problem"]["radius"] = "1.9";
  std::ofstream("gdcert_cli_tampered.json") << cert.dump();
  run_expect("verify gdcert_cli_tampered.json", 1, {"rejected", " at /"});

  std::ofstream("gdcert_cli_truncated.json") << text.substr(0, text.size() / 2);
  CHECK(json_expect("verify gdcert_cli_truncated.json --json", 2)["status"] == "malformed");
  CHECK(run("verify no_such_certificate.json").status == 2);

  // Not certified: no file is written.
  std::remove("gdcert_cli_refuted.json");
  run_expect("check --expr \"(x*y-1)^2\" --center 0.5,0.5 --radius 0.3 --cert gdcert_cli_refuted.json", 1);
  CHECK_FALSE(std::ifstream("gdcert_cli_refuted.json").good());
}

// Issue 13: h * (sum of squares), recognised from the expression as written.
TEST_CASE("check: (x^2+y^2-1)^2*exp(x) certifies with h = exp(x) > 0 proved on B(x0, 2r); the certificate verifies") {
  std::remove("gdcert_cli_weighted.json");
  auto j = json_expect("check --expr \"(x^2+y^2-1)^2*exp(x)\" --center 0.6,0.8 --radius 0.1 --json --cert gdcert_cli_weighted.json", 0);
  CHECK(j["verdict"] == "certified");
  CHECK(j["hypothesis"] == "f = h * sum of squares with h = exp(x) > 0 proved on B(x0, 2r)");
  CHECK(j["function"].get<std::string>().find("h = exp(x)") != std::string::npos);
  // |grad f|^2 / f = e^x ((4x + s)^2 + 16 y^2), s = x^2 + y^2 - 1: on the circle 16 e^x, so at
  // (0.6, 0.8) in the ball alpha <= 16 e^0.6 < 29.16.
  CHECK(j["alpha"]["lower"].get<double>() > 0);
  CHECK(j["alpha"]["lower"].get<double>() < 29.16);
  Run v = run_expect("verify gdcert_cli_weighted.json", 0);
  CHECK(v.out.find("verified") != std::string::npos);
  std::ifstream in("gdcert_cli_weighted.json");
  auto cert = nlohmann::json::parse(in);
  CHECK(cert["hypothesis"]["method"] == "weighted_sum_of_squares");
  CHECK(cert["hypothesis"]["weights"][0]["expr"] == "exp(x)");

  // The text report names the weight on its "f >= 0" line.
  Run t = run("check --expr \"(x^2+y^2-1)^2*exp(x)\" --center 0.6,0.8 --radius 0.1");
  CHECK(t.out.find("f >= 0     f = h * sum of squares with h = exp(x) > 0 proved on B(x0, 2r)") != std::string::npos);
}

TEST_CASE("check: a weight that is not positive on B(x0, 2r) ends inconclusive with weight_not_positive") {
  auto j = json_expect("check --expr \"x*(y-1)^2\" --center 0.6,1 --radius 0.4 --json", 1);
  CHECK(j["verdict"] == "inconclusive");
  CHECK(j["cause"] == "weight_not_positive");
  CHECK(j["hypothesis"].get<std::string>().find("x > 0 on B(x0, 2r) is false") != std::string::npos);
  // PL* needs a system: a weighted form is not one (as before it was recognised).
  CHECK(run("check --expr \"x*(y-1)^2\" --center 0.6,1 --radius 0.1 --criterion plstar").status == 2);
  auto all = json_expect("check --expr \"x*(y-1)^2\" --center 0.6,1 --radius 0.1 --criterion all --json", 0);
  CHECK(all["criteria"]["chatterjee"]["verdict"] == "certified");
}
