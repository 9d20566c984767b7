// Evaluations per second of value, value+gradient and value+gradient+Hessian for double,
// Interval and MPFR intervals (128 bits), with the Interval/double and MPFR/double cost ratios
// measured in the same run (these machines are noisy: compare ratios, not seconds).
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "expr/evaluator.hpp"
#include "reference_problems.hpp"

using namespace gdcert;

namespace {

template <class T>
double evals_per_second(const Program& p, Order order, double min_seconds) {
  Evaluator<T> ev(p);
  std::vector<T> x;
  for (std::size_t i = 0; i < p.num_variables(); ++i) x.push_back(T(0.3 + 0.1 * double(i % 7)));
  std::size_t n = 0;
  auto start = std::chrono::steady_clock::now();
  double elapsed = 0;
  std::size_t batch = 1;
  while (elapsed < min_seconds) {
    for (std::size_t k = 0; k < batch; ++k) ev.evaluate(x, order);
    n += batch;
    batch *= 2;
    elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }
  return double(n) / elapsed;
}

}  // namespace

int main(int argc, char** argv) {
  double min_seconds = argc > 1 ? std::stod(argv[1]) : 0.3;
  PrecisionScope scope(128);
  struct Case {
    std::string name, text;
    std::vector<std::string> vars;
  };
  std::vector<Case> cases = {
      {"(xy-1)^2", "(x*y-1)^2", {}},
      {"rosenbrock", "100*(y-x^2)^2 + (1-x)^2", {}},
      {"broyden_tridiagonal_p100", "", testing::numbered_vars(100)},
  };
  {
    std::string s, r = testing::broyden_tridiagonal(100);
    for (const auto& term : [&] {
           std::vector<std::string> t;
           std::size_t a = 0, b;
           while ((b = r.find(';', a)) != std::string::npos) t.push_back(r.substr(a, b - a)), a = b + 1;
           t.push_back(r.substr(a));
           return t;
         }())
      s += (s.empty() ? "" : " + ") + ("(" + term + ")^2");
    cases[2].text = s;
  }
  std::printf("%-26s %-9s %14s %14s %14s %9s %9s\n", "expression", "order", "double/s", "Interval/s", "MPFR128/s",
              "Int/dbl", "MPFR/dbl");
  const char* order_names[] = {"value", "gradient", "hessian"};
  for (const auto& c : cases) {
    Program p = parse_program(c.text, ParseOptions{c.vars, false});
    for (Order order : {Order::Value, Order::Gradient, Order::Hessian}) {
      double d = evals_per_second<double>(p, order, min_seconds);
      double i = evals_per_second<Interval>(p, order, min_seconds);
      double m = evals_per_second<MpInterval>(p, order, min_seconds);
      std::printf("%-26s %-9s %14.0f %14.0f %14.0f %8.2fx %8.1fx\n", c.name.c_str(),
                  order_names[static_cast<int>(order)], d, i, m, d / i, d / m);
    }
  }
  return 0;
}
