// DerivativePlan: the scalar-type-independent part of differentiating a Program, built once.
//
//   DerivativePlan plan(program);
//   for (const auto& tn : plan.tape())          // forward order
//     for (const auto& t : plan.terms(tn)) ...  // H[tn] += coef * H[t.first] (linear term) or
//                                               // H[tn] += coef * g[t.first] g[t.second]^T
//
// Used by Evaluator<T>; separate so the pattern bookkeeping (sorting, merging, target indices)
// is compiled once and the per-type code only does arithmetic.
//
// The tape holds every reachable node except sums that only feed another sum: those are folded
// into an n-ary signed sum at their single user, so s = t1 + t2 + ... + tn carries one pattern
// instead of n growing prefixes. Each tape node stores a sparse gradient (sorted variable
// indices) and a sparse upper-triangular Hessian (sorted (i, j), i <= j).
#pragma once

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "expr/program.hpp"

namespace gdcert {

class DerivativePlan {
 public:
  // Where a term's coefficient comes from: +-1, or the node's first/second partial
  // d/da, d/db, d2/da2, d2/dadb, d2/db2.
  enum class Coef : std::uint8_t { Plus, Minus, A, B, AA, AB, BB };

  struct Term {
    std::int32_t first = -1, second = -1;  // tape indices (second: quadratic terms only)
    Coef coef = Coef::Plus;
    bool quadratic = false;  // coef * g_first g_second^T (+ its transpose unless symmetric)
    bool symmetric = false;  // quadratic with first == second and a pure square partial
    std::int32_t target_offset = 0;
  };

  struct TapeNode {
    std::int32_t node = -1;  // Program node
    bool seed = false;       // a variable: gradient e_k, no Hessian
    std::int32_t grad_offset = 0, grad_size = 0;
    std::int32_t hess_offset = 0, hess_size = 0;
    std::int32_t term_begin = 0, term_end = 0;
  };

  explicit DerivativePlan(const Program& program);

  const std::vector<std::int32_t>& reachable_nodes() const { return reachable_; }
  const std::vector<std::int32_t>& output_subgraph(std::size_t o) const { return subgraphs_[o]; }
  const std::vector<TapeNode>& tape() const { return tape_; }
  std::span<const Term> terms(const TapeNode& tn) const {
    return {terms_.data() + tn.term_begin, static_cast<std::size_t>(tn.term_end - tn.term_begin)};
  }
  // Linear term: grad_size targets into the user's gradient, then hess_size into its Hessian.
  // Quadratic term: one target per visited pair (s, r) into the Hessian; ~t means "add twice".
  const std::int32_t* targets(const Term& t) const { return targets_.data() + t.target_offset; }
  const std::int32_t* gradient_pattern(const TapeNode& tn) const {
    return grad_pattern_.data() + tn.grad_offset;
  }
  std::vector<std::pair<std::int32_t, std::int32_t>> hessian_pattern(const TapeNode& tn) const;

  std::int32_t output_tape_node(std::size_t o) const { return output_tape_[o]; }
  std::vector<std::pair<std::int32_t, std::int32_t>> output_hessian_pattern(std::size_t o) const {
    return hessian_pattern(tape_[output_tape_[o]]);
  }
  // Offsets in the gradient storage holding the constant 1 of a variable's own gradient.
  const std::vector<std::size_t>& variable_seeds() const { return seeds_; }

  std::size_t gradient_size() const { return grad_pattern_.size(); }
  std::size_t hessian_size() const { return hess_pattern_.size(); }
  std::size_t hessian_updates() const { return updates_; }

 private:
  std::vector<std::int32_t> reachable_;
  std::vector<std::vector<std::int32_t>> subgraphs_;
  std::vector<TapeNode> tape_;
  std::vector<Term> terms_;
  std::vector<std::int32_t> targets_;
  std::vector<std::int32_t> grad_pattern_;
  std::vector<std::uint64_t> hess_pattern_;  // (i << 32) | j
  std::vector<std::int32_t> output_tape_;
  std::vector<std::size_t> seeds_;
  std::size_t updates_ = 0;
};

}  // namespace gdcert
