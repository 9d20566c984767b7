// Certificates: every one the search writes verifies, and every kind of tampering is caught
// with the right reason. The tampered files are generated here from fresh certificates.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <functional>

#include "arith/with_precision.hpp"
#include "cert/certificate_format.hpp"
#include "cert/certificate_writer.hpp"
#include "cert/checker.hpp"
#include "reference_problems.hpp"

using namespace gdcert;
using json = nlohmann::json;

namespace {

ChatterjeeOptions evidence_options(bool perturbation = true) {
  ChatterjeeOptions o;
  o.budget.seconds = 5;
  o.sampling.samples = 300;
  o.record_evidence = true;
  o.use_perturbation = perturbation;
  return o;
}

json certify(const Objective& f, const std::vector<std::string>& centre, const std::string& radius,
             ChatterjeeOptions o = evidence_options(), unsigned precision = 0) {
  std::vector<ExactNumber> c;
  for (const auto& t : centre) c.push_back(parse_number(t));
  ChatterjeeResult r;
  if (precision) {
    PrecisionScope scope(precision);
    r = check_chatterjee(f, c, parse_number(radius), at_precision_of<MpInterval>(o));
  } else {
    r = check_chatterjee(f, c, parse_number(radius), o);
  }
  REQUIRE(r.verdict == Verdict::Certified);
  return write_certificate(r, f);
}

VerifyResult::Status status_of(const json& cert) { return verify_certificate(cert).status; }

// Applies `tamper` to a copy and expects the checker to reject it at `where` (a prefix of the
// reported JSON pointer).
void expect_rejected(const json& cert, const std::function<void(json&)>& tamper, const std::string& where,
                     VerifyResult::Status expected = VerifyResult::Status::Rejected) {
  json bad = cert;
  tamper(bad);
  VerifyResult v = verify_certificate(bad);
  CAPTURE(where);
  CAPTURE(v.location);
  CAPTURE(v.reason);
  CHECK(v.status == expected);
  CHECK(v.location.rfind(where, 0) == 0);
}

std::string scaled_hex(const json& hex, double factor) {
  return hex_text(parse_number(hex.get<std::string>()).nearest * factor);
}

// Index of the first tree node with the given property.
std::size_t find_node(const json& tree, const std::function<bool(const json&)>& pred) {
  for (std::size_t i = 0; i < tree.size(); ++i)
    if (pred(tree[i])) return i;
  FAIL("no such node");
  return 0;
}

}  // namespace

TEST_CASE("certificates from the search verify") {
  Objective xy = Objective::from_expression("(x*y-1)^2", {});
  json pert = certify(xy, {"2", "0.3"}, "0.5");
  CHECK(pert["evidence"]["method"] == "perturbation");
  CHECK(status_of(pert) == VerifyResult::Status::Verified);

  // f(2, 0.5) = 0 and the ball reaches the origin's corner: the search must split.
  json boxes = certify(xy, {"2", "0.5"}, "2", evidence_options(false));
  CHECK(boxes["evidence"]["method"] == "boxes");
  CHECK(boxes["evidence"]["tree"].size() > 3);
  VerifyResult v = verify_certificate(boxes);
  CHECK(v.status == VerifyResult::Status::Verified);
  CHECK(v.boxes_checked > 1);

  for (const auto& prob : testing::reference_problems()) {
    if (prob.singular) continue;
    CAPTURE(prob.name);
    Objective f = Objective::from_residuals(prob.residuals, prob.vars, parse_number("1"));
    std::vector<std::string> c;
    for (std::size_t i = 0; i < prob.zero.size(); ++i) c.push_back(hex_text(prob.zero[i] + (i % 2 ? -1e-4 : 1e-4)));
    for (bool perturbation : {true, false}) {
      if (!perturbation && prob.vars.size() > 3) continue;
      json cert = certify(f, c, "0.01", evidence_options(perturbation));
      VerifyResult v = verify_certificate(cert);
      CAPTURE(v.location);
      CAPTURE(v.reason);
      CHECK(v.status == VerifyResult::Status::Verified);
    }
  }
}

TEST_CASE("tampering with a perturbation certificate is rejected with the right reason") {
  json cert = certify(Objective::from_expression("(x*y-1)^2", {}), {"2", "0.3"}, "0.5");
  REQUIRE(status_of(cert) == VerifyResult::Status::Verified);
  expect_rejected(cert, [](json& c) { c["claim"]["alpha_lower"] = scaled_hex(c["claim"]["alpha_lower"], 1.2); },
                  "/claim/alpha_lower");
  expect_rejected(cert, [](json& c) { c["claim"]["f_center_upper"] = scaled_hex(c["claim"]["f_center_upper"], 0.999); },
                  "/claim/f_center_upper");
  expect_rejected(cert,
                  [](json& c) { c["evidence"]["sigma_center_lower"] = scaled_hex(c["evidence"]["sigma_center_lower"], 1.2); },
                  "/evidence/sigma_center_lower");
  expect_rejected(cert,
                  [](json& c) { c["evidence"]["hessian_k_upper"] = scaled_hex(c["evidence"]["hessian_k_upper"], 0.5); },
                  "/evidence/hessian_k_upper");
  expect_rejected(cert, [](json& c) { c["problem"]["center"][1] = "0.2"; }, "/claim/f_center_upper");
  expect_rejected(cert, [](json& c) { c["problem"]["radius"] = "0.9"; }, "/claim");
  expect_rejected(cert, [](json& c) { c["problem"]["text"] = "(x*y-2)^2"; }, "/claim/f_center_upper");
  // A changed problem that the evidence still proves is not tampering: (xy - 0.9)^2 has the same
  // ratio 4 (x^2 + y^2) and a smaller f(x0), so the certificate is valid for it too.
  json same = cert;
  same["problem"]["text"] = "(x*y-0.9)^2";
  CHECK(status_of(same) == VerifyResult::Status::Verified);
  expect_rejected(cert, [](json& c) { c["problem"]["text"] = "(x*y-1)^2 + 0*exp(x)"; }, "/hypothesis");
}

TEST_CASE("tampering with a box certificate is rejected with the right reason") {
  json cert = certify(Objective::from_expression("(x*y-1)^2", {}), {"2", "0.5"}, "2", evidence_options(false));
  REQUIRE(status_of(cert) == VerifyResult::Status::Verified);
  const json& tree = cert["evidence"]["tree"];
  std::size_t leaf = find_node(tree, [](const json& n) { return n.contains("bound"); });
  std::size_t split = find_node(tree, [](const json& n) { return n.contains("split"); });

  // A bound made better than proved (the claim sits halfway between need and proof, so triple
  // it): the weakest leaf cannot reach it.
  expect_rejected(cert, [](json& c) { c["claim"]["alpha_lower"] = scaled_hex(c["claim"]["alpha_lower"], 3); },
                  "/evidence/tree/");
  // A box removed from the cover.
  expect_rejected(cert, [&](json& c) { c["evidence"]["tree"].erase(leaf); }, "/evidence/tree/");
  // A box moved.
  expect_rejected(cert, [&](json& c) {
    auto& b = c["evidence"]["tree"][leaf]["box"][0];
    b[0] = scaled_hex(b[0], 1.001), b[1] = scaled_hex(b[1], 1.001);
  }, "/evidence/tree/" + std::to_string(leaf));
  // A split point moved: the boxes after it no longer match.
  expect_rejected(cert, [&](json& c) {
    auto& s = c["evidence"]["tree"][split]["split"];
    s[1] = scaled_hex(s[1], 1.0001);
  }, "/evidence/tree/");
  // A box that meets the ball declared outside.
  expect_rejected(cert, [&](json& c) { c["evidence"]["tree"][leaf]["outside"] = true; },
                  "/evidence/tree/" + std::to_string(leaf));
  // A root that does not contain the ball (radius enlarged).
  expect_rejected(cert, [](json& c) { c["problem"]["radius"] = "2.5"; }, "/");
  // Extra nodes after the cover.
  expect_rejected(cert, [&](json& c) { c["evidence"]["tree"].push_back(c["evidence"]["tree"][leaf]); },
                  "/evidence/tree/");
}

TEST_CASE("a certificate at 256 bits verifies only at its precision") {
  // f(x0) = (1e-20)^2: double intervals cannot separate 4 f(x0) from r^2 alpha at r = 1e-16.
  Objective xy = Objective::from_expression("(x*y-1)^2", {});
  std::vector<ExactNumber> c = {parse_number("1"), parse_number("1.00000000000000000001")};
  ChatterjeeResult in_double = check_chatterjee(xy, c, parse_number("1e-16"), evidence_options());
  CHECK(in_double.verdict != Verdict::Certified);
  json cert = certify(xy, {"1", "1.00000000000000000001"}, "1e-16", evidence_options(), 256);
  CHECK(cert["precision"] == 256);
  CHECK(status_of(cert) == VerifyResult::Status::Verified);
  expect_rejected(cert, [](json& c) { c["precision"] = 53; }, "/claim/f_center_upper");
  expect_rejected(cert, [](json& c) { c["precision"] = 64; }, "/claim/f_center_upper");
}

TEST_CASE("malformed certificates are reported as malformed") {
  json cert = certify(Objective::from_expression("(x*y-1)^2", {}), {"2", "0.3"}, "0.5");
  auto M = VerifyResult::Status::Malformed;
  expect_rejected(cert, [](json& c) { c.erase("claim"); }, "/claim", M);
  expect_rejected(cert, [](json& c) { c["version"] = 99; }, "/version", M);
  expect_rejected(cert, [](json& c) { c["format"] = "something else"; }, "/format", M);
  expect_rejected(cert, [](json& c) { c["evidence"]["method"] = "trust-me"; }, "/evidence/method", M);
  expect_rejected(cert, [](json& c) { c["claim"]["alpha_lower"] = "lots"; }, "/claim/alpha_lower", M);
  expect_rejected(cert, [](json& c) { c["problem"]["text"] = "(x*y-1"; }, "/problem/text", M);
  expect_rejected(cert, [](json& c) { c["problem"]["center"] = json::array({"2"}); }, "/problem/center", M);
  expect_rejected(cert, [](json& c) { c["precision"] = "high"; }, "/precision", M);
  CHECK(verify_certificate(json::array()).status == M);
}

TEST_CASE("the example certificates in certs/ verify") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(GDCERT_SOURCE_DIR) / "certs";
  int checked = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".json" || entry.path().filename() == "schema.json") continue;
    std::ifstream in(entry.path());
    json cert = json::parse(in);
    VerifyResult v = verify_certificate(cert);
    CAPTURE(entry.path().string());
    CAPTURE(v.reason);
    CHECK(v.status == VerifyResult::Status::Verified);
    ++checked;
  }
  CHECK(checked >= 3);
}

TEST_CASE("every numeric field of a certificate is range-checked (issue 14)") {
  auto M = VerifyResult::Status::Malformed;
  json cert = certify(Objective::from_expression("(x*y-1)^2", {}), {"2", "0.3"}, "0.5");
  REQUIRE(status_of(cert) == VerifyResult::Status::Verified);
  // An impossible precision is malformed, never wrapped into range by a narrowing conversion:
  // 4294967349 = 2^32 + 53 was read as 53 by get<int>().
  for (json bits : {json(4294967349ull), json(4294967296ull + 64), json(18446744073709551615ull), json(1), json(0),
                    json(-53), json(100001), json(53.0), json("53"), json(nullptr)}) {
    CAPTURE(bits.dump());
    expect_rejected(cert, [&](json& c) { c["precision"] = bits; }, "/precision", M);
  }
  for (json bits : {json(2), json(100000)}) {  // the ends of the range are accepted (and re-checked)
    json c = cert;
    c["precision"] = bits;
    CHECK(verify_certificate(c).location.rfind("/precision", 0) != 0);
  }
  for (json version : {json(4294967297ull), json(-4294967295ll), json(1.0), json("1")}) {
    CAPTURE(version.dump());
    expect_rejected(cert, [&](json& c) { c["version"] = version; }, "/version", M);
  }
  // A negative K passed "sum of squared Hessian norms <= K^2" and then enlarged sigma - r K: a
  // claimed alpha 20% above the proof verified with K negated.
  expect_rejected(cert, [](json& c) {
    c["evidence"]["hessian_k_upper"] = "-" + c["evidence"]["hessian_k_upper"].get<std::string>();
    c["claim"]["alpha_lower"] = scaled_hex(c["claim"]["alpha_lower"], 1.2);
  }, "/evidence/hessian_k_upper", M);
  expect_rejected(cert, [](json& c) { c["claim"]["alpha_lower"] = "-0x1p+3"; }, "/claim/alpha_lower", M);
  expect_rejected(cert, [](json& c) { c["claim"]["alpha_lower"] = "0"; }, "/claim/alpha_lower", M);
  expect_rejected(cert, [](json& c) { c["claim"]["alpha_lower"] = "1e400"; }, "/claim/alpha_lower", M);
  expect_rejected(cert, [](json& c) { c["problem"]["radius"] = "-0.5"; }, "/problem/radius", M);

  json boxes = certify(Objective::from_expression("(x*y-1)^2", {}), {"2", "0.5"}, "2", evidence_options(false));
  REQUIRE(status_of(boxes) == VerifyResult::Status::Verified);
  std::size_t split = find_node(boxes["evidence"]["tree"], [](const json& n) { return n.contains("split"); });
  std::size_t leaf = find_node(boxes["evidence"]["tree"], [](const json& n) { return n.contains("bound"); });
  // Axis 2^32 (wraps to 0 as an int) and 2^64 - 1 (wraps to -1 as a long long) are malformed.
  for (json axis : {json(4294967296ull), json(18446744073709551615ull), json(-1), json(2), json(0.0), json("0")}) {
    CAPTURE(axis.dump());
    expect_rejected(boxes, [&](json& c) { c["evidence"]["tree"][split]["split"][0] = axis; },
                    "/evidence/tree/" + std::to_string(split), M);
  }
  expect_rejected(boxes, [&](json& c) { c["evidence"]["tree"][leaf]["outside"] = "yes"; },
                  "/evidence/tree/" + std::to_string(leaf) + "/outside", M);
}

// Issue 13: f = h * (sum of squares). The certificate proves each weight h > 0 on B(x0, 2r) with
// a tree of its own; the checker derives the weights from the expression.
TEST_CASE("a weighted sum of squares certifies with its weights proved positive, at 53 and 256 bits") {
  for (unsigned bits : {0u, 256u}) {
    CAPTURE(bits);
    Objective f = Objective::from_expression("(x^2+y^2-1)^2*exp(x)", {"x", "y"});
    for (bool perturbation : {true, false}) {
      json cert = certify(f, {"0.6", "0.8"}, "0.1", evidence_options(perturbation), bits);
      CHECK(cert["hypothesis"]["method"] == "weighted_sum_of_squares");
      REQUIRE(cert["hypothesis"]["weights"].size() == 1);
      CHECK(cert["hypothesis"]["weights"][0]["expr"] == "exp(x)");
      VerifyResult v = verify_certificate(cert);
      CAPTURE(v.location);
      CAPTURE(v.reason);
      CHECK(v.status == VerifyResult::Status::Verified);
    }
  }
  // Two weights, one per tree, in the order the expression gives them.
  Objective g = Objective::from_expression("(x-1)^2*exp(y) + cosh(x)*(y-1)^2", {"x", "y"});
  REQUIRE(g.weights().num_outputs() == 2);
  json two = certify(g, {"1.01", "0.99"}, "0.05");
  CHECK(two["hypothesis"]["weights"].size() == 2);
  CHECK(status_of(two) == VerifyResult::Status::Verified);
}

TEST_CASE("tampering with a weighted certificate is rejected") {
  Objective f = Objective::from_expression("x*(y-1)^2", {"x", "y"});
  json cert = certify(f, {"0.6", "1"}, "0.25");
  REQUIRE(status_of(cert) == VerifyResult::Status::Verified);
  // The structural hypothesis is not enough for h * S.
  expect_rejected(cert, [](json& c) { c["hypothesis"] = {{"method", "sum_of_squares"}}; }, "/hypothesis/method");
  // A weight dropped, or one too many.
  expect_rejected(cert, [](json& c) { c["hypothesis"]["weights"] = json::array(); }, "/hypothesis/weights");
  expect_rejected(cert, [](json& c) { c["hypothesis"]["weights"].push_back(c["hypothesis"]["weights"][0]); },
                  "/hypothesis/weights");
  // A weight's text that is not f's weight.
  expect_rejected(cert, [](json& c) { c["hypothesis"]["weights"][0]["expr"] = "exp(x)"; }, "/hypothesis/weights/0/expr");
  // A tree whose root does not cover B(x0, 2r), or a leaf box moved.
  expect_rejected(cert, [](json& c) { c["hypothesis"]["weights"][0]["root"][0][0] = "0x1p-1"; },
                  "/hypothesis/weights/0/root");
  expect_rejected(cert, [](json& c) {
    json& tree = c["hypothesis"]["weights"][0]["tree"];
    std::size_t i = find_node(tree, [](const json& n) { return n.contains("box"); });
    tree[i]["box"][0][0] = "0x1p-1";
  }, "/hypothesis/weights/0/tree");
  // A larger radius: B(x0, 2r) then reaches x <= 0, where the weight x is not positive.
  expect_rejected(cert, [](json& c) { c["problem"]["radius"] = "0.4"; }, "/");
  // The same claim for a weight that is not positive on B(x0, 2r), with a tree covering it.
  expect_rejected(cert, [](json& c) {
    c["problem"]["text"] = "(x-0.5)*(y-1)^2";
    c["hypothesis"]["weights"][0]["expr"] = "x - 0.5";
  }, "/");
}
