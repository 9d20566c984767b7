// Brief item 4: tampered certificates whose statement is false (checked against the closed form
// of (xy-1)^2 or by hand) must not verify; malformed ones must not crash the checker.
#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <functional>

#include "arith/with_precision.hpp"
#include "cert/certificate_format.hpp"
#include "cert/certificate_writer.hpp"
#include "cert/checker.hpp"
#include "reference.hpp"

using namespace gdcert;
using namespace gdcert::redteam;
using json = nlohmann::json;

namespace {

json certify(const Objective& f, std::vector<std::string> centre, const std::string& radius, bool perturbation,
             unsigned bits = 53) {
  ChatterjeeOptions o = small_options();
  o.budget.boxes = 20000;
  o.budget.seconds = 5;
  o.record_evidence = true;
  o.use_perturbation = perturbation;
  std::vector<ExactNumber> c;
  for (const auto& t : centre) c.push_back(parse_number(t));
  ChatterjeeResult r;
  if (bits == 53) {
    r = check_chatterjee(f, c, parse_number(radius), o);
  } else {
    PrecisionScope scope(bits);
    r = check_chatterjee(f, c, parse_number(radius), at_precision_of<MpInterval>(o));
  }
  CAPTURE(r.reason);
  REQUIRE(r.verdict == Verdict::Certified);
  json cert = write_certificate(r, f);
  REQUIRE(verify_certificate(cert).status == VerifyResult::Status::Verified);
  return cert;
}

bool verifies(const json& cert, const std::function<void(json&)>& tamper) {
  json bad = cert;
  tamper(bad);
  return verify_certificate(bad).status == VerifyResult::Status::Verified;
}

// All tampers whose result is a false (or meaningless) statement.
std::vector<std::pair<std::string, std::function<void(json&)>>> false_tampers() {
  return {
      {"radius beyond |x0|", [](json& c) { c["problem"]["radius"] = "2.1"; }},
      {"radius 4x", [](json& c) { c["problem"]["radius"] = "2"; }},
      {"negative radius", [](json& c) { c["problem"]["radius"] = "-0.5"; }},
      {"radius nan", [](json& c) { c["problem"]["radius"] = "nan"; }},
      {"radius inf", [](json& c) { c["problem"]["radius"] = "inf"; }},
      {"radius as a JSON number", [](json& c) { c["problem"]["radius"] = 0.5; }},
      {"centre far from the zero set", [](json& c) { c["problem"]["center"] = {"3", "3"}; }},
      {"centre NaN", [](json& c) { c["problem"]["center"][0] = "NaN"; }},
      {"centre with 3 coordinates", [](json& c) { c["problem"]["center"] = {"2", "0.3", "0"}; }},
      {"expression changed", [](json& c) { c["problem"]["text"] = "(x*y-1.5)^2"; }},
      {"expression scaled up", [](json& c) { c["problem"]["text"] = "4*(x*y-1)^2"; }},
      {"expr replaced by residuals, tiny scale", [](json& c) {
         c["problem"]["kind"] = "residuals";
         c["problem"]["text"] = "x*y-1";
         c["problem"]["scale"] = "0x1p-60";
       }},
      {"variables renamed", [](json& c) { c["problem"]["variables"] = {"x", "z"}; }},
      {"claim alpha x 1e6", [](json& c) {
         c["claim"]["alpha_lower"] = hex_text(parse_number(c["claim"]["alpha_lower"].get<std::string>()).nearest * 1e6);
       }},
      {"claim F / 1e6", [](json& c) {
         c["claim"]["f_center_upper"] = hex_text(parse_number(c["claim"]["f_center_upper"].get<std::string>()).nearest / 1e6);
       }},
      {"claim F decimal NaN", [](json& c) { c["claim"]["f_center_upper"] = "nan"; }},
      {"claim alpha inf", [](json& c) { c["claim"]["alpha_lower"] = "inf"; }},
      {"claim alpha huge hex", [](json& c) { c["claim"]["alpha_lower"] = "0x1p+1023"; }},
      {"precision huge", [](json& c) { c["precision"] = 1LL << 40; }},
      {"precision 1", [](json& c) { c["precision"] = 1; }},
      {"precision as string", [](json& c) { c["precision"] = "53"; }},
      {"version 2", [](json& c) { c["version"] = 2; }},
      {"hypothesis dropped", [](json& c) { c.erase("hypothesis"); }},
      {"evidence dropped", [](json& c) { c.erase("evidence"); }},
  };
}

}  // namespace

TEST_CASE("tampered (xy-1)^2 certificates with a false statement never verify") {
  Objective f = Objective::from_expression("(x*y-1)^2", {"x", "y"});
  for (bool perturbation : {true, false})
    for (unsigned bits : {53u, 80u}) {
      json cert = certify(f, {"2", "0.3"}, "0.5", perturbation, bits);
      CAPTURE(perturbation);
      CAPTURE(bits);
      for (const auto& [name, tamper] : false_tampers()) {
        CAPTURE(name);
        CHECK_FALSE(verifies(cert, tamper));
      }
    }
}

TEST_CASE("tampered search trees never verify") {
  Objective f = Objective::from_expression("(x*y-1)^2", {"x", "y"});
  json cert = certify(f, {"1.5", "0.7"}, "1.5", false);
  REQUIRE(cert["evidence"]["method"] == "boxes");
  const json& tree = cert["evidence"]["tree"];
  REQUIRE(tree.size() >= 3);
  // Locate the first split and a leaf.
  std::size_t split = 0, leaf = 0;
  while (split < tree.size() && !tree[split].contains("split")) ++split;
  while (leaf < tree.size() && tree[leaf].contains("split")) ++leaf;
  REQUIRE(split < tree.size());
  REQUIRE(leaf < tree.size());
  std::vector<std::pair<std::string, std::function<void(json&)>>> t = {
      {"leaf removed", [&](json& c) { c["evidence"]["tree"].erase(leaf); }},
      {"leaf duplicated", [&](json& c) { c["evidence"]["tree"].insert(c["evidence"]["tree"].begin() + leaf, tree[leaf]); }},
      {"leaf marked outside", [&](json& c) { c["evidence"]["tree"][leaf]["outside"] = true; }},
      {"split at its box's lower end", [&](json& c) {
         json& s = c["evidence"]["tree"][split]["split"];
         std::size_t axis = s[0].get<std::size_t>();
         s[1] = cert["evidence"]["root"][axis][0];
       }},
      {"split axis out of range", [&](json& c) { c["evidence"]["tree"][split]["split"][0] = 2; }},
      {"split axis negative", [&](json& c) { c["evidence"]["tree"][split]["split"][0] = -1; }},
      {"split at NaN", [&](json& c) { c["evidence"]["tree"][split]["split"][1] = "nan"; }},
      {"root shrunk", [&](json& c) {
         c["evidence"]["root"][0][1] = hex_text(parse_number(cert["evidence"]["root"][0][1].get<std::string>()).nearest - 0.1);
       }},
      {"tree emptied", [&](json& c) { c["evidence"]["tree"] = json::array(); }},
      {"tree truncated to its root leaf", [&](json& c) {
         c["evidence"]["tree"] = json::array({json{{"box", cert["evidence"]["root"]}, {"bound", "gram"}}});
       }},
  };
  for (const auto& [name, tamper] : t) {
    CAPTURE(name);
    CHECK_FALSE(verifies(cert, tamper));
  }
}

TEST_CASE("variable order matters: swapping an asymmetric problem's variables does not verify") {
  // (x^2 - 2)^2/4 + (y^2 - 3)^2/4 at (1.42, 1.73) certifies; read with the variables swapped the
  // centre means x = 1.73, y = 1.42, where 4 f0 ~ 1.4 while r^2 alpha <= 0.01 * 4 * 4 * 3.
  Objective f = Objective::from_residuals("x^2 - 2; y^2 - 3", {"x", "y"}, parse_number("0.25"));
  json cert = certify(f, {"1.42", "1.73"}, "0.05", true);
  CHECK_FALSE(verifies(cert, [](json& c) { c["problem"]["variables"] = {"y", "x"}; }));
  CHECK_FALSE(verifies(cert, [](json& c) { c["problem"]["text"] = "y^2 - 2; x^2 - 3"; }));
  CHECK_FALSE(verifies(cert, [](json& c) { c["problem"]["scale"] = "0x1p-40"; }));
  CHECK_FALSE(verifies(cert, [](json& c) { c["problem"]["text"] = "x^2 - 2; y^2 - 3; x - 1"; }));
}

TEST_CASE("the f >= 0 hypothesis cannot be claimed for an expression not written as squares") {
  // The same function as (xy-1)^2 expanded: the sum-of-squares hypothesis must be refused, and a
  // box hypothesis needs a real cover of B(x0, 2r).
  Objective f = Objective::from_expression("(x*y-1)^2", {"x", "y"});
  json cert = certify(f, {"2", "0.3"}, "0.5", true);
  CHECK_FALSE(verifies(cert, [](json& c) { c["problem"]["text"] = "x^2*y^2 - 2*x*y + 1"; }));
  CHECK_FALSE(verifies(cert, [](json& c) { c["problem"]["text"] = "x^2*y^2 - 2*x*y + 0.99"; }));
  CHECK_FALSE(verifies(cert, [&](json& c) {
    c["problem"]["text"] = "x^2*y^2 - 2*x*y + 1";
    c["hypothesis"] = {{"method", "boxes"}, {"root", json::array({json::array({"-0x1p+4", "0x1p+4"}),
                                                                  json::array({"-0x1p+4", "0x1p+4"})})},
                       {"tree", json::array()}};
  }));
}

// Issue 13: f = h * (sum of squares) is non-negative only where h > 0. A certificate for it
// must carry a proof of h > 0 on B(x0, 2r) for every weight the checker derives itself.
TEST_CASE("a weighted sum of squares needs every weight proved positive on B(x0, 2r)") {
  Objective f = Objective::from_expression("exp(x)*(x-1)^2 + x*(y-1)^2", {"x", "y"});
  REQUIRE(f.weights().num_outputs() == 2);
  json cert = certify(f, {"1.01", "0.99"}, "0.05", false);
  REQUIRE(cert["hypothesis"]["method"] == "weighted_sum_of_squares");
  CHECK_FALSE(verifies(cert, [](json& c) { c["hypothesis"] = {{"method", "sum_of_squares"}}; }));
  CHECK_FALSE(verifies(cert, [](json& c) { c["hypothesis"]["weights"].erase(1); }));
  CHECK_FALSE(verifies(cert, [](json& c) { c["hypothesis"]["weights"].erase(0); }));
  CHECK_FALSE(verifies(cert, [](json& c) { std::swap(c["hypothesis"]["weights"][0], c["hypothesis"]["weights"][1]); }));
  // (Weight 0's tree in place of weight 1's would be a true statement here: x > 0 on this ball.)
  CHECK_FALSE(verifies(cert, [](json& c) {
    c["hypothesis"]["weights"][1]["root"] = json::array({json::array({"0x1p+0", "0x1.2p+0"}), json::array({"0x1p-1", "0x1.8p+0"})});
  }));
  CHECK_FALSE(verifies(cert, [](json& c) { c["problem"]["radius"] = "0.6"; }));  // B(x0, 2r) reaches x < 0
  CHECK_FALSE(verifies(cert, [](json& c) { c["hypothesis"]["weights"][1]["tree"] = json::array(); }));
  CHECK_FALSE(verifies(cert, [](json& c) { c["hypothesis"].erase("weights"); }));
  CHECK_FALSE(verifies(cert, [](json& c) { c["hypothesis"]["weights"] = "x"; }));
  // The weight x replaced by one negative on the ball, keeping the certificate's texts.
  CHECK_FALSE(verifies(cert, [](json& c) { c["problem"]["text"] = "exp(x)*(x-1)^2 + (x-1.02)*(y-1)^2"; }));
  // A sum-of-squares claim transplanted onto a weighted expression.
  Objective plain = Objective::from_expression("(x-1)^2 + (y-1)^2", {"x", "y"});
  json sos = certify(plain, {"1.01", "0.99"}, "0.05", true);
  REQUIRE(sos["hypothesis"]["method"] == "sum_of_squares");
  CHECK_FALSE(verifies(sos, [](json& c) { c["problem"]["text"] = "(x-1)^2 + x*(y-1)^2"; }));
  CHECK_FALSE(verifies(sos, [](json& c) { c["problem"]["text"] = "(x-1)^2 + (x-1.02)*(y-1)^2"; }));
}

TEST_CASE("a deeply nested split chain is rejected without crashing the checker") {
  // replay() in src/cert/checker.cpp once recursed per split level, so ~10^5 nested splits
  // overflowed the stack (SIGSEGV); it now walks the tree with an explicit stack. The chain of
  // sliver leaves is a valid cover, so the last leaf is moved to make the file wrong. Run in a
  // child process so a regression cannot take the suite down.
  Objective f = Objective::from_expression("(x*y-1)^2", {"x", "y"});
  json cert = certify(f, {"2", "0.3"}, "0.5", false);
  json& root = cert["evidence"]["root"];
  double lo = parse_number(root[0][0].get<std::string>()).nearest;
  double hi = parse_number(root[0][1].get<std::string>()).nearest;
  json tree = json::array();
  double at = lo;
  const int depth = 300000;
  // split at the next double each time: the left child is a sliver leaf (a valid one), the
  // right child is split again, so the recursion depth equals the number of splits.
  auto leaf = [&](double a, double b) {
    return json{{"box", json::array({json::array({hex_text(a), hex_text(b)}), root[1]})}, {"bound", "gram"}};
  };
  for (int k = 0; k < depth; ++k) {
    double next = std::nextafter(at, hi);
    tree.push_back(json{{"split", json::array({0, hex_text(next)})}});
    tree.push_back(leaf(at, next));
    at = next;
  }
  tree.push_back(leaf(at, std::nextafter(hi, INFINITY)));  // does not match the cover
  cert["evidence"]["tree"] = tree;
  std::fflush(nullptr);
  pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    VerifyResult v = verify_certificate(cert);
    _exit(v.status == VerifyResult::Status::Verified ? 3 : 0);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  CAPTURE(WIFSIGNALED(status) ? WTERMSIG(status) : 0);
  CHECK(WIFEXITED(status));
  if (WIFEXITED(status)) CHECK(WEXITSTATUS(status) == 0);
}
