// Traced: turns a C++ functor templated on the scalar type into a Program, so user code gets
// the same rigorous evaluation (double, Interval, MpInterval; gradients, Hessians) as a parsed
// expression. It plays the role of Ceres' AutoDiffCostFunction, by tracing instead of jets:
//
//   struct Rosenbrock {
//     template <class T>
//     std::vector<T> operator()(const std::vector<T>& x) const {
//       return {10 * (x[1] - x[0] * x[0]), 1 - x[0]};
//     }
//   };
//   Objective f = Objective::from_residual_functor(Rosenbrock{}, {"x", "y"});
//   ChatterjeeResult r = check_chatterjee(f, centre, radius, {});
//
// The functor is called once with Traced arguments; each operation records a node. So its
// control flow must not depend on the values of its arguments (as with any tracing AD), and
// constants written in C++ are the doubles the compiler made of them (0.1 is the double
// nearest 1/10, enclosed exactly as that double).
#pragma once

#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

#include "expr/program.hpp"

namespace gdcert {

class Traced {
 public:
  Traced(double constant);  // NOLINT: constants mix freely with traced values
  static Traced variable(std::int32_t index);
  static Traced node(std::int32_t index) { return Traced(index, 0); }
  std::int32_t index() const { return node_; }

 private:
  Traced(std::int32_t node, int) : node_(node) {}
  std::int32_t node_;
};

// The program being recorded by this thread (set by TraceScope).
Program& active_trace();

class TraceScope {
 public:
  explicit TraceScope(std::vector<std::string> variables);
  ~TraceScope();
  TraceScope(const TraceScope&) = delete;
  TraceScope& operator=(const TraceScope&) = delete;
  Program take();  // the recorded program

 private:
  Program program_;
  Program* saved_;
};

Traced operator+(const Traced& a, const Traced& b);
Traced operator-(const Traced& a, const Traced& b);
Traced operator*(const Traced& a, const Traced& b);
Traced operator/(const Traced& a, const Traced& b);
Traced operator-(const Traced& a);
inline Traced operator+(const Traced& a) { return a; }
inline Traced& operator+=(Traced& a, const Traced& b) { return a = a + b; }
inline Traced& operator-=(Traced& a, const Traced& b) { return a = a - b; }
inline Traced& operator*=(Traced& a, const Traced& b) { return a = a * b; }
inline Traced& operator/=(Traced& a, const Traced& b) { return a = a / b; }

Traced pown(const Traced& x, int n);
Traced sqr(const Traced& x);
Traced pow(const Traced& x, const Traced& y);
Traced sqrt(const Traced& x);
Traced exp(const Traced& x);
Traced log(const Traced& x);
Traced sin(const Traced& x);
Traced cos(const Traced& x);
Traced tan(const Traced& x);
Traced atan(const Traced& x);
Traced tanh(const Traced& x);
Traced sinh(const Traced& x);
Traced cosh(const Traced& x);
Traced sigmoid(const Traced& x);
Traced softplus(const Traced& x);
Traced abs(const Traced& x);

// Calls `fn` on traced variables and records its outputs (a Traced or a std::vector<Traced>).
template <class Functor>
Program trace_functor(const Functor& fn, const std::vector<std::string>& variables) {
  TraceScope scope(variables);
  std::vector<Traced> x;
  for (std::size_t i = 0; i < variables.size(); ++i) x.push_back(Traced::variable(static_cast<std::int32_t>(i)));
  auto record = [&](const Traced& out) { active_trace().add_output(out.index(), to_text(active_trace(), out.index())); };
  auto result = fn(x);
  if constexpr (std::is_same_v<decltype(result), Traced>) {
    record(result);
  } else {
    for (const auto& out : result) record(out);
  }
  return scope.take();
}

}  // namespace gdcert
