// Best-first branch and bound for a lower bound of alpha = inf |grad f|^2 / f over a ball.
//
//   BoxBounder<Interval> bb(objective);
//   BudgetClock clock(budget);
//   AlphaLowerBound a = ball_alpha_lower(bb, ball, target, clock);
//   a.reached   // every box meeting the ball has a proved bound >= target
//   a.lower     // rigorous: alpha(x0, r) >= a.lower
//
// The same search proves other lower bounds over a ball (f >= 0 on B(x0, 2r)): pass the
// per-box bound as a function to ball_branch_and_bound.
//
// The bounding box of the ball is bisected along its widest side, the box with the weakest
// bound first; boxes that provably miss the ball are dropped. The search stops when the target
// is proved, the budget is spent, or only boxes below `min_width` remain unproved; without a
// target (+inf: "as tight as possible", gdcert bound) also when the weakest bound has not moved
// over the last kStallBoxes boxes (a box around a zero of f keeps it at 0 for ever). The
// midpoints of processed boxes that lie in the ball are reported as sample points, so the
// caller can tighten its upper bound from the same work.
#pragma once

#include <functional>
#include <string>

#include "bound/ball.hpp"
#include "bound/box_bounder.hpp"
#include "bound/budget.hpp"
#include "bound/search_tree.hpp"

namespace gdcert {

inline constexpr std::size_t kStallBoxes = 2000;

struct AlphaLowerBound {
  double lower = 0;
  std::string method = "none";  // the bound that carried the weakest box
  double target = 0;
  bool reached = false;         // lower >= target
  bool budget_exhausted = false;
  bool stopped = false;           // the midpoint callback asked to stop
  bool stalled = false;           // no target (+inf): the weakest bound stopped improving
  std::size_t boxes = 0;          // boxes processed
  std::size_t undefined_boxes = 0;  // boxes on which f was not proved C^2 (final ones)
  std::size_t unresolved_boxes = 0; // boxes left below the target at the end
};

template <class T>
using BoxBoundFn = std::function<RatioBound(std::span<const T>)>;
// Sees the midpoint of every processed box; returning true stops the search (e.g. refuted).
using MidpointFn = std::function<bool(std::span<const double>)>;

// Generic search: `bound(X)` is a rigorous lower bound of some quantity over the box X.
template <class T>
AlphaLowerBound ball_branch_and_bound(const Ball<T>& ball, double target, const BudgetClock& clock,
                                      const BoxBoundFn<T>& bound, const MidpointFn& on_midpoint = {},
                                      SearchTree* tree = nullptr);

// alpha(x0, r) >= result.lower, with BoxBounder::ratio_lower per box.
template <class T>
AlphaLowerBound ball_alpha_lower(BoxBounder<T>& bounder, const Ball<T>& ball, double target,
                                 const BudgetClock& clock,
                                 const MidpointFn& on_midpoint = {}, SearchTree* tree = nullptr);

}  // namespace gdcert
