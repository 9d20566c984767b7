// Embedding gdcert in C++: a functor templated on the scalar type (as for Ceres'
// AutoDiffCostFunction) and one call that returns the report.
//
//   build/examples/cpp_api/rosenbrock_api        (built with the project; run by ctest)
//
// Expected output: "verdict: certified", alpha >= 0.16... (gram bound), a gradient-descent step, then
// "certificate verified".
#include <iostream>
#include <vector>

#include "cert/certificate_writer.hpp"
#include "cert/checker.hpp"
#include "criteria/chatterjee.hpp"
#include "model/objective.hpp"

// Rosenbrock's function as residuals: f = (10 (y - x^2))^2 + (1 - x)^2, zero at (1, 1).
struct Rosenbrock {
  template <class T>
  std::vector<T> operator()(const std::vector<T>& v) const {
    const T& x = v[0];
    const T& y = v[1];
    return {10 * (y - x * x), 1 - x};
  }
};

int main() {
  using namespace gdcert;
  Objective f = Objective::from_residual_functor(Rosenbrock{}, {"x", "y"});

  ChatterjeeOptions options;
  options.record_evidence = true;  // keep what a certificate needs
  // The centre and radius are exact decimals, as on the command line.
  ChatterjeeResult r = check_chatterjee(f, {parse_number("1.01"), parse_number("1.02")}, parse_number("0.05"), options);

  std::cout << f.describe() << "\n"
            << "verdict: " << to_string(r.verdict) << "\n"
            << "alpha >= " << decimal_below(r.alpha_lower) << " (" << r.bound_used << " bound)\n";
  if (r.gd)
    std::cout << "gradient descent: any step <= " << decimal_below(r.gd->step, 6) << " gives f(x_k) <= "
              << decimal_above(r.gd->rate) << "^k f(x0)\n";
  if (r.verdict != Verdict::Certified) return 1;

  // The proof as a file, re-checked by the independent checker.
  VerifyResult v = verify_certificate(write_certificate(r, f));
  std::cout << (v.status == VerifyResult::Status::Verified ? "certificate verified" : "certificate REJECTED: " + v.reason)
            << "\n";
  return v.status == VerifyResult::Status::Verified ? 0 : 1;
}
