// Evaluator<T>: value, gradient and Hessian of every output of a Program, for any scalar type
// with ScalarTraits (double for sampling; Interval and MpInterval for enclosures over a box).
//
//   Program p = parse_program("(x*y - 1)^2");
//   Evaluator<Interval> ev(p);
//   std::vector<Interval> box = {Interval(1.5, 2.5), Interval(0.2, 0.4)};
//   Truth ok = ev.evaluate(box, Order::Hessian);
//   ev.value(0);        // encloses f over the box
//   ev.gradient(0)[1];  // encloses df/dy over the box
//   for (auto& h : ev.hessian(0)) ...;   // h.i <= h.j, encloses d2f/dxi dxj over the box
//
// The returned Truth says whether every operation was applied strictly inside the region where
// it is defined and twice continuously differentiable (log of a positive, division by a nonzero,
// sqrt and real powers of a positive, abs away from 0, tan away from its poles) for every point of
// the box: True proved, False violated (double: at that point), Unknown otherwise. Enclosures
// are only meaningful when it is True; callers must not build a bound otherwise.
//
// Hessians are sparse: an entry exists only where the DAG makes the second derivative
// structurally nonzero, so a tridiagonal Hessian of 100 variables costs O(100), not O(100^2).
//
// How: Order::Gradient runs reverse mode over each output's own subgraph (cost O(nodes)).
// Order::Hessian runs forward mode carrying a sparse gradient and a sparse upper-triangular
// Hessian per node, with the chain rule H_u = sum_k d_k H_k + sum_kl d_kl g_k g_l^T; the
// sparsity patterns and where every product lands are computed once at construction, and
// chains of + and - are merged into one n-ary sum so a long sum does not re-copy its prefix.
// All outputs are done in the same pass. value(), gradient() and hessian() are valid after an
// evaluate() with at least that Order (else std::logic_error).
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <vector>

#include "arith/scalar_traits.hpp"
#include "arith/truth.hpp"
#include "expr/program.hpp"

namespace gdcert {

enum class Order { Value = 0, Gradient = 1, Hessian = 2 };

template <class T>
struct HessianEntry {
  std::int32_t i, j;  // i <= j
  T value;
};

template <class T>
class Evaluator {
 public:
  explicit Evaluator(const Program& program);
  ~Evaluator();
  Evaluator(Evaluator&&) noexcept;
  Evaluator& operator=(Evaluator&&) noexcept;

  // x has num_variables() entries. Reuses internal storage across calls.
  Truth evaluate(std::span<const T> x, Order order);

  const T& value(std::size_t output) const;
  std::span<const T> gradient(std::size_t output) const;                 // dense, size p
  std::span<const HessianEntry<T>> hessian(std::size_t output) const;    // upper triangle

  const Program& program() const;

  // Size of the derivative plan, fixed at construction (for tests and benchmarks): the sparse
  // Hessian pass costs about hessian_updates multiply-adds, whatever the point.
  struct Stats {
    std::size_t nodes = 0;             // DAG nodes reachable from the outputs
    std::size_t tape_nodes = 0;        // nodes carrying derivatives (sums are merged n-ary)
    std::size_t gradient_entries = 0;  // stored sparse gradient entries, all tape nodes
    std::size_t hessian_entries = 0;   // stored sparse Hessian entries, all tape nodes
    std::size_t hessian_updates = 0;   // multiply-adds of one Hessian pass
  };
  Stats stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

extern template class Evaluator<double>;
extern template class Evaluator<Interval>;
extern template class Evaluator<MpInterval>;

}  // namespace gdcert
