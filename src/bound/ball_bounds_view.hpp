// BallBoundsView: the same residual system behind the seam with another scale c, or without
// point evaluations.
//
//   NetworkBallBounds nb(net, data, Interval(1.0) / Interval(n), 0);   // Chatterjee: S = (1/n) |r|^2
//   BallBoundsView pl(nb, Interval(0.5));                    // PL*: L = 1/2 |r|^2, same centre, same bounds
//   BallBoundsView scan(nb, nb.scale(), false);              // over_ball only: a radius scan that
//                                                            // costs no forward passes
//
// Every bound of the seam is a bound of r = F - y, J and its Hessians, none depends on c, so one
// model (and one cached centre evaluation) serves both criteria. Without point evaluations,
// at_point() proves nothing and point_in_ball() answers false, so the criteria skip their samples
// (which only ever give upper bounds of infima and witnesses, never the proof).
#pragma once

#include "bound/ball_bounds.hpp"

namespace gdcert {

class BallBoundsView : public ResidualBallBounds {
 public:
  BallBoundsView(ResidualBallBounds& inner, Interval scale, bool points = true)
      : inner_(inner), scale_(scale), points_(points) {}

  std::size_t num_parameters() const override { return inner_.num_parameters(); }
  std::size_t num_residuals() const override { return inner_.num_residuals(); }
  Interval scale() const override { return scale_; }
  std::vector<double> centre_point() const override { return inner_.centre_point(); }
  const CentreBounds& centre() override { return inner_.centre(); }
  BallConstants over_ball(const ExactNumber& radius) override {
    BallConstants k = inner_.over_ball(radius);
    // f_hessian_sup bounds the Hessian of c |r|^2 for the inner c: rescale it (or drop it).
    if (std::isfinite(k.f_hessian_sup)) {
      const Interval ratio = scale_ / inner_.scale();
      k.f_hessian_sup = ratio.lower() > 0 ? (ratio * Interval(k.f_hessian_sup)).upper() : INFINITY;
    }
    return k;
  }
  PointBounds at_point(std::span<const double> w) override {
    if (!points_) return PointBounds{};
    PointBounds q = inner_.at_point(w);
    // objective and its gradient are for the inner c: drop them (the residual forms remain).
    q.objective = Interval::entire();
    q.objective_gradient_norm_sq = Interval::entire();
    return q;
  }
  bool point_in_ball(std::span<const double> w, const ExactNumber& radius) const override {
    return points_ && inner_.point_in_ball(w, radius);
  }
  unsigned precision() const override { return inner_.precision(); }

 private:
  ResidualBallBounds& inner_;
  Interval scale_;
  bool points_;
};

}  // namespace gdcert
