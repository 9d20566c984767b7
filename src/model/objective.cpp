#include "model/objective.hpp"

#include <stdexcept>

namespace gdcert {

Objective::Objective(Program function, std::optional<Program> residuals, ExactNumber scale,
                     std::string kind, std::string text)
    : function_(std::move(function)),
      residuals_(std::move(residuals)),
      scale_(std::move(scale)),
      kind_(std::move(kind)),
      text_(std::move(text)) {}

Objective Objective::recognised(Program f, std::string text) {
  auto squares = as_sum_of_squares(f);
  if (!squares) return Objective(std::move(f), std::nullopt, parse_number("1"), "expr", std::move(text));
  Objective o(std::move(f), std::move(squares->residuals), squares->scale, "expr", std::move(text));
  o.positive_constants_ = std::move(squares->positive_constants);
  o.weights_ = std::move(squares->weights);
  return o;
}

Objective Objective::from_expression(const std::string& text, const std::vector<std::string>& vars) {
  return recognised(parse_program(text, ParseOptions{vars, false}), text);
}

Objective Objective::from_residuals(const std::string& text, const std::vector<std::string>& vars,
                                    const ExactNumber& scale) {
  if (!(scale.enclosure.lower() > 0))
    throw std::invalid_argument("scale must be positive, got " + scale.text);
  Program r = parse_program(text, ParseOptions{vars, true});
  Program f = sum_of_squares_program(r, scale);
  return Objective(std::move(f), std::move(r), scale, "residuals", text);
}

Objective Objective::from_function_program(Program f) {
  if (f.num_outputs() != 1) throw std::invalid_argument("f must have exactly one output");
  std::string text = f.output_texts()[0];
  return recognised(std::move(f), std::move(text));
}

Objective Objective::from_residual_program(Program r, const ExactNumber& scale) {
  if (!(scale.enclosure.lower() > 0))
    throw std::invalid_argument("scale must be positive, got " + scale.text);
  std::string text;
  for (const auto& t : r.output_texts()) text += (text.empty() ? "" : "; ") + t;
  Program f = sum_of_squares_program(r, scale);
  return Objective(std::move(f), std::move(r), scale, "residuals", text);
}

std::string Objective::weight_text() const {
  const auto& texts = weights_.output_texts();
  if (texts.size() == 1) return "h = " + texts[0];
  std::string s;
  for (std::size_t k = 0; k < texts.size(); ++k) s += (k ? ", h_" : "h_") + std::to_string(k + 1) + " = " + texts[k];
  return s;
}

std::string Objective::describe() const {
  std::string s = kind_ == "residuals" ? "f = " + scale_.text + " * sum of squares of [" + text_ + "]"
                                       : "f = " + text_;
  const std::string squares = std::to_string(num_residuals()) + " square" + (num_residuals() == 1 ? "" : "s");
  if (kind_ == "expr" && weighted())
    s += " (recognised as h * sum of " + squares + " with " + weight_text() + "; the form, and f >= 0, hold where " +
         (weights_.num_outputs() == 1 ? "h > 0)" : "every h_k > 0)");
  else if (kind_ == "expr" && residuals_)
    s += " (recognised as " + scale_.text + " * sum of " + squares + ")";
  return s;
}

}  // namespace gdcert
