// Gradients and Hessians in double against closed forms and against 256-bit MPFR finite
// differences; sparsity and cost of the Hessian pass.
#include <doctest/doctest.h>

#include <chrono>
#include <cmath>
#include <numbers>
#include <random>

#include "expr_testing.hpp"

using namespace gdcert;
using namespace gdcert::testing;

namespace {

using Matrix = std::vector<std::vector<double>>;

struct Derivatives {
  double value;
  std::vector<double> gradient;          // reverse mode (Order::Gradient)
  std::vector<double> forward_gradient;  // from the Hessian pass
  Matrix hessian;
};

Derivatives derivatives(const Program& p, const std::vector<double>& x, std::size_t output = 0) {
  Evaluator<double> ev(p);
  Derivatives d;
  CHECK(ev.evaluate(x, Order::Gradient) == Truth::True);
  d.value = ev.value(output);
  d.gradient.assign(ev.gradient(output).begin(), ev.gradient(output).end());
  CHECK(ev.evaluate(x, Order::Hessian) == Truth::True);
  d.forward_gradient.assign(ev.gradient(output).begin(), ev.gradient(output).end());
  d.hessian = dense_hessian<double>(ev.hessian(output), p.num_variables());
  return d;
}

// |a - b| <= tol * max(1, |b|), element by element.
void check_close(const std::vector<double>& a, const std::vector<double>& b, double tol) {
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    CAPTURE(i);
    CHECK(std::fabs(a[i] - b[i]) <= tol * std::max(1.0, std::fabs(b[i])));
  }
}
void check_close(const Matrix& a, const Matrix& b, double tol) {
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    CAPTURE(i);
    check_close(a[i], b[i], tol);
  }
}
void check_derivatives(const Derivatives& d, double f, const std::vector<double>& g,
                       const Matrix& h, double tol = 1e-12) {
  CHECK(d.value == doctest::Approx(f).epsilon(tol));
  check_close(d.gradient, g, tol);
  check_close(d.forward_gradient, g, tol);
  check_close(d.hessian, h, tol);
}

}  // namespace

TEST_CASE("(xy - 1)^2: gradient, Hessian and |grad f|^2 / f = 4 (x^2 + y^2)") {
  Program p = parse("(x*y-1)^2");
  for (auto [x, y] : {std::pair{2.0, 0.3}, {-1.5, 0.25}, {0.1, 7.0}}) {
    const double r = x * y - 1;
    auto d = derivatives(p, {x, y});
    check_derivatives(d, r * r, {2 * r * y, 2 * r * x},
                      {{2 * y * y, 2 * (2 * x * y - 1)}, {2 * (2 * x * y - 1), 2 * x * x}});
    const double ratio = (d.gradient[0] * d.gradient[0] + d.gradient[1] * d.gradient[1]) / d.value;
    CHECK(ratio == doctest::Approx(4 * (x * x + y * y)).epsilon(1e-12));
  }
}

TEST_CASE("Rosenbrock") {
  Program p = parse("100*(y-x^2)^2+(1-x)^2");
  for (auto [x, y] : {std::pair{-1.2, 1.0}, {1.1, 1.2}, {0.3, -0.7}}) {
    const double s = y - x * x;
    check_derivatives(derivatives(p, {x, y}), 100 * s * s + (1 - x) * (1 - x),
                      {-400 * x * s - 2 * (1 - x), 200 * s},
                      {{1200 * x * x - 400 * y + 2, -400 * x}, {-400 * x, 200}});
  }
}

TEST_CASE("Powell singular") {
  Program p = parse("(x1+10*x2)^2 + 5*(x3-x4)^2 + (x2-2*x3)^4 + 10*(x1-x4)^4");
  const std::vector<double> x = {3, -1, 0, 1};
  const double a = x[0] + 10 * x[1], b = x[2] - x[3], c = x[1] - 2 * x[2], d = x[0] - x[3];
  const double f = a * a + 5 * b * b + std::pow(c, 4) + 10 * std::pow(d, 4);
  const std::vector<double> g = {2 * a + 40 * d * d * d, 20 * a + 4 * c * c * c,
                                 10 * b - 8 * c * c * c, -10 * b - 40 * d * d * d};
  const double c2 = 12 * c * c, d2 = 120 * d * d;
  const Matrix h = {{2 + d2, 20, 0, -d2},
                    {20, 200 + c2, -2 * c2, 0},
                    {0, -2 * c2, 10 + 4 * c2, -10},
                    {-d2, 0, -10, 10 + d2}};
  check_derivatives(derivatives(p, x), f, g, h);
}

TEST_CASE("Helical valley (atan, sqrt, pi) against closed form and MPFR differences") {
  Program p = parse(
      "100*(x3 - 10*atan(x2/x1)/(2*pi))^2 + 100*(sqrt(x1^2 + x2^2) - 1)^2 + x3^2");
  for (const std::vector<double>& x :
       {std::vector<double>{1.0, 0.0, 0.0}, {0.8, 0.6, 0.2}, {1.3, -0.4, -0.5}}) {
    const double r = std::hypot(x[0], x[1]);
    const double theta = std::atan(x[1] / x[0]) / (2 * std::numbers::pi);
    const double u = x[2] - 10 * theta;
    const double th1 = -x[1] / (2 * std::numbers::pi * r * r),
                 th2 = x[0] / (2 * std::numbers::pi * r * r);
    const std::vector<double> g = {-2000 * u * th1 + 200 * (r - 1) * x[0] / r,
                                   -2000 * u * th2 + 200 * (r - 1) * x[1] / r,
                                   200 * u + 2 * x[2]};
    auto d = derivatives(p, x);
    CHECK(d.value == doctest::Approx(100 * u * u + 100 * (r - 1) * (r - 1) + x[2] * x[2]));
    check_close(d.gradient, g, 1e-12);
    check_close(d.forward_gradient, g, 1e-12);
    check_close(d.hessian, mp_hessian_fd(p, x), 1e-9);
  }
}

TEST_CASE("Broyden tridiagonal: closed form, sparsity, all residual Hessians in one pass") {
  for (int n : {10, 100}) {
    CAPTURE(n);
    Program f = parse(broyden(n, false), numbered_vars(n));
    std::vector<double> x(n);
    for (int i = 0; i < n; ++i) x[i] = -1 + 0.01 * i;
    auto xi = [&](int i) { return i < 1 || i > n ? 0.0 : x[i - 1]; };
    std::vector<double> r(n + 2, 0.0);
    for (int i = 1; i <= n; ++i) r[i] = (3 - 2 * xi(i)) * xi(i) - xi(i - 1) - 2 * xi(i + 1) + 1;
    // J is tridiagonal: dr_i/dx_i = 3 - 4 x_i, dr_i/dx_{i-1} = -1, dr_i/dx_{i+1} = -2.
    auto J = [&](int i, int j) {  // 1-based, zero outside
      if (i < 1 || i > n || j < 1 || j > n) return 0.0;
      return j == i ? 3 - 4 * xi(i) : j == i - 1 ? -1.0 : j == i + 1 ? -2.0 : 0.0;
    };
    double fv = 0;
    std::vector<double> g(n, 0.0);
    Matrix h(n, std::vector<double>(n, 0.0));
    for (int i = 1; i <= n; ++i) fv += r[i] * r[i];
    for (int j = 1; j <= n; ++j)
      for (int i = j - 1; i <= j + 1; ++i) g[j - 1] += 2 * J(i, j) * r[i > 0 && i <= n ? i : 0];
    for (int a = 1; a <= n; ++a)
      for (int b = 1; b <= n; ++b) {
        double s = 0;
        for (int i = 1; i <= n; ++i) s += J(i, a) * J(i, b);
        h[a - 1][b - 1] = 2 * s + (a == b ? 2 * r[a] * -4 : 0.0);
      }
    Evaluator<double> ev(f);
    auto d = derivatives(f, x);
    check_derivatives(d, fv, g, h, 1e-11);
    ev.evaluate(x, Order::Hessian);
    CHECK(ev.hessian(0).size() == static_cast<std::size_t>(3 * n - 3));  // pentadiagonal
    const auto st = ev.stats();
    CHECK(st.hessian_entries <= static_cast<std::size_t>(20 * n));
    CHECK(st.hessian_updates <= static_cast<std::size_t>(40 * n));

    // The residual system: every output's gradient and Hessian from one evaluate().
    Program res = parse(broyden(n, true), numbered_vars(n), true);
    REQUIRE(res.num_outputs() == static_cast<std::size_t>(n));
    Evaluator<double> er(res);
    CHECK(er.evaluate(x, Order::Hessian) == Truth::True);
    for (int i = 1; i <= n; ++i) {
      CAPTURE(i);
      CHECK(er.value(i - 1) == doctest::Approx(r[i]));
      for (int j = 1; j <= n; ++j) CHECK(er.gradient(i - 1)[j - 1] == doctest::Approx(J(i, j)).epsilon(1e-14));
      auto hi = er.hessian(i - 1);
      REQUIRE(hi.size() == 1);
      CHECK(hi[0].i == i - 1);
      CHECK(hi[0].j == i - 1);
      CHECK(hi[0].value == -4);
    }
    CHECK(er.stats().hessian_updates <= static_cast<std::size_t>(40 * n));
  }
}

TEST_CASE("Broyden tridiagonal p=100: Hessian costs a small multiple of the gradient") {
  const int n = 100;
  Program f = parse(broyden(n, false), numbered_vars(n));
  Evaluator<double> ev(f);
  std::vector<double> x(n, -1.0);
  using Clock = std::chrono::steady_clock;
  auto best = [&](Order order) {  // best of several runs: robust to a busy machine
    double t = 1e9;
    for (int rep = 0; rep < 15; ++rep) {
      auto t0 = Clock::now();
      for (int k = 0; k < 200; ++k) ev.evaluate(x, order);
      t = std::min(t, std::chrono::duration<double>(Clock::now() - t0).count());
    }
    return t / 200;
  };
  const double tg = best(Order::Gradient), th = best(Order::Hessian);
  MESSAGE("Broyden p=100 double: gradient " << tg * 1e6 << " us, Hessian " << th * 1e6
                                            << " us, ratio " << th / tg);
  CHECK(th / tg < 20);  // dense forward mode would be ~100x or more
}

TEST_CASE("every function against 256-bit MPFR finite differences") {
  const char* texts[] = {
      "exp(x*y) + log(1 + x^2)",
      "sqrt(x^2 + y^2 + 1)",
      "sin(x)*cos(y) + tan(x/3)",
      "atan(x - y) + tanh(x*y)",
      "sinh(x) - cosh(y) + sigmoid(x + y)",
      "softplus(x - 2*y) + abs(x - 5)",
      "x^y + y^-3",
      "(x + 2)^2.5 / (1 + y^2)",
      "exp(-(x^2 + y^2)/2) / sqrt(2*pi)",
      "x*x*x - 3*x*y + e^y",
      "log(sigmoid(x)) - softplus(-x) + 0x1p-3*x^3",
      "(x - y)^-2 + abs(x*y - 10)",
      "sin(x)^2 + cos(x)^2 + x*sin(y*exp(x))",
      "-(x - 1) - (-(y + 2)) + x*y",
  };
  const std::vector<double> points[] = {{0.7, 1.3}, {1.9, 0.4}, {1.1, 2.2}};
  for (const char* t : texts) {
    Program p = parse(t, {"x", "y"});
    for (const auto& x : points) {
      const std::string expression = t;
    CAPTURE(expression);
      CAPTURE(x[0]);
      CAPTURE(x[1]);
      auto d = derivatives(p, x);
      CHECK(d.value == doctest::Approx(mp_value(p, x)).epsilon(1e-13));
      check_close(d.gradient, mp_gradient_fd(p, x), 1e-12);
      check_close(d.forward_gradient, mp_gradient_fd(p, x), 1e-12);
      check_close(d.hessian, mp_hessian_fd(p, x), 1e-10);
    }
  }
}

TEST_CASE("shared subexpressions and repeated operands differentiate correctly") {
  // x*x (one node with a == b), x/x, and a sum used twice.
  Program p = parse("x*x + y/y + (x + y)*(x + y) + exp(x + y)", {"x", "y"});
  const std::vector<double> x = {0.3, -0.8};
  const double s = x[0] + x[1], es = std::exp(s);
  check_derivatives(derivatives(p, x), x[0] * x[0] + 1 + s * s + es,
                    {2 * x[0] + 2 * s + es, 2 * s + es},
                    {{2 + 2 + es, 2 + es}, {2 + es, 2 + es}});
  // Constant and variable outputs: empty Hessians, unit gradients.
  Program q = parse("x; 2; y", {"x", "y"}, true);
  Evaluator<double> ev(q);
  std::vector<double> pt = {4, 5};
  ev.evaluate(pt, Order::Hessian);
  CHECK(ev.gradient(0)[0] == 1);
  CHECK(ev.gradient(1)[0] == 0);
  CHECK(ev.gradient(2)[1] == 1);
  CHECK(ev.hessian(0).empty());
  CHECK(ev.hessian(1).empty());
  CHECK(ev.value(1) == 2);
  CHECK_THROWS_AS(ev.evaluate(std::vector<double>{1.0}, Order::Value), std::invalid_argument);
  Evaluator<double> fresh(q);
  CHECK_THROWS_AS(fresh.gradient(0), std::logic_error);  // nothing evaluated yet
  fresh.evaluate(pt, Order::Gradient);
  CHECK_THROWS_AS(fresh.hessian(0), std::logic_error);   // Hessians not computed
}
