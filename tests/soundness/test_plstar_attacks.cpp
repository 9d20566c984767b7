// Red team for check_plstar: every bound and verdict against 256-bit closed forms written by
// hand (never gdcert's parser or evaluator) and brute-force points of the ball.
//
//   System s = ...;                         // r(w), its Jacobian, scale c, maybe inf lambda_min(K)
//   PlStarResult r = run(s, {"1.1", "-0.9"}, "0.3", opts);
//   attack(s, {"1.1", "-0.9"}, "0.3", r);   // bounds on the right side; if certified, GD in MPFR
//
// The shared ball sampling (ball_samples, mp_mid) is also used by test_proxy_attacks.cpp.
#include <doctest/doctest.h>

#include <mpfi.h>

#include <cmath>
#include <functional>
#include <optional>
#include <random>

#include "arith/with_precision.hpp"
#include "criteria/chatterjee.hpp"
#include "model/pl_system.hpp"
#include "criteria/plstar.hpp"
#include "reference.hpp"
#include "test_options.hpp"

namespace gdcert::redteam2 {

using namespace redteam;
using M = MpInterval;

M mp_mid(const M& x) {  // the midpoint as a thin interval (for GD runs: no interval blow-up)
  mpfr_t m;
  mpfr_init2(m, mpfi_get_prec(x.get()));
  mpfi_get_fr(m, x.get());
  mpfi_mid(m, x.get());
  M out;
  mpfi_set_fr(out.get(), m);
  mpfr_clear(m);
  return out;
}

M norm_sq(const MpVec& v) {
  M s(0.0);
  for (const auto& x : v) s += sqr(x);
  return s;
}

// Points proved (at 256 bits) inside B(c, r): the centre, uniform interior points, points at
// 1 - 1e-12 of the radius and along the axes (where the extremes of these systems sit).
std::vector<MpVec> ball_samples(const MpVec& c, const M& r, std::size_t count, unsigned seed) {
  const std::size_t p = c.size();
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> g;
  std::uniform_real_distribution<double> u(0, 1);
  std::vector<std::vector<double>> dirs;
  for (std::size_t i = 0; i < p; ++i)
    for (double sgn : {1.0, -1.0}) {
      std::vector<double> d(p, 0.0);
      d[i] = sgn;
      dirs.push_back(d);
    }
  while (dirs.size() < count) {
    std::vector<double> d(p);
    double n = 0;
    for (auto& x : d) x = g(rng), n += x * x;
    n = std::sqrt(n);
    double len = dirs.size() % 2 ? 1.0 : std::pow(u(rng), 1.0 / double(p));
    for (auto& x : d) x *= len / n;
    dirs.push_back(d);
  }
  std::vector<MpVec> out{c};
  const M shrink = M(1.0) - mp_number("1e-12");
  for (const auto& d : dirs) {
    MpVec w;
    for (std::size_t i = 0; i < p; ++i) w.push_back(c[i] + r * shrink * M(d[i]));
    M dist(0.0);
    for (std::size_t i = 0; i < p; ++i) dist += sqr(w[i] - c[i]);
    if (is_true(less_equal(dist, sqr(r)))) out.push_back(w);
  }
  return out;
}

namespace {

// A residual system r(w) with L = c |r|^2 = 1/2 |F - y|^2, K = 2c J J^T (n <= 2 here).
struct System {
  std::string name;
  std::vector<std::string> vars;
  std::function<PlSystem()> make;
  std::string c = "0.5";
  std::function<MpVec(const MpVec&)> r;
  std::function<std::vector<MpVec>(const MpVec&)> J;  // n rows of p
  // inf over B(w0, rad) of lambda_min(K), when known in closed form.
  std::function<std::optional<M>(const MpVec&, const M&)> inf_lambda;
};

// Eigenvalues of K = 2c J J^T (n = 1 or 2, closed form).
std::pair<M, M> kernel_eigs(const System& s, const MpVec& w) {
  auto J = s.J(w);
  const M two_c = M(2.0) * mp_number(s.c);
  auto dot = [](const MpVec& a, const MpVec& b) {
    M t(0.0);
    for (std::size_t i = 0; i < a.size(); ++i) t += a[i] * b[i];
    return t;
  };
  if (J.size() == 1) {
    M k = two_c * dot(J[0], J[0]);
    return {k, k};
  }
  M a = two_c * dot(J[0], J[0]), b = two_c * dot(J[0], J[1]), d = two_c * dot(J[1], J[1]);
  M h = (a + d) / M(2.0), q = sqrt(sqr((a - d) / M(2.0)) + sqr(b));
  return {h - q, h + q};
}

MpVec grad_L(const System& s, const MpVec& w) {  // 2c J^T r
  auto J = s.J(w);
  MpVec rv = s.r(w), g(w.size(), M(0.0));
  const M two_c = M(2.0) * mp_number(s.c);
  for (std::size_t i = 0; i < J.size(); ++i)
    for (std::size_t j = 0; j < w.size(); ++j) g[j] += two_c * J[i][j] * rv[i];
  return g;
}

M loss(const System& s, const MpVec& w) { return mp_number(s.c) * norm_sq(s.r(w)); }

MpVec center_of(const std::vector<std::string>& c) {
  MpVec v;
  for (const auto& t : c) v.push_back(mp_number(t));
  return v;
}

M pos(const M& x) { return max(x, M(0.0)); }
M sech2(const M& x) { return M(1.0) - sqr(tanh(x)); }

PlSystem targets(std::vector<std::string> F, std::vector<std::string> y, std::vector<std::string> v,
                 std::string map = "") {
  return pl_system_from_targets(F, y, v, map);
}

const std::vector<System>& systems() {
  static const std::vector<System> all = [] {
    std::vector<System> s;
    const std::vector<std::string> xy{"x", "y"};
    // Linear, decimal targets: lambda_min(A A^T) of A = [[2, 1], [1, -3]] (AA^T = [[5,-1],[-1,10]]).
    s.push_back({"linear 2x2", xy, [=] { return targets({"2*x + y", "x - 3*y"}, {"0.1", "-0.7"}, xy); }, "0.5",
                 [](const MpVec& w) {
                   return MpVec{M(2.0) * w[0] + w[1] - mp_number("0.1"), w[0] - M(3.0) * w[1] + mp_number("0.7")};
                 },
                 [](const MpVec&) { return std::vector<MpVec>{{M(2.0), M(1.0)}, {M(1.0), M(-3.0)}}; },
                 [](const MpVec&, const M&) -> std::optional<M> {
                   return M(7.5) - sqrt(M(6.25) + M(1.0));
                 }});
    // Under-determined, one equation: K = |(1, 2y)|^2 = 1 + 4 y^2.
    s.push_back({"x + y^2 = 0.3", xy, [=] { return targets({"x + y^2"}, {"0.3"}, xy); }, "0.5",
                 [](const MpVec& w) { return MpVec{w[0] + sqr(w[1]) - mp_number("0.3")}; },
                 [](const MpVec& w) { return std::vector<MpVec>{{M(1.0), M(2.0) * w[1]}}; },
                 [](const MpVec& c, const M& r) -> std::optional<M> {
                   return M(1.0) + M(4.0) * sqr(pos(abs(c[1]) - r));
                 }});
    // (x^2 - a, y^2 - b): K = diag(4x^2, 4y^2), inf at the point of the ball nearest an axis.
    s.push_back({"(x^2, y^2) = (1, 0.8)", xy, [=] { return targets({"x^2", "y^2"}, {"1", "0.8"}, xy); }, "0.5",
                 [](const MpVec& w) { return MpVec{sqr(w[0]) - M(1.0), sqr(w[1]) - mp_number("0.8")}; },
                 [](const MpVec& w) {
                   return std::vector<MpVec>{{M(2.0) * w[0], M(0.0)}, {M(0.0), M(2.0) * w[1]}};
                 },
                 [](const MpVec& c, const M& r) -> std::optional<M> {
                   return M(4.0) * min(sqr(pos(abs(c[0]) - r)), sqr(pos(abs(c[1]) - r)));
                 }});
    // Singular zero at the origin: x^2 + y^2 = 0, K = 4 |w|^2.
    s.push_back({"x^2 + y^2 = 0", xy, [=] { return targets({"x^2 + y^2"}, {"0"}, xy); }, "0.5",
                 [](const MpVec& w) { return MpVec{sqr(w[0]) + sqr(w[1])}; },
                 [](const MpVec& w) { return std::vector<MpVec>{{M(2.0) * w[0], M(2.0) * w[1]}}; },
                 [](const MpVec& c, const M& r) -> std::optional<M> {
                   return M(4.0) * sqr(pos(sqrt(norm_sq(c)) - r));
                 }});
    // x y = 1: K = x^2 + y^2, inf (|w0| - r)^2.
    s.push_back({"x y = 1", xy, [=] { return targets({"x*y"}, {"1"}, xy); }, "0.5",
                 [](const MpVec& w) { return MpVec{w[0] * w[1] - M(1.0)}; },
                 [](const MpVec& w) { return std::vector<MpVec>{{w[1], w[0]}}; },
                 [](const MpVec& c, const M& r) -> std::optional<M> { return sqr(pos(sqrt(norm_sq(c)) - r)); }});
    // tanh output map on F = w: K = diag(sech^4), inf at |w_i0| + r.
    s.push_back({"tanh(w) = (0.3, -0.2)", xy, [=] { return targets({"x", "y"}, {"0.3", "-0.2"}, xy, "tanh"); }, "0.5",
                 [](const MpVec& w) { return MpVec{tanh(w[0]) - mp_number("0.3"), tanh(w[1]) + mp_number("0.2")}; },
                 [](const MpVec& w) {
                   return std::vector<MpVec>{{sech2(w[0]), M(0.0)}, {M(0.0), sech2(w[1])}};
                 },
                 [](const MpVec& c, const M& r) -> std::optional<M> {
                   return min(sqr(sech2(abs(c[0]) + r)), sqr(sech2(abs(c[1]) + r)));
                 }});
    // sigmoid on (x + y, x - y): K = 2 diag(s'(u)^2, s'(v)^2), inf at |u0| + r sqrt 2.
    s.push_back({"sigmoid(x+y, x-y)", xy,
                 [=] { return targets({"x + y", "x - y"}, {"0.55", "0.4"}, xy, "sigmoid"); }, "0.5",
                 [](const MpVec& w) {
                   return MpVec{sigmoid(w[0] + w[1]) - mp_number("0.55"), sigmoid(w[0] - w[1]) - mp_number("0.4")};
                 },
                 [](const MpVec& w) {
                   M a = dsigmoid(w[0] + w[1]), b = dsigmoid(w[0] - w[1]);
                   return std::vector<MpVec>{{a, a}, {b, -b}};
                 },
                 [](const MpVec& c, const M& r) -> std::optional<M> {
                   M rr = r * sqrt(M(2.0));
                   return M(2.0) * min(sqr(dsigmoid(abs(c[0] + c[1]) + rr)), sqr(dsigmoid(abs(c[0] - c[1]) + rr)));
                 }});
    // Rosenbrock residuals with --scale 3 (K = 6 J J^T): no closed-form infimum, sampling only.
    s.push_back({"rosenbrock scale 3", xy,
                 [=] { return pl_system_from_residuals(Objective::from_residuals("10*(y - x^2); 1 - x", xy, parse_number("3"))); },
                 "3", [](const MpVec& w) { return MpVec{M(10.0) * (w[1] - sqr(w[0])), M(1.0) - w[0]}; },
                 [](const MpVec& w) {
                   return std::vector<MpVec>{{M(-20.0) * w[0], M(10.0)}, {M(-1.0), M(0.0)}};
                 },
                 nullptr});
    return s;
  }();
  return all;
}

const System& sys(const std::string& name) { return named(systems(), name); }

PlStarOptions small() { return test::budget_options<PlStarOptions>(0.3, 60, 20000); }

int g_certified = 0, g_gd_runs = 0, g_cases = 0;

// GD in MPFR from w0 with the reported step: L(w_t) <= rate^t L(w0) and |w_t - w0| <= R
// (Theorem 6); in eps mode L reaches < eps within the reported count, inside B(w0, R).
void run_gd(const System& s, const MpVec& c, const PlStarResult& r) {
  REQUIRE(r.step > 0);
  ++g_gd_runs;
  const M eta(r.step), L0 = loss(s, c), eps = r.eps ? M(*r.eps) : M(0.0);
  const unsigned long long cap = 400;
  const unsigned long long T = r.iterations ? std::min(*r.iterations, cap) : cap;
  const M slack = M(1.0) + mp_number("1e-40");
  MpVec w = c;
  M rate_t(1.0);
  bool reached_eps = false;
  for (unsigned long long t = 0; t <= T; ++t) {
    M L = loss(s, w);
    if (r.eps && is_true(less(L, eps))) {
      reached_eps = true;
      break;
    }
    M dist = sqrt(norm_sq([&] {
      MpVec d;
      for (std::size_t i = 0; i < w.size(); ++i) d.push_back(w[i] - c[i]);
      return d;
    }()));
    CHECK_MESSAGE(!is_true(less(M(r.R_required) * slack, dist)), "GD left B(w0, R) at t = " << t << ": |w_t - w0| = " << dist);
    CHECK_MESSAGE(!is_true(less(rate_t * L0 * slack + mp_number("1e-70"), L)),
                  "L(w_t) > rate^t L(w0) at t = " << t << ": L = " << L << ", rate^t L0 = " << rate_t * L0);
    if (!is_true(less_equal(L, rate_t * L0 * slack + mp_number("1e-70")))) break;  // one message is enough
    MpVec g = grad_L(s, w);
    for (std::size_t i = 0; i < w.size(); ++i) w[i] = mp_mid(w[i] - eta * g[i]);
    rate_t = rate_t * M(r.rate);
  }
  if (r.eps && r.iterations && *r.iterations <= cap) CHECK_MESSAGE(reached_eps, "PL*_eps: L >= eps after the reported iterations");
}

// Every claim of the result against the references.
void attack(const System& s, const std::vector<std::string>& center, const std::string& radius, const PlStarResult& r) {
  PrecisionScope scope(kRefBits);
  ++g_cases;
  CAPTURE(s.name);
  CAPTURE(radius);
  CAPTURE(r.reason);
  const MpVec c = center_of(center);
  const M rad = mp_number(radius);
  const M two_c = M(2.0) * mp_number(s.c);
  // |F(w0) - y| = sqrt(2c) |r(w0)|.
  const M res0 = sqrt(two_c * norm_sq(s.r(c)));
  CHECK(double_le_mp(r.residual_norm.lower(), res0));
  CHECK(mp_le_double(res0, r.residual_norm.upper()));
  // Closed-form infimum (when finite radius makes sense for a double).
  std::optional<M> inf = s.inf_lambda ? s.inf_lambda(c, rad) : std::nullopt;
  if (inf && !r.eps) {  // (eps mode bounds the PL* ratio where L >= eps, checked below)
    CHECK_MESSAGE(double_le_mp(r.mu_lower, *inf), "mu_lower above inf lambda_min(K) = " << *inf);
    CHECK_MESSAGE(mp_le_double(*inf, r.mu_upper), "mu_upper below inf lambda_min(K) = " << *inf);
  }
  // Brute force over the ball.
  M sampled_min = M(INFINITY);
  M LF_c = sqrt(kernel_eigs(s, c).second);  // ||DF(w0)||_2 <= L_F
  const bool huge = !(r.radius.nearest < 1e6);
  for (const MpVec& w : ball_samples(c, rad, huge ? 40 : 160, 7)) {
    auto [lmin, lmax] = kernel_eigs(s, w);
    if (lmin.is_empty()) continue;
    if (!r.eps) {
      // A proved violation only: at huge |w| the 256-bit reference itself straddles 0.
      CHECK_MESSAGE(!is_true(less(lmin, M(r.mu_lower))), "mu_lower above lambda_min(K(w)) = " << lmin);
    } else if (is_true(less_equal(M(*r.eps), loss(s, w))) && std::isfinite(r.mu_lower)) {
      M ratio = norm_sq(grad_L(s, w)) / (M(2.0) * loss(s, w));
      CHECK_MESSAGE(double_le_mp(r.mu_lower, ratio), "PL*_eps mu_lower above |grad L|^2 / 2L = " << ratio);
    }
    CHECK_MESSAGE(mp_le_double(sqrt(lmax), r.L_F), "L_F below ||DF(w)||_2 = " << sqrt(lmax));
    if (is_true(less(lmin, sampled_min))) sampled_min = lmin;
  }
  if (r.verdict == Verdict::Certified && !(r.eps && r.R_required == 0)) {
    ++g_certified;
    CHECK(r.mu_lower > 0);
    CHECK(double_le_mp(r.R_required, rad));
    if (!r.eps) {
      // The true R = 2 L_F |F0 - y| / mu is at least 2 ||DF(w0)|| |F0 - y| / (any lambda_min sample).
      M R_true_lower = M(2.0) * LF_c * res0 / (inf ? *inf : sampled_min);
      CHECK_MESSAGE(mp_le_double(R_true_lower, r.R_required), "R_required below the true R >= " << R_true_lower);
      CHECK(mp_le_double(M(r.step) * M(r.hessian_L), 1.0));
      CHECK(mp_le_double(M(r.step) * M(r.mu_lower), 1.0));
    }
    CHECK(r.rate < 1);
    // rate is an upper bound of 1 - eta mu (mu the one the verdict used).
    const double mu_used = r.claimed_mu ? r.claimed_mu.value() : r.mu_lower;
    CHECK(!is_true(less(M(r.rate), M(1.0) - M(r.step) * M(mu_used) * (M(1.0) + mp_number("1e-15")))));
    run_gd(s, c, r);
  }
}

}  // namespace

TEST_CASE("PL* attack: closed forms and brute force over centres and radii") {
  const std::vector<Sweep> runs = {
      {"linear 2x2", {"0.2", "-0.1"}, {"0.01", "0.5", "3", "1e-300", "1e300"}},
      {"x + y^2 = 0.3", {"0.25", "-0.2"}, {"0.01", "0.3", "1", "7"}},
      {"(x^2, y^2) = (1, 0.8)", {"1.02", "-0.9"}, {"0.01", "0.05", "0.3", "0.8", "0.95", "2"}},
      {"(x^2, y^2) = (1, 0.8)", {"-1", "-0.8944"}, {"0.001", "0.1", "1e-300"}},
      {"x^2 + y^2 = 0", {"0.3", "0.2"}, {"0.1", "0.36", "0.5", "1"}},
      {"x^2 + y^2 = 0", {"1e-8", "0"}, {"1e-9", "1e-7"}},
      {"x y = 1", {"1.01", "0.98"}, {"0.02", "0.1", "1", "1.4"}},
      {"x y = 1", {"-3", "-0.33"}, {"0.01", "0.2", "2.5"}},
      {"tanh(w) = (0.3, -0.2)", {"0.31", "-0.2"}, {"0.05", "0.5", "4", "30", "1e300"}},
      {"tanh(w) = (0.3, -0.2)", {"2", "-3"}, {"0.1", "5"}},
      {"sigmoid(x+y, x-y)", {"0.1", "-0.3"}, {"0.05", "0.4", "2", "40"}},
      {"rosenbrock scale 3", {"1.001", "0.999"}, {"0.001", "0.01", "0.1", "1"}},
      {"rosenbrock scale 3", {"-1.2", "1"}, {"0.1", "2"}},
  };
  PlStarOptions o = small();
  for (const auto& run : runs)
    for (const auto& rad : run.radii) {
      const System& s = sys(run.name);
      std::vector<ExactNumber> c;
      for (const auto& t : run.center) c.push_back(parse_number(t));
      PlStarResult r = check_plstar(s.make(), c, parse_number(rad), o);
      attack(s, run.center, rad, r);
      if (rad == "0.05" || rad == "0.01") {  // the same at 128 bits (MPFI code path)
        PrecisionScope p(128);
        attack(s, run.center, rad, check_plstar(s.make(), c, parse_number(rad), at_precision_of<MpInterval>(o)));
      }
    }
  // The suite must see certificates (with their GD runs) and non-certificates.
  CHECK(g_certified >= 8);
  CHECK(g_gd_runs >= 8);
  MESSAGE("PL* attack: " << g_cases << " cases, " << g_certified << " certified, " << g_gd_runs << " GD runs");
}

TEST_CASE("PL* attack: a claimed mu above the infimum is never certified; a refutation's witness is real") {
  PlStarOptions o = small();
  const System& s = sys("(x^2, y^2) = (1, 0.8)");
  const std::vector<std::string> c{"1.02", "-0.9"};
  PrecisionScope scope(kRefBits);
  M inf = *s.inf_lambda(center_of(c), mp_number("0.05"));  // 4 (0.85)^2 = 2.89
  for (const char* mu : {"2.8", "2.89", "2.890000000001", "2.95", "4"}) {
    o.claimed_mu = parse_number(mu);
    PlStarResult r = check_plstar(s.make(), {parse_number(c[0]), parse_number(c[1])}, parse_number("0.05"), o);
    CAPTURE(mu);
    bool above = is_true(less(inf, mp_number(mu)));
    if (above) CHECK(r.verdict != Verdict::Certified);
    if (r.verdict == Verdict::Refuted && r.witness) {
      const auto& wp = r.witness->point;
      MpVec w{M(wp[0]), M(wp[1])};
      M d = sqr(w[0] - mp_number(c[0])) + sqr(w[1] - mp_number(c[1]));
      CHECK(is_true(less_equal(d, sqr(mp_number("0.05")))));
      CHECK(is_true(less(kernel_eigs(s, w).first, mp_number(mu))));
      CHECK(mp_le_double(kernel_eigs(s, w).first, r.witness->mu_upper));
    }
    attack(s, c, "0.05", r);
  }
}

TEST_CASE("PL* attack: n > p (rank-deficient kernel) never certifies without --eps; --eps runs reach L < eps") {
  const std::vector<std::string> xy{"x", "y"};
  PlStarOptions o = small();
  // (x, y, x + y) = (1, 2, 3.1): inconsistent; K is 3 x 3 of rank 2.
  PlSystem over = targets({"x", "y", "x + y"}, {"1", "2", "3.1"}, xy);
  PlStarResult r = check_plstar(over, {parse_number("1"), parse_number("2")}, parse_number("0.5"), o);
  CHECK(r.verdict != Verdict::Certified);
  CHECK(r.mu_lower == 0);
  // Consistent system at its solution: |F(w0) - y| = 0 but still no mu > 0.
  PlSystem cons = targets({"x", "y", "x + y"}, {"1", "2", "3"}, xy);
  r = check_plstar(cons, {parse_number("1"), parse_number("2")}, parse_number("0.5"), o);
  CHECK(r.verdict != Verdict::Certified);
  // --eps on systems with closed forms: L reaches < eps in MPFR within the reported count.
  for (const char* eps : {"0.001", "1e-6", "0.5"}) {
    for (const char* name : {"x^2 + y^2 = 0", "(x^2, y^2) = (1, 0.8)", "tanh(w) = (0.3, -0.2)"}) {
      const System& s = sys(name);
      PlStarOptions oe = small();
      oe.eps = parse_number(eps);
      std::vector<std::string> c = std::string(name) == "x^2 + y^2 = 0" ? std::vector<std::string>{"0.3", "0.2"}
                                                                         : std::vector<std::string>{"1.1", "-0.95"};
      for (const char* rad : {"0.05", "0.3", "1"}) {
        PlStarResult re = check_plstar(s.make(), {parse_number(c[0]), parse_number(c[1])}, parse_number(rad), oe);
        CAPTURE(eps);
        attack(s, c, rad, re);
      }
    }
  }
}

TEST_CASE("PL* attack: radius auto certifies only what a fixed-radius check would") {
  PlStarOptions o = small();
  o.budget.seconds = 1.5;
  for (const char* name : {"(x^2, y^2) = (1, 0.8)", "x y = 1", "tanh(w) = (0.3, -0.2)"}) {
    const System& s = sys(name);
    std::vector<std::string> c{"1.02", "0.9"};
    PlStarResult r = search_radius_plstar(s.make(), {parse_number(c[0]), parse_number(c[1])}, o);
    attack(s, c, r.radius.text, r);
  }
}

TEST_CASE("PL* attack: degenerate inputs neither crash nor certify") {
  const std::vector<std::string> xy{"x", "y"};
  PlStarOptions o = small();
  auto check_one = [&](const PlSystem& s, std::vector<std::string> c, const char* rad) {
    std::vector<ExactNumber> cc;
    for (auto& t : c) cc.push_back(parse_number(t));
    PlStarResult r = check_plstar(s, cc, parse_number(rad), o);
    CHECK(r.verdict != Verdict::Certified);
    return r;
  };
  // Constant F: J = 0.
  check_one(targets({"1", "2"}, {"0", "0"}, xy), {"0", "0"}, "1");
  // Undefined in the ball: sqrt near 0, log of a non-positive number.
  check_one(targets({"sqrt(x)", "y"}, {"0.5", "0"}, xy), {"0.1", "0"}, "0.5");
  check_one(targets({"log(x)", "y"}, {"1", "0"}, xy), {"0.5", "1"}, "2");
  check_one(targets({"log(x)", "y"}, {"1", "0"}, xy), {"-1", "1"}, "0.1");  // centre outside the domain
  // Zero targets with a singular zero at the centre.
  check_one(targets({"x^3", "y^3"}, {"0", "0"}, xy), {"0", "0"}, "0.1");
  // n = 0: rejected with an exception, never a crash.
  CHECK_THROWS(pl_system_from_targets({}, {}, xy, ""));
  CHECK_THROWS(pl_system_from_targets({"x"}, {"1", "2"}, xy, ""));
  // A target that is not a number.
  CHECK_THROWS(pl_system_from_targets({"x", "y"}, {"1", "abc"}, xy, ""));
}

}  // namespace gdcert::redteam2
