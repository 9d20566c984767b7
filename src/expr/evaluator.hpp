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

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

extern template class Evaluator<double>;
extern template class Evaluator<Interval>;
extern template class Evaluator<MpInterval>;

}  // namespace gdcert
