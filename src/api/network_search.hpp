// Chatterjee's criterion and PL* on a network, at a given radius or with --radius auto, through
// the seam (bound/ball_bounds.hpp) with the one radius search's policies (criteria/search_policies.hpp).
//
//   NetworkBallBounds nb(net, data, Interval(1.0) / Interval(n), 0);   // S = (1/n) |F - y|^2
//   ChatterjeeRun c = run_criterion<ChatterjeeSearch>(nb, nb, "auto", options, progress);
//   BallBoundsView half(nb, Interval(0.5));                              // L = 1/2 |F - y|^2
//   PlStarRun p = run_criterion<PlStarSearch>(nb, half, "0.01", plstar_options, progress);
//   c.result.verdict;  c.ball.sigma_min_lower;  c.details.k_perturbation   // at c.result.radius
//
// --radius auto scans radii on the ball bounds alone (no forward passes), then checks the best
// radius again with sampled points; wide networks, where the criteria's 61-radius scan does not
// fit in half the budget, get a local scan around r* = sigma0 / 2k instead.
#pragma once

#include <cstddef>
#include <string>

#include "api/stage_progress.hpp"
#include "bound/network_ball_bounds.hpp"
#include "criteria/search_policies.hpp"

namespace gdcert::api {

// A criterion's result through the seam with the ball constants at its radius (for the report).
template <class Policy>
struct CriterionRun {
  typename Policy::Result result;
  BallConstants ball;           // over_ball at the result's radius
  NetworkBallDetails details;
  bool ran = false;
};
using ChatterjeeRun = CriterionRun<ChatterjeeSearch>;
using PlStarRun = CriterionRun<PlStarSearch>;

// Sampled points (upper bounds of the infima, witnesses): each costs a forward and backward pass
// and ball_points() holds them all at once, so fewer for large p.
std::size_t sample_count(std::size_t p, double pass_seconds, double budget_seconds, std::size_t wanted);

// One criterion on the network: at the given radius ("auto": searched); `full` is the seam at the
// criterion's scale (Chatterjee: the bounds themselves, S = (1/n) |F - y|^2; PL*: a view with 1/2).
template <class Policy>
CriterionRun<Policy> run_criterion(NetworkBallBounds& nb, ResidualBallBounds& full, const std::string& radius_text,
                                   const typename Policy::Options& options, StageProgress& progress);

extern template ChatterjeeRun run_criterion<ChatterjeeSearch>(NetworkBallBounds&, ResidualBallBounds&, const std::string&,
                                                              const ChatterjeeOptions&, StageProgress&);
extern template PlStarRun run_criterion<PlStarSearch>(NetworkBallBounds&, ResidualBallBounds&, const std::string&,
                                                      const PlStarOptions&, StageProgress&);

}  // namespace gdcert::api
