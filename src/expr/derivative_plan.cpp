#include "expr/derivative_plan.hpp"

#include <algorithm>

namespace gdcert {
namespace {

using Key = std::uint64_t;
Key key(std::int32_t i, std::int32_t j) {
  if (j < i) std::swap(i, j);
  return (static_cast<Key>(static_cast<std::uint32_t>(i)) << 32) | static_cast<std::uint32_t>(j);
}

bool is_linear_sum(Op op) { return op == Op::Add || op == Op::Sub || op == Op::Neg; }

// Which second partials an operation has (structurally nonzero).
struct Curvature {
  bool aa = false, ab = false, bb = false;
};
Curvature curvature(const Node& n) {
  switch (n.op) {
    case Op::Mul: return {false, true, false};
    case Op::Div: return {false, true, true};
    case Op::Pow: return {true, true, true};
    case Op::Pown: return {n.k != 0 && n.k != 1, false, false};
    case Op::Abs: return {};
    default: return {is_unary(n.op), false, false};
  }
}

std::int32_t index_in(const std::vector<std::int32_t>& sorted, std::int32_t v) {
  return static_cast<std::int32_t>(std::lower_bound(sorted.begin(), sorted.end(), v) -
                                   sorted.begin());
}
std::int32_t index_in(const std::vector<Key>& sorted, Key v) {
  return static_cast<std::int32_t>(std::lower_bound(sorted.begin(), sorted.end(), v) -
                                   sorted.begin());
}

}  // namespace

DerivativePlan::DerivativePlan(const Program& program) {
  const auto& nodes = program.nodes();
  const auto n = static_cast<std::int32_t>(nodes.size());
  const auto& outputs = program.outputs();

  // Reachability, use counts and the (single, when counted once) user of each node.
  std::vector<char> reach(n, 0);
  std::vector<std::int32_t> uses(n, 0), user(n, -1);
  std::vector<char> is_output(n, 0);
  for (std::int32_t o : outputs) reach[o] = 1, is_output[o] = 1, ++uses[o];
  for (std::int32_t u = n - 1; u >= 0; --u) {
    if (!reach[u]) continue;
    for (std::int32_t c : {nodes[u].a, nodes[u].b}) {
      if (c < 0) continue;
      reach[c] = 1;
      ++uses[c];
      user[c] = u;
    }
  }
  for (std::int32_t u = 0; u < n; ++u)
    if (reach[u]) reachable_.push_back(u);

  // Per-output subgraphs, so reverse mode on one residual touches only that residual.
  std::vector<std::int32_t> stamp(n, -1), stack;
  for (std::size_t o = 0; o < outputs.size(); ++o) {
    auto& sub = subgraphs_.emplace_back();
    const auto mark = static_cast<std::int32_t>(o);
    stack.assign(1, outputs[o]);
    stamp[outputs[o]] = mark;
    while (!stack.empty()) {
      const std::int32_t u = stack.back();
      stack.pop_back();
      sub.push_back(u);
      for (std::int32_t c : {nodes[u].a, nodes[u].b})
        if (c >= 0 && stamp[c] != mark) stamp[c] = mark, stack.push_back(c);
    }
    std::sort(sub.begin(), sub.end());
  }

  // A sum used once, by another sum, and not an output, is merged into that user.
  std::vector<char> absorbed(n, 0);
  for (std::int32_t u : reachable_)
    absorbed[u] = is_linear_sum(nodes[u].op) && uses[u] == 1 && !is_output[u] &&
                  is_linear_sum(nodes[user[u]].op);

  std::vector<std::int32_t> tape_of(n, -1);
  std::vector<std::pair<std::int32_t, Coef>> linear;
  std::vector<Term> quads;
  std::vector<std::int32_t> grad;
  std::vector<Key> hess;
  std::vector<std::pair<std::int32_t, bool>> pending;  // (node, negated) to expand
  for (std::int32_t u : reachable_) {
    if (absorbed[u]) continue;
    const Node& nd = nodes[u];
    TapeNode tn;
    tn.node = u;
    tn.grad_offset = static_cast<std::int32_t>(grad_pattern_.size());
    tn.hess_offset = static_cast<std::int32_t>(hess_pattern_.size());
    tn.term_begin = static_cast<std::int32_t>(terms_.size());
    linear.clear();
    quads.clear();

    if (nd.op == Op::Variable) {
      tn.seed = true;
      seeds_.push_back(grad_pattern_.size());
      grad_pattern_.push_back(nd.k);
      tn.grad_size = 1;
    } else if (is_linear_sum(nd.op)) {
      pending.assign(1, {u, false});
      while (!pending.empty()) {
        auto [v, neg] = pending.back();
        pending.pop_back();
        const Node& m = nodes[v];
        if (v != u && !absorbed[v]) {
          linear.emplace_back(v, neg ? Coef::Minus : Coef::Plus);
          continue;
        }
        // Push b first so terms come out left to right.
        if (m.op == Op::Neg) pending.emplace_back(m.a, !neg);
        else {
          pending.emplace_back(m.b, m.op == Op::Sub ? !neg : neg);
          pending.emplace_back(m.a, neg);
        }
      }
    } else if (!is_leaf(nd.op) && !(nd.op == Op::Pown && nd.k == 0)) {
      linear.emplace_back(nd.a, Coef::A);
      if (nd.b >= 0) linear.emplace_back(nd.b, Coef::B);
      const Curvature c = curvature(nd);
      auto quad = [&](std::int32_t x, std::int32_t y, Coef coef, bool symmetric) {
        Term t;
        t.first = tape_of[x];
        t.second = tape_of[y];
        t.coef = coef;
        t.quadratic = true;
        t.symmetric = symmetric;
        quads.push_back(t);
      };
      if (c.aa) quad(nd.a, nd.a, Coef::AA, true);
      if (c.ab) quad(nd.a, nd.b, Coef::AB, false);
      if (c.bb) quad(nd.b, nd.b, Coef::BB, true);
    }

    // Patterns: union of the operands' patterns plus the outer products.
    grad.clear();
    hess.clear();
    for (auto& [child, coef] : linear) {
      const TapeNode& c = tape_[tape_of[child]];
      grad.insert(grad.end(), grad_pattern_.begin() + c.grad_offset,
                  grad_pattern_.begin() + c.grad_offset + c.grad_size);
      hess.insert(hess.end(), hess_pattern_.begin() + c.hess_offset,
                  hess_pattern_.begin() + c.hess_offset + c.hess_size);
    }
    for (const Term& q : quads) {
      const TapeNode &c1 = tape_[q.first], &c2 = tape_[q.second];
      for (std::int32_t s = 0; s < c1.grad_size; ++s)
        for (std::int32_t r = q.symmetric ? s : 0; r < c2.grad_size; ++r)
          hess.push_back(key(grad_pattern_[c1.grad_offset + s], grad_pattern_[c2.grad_offset + r]));
    }
    std::sort(grad.begin(), grad.end());
    grad.erase(std::unique(grad.begin(), grad.end()), grad.end());
    std::sort(hess.begin(), hess.end());
    hess.erase(std::unique(hess.begin(), hess.end()), hess.end());

    // Terms and where each of their products lands.
    for (auto& [child, coef] : linear) {
      const TapeNode& c = tape_[tape_of[child]];
      if (c.grad_size == 0) continue;  // a constant: contributes nothing
      Term t;
      t.first = tape_of[child];
      t.coef = coef;
      t.target_offset = static_cast<std::int32_t>(targets_.size());
      for (std::int32_t e = 0; e < c.grad_size; ++e)
        targets_.push_back(index_in(grad, grad_pattern_[c.grad_offset + e]));
      for (std::int32_t e = 0; e < c.hess_size; ++e)
        targets_.push_back(index_in(hess, hess_pattern_[c.hess_offset + e]));
      updates_ += c.grad_size + c.hess_size;
      terms_.push_back(t);
    }
    for (Term q : quads) {
      const TapeNode &c1 = tape_[q.first], &c2 = tape_[q.second];
      if (c1.grad_size == 0 || c2.grad_size == 0) continue;
      q.target_offset = static_cast<std::int32_t>(targets_.size());
      for (std::int32_t s = 0; s < c1.grad_size; ++s) {
        const std::int32_t vi = grad_pattern_[c1.grad_offset + s];
        for (std::int32_t r = q.symmetric ? s : 0; r < c2.grad_size; ++r) {
          const std::int32_t vj = grad_pattern_[c2.grad_offset + r];
          const std::int32_t t = index_in(hess, key(vi, vj));
          targets_.push_back(!q.symmetric && vi == vj ? ~t : t);
          ++updates_;
        }
      }
      terms_.push_back(q);
    }
    tn.term_end = static_cast<std::int32_t>(terms_.size());
    if (!tn.seed) {
      tn.grad_size = static_cast<std::int32_t>(grad.size());
      grad_pattern_.insert(grad_pattern_.end(), grad.begin(), grad.end());
    }
    tn.hess_size = static_cast<std::int32_t>(hess.size());
    hess_pattern_.insert(hess_pattern_.end(), hess.begin(), hess.end());
    tape_of[u] = static_cast<std::int32_t>(tape_.size());
    tape_.push_back(tn);
  }
  for (std::int32_t o : outputs) output_tape_.push_back(tape_of[o]);
}

std::vector<std::pair<std::int32_t, std::int32_t>> DerivativePlan::hessian_pattern(
    const TapeNode& tn) const {
  std::vector<std::pair<std::int32_t, std::int32_t>> out;
  for (std::int32_t e = 0; e < tn.hess_size; ++e) {
    const Key k = hess_pattern_[tn.hess_offset + e];
    out.emplace_back(static_cast<std::int32_t>(k >> 32), static_cast<std::int32_t>(k & 0xffffffffu));
  }
  return out;
}

}  // namespace gdcert
