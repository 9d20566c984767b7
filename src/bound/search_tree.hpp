// SearchTree: the record of a ball branch and bound, kept so that a proof can be written out
// as a certificate and re-checked without the search.
//
//   SearchTree tree;
//   ball_branch_and_bound(ball, target, clock, bound_fn, {}, &tree);
//   tree.nodes[0]            // the root: the bounding box of the ball
//   node.kind == Split       // children `left` ([lo, at] on `axis`) and `right` ([at, hi])
//   node.kind == Outside     // the box provably misses the ball
//   node.kind == Leaf        // `bound` is a rigorous lower bound on the box (by `method`)
//
// Every box has double end points, so the tree is exactly reproducible by a checker.
#pragma once

#include <string>
#include <vector>

namespace gdcert {

struct SearchTreeNode {
  enum class Kind { Leaf, Split, Outside };
  Kind kind = Kind::Leaf;
  std::vector<double> lo, hi;
  int axis = -1;
  double at = 0;
  int left = -1, right = -1;
  double bound = 0;
  std::string method;
};

struct SearchTree {
  std::vector<SearchTreeNode> nodes;

  // Node indices in pre-order (root, left subtree, right subtree): the certificate's order.
  std::vector<int> preorder() const {
    std::vector<int> order, stack = {0};
    if (nodes.empty()) return order;
    while (!stack.empty()) {
      int i = stack.back();
      stack.pop_back();
      order.push_back(i);
      if (nodes[i].kind == SearchTreeNode::Kind::Split) stack.push_back(nodes[i].right), stack.push_back(nodes[i].left);
    }
    return order;
  }
};

}  // namespace gdcert
