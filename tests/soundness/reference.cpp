#include "reference.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>
#include <random>
#include <stdexcept>

#include "arith/rounding.hpp"
#include "arith/with_precision.hpp"

namespace gdcert::redteam {
namespace {

using M = MpInterval;

M num(const char* t) { return M::from_decimal(t); }
M sq(const M& x) { return sqr(x); }
M norm_sq(const MpVec& x) {
  M s(0.0);
  for (const auto& v : x) s += sqr(v);
  return s;
}
M dist_to_origin_minus(const MpVec& c, const M& r) {  // max(0, |c| - r)
  return max(M(0.0), sqrt(norm_sq(c)) - r);
}
MpVec scaled(const MpVec& v, const M& s) {
  MpVec out;
  for (const auto& x : v) out.push_back(x * s);
  return out;
}

Family make_family(std::string name, std::string kind, std::string text, std::vector<std::string> vars,
                   std::string scale = "1") {
  Family f;
  f.name = std::move(name), f.kind = std::move(kind), f.text = std::move(text);
  f.vars = std::move(vars), f.scale = std::move(scale);
  return f;
}

// One-variable residual (x^k - a) scaled by c: f = c (x^k - a)^2, ratio 4 c k^2 x^(2k-2).
Family power_family(std::string name, int k, const char* a, const char* c) {
  Family f;
  f.name = std::move(name);
  f.kind = "residuals";
  f.text = "x^" + std::to_string(k) + " - " + a;
  f.vars = {"x"};
  f.scale = c;
  std::string as = a, cs = c;
  f.f = [k, as, cs](const MpVec& x) { return M::from_decimal(cs) * sqr(pown(x[0], k) - M::from_decimal(as)); };
  f.grad = [k, as, cs](const MpVec& x) {
    return MpVec{M::from_decimal(cs) * M(2.0) * (pown(x[0], k) - M::from_decimal(as)) * M(double(k)) *
                 pown(x[0], k - 1)};
  };
  f.alpha = [k, cs](const MpVec& c0, const M& r) -> std::optional<M> {
    M d = dist_to_origin_minus(c0, r);
    return M(4.0 * k * k) * M::from_decimal(cs) * pown(d, 2 * k - 2);
  };
  return f;
}

std::vector<Family> make_families() {
  std::vector<Family> v;
  {
    Family f = make_family("xy", "expr", "(x*y-1)^2", {"x", "y"});
    f.f = [](const MpVec& x) { return sq(x[0] * x[1] - M(1.0)); };
    f.grad = [](const MpVec& x) {
      M r = M(2.0) * (x[0] * x[1] - M(1.0));
      return MpVec{r * x[1], r * x[0]};
    };
    f.alpha = [](const MpVec& c, const M& r) -> std::optional<M> { return M(4.0) * sq(dist_to_origin_minus(c, r)); };
    v.push_back(f);
  }
  {
    Family f = make_family("circle", "expr", "(x^2+y^2-1)^2", {"x", "y"});
    f.f = [](const MpVec& x) { return sq(norm_sq(x) - M(1.0)); };
    f.grad = [](const MpVec& x) { return scaled(x, M(4.0) * (norm_sq(x) - M(1.0))); };
    f.alpha = [](const MpVec& c, const M& r) -> std::optional<M> { return M(16.0) * sq(dist_to_origin_minus(c, r)); };
    v.push_back(f);
  }
  v.push_back(power_family("cubic", 3, "2", "1"));
  v.push_back(power_family("quad_scaled", 2, "0.3", "0.1"));
  v.push_back(power_family("quartic_hex", 4, "0x1.8p+0", "3"));
  v.push_back(power_family("linear", 1, "0.1", "7"));
  {
    Family f = make_family("exp", "expr", "(exp(x)-2)^2", {"x"});
    f.f = [](const MpVec& x) { return sq(exp(x[0]) - M(2.0)); };
    f.grad = [](const MpVec& x) { return MpVec{M(2.0) * (exp(x[0]) - M(2.0)) * exp(x[0])}; };
    f.alpha = [](const MpVec& c, const M& r) -> std::optional<M> { return M(4.0) * exp(M(2.0) * (c[0] - r)); };
    v.push_back(f);
  }
  {
    Family f = make_family("tanh", "expr", "(tanh(x)-0.5)^2", {"x"});
    f.f = [](const MpVec& x) { return sq(tanh(x[0]) - num("0.5")); };
    f.grad = [](const MpVec& x) {
      return MpVec{M(2.0) * (tanh(x[0]) - num("0.5")) * (M(1.0) - sq(tanh(x[0])))};
    };
    f.alpha = [](const MpVec& c, const M& r) -> std::optional<M> {
      return M(4.0) * sq(M(1.0) - sq(tanh(abs(c[0]) + r)));
    };
    v.push_back(f);
  }
  {
    Family f = make_family("sin", "expr", "sin(x)^2", {"x"});
    f.f = [](const MpVec& x) { return sq(sin(x[0])); };
    f.grad = [](const MpVec& x) { return MpVec{M(2.0) * sin(x[0]) * cos(x[0])}; };
    // cos^2 on [x0 - r, x0 + r]: 0 when the interval reaches a zero of cos, else the smaller
    // end value. Only decided for intervals inside (pi/2, 3 pi/2).
    f.alpha = [](const MpVec& c, const M& r) -> std::optional<M> {
      M pi = M::pi(), half = pi / M(2.0);
      M a = c[0] - r, b = c[0] + r;
      if (is_true(less_equal(a, half)) || is_true(less_equal(pi + half, b))) return M(0.0);
      if (!is_true(less(half, a)) || !is_true(less(b, pi + half))) return std::nullopt;
      return M(4.0) * min(sq(cos(a)), sq(cos(b)));
    };
    v.push_back(f);
  }
  {
    Family f = make_family("atan", "expr", "(atan(x)-1)^2", {"x"});
    f.f = [](const MpVec& x) { return sq(atan(x[0]) - M(1.0)); };
    f.grad = [](const MpVec& x) { return MpVec{M(2.0) * (atan(x[0]) - M(1.0)) / (M(1.0) + sq(x[0]))}; };
    f.alpha = [](const MpVec& c, const M& r) -> std::optional<M> {
      return M(4.0) / sq(M(1.0) + sq(abs(c[0]) + r));
    };
    v.push_back(f);
  }
  {  // Not written as squares: the quotient bound and the f >= 0 proof on B(x0, 2r) carry it.
    Family f = make_family("poly_nonsos", "expr", "x^2 - 2*x + 1", {"x"});
    f.f = [](const MpVec& x) { return sq(x[0] - M(1.0)); };
    f.grad = [](const MpVec& x) { return MpVec{M(2.0) * (x[0] - M(1.0))}; };
    f.alpha = [](const MpVec&, const M&) -> std::optional<M> { return M(4.0); };
    v.push_back(f);
  }
  {
    Family f = make_family("quartic_nonsos", "expr", "x^4 - 2*x^2 + 1", {"x"});
    f.f = [](const MpVec& x) { return sq(sq(x[0]) - M(1.0)); };
    f.grad = [](const MpVec& x) { return MpVec{M(4.0) * x[0] * (sq(x[0]) - M(1.0))}; };
    f.alpha = [](const MpVec& c, const M& r) -> std::optional<M> { return M(16.0) * sq(dist_to_origin_minus(c, r)); };
    v.push_back(f);
  }
  {  // Negative between its zeros 1 +- sqrt(0.1): alpha is negative when the ball meets that part.
    Family f = make_family("indefinite", "expr", "x^2 - 2*x + 0.9", {"x"});
    f.f = [](const MpVec& x) { return sq(x[0]) - M(2.0) * x[0] + num("0.9"); };
    f.grad = [](const MpVec& x) { return MpVec{M(2.0) * x[0] - M(2.0)}; };
    v.push_back(f);
  }
  {  // No zero anywhere: nothing may ever be certified (the criterion implies a zero).
    Family f = make_family("nozero", "expr", "(x^2+1)^2", {"x"});
    f.f = [](const MpVec& x) { return sq(sq(x[0]) + M(1.0)); };
    f.grad = [](const MpVec& x) { return MpVec{M(4.0) * x[0] * (sq(x[0]) + M(1.0))}; };
    f.alpha = [](const MpVec& c, const M& r) -> std::optional<M> { return M(16.0) * sq(dist_to_origin_minus(c, r)); };
    v.push_back(f);
  }
  {  // Two separable residuals: the Gram bound, brute-force reference.
    Family f = make_family("sep2", "residuals", "x^2 - 2; y^2 - 3", {"x", "y"}, "0.25");
    f.f = [](const MpVec& x) { return num("0.25") * (sq(sq(x[0]) - M(2.0)) + sq(sq(x[1]) - M(3.0))); };
    f.grad = [](const MpVec& x) {
      return MpVec{num("0.25") * M(4.0) * x[0] * (sq(x[0]) - M(2.0)), num("0.25") * M(4.0) * x[1] * (sq(x[1]) - M(3.0))};
    };
    v.push_back(f);
  }
  {  // More residuals than variables and no common zero: f >= 1/8 everywhere.
    Family f = make_family("overdetermined", "residuals", "x - 1; x - 1.5; y", {"x", "y"});
    f.f = [](const MpVec& x) { return sq(x[0] - M(1.0)) + sq(x[0] - num("1.5")) + sq(x[1]); };
    f.grad = [](const MpVec& x) { return MpVec{M(2.0) * (M(2.0) * x[0] - num("2.5")), M(2.0) * x[1]}; };
    v.push_back(f);
  }
  {  // Rank-deficient at the zero set's crossing: Powell-like singular zero (x^2 and y^2).
    Family f = make_family("singular", "residuals", "x^2; y^2 - x^2", {"x", "y"});
    f.f = [](const MpVec& x) { return sq(sq(x[0])) + sq(sq(x[1]) - sq(x[0])); };
    f.grad = [](const MpVec& x) {
      M a = sq(x[0]), b = sq(x[1]) - sq(x[0]);
      return MpVec{M(4.0) * x[0] * a - M(4.0) * x[0] * b, M(4.0) * x[1] * b};
    };
    v.push_back(f);
  }
  return v;
}

M ratio_at(const Family& fam, const MpVec& x, bool* nonzero) {
  M fx = fam.f(x);
  *nonzero = is_true(certainly_positive(fx)) || is_true(less(fx, M(0.0)));
  return norm_sq(fam.grad(x)) / fx;
}

MpVec mp_center(const std::vector<std::string>& c) {
  MpVec v;
  for (const auto& t : c) v.push_back(mp_number(t));
  return v;
}

bool inside_ball(const MpVec& x, const MpVec& c, const M& r) {
  M d(0.0);
  for (std::size_t i = 0; i < x.size(); ++i) d += sqr(x[i] - c[i]);
  return is_true(less_equal(d, sqr(r)));
}

// Smallest upper bound of the ratio over brute-force points of the ball (an upper bound of
// alpha); +inf when no point qualified.
M sampled_alpha_upper(const Family& fam, const MpVec& c, const M& r, std::size_t n_points) {
  const std::size_t p = c.size();
  M best = M::entire();
  bool have = false;
  std::mt19937_64 rng(12345);
  std::normal_distribution<double> gauss;
  std::uniform_real_distribution<double> unif(0.0, 1.0);
  auto consider = [&](const MpVec& x) {
    if (!inside_ball(x, c, r)) return;
    bool nonzero = false;
    M q = ratio_at(fam, x, &nonzero);
    if (!nonzero) return;
    if (!have || is_true(less(q, best))) best = q, have = true;
  };
  M shrink = M(1.0) - M(0x1p-100);
  for (std::size_t s = 0; s < n_points; ++s) {
    std::vector<double> dir(p);
    double len = 0;
    for (auto& d : dir) d = gauss(rng), len += d * d;
    len = std::sqrt(len);
    // Half the points on the sphere (where the extremes of these families sit), half inside.
    double t = s % 2 == 0 ? 1.0 : std::pow(unif(rng), 1.0 / double(p));
    if (p == 1) dir[0] = s % 4 < 2 ? 1.0 : -1.0, len = 1.0, t = s < 4 ? 1.0 : double(s) / double(n_points);
    MpVec x;
    for (std::size_t i = 0; i < p; ++i) x.push_back(c[i] + r * shrink * M(t * dir[i] / len));
    consider(x);
  }
  consider(c);
  return have ? best : M(INFINITY);
}

}  // namespace

const std::vector<Family>& families() {
  static const std::vector<Family> v = [] {
    PrecisionScope scope(kRefBits);
    return make_families();
  }();
  return v;
}

const Family& family(const std::string& name) { return named(families(), name); }

Objective objective_of(const Family& fam) {
  if (fam.kind == "residuals") return Objective::from_residuals(fam.text, fam.vars, parse_number(fam.scale));
  return Objective::from_expression(fam.text, fam.vars);
}

Tally& tally() {
  static Tally t;
  return t;
}

ChatterjeeOptions small_options() {
  ChatterjeeOptions o;
  o.budget.seconds = 0.5;
  o.budget.boxes = 400;
  o.sampling.samples = 200;
  o.sampling.starts = 2;
  o.sampling.local_steps = 30;
  return o;
}

namespace {
std::vector<ExactNumber> exact_center(const Case& c) {
  std::vector<ExactNumber> v;
  for (const auto& t : c.center) v.push_back(parse_number(t));
  return v;
}
}  // namespace

ChatterjeeResult run_case_interval(const Case& c, const ChatterjeeOptions& o) {
  return check_chatterjee(objective_of(*c.fam), exact_center(c), parse_number(c.radius), o);
}

ChatterjeeResult run_case_mp(const Case& c, const ChatterjeeOptions& o, unsigned bits) {
  PrecisionScope scope(bits);
  return check_chatterjee(objective_of(*c.fam), exact_center(c), parse_number(c.radius),
                          at_precision_of<MpInterval>(o));
}

MpInterval mp_number(const std::string& text) {
  PrecisionScope scope(kRefBits);
  return M::from_decimal(text);
}

bool double_le_mp(double v, const MpInterval& x) {
  if (std::isnan(v)) return false;
  if (v == -INFINITY) return true;
  if (v == INFINITY) return false;
  return is_true(less_equal(M(v), x));
}
bool mp_le_double(const MpInterval& x, double v) {
  if (std::isnan(v)) return false;
  if (v == INFINITY) return true;
  if (v == -INFINITY) return false;
  return is_true(less_equal(x, M(v)));
}

void check_against_reference(const Case& c, const ChatterjeeResult& r) {
  PrecisionScope scope(kRefBits);
  const Family& fam = *c.fam;
  std::string label = fam.name + " @ (";
  for (const auto& t : c.center) label += t + " ";
  label += ") r = " + c.radius + " [" + to_string(r.verdict) + ", " + std::to_string(r.precision) + " bits]";
  CAPTURE(label);
  CAPTURE(r.reason);
  Tally& t = tally();
  ++t.cases;
  t.certified += r.verdict == Verdict::Certified;
  t.refuted += r.verdict == Verdict::Refuted;
  t.inconclusive += r.verdict == Verdict::Inconclusive;

  const MpVec x0 = mp_center(c.center);
  const M rad = mp_number(c.radius);
  const M f0 = fam.f(x0);
  const M four_f0 = M(4.0) * f0;
  const M r_sq = sqr(rad);

  // f_center encloses the exact f(x0).
  if (!f0.is_empty()) {
    CHECK_MESSAGE(double_le_mp(r.f_center.lower(), f0), "f_center.lower above the exact f(x0): " << f0);
    CHECK_MESSAGE(mp_le_double(f0, r.f_center.upper()), "f_center.upper below the exact f(x0): " << f0);
  }

  // Upper references for alpha: the closed form (when decided) and brute-force sampling.
  std::optional<M> exact;
  if (fam.alpha) exact = fam.alpha(x0, rad);
  if (exact) ++t.closed_form;
  M sampled = sampled_alpha_upper(fam, x0, rad, c.center.size() == 1 ? 400 : 600);
  auto alpha_upper_refs = [&] {
    std::vector<M> v{sampled};
    if (exact) v.push_back(*exact);
    return v;
  }();

  for (const M& a : alpha_upper_refs) {
    const bool alpha_ok = !is_true(less(a, M(r.alpha_lower)));
    const bool margin_ok = !std::isfinite(r.margin_lower) || !is_true(less(r_sq * a - four_f0, M(r.margin_lower)));
    if (is_true(less(a, M(0.0))) && r.verdict != Verdict::Certified) {
      // Known bug: for an f that is negative in the ball (alpha < 0) the uncertified report
      // still says alpha >= 0 and a margin from it.
      if (!alpha_ok || !margin_ok) {
        ++t.indefinite_alpha_violations;
        if (t.indefinite_example.empty()) t.indefinite_example = label;
      }
      continue;
    }
    // alpha_lower <= alpha (exact) and <= every sampled ratio.
    CHECK_MESSAGE(alpha_ok, "alpha_lower " << r.alpha_lower << " exceeds a reference upper bound of alpha " << a);
    // margin_lower <= r^2 alpha - 4 f(x0)
    CHECK_MESSAGE(margin_ok, "margin_lower " << r.margin_lower << " exceeds r^2 alpha - 4 f0 <= " << (r_sq * a - four_f0));
    // Certified only if 4 f(x0) < r^2 alpha.
    if (r.verdict == Verdict::Certified)
      CHECK_MESSAGE(!is_true(less_equal(r_sq * a, four_f0)),
                    "CERTIFIED although r^2 alpha <= " << (r_sq * a) << " <= 4 f0 = " << four_f0);
  }
  if (exact) {
    // alpha_upper >= alpha
    CHECK_MESSAGE(!is_true(less(M(r.alpha_upper), *exact)),
                  "alpha_upper " << r.alpha_upper << " below the exact alpha " << *exact);
    if (r.verdict == Verdict::Refuted)
      CHECK_MESSAGE(!is_true(less(four_f0, r_sq * *exact)), "REFUTED although the criterion holds exactly");
  }

  if (r.verdict == Verdict::Refuted) {
    REQUIRE(r.witness.has_value());
    MpVec w;
    for (double v : r.witness->point) w.push_back(M(v));
    CHECK_MESSAGE(inside_ball(w, x0, rad), "witness not proved inside the ball");
    bool nonzero = false;
    M q = ratio_at(fam, w, &nonzero);
    CHECK(nonzero);
    CHECK_MESSAGE(!is_true(less(four_f0, r_sq * q)), "witness ratio " << q << " satisfies the criterion");
    CHECK_MESSAGE(double_le_mp(r.witness->ratio.lower(), q), "witness ratio enclosure misses the exact ratio " << q);
    CHECK_MESSAGE(mp_le_double(q, r.witness->ratio.upper()), "witness ratio enclosure misses the exact ratio " << q);
  }

  if (r.verdict != Verdict::Certified || !r.gd) return;
  const GdParameters& gd = *r.gd;
  const std::size_t p = c.center.size();
  CAPTURE(gd.step);
  CAPTURE(gd.eps);
  CAPTURE(gd.rate);
  CAPTURE(gd.iterations);
  // The arithmetic of Theorem 2.2, checked exactly on the reported numbers.
  const M step(gd.step), eps(gd.eps), A(r.alpha_lower), P{static_cast<double>(p)};
  CHECK(gd.step > 0);
  CHECK(gd.eps > 0);
  CHECK(gd.eps < 1);
  // The step limits of the variant used: Theorem 2.2's (entrywise L1, L2) or the dimension-free
  // one (G >= sup |grad f| on B(x0, r), H >= sup ||Hess f||_2 on B(x0, 2r); gd_parameters.hpp).
  if (gd.variant == "spectral") {
    CHECK_MESSAGE(is_true(less_equal(step * M(gd.G), rad)), "step > r / G");
    if (!is_true(less_equal(step * M(gd.H), M(2.0) * eps))) {
      ++t.step_6eps_violations;
      if (t.step_6eps_example.empty()) t.step_6eps_example = label;
    }
    M g2(0.0);
    for (const auto& g : fam.grad(x0)) g2 += sqr(g);
    CHECK_MESSAGE(mp_le_double(sqrt(g2), gd.G), "|grad f(x0)| > G");
  } else {
    CHECK(gd.variant == "entrywise");
    CHECK_MESSAGE(is_true(less_equal(step * M(gd.L1) * sqrt(P), rad)), "step > r / (L1 sqrt p)");
    // Step limit 2 eps / (L2 p) (the paper's 6 is corrected in gd_parameters.cpp).
    if (!is_true(less_equal(step * M(gd.L2) * P, M(2.0) * eps))) {
      ++t.step_6eps_violations;
      if (t.step_6eps_example.empty()) t.step_6eps_example = label;
    }
  }
  CHECK_MESSAGE(is_true(less(M(4.0) * M(r.f_center.upper()), sqr(M(1.0) - eps) * r_sq * A)),
                "4 f(x0) < (1 - eps)^2 r^2 alpha does not hold");
  CHECK_MESSAGE(is_true(less_equal(M(gd.delta), (M(1.0) - eps) * A * step)), "delta too large");
  CHECK(gd.delta <= 1.0);
  CHECK_MESSAGE(is_true(less_equal(M(1.0) - M(gd.delta), M(gd.rate))), "rate below 1 - delta");
  if (gd.iterations > 0 && gd.rate > 0 && gd.rate < 1)
    CHECK_MESSAGE(is_true(less_equal(exp(M(double(gd.iterations)) * log(M(gd.rate))), M(gd.tol))),
                  "rate^iterations > tol");

  // L1 bounds every gradient component seen by the brute-force sampler at the centre and
  // along the axes, and gradient descent with the step behaves as Theorem 2.2 says.
  for (const auto& g : fam.grad(x0)) CHECK(mp_le_double(abs(g), gd.L1));
  ++t.gd_runs;
  MpVec x = x0;
  M bound = f0;
  const M rate(gd.rate);
  const std::size_t steps = std::min<unsigned long long>(gd.iterations ? gd.iterations : 200, 300);
  for (std::size_t k = 1; k <= steps; ++k) {
    MpVec g = fam.grad(x);
    for (std::size_t i = 0; i < p; ++i) {
      CHECK_MESSAGE(mp_le_double(abs(g[i]), gd.L1), "|d_i f(x_k)| > L1 at k = " << k);
      x[i] = x[i] - step * g[i];
    }
    bound = bound * rate;
    const M fk = fam.f(x);
    if (!inside_ball(x, x0, rad)) {
      M d(0.0);
      for (std::size_t i = 0; i < p; ++i) d += sqr(x[i] - x0[i]);
      CHECK_MESSAGE(!is_true(less(r_sq, d)), "GD left the ball at k = " << k);
    }
    if (is_true(less(bound, fk))) {  // known bug: Theorem 2.2's rate as implemented is too optimistic
      ++t.gd_rate_violations;
      if (t.gd_rate_example.empty()) t.gd_rate_example = label;
      break;
    }
  }
}

std::vector<std::string> boundary_radii(const Family& fam, const std::vector<std::string>& center) {
  std::vector<std::string> out;
  if (!fam.alpha) return out;
  PrecisionScope scope(kRefBits);
  const MpVec x0 = mp_center(center);
  const M four_f0 = M(4.0) * fam.f(x0);
  double norm = 0;
  for (const auto& v : x0) norm += mid(v) * mid(v);
  norm = std::max(std::sqrt(norm), 1.0);
  // sign of r^2 alpha - 4 f0 at a double r: +1, -1, or 0 when undecided
  auto sign = [&](double r) {
    auto a = fam.alpha(x0, M(r));
    if (!a) return 0;
    M g = M(r) * M(r) * *a - four_f0;
    return is_true(certainly_positive(g)) ? 1 : (is_true(less(g, M(0.0))) ? -1 : 0);
  };
  double prev_r = norm * 1e-6;
  int prev = sign(prev_r);
  for (int k = 1; k <= 400; ++k) {
    double r = norm * 1e-6 * std::pow(4e6, k / 400.0);
    int s = sign(r);
    if (s != 0 && prev != 0 && s != prev) {
      double lo = prev_r, hi = r;
      for (int it = 0; it < 200 && next_up(lo) < hi; ++it) {
        double m = lo + (hi - lo) / 2;
        int sm = sign(m);
        if (sm == 0) break;
        (sm == prev ? lo : hi) = m;
      }
      for (double v : {next_down(lo), lo, hi, next_up(hi)}) {
        char buf[40];
        std::snprintf(buf, sizeof buf, "%a", v);
        out.push_back(buf);
      }
    }
    if (s != 0) prev = s, prev_r = r;
  }
  return out;
}

}  // namespace gdcert::redteam
