#include "cert/checker.hpp"

#include <chrono>
#include <optional>
#include <vector>

#include "arith/precision.hpp"
#include "arith/scalar_traits.hpp"
#include "cert/certificate_format.hpp"
#include "cert/interval_cholesky.hpp"
#include "expr/evaluator.hpp"
#include "expr/program.hpp"

namespace gdcert {
namespace {

using json = nlohmann::json;

struct Failure {
  VerifyResult::Status status;
  std::string location, reason;
};
[[noreturn]] void malformed(const std::string& where, const std::string& why) {
  throw Failure{VerifyResult::Status::Malformed, where, why};
}
[[noreturn]] void reject(const std::string& where, const std::string& why) {
  throw Failure{VerifyResult::Status::Rejected, where, why};
}

const json& field(const json& obj, const std::string& key, const std::string& where) {
  if (!obj.is_object() || !obj.contains(key)) malformed(where + "/" + key, "missing field '" + key + "'");
  return obj.at(key);
}
std::string text(const json& obj, const std::string& key, const std::string& where) {
  const json& v = field(obj, key, where);
  if (!v.is_string()) malformed(where + "/" + key, "field '" + key + "' must be a string");
  return v.get<std::string>();
}
ExactNumber number(const json& v, const std::string& where) {
  if (!v.is_string()) malformed(where, "expected a number written as a string");
  try {
    return parse_number(v.get<std::string>());
  } catch (const NumberError& e) {
    malformed(where, e.what());
  }
}
// An integer field within [lo, hi]; anything else (a string, a fraction, a value that a narrowing
// get<int>() would wrap into range) is malformed.
long long integer_in(const json& v, long long lo, long long hi, const std::string& where, const std::string& what) {
  bool ok = false;
  long long x = 0;
  if (v.is_number_unsigned()) {
    const auto u = v.get<std::uint64_t>();
    ok = u <= static_cast<std::uint64_t>(hi);
    x = ok ? static_cast<long long>(u) : 0;
  } else if (v.is_number_integer()) {
    x = v.get<std::int64_t>();
    ok = true;
  }
  if (!ok || x < lo || x > hi) malformed(where, what);
  return x;
}
double exact_double(const json& v, const std::string& where) {
  ExactNumber n = number(v, where);
  if (!n.exact) malformed(where, "box end points and split points must be exact doubles (hex floats)");
  return n.nearest;
}

template <class T>
class Checker {
 public:
  using Tr = ScalarTraits<T>;

  explicit Checker(const json& cert) : cert_(cert) {}

  std::size_t run() {
    read_problem();
    check_claim();
    check_hypothesis();
    check_evidence();
    return boxes_;
  }

 private:
  void read_problem() {
    const json& p = field(cert_, "problem", "");
    std::string kind = text(p, "kind", "/problem"), body = text(p, "text", "/problem");
    const json& vars = field(p, "variables", "/problem");
    if (!vars.is_array()) malformed("/problem/variables", "must be a list of names");
    std::vector<std::string> names;
    for (const auto& v : vars) {
      if (!v.is_string()) malformed("/problem/variables", "must be a list of names");
      names.push_back(v.get<std::string>());
    }
    scale_ = number(field(p, "scale", "/problem"), "/problem/scale");
    try {
      if (kind == "residuals") {
        residuals_ = parse_program(body, ParseOptions{names, true});
        f_ = sum_of_squares_program(*residuals_, scale_);
      } else if (kind == "expr") {
        f_ = parse_program(body, ParseOptions{names, false});
        if (auto sos = as_sum_of_squares(*f_)) residuals_ = sos->residuals, scale_ = sos->scale, weights_ = sos->weights;
      } else {
        malformed("/problem/kind", "kind must be 'expr' or 'residuals'");
      }
    } catch (const ParseError& e) {
      malformed("/problem/text", std::string("expression does not parse: ") + e.what());
    }
    if (f_->variables() != names) malformed("/problem/variables", "variable list does not match the expression");
    if (!(scale_.enclosure.lower() > 0)) malformed("/problem/scale", "scale must be positive");
    const json& c = field(p, "center", "/problem");
    if (!c.is_array() || c.size() != names.size())
      malformed("/problem/center", "centre must have one coordinate per variable");
    for (std::size_t i = 0; i < c.size(); ++i)
      center_.push_back(Tr::from_number(number(c[i], "/problem/center/" + std::to_string(i))));
    radius_ = Tr::from_number(number(field(p, "radius", "/problem"), "/problem/radius"));
    if (!is_true(certainly_positive(radius_))) malformed("/problem/radius", "radius must be positive");
    c_ = Tr::from_number(scale_);
  }

  void check_claim() {
    const json& claim = field(cert_, "claim", "");
    F_ = Tr::from_number(number(field(claim, "f_center_upper", "/claim"), "/claim/f_center_upper"));
    A_ = Tr::from_number(number(field(claim, "alpha_lower", "/claim"), "/claim/alpha_lower"));
    // 4F < r^2 A with F >= f(x0) >= 0 needs A > 0: a claim outside that range is not a claim.
    if (!is_true(certainly_positive(A_))) malformed("/claim/alpha_lower", "alpha_lower must be positive");
    Evaluator<T> ev(*f_);
    if (!is_true(ev.evaluate(center_, Order::Value)))
      reject("/problem/center", "f is not proved defined at the centre");
    if (!is_true(less_equal(ev.value(0), F_)))
      reject("/claim/f_center_upper", "f(x0) is not proved <= the claimed upper bound F");
    if (!is_true(less(T(4.0) * F_, sqr(radius_) * A_)))
      reject("/claim", "the inequality 4 F < r^2 A does not hold");
  }

  void check_hypothesis() {
    const json& h = field(cert_, "hypothesis", "");
    std::string method = text(h, "method", "/hypothesis");
    const bool weighted = weights_.num_outputs() > 0;
    if (method == "sum_of_squares") {
      if (!residuals_) reject("/hypothesis/method", "f is not structurally a sum of squares");
      if (weighted) reject("/hypothesis/method", "f = h * (sum of squares) is non-negative only where h > 0: not structural");
    } else if (method == "weighted_sum_of_squares") {
      // The weights are the ones derived here from the expression; the file's texts must name
      // them (in order), and each tree must prove its weight > 0 on B(x0, 2r).
      if (!residuals_ || !weighted) reject("/hypothesis/method", "f is not structurally a weighted sum of squares");
      const json& list = field(h, "weights", "/hypothesis");
      if (!list.is_array()) malformed("/hypothesis/weights", "weights must be a list");
      if (list.size() != weights_.num_outputs())
        reject("/hypothesis/weights", "f has " + std::to_string(weights_.num_outputs()) + " weight(s), the certificate proves " +
                                          std::to_string(list.size()));
      for (std::size_t k = 0; k < list.size(); ++k) {
        const std::string where = "/hypothesis/weights/" + std::to_string(k);
        if (text(list[k], "expr", where) != weights_.output_texts()[k])
          reject(where + "/expr", "not the weight " + weights_.output_texts()[k] + " of f");
        const Program weight = output_program(weights_, k);
        check_tree(list[k], where, T(2.0) * radius_, [&](const std::vector<T>& X) { return positive_on(weight, X); });
      }
    } else if (method == "boxes") {
      check_tree(h, "/hypothesis", T(2.0) * radius_, [&](const std::vector<T>& X) { return nonnegative_on(X); });
    } else {
      malformed("/hypothesis/method", "unknown method '" + method + "'");
    }
  }

  void check_evidence() {
    const json& e = field(cert_, "evidence", "");
    std::string method = text(e, "method", "/evidence");
    if (method == "perturbation") {
      check_perturbation(e);
    } else if (method == "boxes") {
      check_tree(e, "/evidence", radius_, [&](const std::vector<T>& X) { return gram_on(X) || quotient_on(X); });
    } else {
      malformed("/evidence/method", "unknown method '" + method + "'");
    }
  }

  // --- the ball and its cover -------------------------------------------------------------
  template <class LeafCheck>
  void check_tree(const json& section, const std::string& where, const T& radius, LeafCheck&& leaf_ok) {
    const std::size_t p = center_.size();
    const json& root = field(section, "root", where);
    std::vector<double> lo(p), hi(p);
    read_box(root, where + "/root", lo, hi);
    for (std::size_t i = 0; i < p; ++i) {
      if (!(lo[i] <= Tr::lower_bound(center_[i] - radius) && Tr::upper_bound(center_[i] + radius) <= hi[i]))
        reject(where + "/root", "the root box does not contain the ball");
    }
    const json& nodes = field(section, "tree", where);
    if (!nodes.is_array()) malformed(where + "/tree", "the tree must be a list of nodes");
    std::size_t next = 0;
    replay(nodes, where + "/tree/", next, lo, hi, radius, leaf_ok);
    if (next != nodes.size())
      reject(where + "/tree/" + std::to_string(next), "nodes left over after the cover is complete");
  }

  void read_box(const json& box, const std::string& where, std::vector<double>& lo, std::vector<double>& hi) {
    if (!box.is_array() || box.size() != lo.size()) malformed(where, "a box needs one [lo, hi] pair per variable");
    for (std::size_t i = 0; i < lo.size(); ++i) {
      if (!box[i].is_array() || box[i].size() != 2) malformed(where, "a box needs [lo, hi] pairs");
      lo[i] = exact_double(box[i][0], where);
      hi[i] = exact_double(box[i][1], where);
      if (!(lo[i] <= hi[i])) malformed(where, "empty box side");
    }
  }

  // Pre-order walk with an explicit stack (a hostile file may nest splits arbitrarily deep):
  // each box is either split (its halves follow, left first), outside the ball, or a leaf.
  template <class LeafCheck>
  void replay(const json& nodes, const std::string& where, std::size_t& next, const std::vector<double>& root_lo,
              const std::vector<double>& root_hi, const T& radius, LeafCheck& leaf_ok) {
    std::vector<std::pair<std::vector<double>, std::vector<double>>> pending = {{root_lo, root_hi}};
    while (!pending.empty()) {
      auto [lo, hi] = std::move(pending.back());
      pending.pop_back();
      const std::string here = where + std::to_string(next);
      if (next >= nodes.size()) reject(here, "the tree ends before the ball is covered: a box is missing");
      const json& node = nodes[next++];
      if (!node.is_object()) malformed(here, "a tree node is an object");
      if (node.contains("split")) {
        const json& s = node["split"];
        const std::string split_rule = "split must be [axis, \"at\"] with 0 <= axis < number of variables";
        if (!s.is_array() || s.size() != 2) malformed(here, split_rule);
        std::size_t axis = static_cast<std::size_t>(integer_in(s[0], 0, static_cast<long long>(lo.size()) - 1, here, split_rule));
        double at = exact_double(s[1], here);
        if (!(lo[axis] < at && at < hi[axis])) reject(here, "split point outside its box");
        std::vector<double> left_hi = hi, right_lo = lo;
        left_hi[axis] = at, right_lo[axis] = at;
        pending.emplace_back(std::move(right_lo), hi);
        pending.emplace_back(lo, std::move(left_hi));
        continue;
      }
      std::vector<double> blo(lo.size()), bhi(lo.size());
      read_box(field(node, "box", here), here + "/box", blo, bhi);
      if (blo != lo || bhi != hi) reject(here, "box does not match the cover (moved or changed)");
      std::vector<T> X;
      for (std::size_t i = 0; i < lo.size(); ++i) X.push_back(T(lo[i], hi[i]));
      ++boxes_;
      if (node.contains("outside") && !node["outside"].is_boolean()) malformed(here + "/outside", "outside must be true or false");
      if (node.value("outside", false)) {
        if (!misses_ball(X, radius)) reject(here, "box marked outside does not provably miss the ball");
      } else if (!leaf_ok(X)) {
        reject(here, "the bound on this box does not reach the claim");
      }
    }
  }

  bool misses_ball(const std::vector<T>& X, const T& radius) {
    T d(0.0);
    for (std::size_t i = 0; i < X.size(); ++i) d += sqr(T(mig(X[i] - center_[i])));
    return is_true(less(sqr(radius), d));
  }

  // --- per-box bounds -----------------------------------------------------------------------
  // Enclosures of the outputs' values and gradients over X: natural extension intersected with
  // the mean-value form around the box midpoint.
  struct Enclosed {
    std::vector<T> value;
    std::vector<std::vector<T>> gradient;
  };
  std::optional<Enclosed> enclose(const Program& prog, const std::vector<T>& X) {
    const std::size_t p = X.size(), n = prog.num_outputs();
    std::vector<T> m, dx;
    for (const auto& x : X) m.push_back(T(Tr::midpoint(x)));
    for (std::size_t i = 0; i < p; ++i) dx.push_back(X[i] - m[i]);
    Evaluator<T> ev(prog);
    if (!is_true(ev.evaluate(m, Order::Gradient))) return std::nullopt;
    Enclosed mid{{}, std::vector<std::vector<T>>(n)};
    for (std::size_t k = 0; k < n; ++k) {
      mid.value.push_back(ev.value(k));
      auto g = ev.gradient(k);
      mid.gradient[k].assign(g.begin(), g.end());
    }
    if (!is_true(ev.evaluate(X, Order::Hessian))) return std::nullopt;
    Enclosed out{{}, std::vector<std::vector<T>>(n)};
    for (std::size_t k = 0; k < n; ++k) {
      std::vector<T> g = mid.gradient[k];
      for (const auto& h : ev.hessian(k)) {
        g[h.i] += h.value * dx[h.j];
        if (h.i != h.j) g[h.j] += h.value * dx[h.i];
      }
      auto gx = ev.gradient(k);
      T v = mid.value[k];
      for (std::size_t i = 0; i < p; ++i) {
        g[i] = intersect(g[i], gx[i]);
        if (g[i].is_empty()) return std::nullopt;
        v += g[i] * dx[i];
      }
      v = intersect(v, ev.value(k));
      if (v.is_empty()) return std::nullopt;
      out.value.push_back(v);
      out.gradient[k] = std::move(g);
    }
    return out;
  }

  // |grad f|^2 / f >= 4c lambda_min(J J^T) >= A: prove J J^T - (A / 4c) I positive definite.
  bool gram_on(const std::vector<T>& X) {
    if (!residuals_ || residuals_->num_outputs() > X.size()) return false;
    auto e = enclose(*residuals_, X);
    return e && gram_at_least(e->gradient, A_ / (T(4.0) * c_));
  }
  bool gram_at_least(const std::vector<std::vector<T>>& J, const T& s) {
    const std::size_t n = J.size();
    std::vector<T> G(n * n);
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = i; j < n; ++j) {
        T acc(0.0);
        for (std::size_t k = 0; k < J[i].size(); ++k) acc += i == j ? sqr(J[i][k]) : J[i][k] * J[j][k];
        G[i * n + j] = G[j * n + i] = acc;
      }
    for (std::size_t i = 0; i < n; ++i) G[i * n + i] -= T(Tr::upper_bound(s));
    return interval_cholesky_positive_definite(G, n);
  }
  bool quotient_on(const std::vector<T>& X) {
    auto e = enclose(*f_, X);
    if (!e || !is_true(certainly_positive(e->value[0]))) return false;
    T g_sq(0.0);
    for (const auto& g : e->gradient[0]) g_sq += sqr(g);
    return is_true(less_equal(A_, g_sq / e->value[0]));
  }
  bool nonnegative_on(const std::vector<T>& X) {
    auto e = enclose(*f_, X);
    return e && is_true(certainly_nonnegative(e->value[0]));
  }
  bool positive_on(const Program& g, const std::vector<T>& X) {
    auto e = enclose(g, X);
    return e && is_true(certainly_positive(e->value[0]));
  }

  // sigma_min(J(x)) >= sigma_c - |x - c| K on the ball, K^2 >= sum_i sup ||Hess r_i||_F^2.
  void check_perturbation(const json& e) {
    if (!residuals_ || residuals_->num_outputs() > center_.size())
      reject("/evidence/method", "the perturbation bound needs a residual form with no more residuals than variables");
    T sigma = Tr::from_number(number(field(e, "sigma_center_lower", "/evidence"), "/evidence/sigma_center_lower"));
    T K = Tr::from_number(number(field(e, "hessian_k_upper", "/evidence"), "/evidence/hessian_k_upper"));
    // K bounds a norm: a negative K would pass k^2 <= K^2 and then enlarge sigma - r K.
    if (!is_true(certainly_nonnegative(K))) malformed("/evidence/hessian_k_upper", "hessian_k_upper must be >= 0");
    Evaluator<T> ev(*residuals_);
    const std::size_t n = residuals_->num_outputs();
    if (!is_true(ev.evaluate(center_, Order::Gradient))) reject("/problem/center", "residuals undefined at the centre");
    std::vector<std::vector<T>> J(n);
    for (std::size_t k = 0; k < n; ++k) J[k].assign(ev.gradient(k).begin(), ev.gradient(k).end());
    if (!is_true(certainly_nonnegative(sigma)) || !gram_at_least(J, sqr(sigma)))
      reject("/evidence/sigma_center_lower", "lambda_min(J J^T) at the centre is not proved >= sigma^2");
    std::vector<T> X;
    for (const auto& c : center_) X.push_back(hull(c - radius_, c + radius_));
    if (!is_true(ev.evaluate(X, Order::Hessian)))
      reject("/evidence/hessian_k_upper", "residuals not proved twice differentiable on the ball");
    // ||H||_2 <= min(Frobenius norm, largest absolute row sum) for a symmetric H.
    T k_sq(0.0);
    for (std::size_t k = 0; k < n; ++k) {
      T frob_sq(0.0);
      std::vector<T> rows(center_.size(), T(0.0));
      for (const auto& h : ev.hessian(k)) {
        T a = abs(h.value);
        frob_sq += (h.i == h.j ? T(1.0) : T(2.0)) * sqr(a);
        rows[h.i] += a;
        if (h.i != h.j) rows[h.j] += a;
      }
      T row_max(0.0);
      for (const auto& r : rows) row_max = max(row_max, r);
      k_sq += min(frob_sq, sqr(row_max));
    }
    if (!is_true(less_equal(k_sq, sqr(K))))
      reject("/evidence/hessian_k_upper", "sum of squared residual Hessian norms exceeds K^2");
    T margin = sigma - radius_ * K;
    if (!is_true(certainly_positive(margin)) || !is_true(less_equal(A_, T(4.0) * c_ * sqr(margin))))
      reject("/claim/alpha_lower", "4c (sigma - r K)^2 does not reach the claimed alpha");
  }

  const json& cert_;
  std::optional<Program> f_, residuals_;
  Program weights_;  // f = h * (sum of squares): outputs h_k (none otherwise)
  ExactNumber scale_;
  std::vector<T> center_;
  T radius_, c_, F_, A_;
  std::size_t boxes_ = 0;
};

}  // namespace

VerifyResult verify_certificate(const json& cert) {
  const auto start = std::chrono::steady_clock::now();
  VerifyResult out;
  try {
    if (!cert.is_object()) malformed("", "a certificate is a JSON object");
    if (text(cert, "format", "") != kCertificateFormat) malformed("/format", "not a gdcert certificate");
    integer_in(field(cert, "version", ""), kCertificateVersion, kCertificateVersion, "/version",
               "unsupported certificate version (this checker reads version 1)");
    if (text(cert, "criterion", "") != "chatterjee") malformed("/criterion", "only chatterjee certificates exist");
    const std::optional<unsigned> precision = precision_from_json(field(cert, "precision", ""));
    if (!precision)
      malformed("/precision", "precision must be an integer number of bits in [" + std::to_string(kMinPrecisionBits) +
                                  ", " + std::to_string(kMaxPrecisionBits) + "]");
    const unsigned bits = *precision;
    if (bits == 53) {
      out.boxes_checked = Checker<Interval>(cert).run();
    } else {
      PrecisionScope scope(bits);
      out.boxes_checked = Checker<MpInterval>(cert).run();
    }
    out.status = VerifyResult::Status::Verified;
  } catch (const Failure& f) {
    out.status = f.status, out.location = f.location, out.reason = f.reason;
  } catch (const json::exception& e) {
    out.status = VerifyResult::Status::Malformed, out.reason = e.what();
  }
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

}  // namespace gdcert
