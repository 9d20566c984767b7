// Objective: the non-negative function f whose gradient descent is being certified.
//
//   Objective f = Objective::from_expression("(x*y-1)^2", {});         // detected: 1 * (x*y-1)^2
//   Objective g = Objective::from_residuals("10*(y-x^2); 1-x", {"x", "y"}, parse_number("1"));
//   f.has_residual_form() == true;  f.function() is the single-output program for f;
//   f.residuals() the program of r_1..r_n with f = scale * sum r_i^2.
//
// Why two programs: the value, gradient and Hessian of f come from f's own DAG, while the lower
// bound that survives near the zeros of f needs the residual Jacobian J (|grad f|^2 / f >=
// 4 c lambda_min(J J^T)). An expression that is structurally c * sum g_i^2 gets both.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "arith/exact_number.hpp"
#include "expr/program.hpp"
#include "model/traced.hpp"

namespace gdcert {

class Objective {
 public:
  // Throws ParseError. An expression that is structurally a positive multiple of a sum of
  // squares is given a residual form (and is non-negative by construction); one that is
  // h * (sum of squares) gets the weighted residual form (see weighted()).
  static Objective from_expression(const std::string& text, const std::vector<std::string>& vars);
  // f = scale * sum_i r_i^2 with scale > 0 (throws std::invalid_argument otherwise).
  static Objective from_residuals(const std::string& text, const std::vector<std::string>& vars,
                                  const ExactNumber& scale);

  // From a built program (src/model/traced.hpp records C++ functors into one): f itself
  // (a sum of squares is recognised as for an expression), or residuals with
  // f = scale * sum r_i^2. The kind and text are those of the equivalent --expr / --residuals.
  static Objective from_function_program(Program f);
  static Objective from_residual_program(Program r, const ExactNumber& scale);
  // A functor `template <class T> T operator()(const std::vector<T>&) const` (for f), or one
  // returning std::vector<T> (for the residuals), traced once (see traced.hpp).
  template <class Functor>
  static Objective from_functor(const Functor& fn, const std::vector<std::string>& vars) {
    return from_function_program(trace_functor(fn, vars));
  }
  template <class Functor>
  static Objective from_residual_functor(const Functor& fn, const std::vector<std::string>& vars,
                                         const ExactNumber& scale = parse_number("1")) {
    return from_residual_program(trace_functor(fn, vars), scale);
  }

  const Program& function() const { return function_; }
  bool has_residual_form() const { return residuals_.has_value(); }
  const Program& residuals() const { return *residuals_; }
  const ExactNumber& scale() const { return scale_; }
  std::size_t dimension() const { return function_.num_variables(); }
  std::size_t num_residuals() const { return residuals_ ? residuals_->num_outputs() : 0; }
  const std::vector<std::string>& variables() const { return function_.variables(); }
  // What the user gave, for reports and certificates: "expr" or "residuals", and the text.
  const std::string& kind() const { return kind_; }
  const std::string& text() const { return text_; }
  std::string describe() const;  // "f = (x*y-1)^2 (sum of squares: 1 residual, c = 1)"
  // f = h * (sum of squares) (sum_of_squares.hpp: SquaresForm::weights): the residual form holds,
  // and f >= 0, only where every weight h_k > 0. A user of residuals() must prove that on its
  // region, or rely only on evaluations of the residuals that are proved defined (sqrt(h) needs
  // h > 0); has_residual_form() alone does not make f non-negative.
  bool weighted() const { return weights_.num_outputs() > 0; }
  const Program& weights() const { return weights_; }  // outputs h_k; texts: output_texts()
  // f >= 0 everywhere by its form alone: a sum of squares without weights.
  bool structurally_nonnegative() const { return has_residual_form() && !weighted(); }
  // "h = exp(x)", or "h_1 = exp(x), h_2 = exp(y)" for several weights ("" when not weighted).
  std::string weight_text() const;
  // Positive constant terms of a recognised sum of squares ("0.01" in (x*y-1)^2 + 0.01): when
  // there is one, f > 0 everywhere and has no zero.
  const std::vector<std::string>& positive_constant_terms() const { return positive_constants_; }

 private:
  Objective(Program function, std::optional<Program> residuals, ExactNumber scale,
            std::string kind, std::string text);
  static Objective recognised(Program f, std::string text);  // an expression: its form, if any
  Program function_;
  std::optional<Program> residuals_;
  ExactNumber scale_;
  std::string kind_, text_;
  std::vector<std::string> positive_constants_;
  Program weights_;
};

}  // namespace gdcert
