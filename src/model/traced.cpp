#include "model/traced.hpp"

#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace gdcert {
namespace {

thread_local Program* current = nullptr;

Traced unary(Op op, const Traced& x, std::int32_t k = 0) {
  return Traced::node(active_trace().add_node(Node{op, x.index(), -1, k}));
}
Traced binary(Op op, const Traced& a, const Traced& b) {
  return Traced::node(active_trace().add_node(Node{op, a.index(), b.index(), 0}));
}

}  // namespace

Program& active_trace() {
  if (!current) throw std::logic_error("a Traced value was used outside trace_functor");
  return *current;
}

TraceScope::TraceScope(std::vector<std::string> variables) : program_(std::move(variables)), saved_(current) {
  current = &program_;
}
TraceScope::~TraceScope() { current = saved_; }
Program TraceScope::take() {
  current = saved_;
  return std::move(program_);
}

Traced::Traced(double constant) {
  // The exact double: integers in decimal (readable), anything else as a hex literal.
  char text[64];
  if (constant == std::trunc(constant) && std::fabs(constant) < 0x1p53)
    std::snprintf(text, sizeof text, "%.0f", constant);
  else
    std::snprintf(text, sizeof text, "%a", constant);
  node_ = active_trace().add_constant_node(parse_number(text));
}
Traced Traced::variable(std::int32_t index) {
  return Traced(active_trace().add_node(Node{Op::Variable, -1, -1, index}), 0);
}

Traced operator+(const Traced& a, const Traced& b) { return binary(Op::Add, a, b); }
Traced operator-(const Traced& a, const Traced& b) { return binary(Op::Sub, a, b); }
Traced operator*(const Traced& a, const Traced& b) { return binary(Op::Mul, a, b); }
Traced operator/(const Traced& a, const Traced& b) { return binary(Op::Div, a, b); }
Traced operator-(const Traced& a) { return unary(Op::Neg, a); }
Traced pown(const Traced& x, int n) { return unary(Op::Pown, x, n); }
Traced sqr(const Traced& x) { return pown(x, 2); }
Traced pow(const Traced& x, const Traced& y) { return binary(Op::Pow, x, y); }
Traced sqrt(const Traced& x) { return unary(Op::Sqrt, x); }
Traced exp(const Traced& x) { return unary(Op::Exp, x); }
Traced log(const Traced& x) { return unary(Op::Log, x); }
Traced sin(const Traced& x) { return unary(Op::Sin, x); }
Traced cos(const Traced& x) { return unary(Op::Cos, x); }
Traced tan(const Traced& x) { return unary(Op::Tan, x); }
Traced atan(const Traced& x) { return unary(Op::Atan, x); }
Traced tanh(const Traced& x) { return unary(Op::Tanh, x); }
Traced sinh(const Traced& x) { return unary(Op::Sinh, x); }
Traced cosh(const Traced& x) { return unary(Op::Cosh, x); }
Traced sigmoid(const Traced& x) { return unary(Op::Sigmoid, x); }
Traced softplus(const Traced& x) { return unary(Op::Softplus, x); }
Traced abs(const Traced& x) { return unary(Op::Abs, x); }

}  // namespace gdcert
