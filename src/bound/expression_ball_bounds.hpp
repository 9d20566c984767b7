// ExpressionBallBounds: the ResidualBallBounds seam for a residual system given as expressions
// (an Objective with a residual form), from the expression engine's enclosures.
//
//   Objective f = Objective::from_residuals("10*(y-x^2); 1-x", {"x", "y"}, parse_number("1"));
//   ExpressionBallBounds b(f, {parse_number("1.01"), parse_number("1.02")}, 128);  // 128-bit MPFR
//   b.centre().lambda_min.lower;                 // lambda_min(J(w0) J(w0)^T) >= this
//   BallConstants k = b.over_ball(parse_number("0.1"));
//   k.sigma_min_lower;                           // "perturbation": sigma_min(J(w0)) - r hess_rss
//   PointBounds q = b.at_point(std::vector<double>{1.0, 1.0});
//
// Precision is a constructor argument (0: double intervals, else MPFR bits); every call sets
// it for its own work, so one object may be used from any thread (one at a time) whatever the
// ambient precision of that thread. Centre constants are computed once; over_ball() bounds
// over the bounding box of the ball (second derivatives of each residual) and through the
// centre (mean value theorem), the smaller wins. The full SystemConstants (with the objective's
// own Hessian bound) are available to expression-only refinements through constants().
#pragma once

#include <memory>
#include <vector>

#include "bound/ball_bounds.hpp"
#include "bound/system_constants.hpp"
#include "model/objective.hpp"

namespace gdcert {

class ExpressionBallBounds final : public ResidualBallBounds {
 public:
  // Throws std::invalid_argument when f has no residual form or the centre has the wrong size.
  ExpressionBallBounds(const Objective& f, std::vector<ExactNumber> center, unsigned precision);
  ~ExpressionBallBounds() override;
  ExpressionBallBounds(const ExpressionBallBounds&) = delete;
  ExpressionBallBounds& operator=(const ExpressionBallBounds&) = delete;

  std::size_t num_parameters() const override;
  std::size_t num_residuals() const override;
  Interval scale() const override;
  std::vector<double> centre_point() const override;
  const CentreBounds& centre() override;
  BallConstants over_ball(const ExactNumber& radius) override;
  PointBounds at_point(std::span<const double> w) override;
  bool point_in_ball(std::span<const double> w, const ExactNumber& radius) const override;
  unsigned precision() const override;

  // Expression-only: everything system_constants() proves over B(w0, radius).
  SystemConstants constants(const ExactNumber& radius);
  const Objective& objective() const;
  const std::vector<ExactNumber>& centre_exact() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

// The seam's ball constants from the expression engine's SystemConstants (shared with the
// expression-only paths so that both read the same numbers).
BallConstants ball_constants_of(const SystemConstants& k, std::size_t n, std::size_t p,
                                const Interval& radius);

}  // namespace gdcert
