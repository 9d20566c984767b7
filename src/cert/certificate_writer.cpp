#include "cert/certificate_writer.hpp"

#include <cmath>
#include <stdexcept>

#include "cert/certificate_format.hpp"

namespace gdcert {
namespace {

using json = nlohmann::json;

json box_json(const std::vector<double>& lo, const std::vector<double>& hi) {
  json box = json::array();
  for (std::size_t i = 0; i < lo.size(); ++i) box.push_back({hex_text(lo[i]), hex_text(hi[i])});
  return box;
}

json tree_json(const SearchTree& tree) {
  json nodes = json::array();
  for (int i : tree.preorder()) {
    const SearchTreeNode& n = tree.nodes[i];
    if (n.kind == SearchTreeNode::Kind::Split) {
      nodes.push_back({{"split", {n.axis, hex_text(n.at)}}});
    } else if (n.kind == SearchTreeNode::Kind::Outside) {
      nodes.push_back({{"box", box_json(n.lo, n.hi)}, {"outside", true}});
    } else {
      nodes.push_back({{"box", box_json(n.lo, n.hi)}, {"bound", n.method}, {"value", hex_text(n.bound)}});
    }
  }
  return {{"method", "boxes"}, {"root", box_json(tree.nodes.at(0).lo, tree.nodes.at(0).hi)}, {"tree", nodes}};
}

}  // namespace

json write_certificate(const ChatterjeeResult& r, const Objective& f) {
  if (r.verdict != Verdict::Certified || !r.evidence || r.evidence->method.empty())
    throw std::logic_error("a certificate needs a certified result with recorded evidence");
  const ChatterjeeEvidence& ev = *r.evidence;
  const Interval R = r.radius.enclosure;
  const Interval F(r.f_center.upper());
  const Interval c = f.scale().enclosure;

  // Claim A halfway between what is needed and what was proved, when that still closes.
  double A = r.alpha_lower;
  double need = (Interval(4.0) * F / sqr(R)).upper();
  double mid = need + 0.5 * (r.alpha_lower - need);
  if (mid > need && mid < r.alpha_lower && is_true(less(Interval(4.0) * F, sqr(R) * Interval(mid)))) A = mid;

  json cert;
  cert["format"] = kCertificateFormat;
  cert["version"] = kCertificateVersion;
  cert["criterion"] = "chatterjee";
  cert["precision"] = r.precision;
  cert["problem"] = {{"kind", f.kind()}, {"text", f.text()}, {"variables", f.variables()},
                     {"scale", f.kind() == "residuals" ? f.scale().text : "1"},
                     {"center", centre_texts(r)}, {"radius", r.radius.text}};
  cert["claim"] = {{"f_center_upper", hex_text(F.upper())},
                   {"alpha_lower", hex_text(A)},
                   {"statement", "4 f(x0) <= 4 F < r^2 A <= r^2 alpha(x0, r)"}};
  if (f.structurally_nonnegative()) {
    cert["hypothesis"] = {{"method", "sum_of_squares"}};
  } else if (f.weighted()) {
    // f = h * (sum of squares): one tree per weight, proving h_k > 0 on B(x0, 2r). The checker
    // derives the weights from the expression itself; "expr" is for the reader.
    const Program& w = f.weights();
    if (ev.weight_trees.size() != w.num_outputs()) throw std::logic_error("no evidence for the weights h > 0");
    json weights = json::array();
    for (std::size_t k = 0; k < w.num_outputs(); ++k) {
      if (ev.weight_trees[k].nodes.empty()) throw std::logic_error("no evidence for the weights h > 0");
      json one = tree_json(ev.weight_trees[k]);
      one["expr"] = w.output_texts()[k];
      one["statement"] = "h > 0 on B(x0, 2r)";
      weights.push_back(std::move(one));
    }
    cert["hypothesis"] = {{"method", "weighted_sum_of_squares"},
                          {"weights", std::move(weights)},
                          {"statement", "f = h * sum of squares with every weight h > 0 on B(x0, 2r), so f >= 0 there"}};
  } else if (ev.nonnegativity_tree && !ev.nonnegativity_tree->nodes.empty()) {
    cert["hypothesis"] = tree_json(*ev.nonnegativity_tree);
    cert["hypothesis"]["statement"] = "f >= 0 on B(x0, 2r)";
  } else {
    throw std::logic_error("no evidence for f >= 0");
  }

  if (ev.method == "perturbation") {
    // Slack: sigma - r K exceeds sqrt(A / 4c) by `gap`; give a third of it to each of sigma and K.
    double sigma = ev.perturbation.sigma_center, K = ev.perturbation.hessian_k, r_up = R.upper();
    double gap = sigma - r_up * K - std::sqrt(A / (4.0 * c.lower()));
    if (gap > 0 && std::isfinite(gap)) sigma -= gap / 3, K += gap / (3 * r_up);
    cert["evidence"] = {{"method", "perturbation"}, {"sigma_center_lower", hex_text(sigma)},
                        {"hessian_k_upper", hex_text(K)},
                        {"statement", "sigma_min(J(x)) >= sigma - r K on the ball"}};
  } else {
    cert["evidence"] = tree_json(ev.alpha_tree);
  }
  cert["generated_by"] = {{"tool", "gdcert"}, {"bound_used", r.bound_used}, {"search_seconds", r.seconds}};
  return cert;
}

}  // namespace gdcert
