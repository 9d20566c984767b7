// Certify, before a single step is taken, that gradient descent on
//
//     f(x, y) = (x y - 1)^2
//
// started at x0 = (2, 0.3) reaches a global minimum (a zero of f: the hyperbola x y = 1).
//
// Chatterjee's criterion on the ball B(x0, r) is
//
//     4 f(x0) < r^2 alpha(x0, r),    alpha(x0, r) = inf over B(x0, r) of |grad f|^2 / f.
//
// Here f(x0) = (0.6 - 1)^2 = 0.16, so 4 f(x0) = 0.64; with r = 0.5 the criterion holds when
// alpha > 2.56. f = g^2 for the single residual g(x, y) = x y - 1, so |grad f|^2 / f =
// 4 |grad g|^2 = 4 (x^2 + y^2), whose infimum on the ball is 4 (|x0| - r)^2 = 9.2705006335...:
// certified, with room to spare. gdcert proves such a bound without being told any of this, in
// outward-rounded interval arithmetic, and when it holds also gives a gradient-descent step that
// provably converges (geometrically, staying in the ball) and the number of iterations it needs.
//
// Numbers are exact: the centre and the radius are decimal texts ("0.3" is three tenths,
// enclosed, never rounded to the nearest double), held as gdcert::ExactNumber.
//
// Build against an installed gdcert (see CMakeLists.txt here):
//     find_package(gdcert REQUIRED)
//     target_link_libraries(certify PRIVATE gdcert::gdcert)
// Run it as `certify` (double intervals) or `certify --mpfr` (128-bit MPFR intervals). Expected
// output: "verdict: certified"; alpha >= 9.270500633 (rigorous) and <= 9.27050064 (at a sampled
// point), around the exact 9.2705006335; the margin; a step that provably works and its
// iteration count. Exit status 0 when certified, 1 otherwise.
#include <exception>
#include <iostream>
#include <string_view>

#include "api/run.hpp"

int main(int argc, char** argv) {
  using namespace gdcert;
  try {
    // The problem, as on the command line:
    //   gdcert check --expr "(x*y-1)^2" --center 2,0.3 --radius 0.5
    api::ProblemSpec spec;
    spec.expr = "(x*y-1)^2";   // or spec.residuals = "x*y-1" (f = sum of squares)
    spec.vars = {"x", "y"};    // the order of the centre's coordinates
    spec.center = {"2", "0.3"};

    api::Options options;                      // criterion "chatterjee", double intervals
    options.radius = parse_number("0.5");      // an ExactNumber; std::nullopt searches a radius
    if (argc > 1 && std::string_view(argv[1]) == "--mpfr")
      options.precision = 128;                 // 128-bit MPFR intervals instead

    api::Report report = api::run(spec, options);
    const ChatterjeeResult& c = *report.chatterjee;  // set for criterion "chatterjee"

    // Lower bounds are printed rounded down, upper bounds rounded up: what is printed is proved.
    std::cout << "f = " << spec.expr << ", centre (2, 0.3), radius " << report.radius_text()
              << ", " << c.precision << "-bit intervals\n"
              << "verdict: " << to_string(report.verdict()) << "\n"
              << "f(x0) in [" << decimal_below(c.f_center.lower()) << ", "
              << decimal_above(c.f_center.upper()) << "]\n"
              << "alpha >= " << decimal_below(c.alpha_lower) << " (rigorous, " << c.bound_used
              << " bound), <= " << decimal_above(c.alpha_upper) << " (at a sampled point)\n"
              << "margin r^2 alpha - 4 f(x0) >= " << decimal_below(c.margin_lower) << "\n";
    if (c.gd)
      std::cout << "gradient descent: any step <= " << decimal_below(c.gd->step, 6)
                << " gives f(x_k) <= " << decimal_above(c.gd->rate) << "^k f(x0); "
                << c.gd->iterations << " iterations to f <= " << c.gd->tol << " f(x0)\n";
    else
      std::cout << "why not: " << c.reason << "\n";

    // The whole report as the command line's --json would print it: api::to_json(report).dump(2);
    // as its text table: api::to_text(report).
    return report.exit_status();  // 0 certified, 1 refuted or inconclusive
  } catch (const std::exception& e) {  // bad input (a parse error, an unknown variable, ...)
    std::cerr << "certify: " << e.what() << "\n";
    return 2;
  }
}
