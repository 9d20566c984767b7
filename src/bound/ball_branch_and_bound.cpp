#include "bound/ball_branch_and_bound.hpp"

#include <cmath>
#include <cstdio>
#include <limits>
#include <queue>

namespace gdcert {
namespace {

template <class T>
struct SearchBox {
  Box<T> box;
  RatioBound bound;
  double width;
  int id;  // node in the search tree, when one is recorded
};

template <class T>
double widest(const Box<T>& X, std::size_t* index) {
  double w = -1;
  for (std::size_t i = 0; i < X.size(); ++i) {
    double wi = ScalarTraits<T>::upper_bound(X[i]) - ScalarTraits<T>::lower_bound(X[i]);
    if (wi > w) w = wi, *index = i;
  }
  return w;
}

}  // namespace

template <class T>
AlphaLowerBound ball_branch_and_bound(const Ball<T>& ball, double target, const BudgetClock& clock,
                                      const BoxBoundFn<T>& bound, const MidpointFn& on_midpoint,
                                      SearchTree* tree) {
  using Tr = ScalarTraits<T>;
  AlphaLowerBound out;
  out.target = target;
  auto cmp = [](const SearchBox<T>& a, const SearchBox<T>& b) { return a.bound.lower > b.bound.lower; };
  std::priority_queue<SearchBox<T>, std::vector<SearchBox<T>>, decltype(cmp)> open(cmp);
  std::vector<SearchBox<T>> stuck;  // too narrow to split further, still below the target

  // Below this width a box is not split again: interval overestimation no longer shrinks.
  double scale = Tr::upper_bound(ball.radius);
  for (const auto& c : ball.center) scale = std::max(scale, std::fabs(Tr::midpoint(c)));
  const double min_width = scale * 1e-10;

  auto record = [&](const Box<T>& X, SearchTreeNode::Kind kind) {
    if (!tree) return -1;
    SearchTreeNode n;
    n.kind = kind;
    for (const auto& x : X) n.lo.push_back(Tr::lower_bound(x)), n.hi.push_back(Tr::upper_bound(x));
    tree->nodes.push_back(std::move(n));
    return static_cast<int>(tree->nodes.size() - 1);
  };
  auto push = [&](Box<T> X) {
    Truth meets = box_meets_ball<T>(X, ball);
    if (is_false(meets)) return record(X, SearchTreeNode::Kind::Outside);
    int id = record(X, SearchTreeNode::Kind::Leaf);
    SearchBox<T> node{std::move(X), {}, 0, id};
    node.bound = bound(node.box);
    ++out.boxes;
    if (on_midpoint && !out.stopped) {
      auto m = box_midpoint<T>(node.box);
      if (on_midpoint(m)) out.stopped = true;
    }
    std::size_t axis = 0;
    node.width = widest(node.box, &axis);
    open.push(std::move(node));
    return id;
  };

  push(bounding_box(ball));
  const bool open_ended = !std::isfinite(target);
  double checkpoint = -std::numeric_limits<double>::infinity();
  std::size_t next_checkpoint = kStallBoxes;
  while (!open.empty() && !out.stopped) {
    if (open.top().bound.lower >= target) break;
    if (open_ended && out.boxes >= next_checkpoint) {
      const double now = open.top().bound.lower;
      const bool moved = std::isinf(checkpoint) ? now > checkpoint
                                                : now > checkpoint + 1e-9 * std::max(1.0, std::fabs(checkpoint));
      if (!moved) {
        out.stalled = true;
        break;
      }
      checkpoint = now;
      next_checkpoint = out.boxes + kStallBoxes;
    }
    clock.progress([&] {
      // %g: a bound of 3e-7 is not shown as 0.000000.
      char line[160];
      std::snprintf(line, sizeof line, "ball search: %zu boxes, weakest lower bound %.6g (target %.6g)", out.boxes,
                    open.top().bound.lower, target);
      return std::string(line);
    });
    if (clock.exhausted(out.boxes)) {
      out.budget_exhausted = true;
      break;
    }
    SearchBox<T> node = open.top();
    open.pop();
    std::size_t axis = 0;
    double w = widest(node.box, &axis);
    if (w < min_width) {
      stuck.push_back(std::move(node));
      continue;
    }
    double m = Tr::midpoint(node.box[axis]);
    // The halves cover the box: for MpInterval the double end points are rounded outward,
    // and the intersection brings them back to the box's own bounds.
    Box<T> left = node.box, right = node.box;
    left[axis] = intersect(node.box[axis], T(Tr::lower_bound(node.box[axis]), m));
    right[axis] = intersect(node.box[axis], T(m, Tr::upper_bound(node.box[axis])));
    int l = push(std::move(left));
    int r = push(std::move(right));
    if (tree) {
      auto& n = tree->nodes[node.id];
      n.kind = SearchTreeNode::Kind::Split;
      n.axis = static_cast<int>(axis), n.at = m, n.left = l, n.right = r;
    }
  }

  double lower = std::numeric_limits<double>::infinity();
  std::string method = "none";
  auto account = [&](const SearchBox<T>& n) {
    if (tree) tree->nodes[n.id].bound = n.bound.lower, tree->nodes[n.id].method = n.bound.method;
    if (n.bound.lower < lower) lower = n.bound.lower, method = n.bound.method;
    if (!is_true(n.bound.defined)) ++out.undefined_boxes;
    if (n.bound.lower < target) ++out.unresolved_boxes;
  };
  for (const auto& n : stuck) account(n);
  while (!open.empty()) account(open.top()), open.pop();
  if (lower == std::numeric_limits<double>::infinity()) lower = 0;  // no box met the ball
  out.lower = lower;
  out.method = method;
  out.reached = lower >= target;
  return out;
}

template <class T>
AlphaLowerBound ball_alpha_lower(BoxBounder<T>& bounder, const Ball<T>& ball, double target,
                                 const BudgetClock& clock, const MidpointFn& on_midpoint, SearchTree* tree) {
  return ball_branch_and_bound<T>(ball, target, clock,
                                  [&](std::span<const T> X) { return bounder.ratio_lower(X); }, on_midpoint, tree);
}

template AlphaLowerBound ball_branch_and_bound<Interval>(const Ball<Interval>&, double, const BudgetClock&,
                                                         const BoxBoundFn<Interval>&, const MidpointFn&, SearchTree*);
template AlphaLowerBound ball_branch_and_bound<MpInterval>(const Ball<MpInterval>&, double, const BudgetClock&,
                                                           const BoxBoundFn<MpInterval>&, const MidpointFn&, SearchTree*);
template AlphaLowerBound ball_alpha_lower<Interval>(BoxBounder<Interval>&, const Ball<Interval>&, double,
                                                    const BudgetClock&, const MidpointFn&, SearchTree*);
template AlphaLowerBound ball_alpha_lower<MpInterval>(BoxBounder<MpInterval>&, const Ball<MpInterval>&, double,
                                                      const BudgetClock&, const MidpointFn&, SearchTree*);

}  // namespace gdcert
