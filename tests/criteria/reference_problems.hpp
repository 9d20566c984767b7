// Zero-residual least-squares problems of Moré, Garbow and Hillstrom with known zeros, as
// gdcert residual strings, shared by the criteria tests and the benchmarks.
#pragma once

#include <string>
#include <vector>

namespace gdcert::testing {

struct ResidualProblem {
  std::string name;
  std::string residuals;
  std::vector<std::string> vars;
  std::vector<double> zero;  // a zero of every residual (approximate for Broyden)
  bool singular = false;     // J at the zero is rank deficient
};

inline std::vector<std::string> numbered_vars(int p) {
  std::vector<std::string> v;
  for (int i = 1; i <= p; ++i) v.push_back("x" + std::to_string(i));
  return v;
}

// r_i = (3 - 2 x_i) x_i - x_{i-1} - 2 x_{i+1} + 1 with x_0 = x_{p+1} = 0.
inline std::string broyden_tridiagonal(int p) {
  std::string s;
  for (int i = 1; i <= p; ++i) {
    std::string xi = "x" + std::to_string(i);
    s += (i > 1 ? "; " : "") + ("(3-2*" + xi + ")*" + xi);
    if (i > 1) s += " - x" + std::to_string(i - 1);
    if (i < p) s += " - 2*x" + std::to_string(i + 1);
    s += " + 1";
  }
  return s;
}

// The zero of Broyden tridiagonal near -1 (Newton's method in double; accurate to ~1e-15).
std::vector<double> broyden_zero(int p);

inline std::vector<ResidualProblem> reference_problems() {
  return {
      {"rosenbrock", "10*(y - x^2); 1 - x", {"x", "y"}, {1, 1}},
      {"freudenstein_roth", "-13 + x1 + ((5 - x2)*x2 - 2)*x2; -29 + x1 + ((x2 + 1)*x2 - 14)*x2",
       {"x1", "x2"}, {5, 4}},
      {"helical_valley", "10*(x3 - 10*atan(x2/x1)/(2*pi)); 10*(sqrt(x1^2 + x2^2) - 1); x3",
       {"x1", "x2", "x3"}, {1, 0, 0}},
      {"broyden_tridiagonal_10", broyden_tridiagonal(10), numbered_vars(10), broyden_zero(10)},
      {"powell_singular", "x1 + 10*x2; sqrt(5)*(x3 - x4); (x2 - 2*x3)^2; sqrt(10)*(x1 - x4)^2",
       {"x1", "x2", "x3", "x4"}, {0, 0, 0, 0}, true},
  };
}

}  // namespace gdcert::testing
