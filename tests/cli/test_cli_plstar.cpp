// gdcert check --criterion plstar | proxy-pl | all as a user runs it: JSON fields, exit codes,
// bad input (exit 2 with a message naming the problem).
#include <doctest/doctest.h>

#include "cli_runner.hpp"
#include "api/criteria_all.hpp"

#include <sys/wait.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace {

const std::string kSystem = "--system \"x*y + z; x + y^2 - z\" --targets 1,2.5 --vars x,y,z ";

}  // namespace

TEST_CASE("plstar --json: the contract fields, certified exit 0") {
  auto j = json_expect("check " + kSystem + "--center 1,1.16,-0.16 --radius 0.2 --criterion plstar --json", 0);
  CHECK(j["verdict"] == "certified");
  CHECK(j["criterion"] == "plstar");
  for (const char* k : {"mu", "L_F", "beta_F", "residual_norm", "R_required", "step", "rate", "iterations", "lambda0",
                        "hessian_control", "convention", "center", "radius", "seconds"})
    CHECK_MESSAGE(j.contains(k), k);
  CHECK(j["mu"]["lower"].get<double>() <= j["mu"]["upper"].get<double>());
  CHECK(j["R_required"].get<double>() <= 0.2);
  CHECK(j["convention"].get<std::string>().find("1/2 |grad L(w)|^2 >= mu L(w)") != std::string::npos);
  // |F(w0) - y| = |(0, 0.0056)| exactly.
  CHECK(j["residual_norm"].get<double>() >= 0.0056);
  CHECK(j["residual_norm"].get<double>() <= 0.0056 * (1 + 1e-9));
}

TEST_CASE("plstar: a too large --mu is refuted with a witness (exit 1); problem files work") {
  auto j = json_expect("check " + kSystem + "--center 1,1.16,-0.16 --radius 0.2 --criterion plstar --mu 5 --json", 1);
  CHECK(j["verdict"] == "refuted");
  REQUIRE(j.contains("witness"));
  CHECK(j["witness"]["mu_upper"].get<double>() < 5);
  CHECK(json_expect("check " + std::string(GDCERT_SOURCE_DIR) + "/examples/plstar_system.json --json", 0)["verdict"] == "certified");
}

TEST_CASE("plstar: --residuals with --scale, --eps and --output-map") {
  Run r = run_expect("check --residuals \"x*y - 1; x + y - 2.5\" --scale 3 --center 0.5,2 --radius 0.05 --criterion plstar --json", 0);
  // L = 3 |r|^2 = 1/2 |sqrt(6) r|^2: K = 6 J J^T; J(w0) = [[2, 0.5], [1, 1]], lambda_min(J J^T) = (6.25 - sqrt(30.0625))/2
  auto j = json_of(r);
  const double lam = (6.25 - std::sqrt(30.0625)) / 2;
  CHECK(j["lambda0"]["lower"].get<double>() <= 6 * lam);
  CHECK(j["lambda0"]["upper"].get<double>() >= 6 * lam);
  CHECK(j["lambda0"]["lower"].get<double>() >= 6 * lam * (1 - 1e-9));
  auto e = json_expect("check --system \"x; 2*x\" --targets 1,2.02 --center 1.1 --radius 0.3 --criterion plstar --eps 0.001 --json", 0);
  CHECK(e["criterion"] == "plstar_eps");
  auto t = json_expect("check --system \"x\" --targets 0.38 --output-map tanh --center 0.4 --radius 0.25 --criterion plstar --json", 0);
  CHECK(t["output_map"]["rho"].get<double>() > 0);
}

TEST_CASE("proxy-pl and all: fields and exit codes") {
  auto j = json_expect("check --expr \"x^2\" --proxy \"x^2\" --power 1 --center 1 --radius 0.5 --criterion proxy-pl --json", 0);
  CHECK(j["criterion"] == "proxy-pl");
  CHECK(j["mu"]["lower"].get<double>() <= 4 / 1.5);
  CHECK(j["caveat"].get<std::string>().find("everywhere") != std::string::npos);
  CHECK(j["iterations"].is_number());
  Run bad_mu = run_expect("check --expr \"x^2\" --proxy \"x^2\" --power 1 --center 1 --radius 0.5 --criterion proxy-pl --mu 2.7", 1);
  CHECK(bad_mu.out.find("refuted") != std::string::npos);
  Run ex = run_expect("check " + std::string(GDCERT_SOURCE_DIR) + "/examples/proxy_single_neuron.json", 0);
  CHECK(ex.out.find("NOTE: Theorem 3.1 needs") != std::string::npos);

  const std::string all = "check --residuals \"10*(y-x^2); 1-x\" --vars x,y --center 1.000001,0.999999 --radius 0.01 --criterion all --budget 3";
  auto ja = json_expect(all + " --json", 0);
  for (const char* k : {"chatterjee", "plstar", "proxy-pl"}) CHECK_MESSAGE(ja["criteria"].contains(k), k);
  CHECK(ja["criteria"]["plstar"]["verdict"] == "certified");
  Run at = run_expect(all, 0);
  CHECK(at.out.find("criterion   verdict") != std::string::npos);
  // Neither Chatterjee nor PL* can certify around Powell singular's zero: exit 1.
  Run ps = run("check --residuals \"x1 + 10*x2; sqrt(5)*(x3 - x4); (x2 - 2*x3)^2; sqrt(10)*(x1 - x4)^2\" "
               "--center 0.01,0.01,0.01,0.01 --radius 0.1 --criterion all --budget 2");
  CHECK(ps.status == 1);
}

TEST_CASE("bad input exits 2 with a message") {
  const std::pair<std::string, std::vector<std::string>> cases[] = {
      {"check --expr \"x^2\" --center 1 --radius 0.5 --criterion proxy-pl", {"--proxy"}},
      {"check --system \"x; y\" --targets 1,2,3 --center 1,1 --radius 0.1 --criterion plstar", {"--targets has 3"}},
      {"check --system \"x\" --targets 1 --output-map relu --center 1 --radius 0.1 --criterion plstar", {}},
      {"check --expr \"x^3 + 1\" --center 1 --radius 0.1 --criterion plstar", {}},  // not a system
      {"check --expr \"x^2\" --proxy \"x\" --power 3 --center 1 --radius 0.5 --criterion proxy-pl", {}},
      {"check --expr \"x^2\" --center 1 --radius 0.5 --criterion newton", {}},
      {"check --system \"x\" --targets 1 --center 1 --radius 0.1 --criterion plstar --mu -1", {}},
  };
  for (const auto& [args, err_parts] : cases) run_expect(args, 2, err_parts);
}

TEST_CASE("--criterion all: exit 0 needs chatterjee or plstar, and not plstar_eps or proxy-pl") {
  using namespace gdcert;
  AllResults a;
  a.chatterjee.verdict = Verdict::Inconclusive;
  a.proxy.verdict = Verdict::Certified;
  CHECK(a.exit_status() == 1);  // proxy PL alone: its theorem needs global smoothness
  a.plstar = PlStarResult{};
  a.plstar->verdict = Verdict::Certified;
  a.plstar->eps = 0.01;
  CHECK(a.exit_status() == 1);  // PL*_eps only reaches L < eps
  a.plstar->eps.reset();
  CHECK(a.exit_status() == 0);
  a.plstar->verdict = Verdict::Refuted;
  a.chatterjee.verdict = Verdict::Certified;
  CHECK(a.exit_status() == 0);
}
