#include "expr/evaluator.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <type_traits>

#include "expr/derivative_plan.hpp"

namespace gdcert {
namespace {

// Three-valued domain tests. For double they are plain tests at the point: False is "violated
// here" (a NaN argument is a violation too).
template <class T>
Truth positive(const T& x) {
  if constexpr (std::is_same_v<T, double>) return x > 0 ? Truth::True : Truth::False;
  else return certainly_positive(x);
}
template <class T>
Truth nonzero(const T& x) {
  if constexpr (std::is_same_v<T, double>) return (x > 0 || x < 0) ? Truth::True : Truth::False;
  else return certainly_positive(x) || certainly_positive(-x);
}
// d|x|/dx: +-1 where the sign is certain; [-1, 1] otherwise (the domain flag is not True then).
template <class T>
T sign_of(const T& x) {
  if constexpr (std::is_same_v<T, double>) return (x > 0) - (x < 0);
  else {
    if (is_true(certainly_positive(x))) return T(1.0);
    if (is_true(certainly_positive(-x))) return T(-1.0);
    return T(-1.0, 1.0);
  }
}

}  // namespace

template <class T>
struct Evaluator<T>::Impl {
  using Traits = ScalarTraits<T>;
  using Coef = DerivativePlan::Coef;

  Program program;
  DerivativePlan plan;
  std::vector<std::int32_t> order_;  // reachable nodes, topological
  unsigned precision = 0;            // MpInterval: precision the workspace was built for

  // Workspace, sized once.
  std::vector<T> constants, val, pa, pb, paa, pab, pbb, adj;
  std::vector<T> grad_vals, hess_vals;          // sparse per tape node (plan offsets)
  std::vector<T> grad_out;                      // dense, outputs x p
  std::vector<std::vector<HessianEntry<T>>> hess_out;
  int last_order = -1;

  explicit Impl(const Program& p) : program(p), plan(p) {
    order_ = plan.reachable_nodes();
    allocate();
  }

  static unsigned current_precision() {
    if constexpr (std::is_same_v<T, MpInterval>) return mp_precision();
    else return 0;
  }

  void allocate() {
    precision = current_precision();
    const std::size_t n = program.nodes().size(), p = program.num_variables();
    constants.clear();
    for (const ExactNumber& c : program.constants()) constants.push_back(Traits::from_number(c));
    for (auto* v : {&val, &pa, &pb, &paa, &pab, &pbb, &adj}) v->assign(n, T(0.0));
    grad_vals.assign(plan.gradient_size(), T(0.0));
    hess_vals.assign(plan.hessian_size(), T(0.0));
    for (std::size_t off : plan.variable_seeds()) grad_vals[off] = T(1.0);
    grad_out.assign(program.num_outputs() * p, T(0.0));
    hess_out.assign(program.num_outputs(), {});
    for (std::size_t o = 0; o < program.num_outputs(); ++o) {
      const auto pattern = plan.output_hessian_pattern(o);
      for (const auto& [i, j] : pattern) hess_out[o].push_back({i, j, T(0.0)});
    }
  }

  Truth eval_node(std::int32_t u, std::span<const T> x, Order order) {
    using std::atan; using std::cos; using std::cosh; using std::exp; using std::log;
    using std::pow; using std::sin; using std::sinh; using std::sqrt; using std::tan;
    using std::tanh; using std::abs;
    const Node& n = program.nodes()[u];
    T& v = val[u];
    const bool d1 = order != Order::Value, d2 = order == Order::Hessian;
    const T& a = val[n.a >= 0 ? n.a : u];
    const T& b = val[n.b >= 0 ? n.b : u];
    Truth ok = Truth::True;
    switch (n.op) {
      case Op::Constant: v = constants[n.k]; break;
      case Op::Variable: v = x[n.k]; break;
      case Op::Pi: v = Traits::pi(); break;
      case Op::Euler: v = Traits::e(); break;
      case Op::Add: v = a + b; break;
      case Op::Sub: v = a - b; break;
      case Op::Neg: v = -a; break;
      case Op::Mul:
        v = n.a == n.b ? sqr(a) : a * b;  // x*x: the square is the tighter enclosure
        if (d1) pa[u] = b, pb[u] = a;
        if (d2) pab[u] = T(1.0);
        break;
      case Op::Div:
        ok = nonzero(b);
        v = a / b;
        if (d1) pa[u] = T(1.0) / b, pb[u] = -v / b;
        if (d2) pab[u] = -sqr(pa[u]), pbb[u] = T(2.0) * v / sqr(b);
        break;
      case Op::Pown: {
        const int k = n.k;
        if (k < 0) ok = nonzero(a);
        v = k == 2 ? sqr(a) : pown(a, k);
        if (d1) pa[u] = k == 0 ? T(0.0) : k == 1 ? T(1.0) : T(double(k)) * pown(a, k - 1);
        if (d2) paa[u] = (k == 0 || k == 1) ? T(0.0) : T(double(k) * (k - 1)) * pown(a, k - 2);
        break;
      }
      case Op::Pow:
        ok = positive(a);
        v = pow(a, b);
        if (d1) pa[u] = b * pow(a, b - T(1.0)), pb[u] = v * log(a);
        if (d2) {
          const T la = log(a);
          paa[u] = b * (b - T(1.0)) * pow(a, b - T(2.0));
          pab[u] = pow(a, b - T(1.0)) * (T(1.0) + b * la);
          pbb[u] = v * sqr(la);
        }
        break;
      case Op::Sqrt:
        ok = positive(a);
        v = sqrt(a);
        if (d1) pa[u] = T(1.0) / (T(2.0) * v);
        if (d2) paa[u] = -T(1.0) / (T(4.0) * a * v);
        break;
      case Op::Exp:
        v = exp(a);
        if (d1) pa[u] = v;
        if (d2) paa[u] = v;
        break;
      case Op::Log:
        ok = positive(a);
        v = log(a);
        if (d1) pa[u] = T(1.0) / a;
        if (d2) paa[u] = -sqr(pa[u]);
        break;
      case Op::Sin:
        v = sin(a);
        if (d1) pa[u] = cos(a);
        if (d2) paa[u] = -v;
        break;
      case Op::Cos:
        v = cos(a);
        if (d1) pa[u] = -sin(a);
        if (d2) paa[u] = -v;
        break;
      case Op::Tan:
        ok = nonzero(cos(a));
        v = tan(a);
        if (d1) pa[u] = T(1.0) + sqr(v);
        if (d2) paa[u] = T(2.0) * v * pa[u];
        break;
      case Op::Atan:
        v = atan(a);
        if (d1) pa[u] = T(1.0) / (T(1.0) + sqr(a));
        if (d2) paa[u] = T(-2.0) * a * sqr(pa[u]);
        break;
      case Op::Tanh:
        v = tanh(a);
        if (d1) pa[u] = T(1.0) - sqr(v);
        if (d2) paa[u] = T(-2.0) * v * pa[u];
        break;
      case Op::Sinh:
        v = sinh(a);
        if (d1) pa[u] = cosh(a);
        if (d2) paa[u] = v;
        break;
      case Op::Cosh:
        v = cosh(a);
        if (d1) pa[u] = sinh(a);
        if (d2) paa[u] = v;
        break;
      case Op::Sigmoid:
        v = sigmoid(a);
        if (d1) pa[u] = v * (T(1.0) - v);
        if (d2) paa[u] = pa[u] * (T(1.0) - T(2.0) * v);
        break;
      case Op::Softplus:
        v = softplus(a);
        if (d1) pa[u] = sigmoid(a);
        if (d2) paa[u] = pa[u] * (T(1.0) - pa[u]);
        break;
      case Op::Abs:
        ok = nonzero(a);
        v = abs(a);
        if (d1) pa[u] = sign_of(a);
        break;
    }
    return ok;
  }

  const T& coefficient(const DerivativePlan::Term& t, std::int32_t node) const {
    switch (t.coef) {
      case Coef::A: return pa[node];
      case Coef::B: return pb[node];
      case Coef::AA: return paa[node];
      case Coef::AB: return pab[node];
      default: return pbb[node];
    }
  }

  void reverse_gradients() {
    const std::size_t p = program.num_variables();
    for (std::size_t o = 0; o < program.num_outputs(); ++o) {
      T* g = grad_out.data() + o * p;
      for (std::size_t i = 0; i < p; ++i) g[i] = 0.0;
      const auto& sub = plan.output_subgraph(o);
      for (std::int32_t u : sub) adj[u] = 0.0;
      adj[program.outputs()[o]] = 1.0;
      for (auto it = sub.rbegin(); it != sub.rend(); ++it) {
        const std::int32_t u = *it;
        const Node& n = program.nodes()[u];
        const T& w = adj[u];
        switch (n.op) {
          case Op::Constant: case Op::Pi: case Op::Euler: break;
          case Op::Variable: g[n.k] += w; break;
          case Op::Add: adj[n.a] += w; adj[n.b] += w; break;
          case Op::Sub: adj[n.a] += w; adj[n.b] -= w; break;
          case Op::Neg: adj[n.a] -= w; break;
          default:
            adj[n.a] += pa[u] * w;
            if (n.b >= 0) adj[n.b] += pb[u] * w;
        }
      }
    }
  }

  void forward_hessians() {
    for (const auto& tn : plan.tape()) {
      if (tn.seed) continue;  // variables: gradient 1, fixed at allocation
      T* g = grad_vals.data() + tn.grad_offset;
      T* h = hess_vals.data() + tn.hess_offset;
      for (std::int32_t e = 0; e < tn.grad_size; ++e) g[e] = 0.0;
      for (std::int32_t e = 0; e < tn.hess_size; ++e) h[e] = 0.0;
      for (const auto& t : plan.terms(tn)) {
        const auto& c1 = plan.tape()[t.first];
        const T* g1 = grad_vals.data() + c1.grad_offset;
        const std::int32_t* target = plan.targets(t);
        if (!t.quadratic) {
          const T* h1 = hess_vals.data() + c1.hess_offset;
          const std::int32_t* htarget = target + c1.grad_size;
          if (t.coef == Coef::Plus) {
            for (std::int32_t e = 0; e < c1.grad_size; ++e) g[target[e]] += g1[e];
            for (std::int32_t e = 0; e < c1.hess_size; ++e) h[htarget[e]] += h1[e];
          } else if (t.coef == Coef::Minus) {
            for (std::int32_t e = 0; e < c1.grad_size; ++e) g[target[e]] -= g1[e];
            for (std::int32_t e = 0; e < c1.hess_size; ++e) h[htarget[e]] -= h1[e];
          } else {
            const T& d = coefficient(t, tn.node);
            for (std::int32_t e = 0; e < c1.grad_size; ++e) g[target[e]] += d * g1[e];
            for (std::int32_t e = 0; e < c1.hess_size; ++e) h[htarget[e]] += d * h1[e];
          }
          continue;
        }
        // d * g1 g2^T onto the upper triangle, in the order the plan laid out the targets.
        const auto& c2 = plan.tape()[t.second];
        const T* g2 = grad_vals.data() + c2.grad_offset;
        const T& d = coefficient(t, tn.node);
        for (std::int32_t s = 0; s < c1.grad_size; ++s) {
          const T ds = d * g1[s];
          for (std::int32_t r = t.symmetric ? s : 0; r < c2.grad_size; ++r) {
            const std::int32_t tgt = *target++;
            if (tgt >= 0) {
              h[tgt] += ds * g2[r];
            } else {  // a diagonal entry of g1 g2^T + g2 g1^T: counted twice
              const T prod = ds * g2[r];
              h[~tgt] += prod;
              h[~tgt] += prod;
            }
          }
        }
      }
    }
    const std::size_t p = program.num_variables();
    for (std::size_t o = 0; o < program.num_outputs(); ++o) {
      const auto& tn = plan.tape()[plan.output_tape_node(o)];
      T* g = grad_out.data() + o * p;
      for (std::size_t i = 0; i < p; ++i) g[i] = 0.0;
      const std::int32_t* vars = plan.gradient_pattern(tn);
      for (std::int32_t e = 0; e < tn.grad_size; ++e) g[vars[e]] = grad_vals[tn.grad_offset + e];
      auto& out = hess_out[o];
      for (std::size_t e = 0; e < out.size(); ++e) out[e].value = hess_vals[tn.hess_offset + e];
    }
  }

  Truth evaluate(std::span<const T> x, Order order) {
    if (x.size() != program.num_variables())
      throw std::invalid_argument("Evaluator: expected " +
                                  std::to_string(program.num_variables()) + " values, got " +
                                  std::to_string(x.size()));
    if (current_precision() != precision) allocate();
    last_order = -1;
    Truth ok = Truth::True;
    for (std::int32_t u : order_) ok = ok && eval_node(u, x, order);
    if (order == Order::Gradient) reverse_gradients();
    if (order == Order::Hessian) forward_hessians();
    last_order = static_cast<int>(order);
    return ok;
  }

  void require(Order order, std::size_t output) const {
    if (last_order < static_cast<int>(order))
      throw std::logic_error("Evaluator: no evaluate() with the needed order since construction");
    if (output >= program.num_outputs()) throw std::out_of_range("Evaluator: output index");
  }
};

template <class T>
Evaluator<T>::Evaluator(const Program& program) : impl_(std::make_unique<Impl>(program)) {}
template <class T>
Evaluator<T>::~Evaluator() = default;
template <class T>
Evaluator<T>::Evaluator(Evaluator&&) noexcept = default;
template <class T>
Evaluator<T>& Evaluator<T>::operator=(Evaluator&&) noexcept = default;

template <class T>
Truth Evaluator<T>::evaluate(std::span<const T> x, Order order) {
  return impl_->evaluate(x, order);
}
template <class T>
const T& Evaluator<T>::value(std::size_t output) const {
  impl_->require(Order::Value, output);
  return impl_->val[impl_->program.outputs()[output]];
}
template <class T>
std::span<const T> Evaluator<T>::gradient(std::size_t output) const {
  impl_->require(Order::Gradient, output);
  const std::size_t p = impl_->program.num_variables();
  return {impl_->grad_out.data() + output * p, p};
}
template <class T>
std::span<const HessianEntry<T>> Evaluator<T>::hessian(std::size_t output) const {
  impl_->require(Order::Hessian, output);
  return impl_->hess_out[output];
}
template <class T>
const Program& Evaluator<T>::program() const {
  return impl_->program;
}
template <class T>
typename Evaluator<T>::Stats Evaluator<T>::stats() const {
  const DerivativePlan& plan = impl_->plan;
  return {impl_->order_.size(), plan.tape().size(), plan.gradient_size(), plan.hessian_size(),
          plan.hessian_updates()};
}

template class Evaluator<double>;
template class Evaluator<Interval>;
template class Evaluator<MpInterval>;

}  // namespace gdcert
