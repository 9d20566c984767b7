// Helpers shared by the expression tests: parsing shortcuts, dense views of sparse Hessians,
// the Broyden tridiagonal problem as text, and 256-bit MPFR finite differences as an
// independent reference for derivatives.
//
//   Program p = parse("(x*y-1)^2");
//   auto H = dense_hessian<double>(ev.hessian(0), 2);   // H[i][j], both triangles
//   auto g = mp_gradient_fd(p, {2.0, 0.3});             // central differences at 256 bits
#pragma once

#include <string>
#include <vector>

#include "expr/evaluator.hpp"
#include "expr/program.hpp"

namespace gdcert::testing {

inline Program parse(const std::string& text, std::vector<std::string> vars = {},
                     bool multiple = false) {
  ParseOptions o;
  o.variables = std::move(vars);
  o.allow_multiple_outputs = multiple;
  return parse_program(text, o);
}

// Value of the first output at x, in double.
inline double value_at(const std::string& text, std::vector<double> x = {}) {
  Program p = parse(text);
  Evaluator<double> ev(p);
  ev.evaluate(x, Order::Value);
  return ev.value(0);
}

template <class T>
std::vector<std::vector<T>> dense_hessian(std::span<const HessianEntry<T>> entries, std::size_t p) {
  std::vector<std::vector<T>> h(p, std::vector<T>(p, T(0.0)));
  for (const auto& e : entries) h[e.i][e.j] = h[e.j][e.i] = e.value;
  return h;
}

inline std::vector<std::string> numbered_vars(int p) {
  std::vector<std::string> v;
  for (int i = 1; i <= p; ++i) v.push_back("x" + std::to_string(i));
  return v;
}

// r_i = (3 - 2 x_i) x_i - x_{i-1} - 2 x_{i+1} + 1 with x_0 = x_{p+1} = 0.
inline std::string broyden_residual(int i, int p) {
  std::string s = "(3 - 2*x" + std::to_string(i) + ")*x" + std::to_string(i);
  if (i > 1) s += " - x" + std::to_string(i - 1);
  if (i < p) s += " - 2*x" + std::to_string(i + 1);
  return s + " + 1";
}
// f = sum r_i^2 (separator "+") or the residual system (separator ";").
inline std::string broyden(int p, bool residuals) {
  std::string s;
  for (int i = 1; i <= p; ++i) {
    if (i > 1) s += residuals ? "; " : " + ";
    s += residuals ? broyden_residual(i, p) : "(" + broyden_residual(i, p) + ")^2";
  }
  return s;
}

// Central differences of the first output, evaluated with 256-bit MPFR intervals at exact
// shifted points (the step is a power of two, so x +- h is exact); the result is the
// midpoint, accurate to far below any tolerance a test uses.
std::vector<double> mp_gradient_fd(const Program& p, const std::vector<double>& x);
std::vector<std::vector<double>> mp_hessian_fd(const Program& p, const std::vector<double>& x);
double mp_value(const Program& p, const std::vector<double>& x);

}  // namespace gdcert::testing
