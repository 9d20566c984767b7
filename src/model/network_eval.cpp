#include "model/network_eval.hpp"

#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <string>

#include "arith/rounding.hpp"
#include "model/interval_products.hpp"
#include "model/parallel.hpp"
#include "model/traced.hpp"

namespace gdcert {
namespace {

// --- scalar helpers --------------------------------------------------------------------------
inline double clamp_range(double x, double, double) { return x; }  // float estimates: untouched
inline Interval clamp_range(const Interval& x, double lo, double hi) { return intersect(x, Interval(lo, hi)); }
inline MpInterval clamp_range(const MpInterval& x, double lo, double hi) { return intersect(x, MpInterval(lo, hi)); }

inline double times_weight(double x, double w) { return x * w; }
inline Interval times_weight(const Interval& x, double w) {
  if (w == 0) return Interval(0.0);
  return w > 0 ? Interval(mul_down(x.lower(), w), mul_up(x.upper(), w))
               : Interval(mul_down(x.upper(), w), mul_up(x.lower(), w));
}
inline MpInterval times_weight(const MpInterval& x, double w) {
  MpInterval r;
  mpfi_mul_d(r.get(), x.get(), w);  // outward rounded; w is exact
  return r;
}

// s += a * b without temporaries (MPFI rounds each step outward); `tmp` is scratch.
inline void add_product(double& s, double a, double b, double&) { s += a * b; }
inline void add_product(Interval& s, const Interval& a, const Interval& b, Interval&) { s += a * b; }
inline void add_product(MpInterval& s, const MpInterval& a, const MpInterval& b, MpInterval& tmp) {
  if (&a == &b) mpfi_sqr(tmp.get(), a.get());
  else mpfi_mul(tmp.get(), a.get(), b.get());
  mpfi_add(s.get(), s.get(), tmp.get());
}
inline void add_weighted(double& s, double a, double w, double&) { s += a * w; }
inline void add_weighted(MpInterval& s, const MpInterval& a, double w, MpInterval& tmp) {
  mpfi_mul_d(tmp.get(), a.get(), w);
  mpfi_add(s.get(), s.get(), tmp.get());
}

template <class T>
T log2_value() {
  using std::log;
  return log(ScalarTraits<T>::from_double(2.0));
}

// Data in T: Interval as enclosed; MpInterval from the decimal texts when there are any.
template <class T>
T data_value(const Interval& v, const std::vector<std::string>& texts, std::size_t k) {
  if constexpr (std::is_same_v<T, double>) {
    (void)texts; (void)k;
    return mid(v);
  } else if constexpr (std::is_same_v<T, Interval>) {
    (void)texts; (void)k;
    return v;
  } else {
    if (k < texts.size()) return MpInterval::from_decimal(texts[k]);
    return MpInterval(v);
  }
}

// Gram matrix A A^T (n x n) of a row-major n x m matrix.
template <class T>
std::vector<T> gram(std::span<const T> a, std::size_t n, std::size_t m) {
  if constexpr (std::is_same_v<T, Interval>) {
    return interval_gram(a, n, m);
  } else {
    std::vector<T> g(n * n, T(0.0));
    T tmp(0.0);
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = i; j < n; ++j) {
        T s(0.0);
        for (std::size_t k = 0; k < m; ++k) add_product(s, a[i * m + k], a[j * m + k], tmp);  // i == j: a square
        g[i * n + j] = s;
        g[j * n + i] = s;
      }
    return g;
  }
}

// A B (n x m) for a row-major n x k matrix A in T and an exact double matrix B (k x m), or
// A B^T for B (m x k) with transpose_b.
template <class T>
std::vector<T> times_point(std::span<const T> a, std::size_t n, std::size_t k, const Eigen::MatrixXd& b,
                           bool transpose_b) {
  if constexpr (std::is_same_v<T, Interval>) {
    return interval_times_point(a, n, k, b, transpose_b);
  } else {
    T tmp(0.0);
    return times_point_loops<T>(a, n, k, b, transpose_b, [&](T& s, const T& x, double w) { add_weighted(s, x, w, tmp); });
  }
}

}  // namespace

// --- activations -------------------------------------------------------------------------------
// Global derivative bounds, with their proofs (also used to clamp the enclosures below).
//
// tanh: sigma' = 1 - t^2 in (0, 1], t = tanh x; sigma'' = -2 t (1 - t^2), and h(t) = 2t(1-t^2)
//   on (-1, 1) has |h| <= h(1/sqrt 3) = 4 / (3 sqrt 3) = 0.769800358... < 0.7698004.
// sigmoid: sigma' = s(1-s) <= 1/4; sigma'' = s(1-s)(1-2s) = -2u(1/4 - u^2) with u = s - 1/2 in
//   (-1/2, 1/2), maximal at |u| = 1/(2 sqrt 3): 1/(6 sqrt 3) = 0.0962250448... < 0.0962251.
// softplus: sigma' = s in (0, 1); sigma'' = s(1-s) <= 1/4.
// silu x s(x): with y = x/2, s(1-s) = 1/(4 cosh^2 y) and 1 - 2s = -tanh y.
//   sigma' = s + x s(1-s), |sigma'| <= 1 + |y| / (2 cosh^2 y) <= 1 + |y| / (2 (1 + y^2)) <= 5/4.
//   sigma'' = s(1-s)(2 + x(1-2s)) = (1 - y tanh y) / (2 cosh^2 y); y tanh y >= 0, so when
//   y tanh y <= 1 it lies in [0, 1/2], otherwise |sigma''| <= (y tanh y) / (2 cosh^2 y)
//   <= |y| / (2 (1 + y^2)) <= 1/4. Hence |sigma''| <= 1/2. (The true sup |sigma'| is 1.0998...;
//   5/4 is what the proof gives, and the range suprema of the ball bounds are tighter anyway.)
// smooth leaky ReLU a x + (1-a)(softplus x - log 2): sigma' = a + (1-a) s lies between a and 1,
//   |sigma'| <= max(|a|, 1); sigma'' = (1-a) s(1-s), |sigma''| <= |1-a| / 4 (rounded up from the
//   enclosure of a).
// identity: 1 and 0.
namespace {
constexpr double kTanhSecondSup = 0.7698004;
constexpr double kSigmoidSecondSup = 0.0962251;
constexpr double kSiluFirstSup = 1.25;
constexpr double kSiluSecondSup = 0.5;
}  // namespace

template <class T>
ActivationValues<T> activation_values(Activation a, const T& x, const T& slope, bool with_second) {
  using std::tanh;
  const T one(1.0), two(2.0), quarter(0.25), half(0.5);
  auto sigmoid_parts = [&](const T& s) {  // sigma' = s (1 - s) = 1/4 - (s - 1/2)^2
    T d1 = clamp_range(quarter - sqr(s - half), 0.0, 0.25);
    return d1;
  };
  switch (a) {
    case Activation::Tanh: {
      T s = clamp_range(tanh(x), -1.0, 1.0);
      T d1 = clamp_range(one - sqr(s), 0.0, 1.0);
      T d2 = with_second ? clamp_range(-two * s * d1, -kTanhSecondSup, kTanhSecondSup) : T(0.0);
      return {s, d1, d2};
    }
    case Activation::Sigmoid: {
      T s = clamp_range(sigmoid(x), 0.0, 1.0);
      T d1 = sigmoid_parts(s);
      T d2 = with_second ? clamp_range(d1 * (one - two * s), -kSigmoidSecondSup, kSigmoidSecondSup) : T(0.0);
      return {s, d1, d2};
    }
    case Activation::Softplus: {
      T s = clamp_range(sigmoid(x), 0.0, 1.0);
      return {softplus(x), s, with_second ? sigmoid_parts(s) : T(0.0)};
    }
    case Activation::SmoothLeakyRelu: {
      T s = clamp_range(sigmoid(x), 0.0, 1.0);
      const T b = one - slope;
      return {slope * x + b * (softplus(x) - log2_value<T>()), slope + b * s, with_second ? b * sigmoid_parts(s) : T(0.0)};
    }
    case Activation::Silu: {
      T s = clamp_range(sigmoid(x), 0.0, 1.0);
      T d = sigmoid_parts(s);
      return {x * s, s + x * d,
              with_second ? clamp_range(d * (two + x * (one - two * s)), -kSiluSecondSup, kSiluSecondSup) : T(0.0)};
    }
    case Activation::Identity:
      return {x, one, T(0.0)};
  }
  throw std::logic_error("unknown activation");
}

namespace {
// The slope a of smooth_leaky_relu, enclosed (0 when the architecture has none).
Interval slope_enclosure(const ExactNumber& slope) { return slope.text.empty() ? Interval(0.0) : slope.enclosure; }
}  // namespace

double activation_first_sup(Activation a, const ExactNumber& slope) {
  switch (a) {
    case Activation::Tanh: return 1;
    case Activation::Sigmoid: return 0.25;
    case Activation::Softplus: return 1;
    case Activation::SmoothLeakyRelu: return std::max(1.0, mag(slope_enclosure(slope)));  // between a and 1
    case Activation::Silu: return kSiluFirstSup;
    case Activation::Identity: return 1;
  }
  return INFINITY;
}

double activation_second_sup(Activation a, const ExactNumber& slope) {
  switch (a) {
    case Activation::Tanh: return kTanhSecondSup;
    case Activation::Sigmoid: return kSigmoidSecondSup;
    case Activation::Softplus: return 0.25;
    case Activation::SmoothLeakyRelu: return mul_up(mag(Interval(1.0) - slope_enclosure(slope)), 0.25);  // |1 - a| / 4
    case Activation::Silu: return kSiluSecondSup;
    case Activation::Identity: return 0;
  }
  return INFINITY;
}

// --- evaluator -----------------------------------------------------------------------------------
template <class T>
struct NetworkEvaluator<T>::Impl {
  const Network& net;
  const Dataset& data;
  std::size_t n = 0, L = 0, p = 0;
  std::vector<std::size_t> d;
  T slope;
  std::vector<T> scale;   // scale[l], l = 1..L
  std::vector<T> scale2;  // scale_l^2 (1 / d_{l-1} for ntk)
  std::vector<T> y;
  // The point evaluated at: net's own weights (own = true; w flattened on demand by point())
  // or a flattened w, unpacked into `moved`.
  bool own = false;
  mutable std::vector<double> w;
  Network moved;
  std::vector<const Eigen::MatrixXd*> W;  // W_l (d_l x d_{l-1}), index l - 1
  std::vector<const Eigen::VectorXd*> b;  // b_l, index l - 1
  std::vector<std::vector<T>> g, f, df, v, delta;
  bool evaluated = false;

  Impl(const Network& nt, const Dataset& ds) : net(nt), data(ds) {
    net.check_shapes();
    L = net.arch.depth();
    d = net.arch.layers;
    if (d.back() != 1) throw std::invalid_argument("network: the last layer must have width 1");
    if (data.d != d[0])
      throw std::invalid_argument("data have dimension " + std::to_string(data.d) + " but layers[0] is " + std::to_string(d[0]));
    if (data.inputs.size() != data.n * data.d || data.targets.size() != data.n)
      throw std::invalid_argument("data: inputs or targets have the wrong number of entries");
    n = data.n;
    p = net.num_parameters();
    slope = net.arch.activation == Activation::SmoothLeakyRelu ? ScalarTraits<T>::from_number(net.arch.slope) : T(0.0);
    scale.assign(L + 1, T(1.0));
    scale2.assign(L + 1, T(1.0));
    if (net.arch.parametrization == Parametrization::Ntk)
      for (std::size_t l = 1; l <= L; ++l) {
        using std::sqrt;
        const T fan = ScalarTraits<T>::from_double(static_cast<double>(d[l - 1]));
        scale[l] = T(1.0) / sqrt(fan);
        scale2[l] = T(1.0) / fan;
      }
    for (std::size_t i = 0; i < n; ++i) y.push_back(data_value<T>(data.targets[i], data.target_texts, i));
    g.assign(L + 1, {});
    f.assign(L, {});
    df.assign(L, {});
    v.assign(L, {});
    delta.assign(L + 1, {});
    f[0].reserve(n * d[0]);
    for (std::size_t k = 0; k < n * d[0]; ++k) f[0].push_back(data_value<T>(data.inputs[k], data.input_texts, k));
  }

  void point_to(const Network& src) {
    W.clear();
    b.clear();
    for (const auto& m : src.weights) W.push_back(&m);
    for (const auto& v : src.biases) b.push_back(&v);
  }
  void load_own() {  // no copy of the weights
    own = true;
    w.clear();
    moved = Network{};
    point_to(net);
  }
  void load(std::span<const double> wv) {
    if (wv.size() != p) throw std::invalid_argument("evaluate: point has " + std::to_string(wv.size()) + " entries, the network " + std::to_string(p) + " parameters");
    own = false;
    w.assign(wv.begin(), wv.end());
    moved = Network::from_flat(net.arch, wv);
    point_to(moved);
  }

  void run() {
    for (std::size_t l = 1; l <= L; ++l) {
      g[l] = times_point<T>(f[l - 1], n, d[l - 1], *W[l - 1], true);
      const bool ntk = net.arch.parametrization == Parametrization::Ntk;
      for_entries(n * d[l], [&](std::size_t k) {
        T& v = g[l][k];
        if (ntk) v = v * scale[l];
        if (net.arch.bias) v += ScalarTraits<T>::from_double((*b[l - 1])(static_cast<Eigen::Index>(k % d[l])));
      });
      if (l < L) {
        f[l].resize(n * d[l]);
        df[l].resize(n * d[l]);
        for_entries(n * d[l], [&](std::size_t k) {
          ActivationValues<T> a = activation_values(net.arch.activation, g[l][k], slope, false);
          f[l][k] = std::move(a.value);
          df[l][k] = std::move(a.first);
        });
      }
    }
    delta[L].assign(n, T(1.0));
    for (std::size_t l = L; l >= 2; --l) {
      std::vector<T>& vl = v[l - 1];
      vl = times_point<T>(delta[l], n, d[l], *W[l - 1], false);
      const bool ntk = net.arch.parametrization == Parametrization::Ntk;
      std::vector<T>& dl = delta[l - 1];
      dl.resize(n * d[l - 1]);
      for_entries(n * d[l - 1], [&](std::size_t k) {
        if (ntk) vl[k] = vl[k] * scale[l];
        dl[k] = vl[k] * df[l - 1][k];
      });
    }
    evaluated = true;
  }

  // fn(k) for k in [0, count): in parallel for double and Interval (thread-safe, no per-thread
  // state), in this thread for MpInterval (its precision is per thread).
  template <class F>
  static void for_entries(std::size_t count, F&& fn) {
    if constexpr (std::is_same_v<T, MpInterval>) {
      for (std::size_t k = 0; k < count; ++k) fn(k);
    } else {
      parallel_for(count, [&](std::size_t begin, std::size_t end) {
        for (std::size_t k = begin; k < end; ++k) fn(k);
      });
    }
  }

  void require() const {
    if (!evaluated) throw std::logic_error("NetworkEvaluator: evaluate() first");
  }
  // Layer l of a per-layer array, checked against [first, last], after evaluate().
  std::span<const T> layer(const std::vector<std::vector<T>>& a, std::size_t l, std::size_t first, std::size_t last,
                           const char* what) const {
    require();
    if (l < first || l > last) throw std::out_of_range(std::string(what) + ": layer out of range");
    return a[l];
  }
};

template <class T>
NetworkEvaluator<T>::NetworkEvaluator(const Network& net, const Dataset& data)
    : impl_(std::make_unique<Impl>(net, data)) {}
template <class T>
NetworkEvaluator<T>::~NetworkEvaluator() = default;
template <class T>
NetworkEvaluator<T>::NetworkEvaluator(NetworkEvaluator&&) noexcept = default;
template <class T>
NetworkEvaluator<T>& NetworkEvaluator<T>::operator=(NetworkEvaluator&&) noexcept = default;

template <class T>
void NetworkEvaluator<T>::evaluate() {
  impl_->load_own();
  impl_->run();
}
template <class T>
void NetworkEvaluator<T>::evaluate(std::span<const double> w) {
  impl_->load(w);
  impl_->run();
}

template <class T> std::size_t NetworkEvaluator<T>::n() const { return impl_->n; }
template <class T> std::size_t NetworkEvaluator<T>::p() const { return impl_->p; }
template <class T> std::size_t NetworkEvaluator<T>::depth() const { return impl_->L; }
template <class T> std::size_t NetworkEvaluator<T>::width(std::size_t l) const { return impl_->d.at(l); }
template <class T> const std::vector<T>& NetworkEvaluator<T>::outputs() const { impl_->require(); return impl_->g[impl_->L]; }
template <class T> const std::vector<T>& NetworkEvaluator<T>::targets() const { return impl_->y; }
template <class T> const std::vector<double>& NetworkEvaluator<T>::point() const {
  impl_->require();
  if (impl_->own && impl_->w.empty()) impl_->w = impl_->net.flatten();
  return impl_->w;
}
template <class T> const T& NetworkEvaluator<T>::scale(std::size_t l) const { return impl_->scale.at(l); }

template <class T>
std::vector<T> NetworkEvaluator<T>::residuals() const {
  impl_->require();
  std::vector<T> r;
  for (std::size_t i = 0; i < impl_->n; ++i) r.push_back(impl_->g[impl_->L][i] - impl_->y[i]);
  return r;
}

template <class T>
std::span<const T> NetworkEvaluator<T>::pre_activation(std::size_t l) const { return impl_->layer(impl_->g, l, 1, impl_->L, "pre_activation"); }
template <class T>
std::span<const T> NetworkEvaluator<T>::activation(std::size_t l) const {
  return impl_->layer(impl_->f, l, 0, impl_->L - 1, "activation (the output layer is linear: outputs())");
}
template <class T>
std::span<const T> NetworkEvaluator<T>::activation_derivative(std::size_t l) const { return impl_->layer(impl_->df, l, 1, impl_->L - 1, "activation_derivative"); }
template <class T>
std::span<const T> NetworkEvaluator<T>::backprop(std::size_t l) const { return impl_->layer(impl_->v, l, 1, impl_->L - 1, "backprop"); }
template <class T>
std::span<const T> NetworkEvaluator<T>::delta(std::size_t l) const { return impl_->layer(impl_->delta, l, 1, impl_->L, "delta"); }

template <class T>
std::vector<T> NetworkEvaluator<T>::kernel() const {
  const Impl& m = *impl_;
  m.require();
  const std::size_t n = m.n;
  std::vector<T> K(n * n, T(0.0));
  for (std::size_t l = 1; l <= m.L; ++l) {
    const std::vector<T> gd = gram<T>(m.delta[l], n, m.d[l]);
    const std::vector<T> gf = gram<T>(m.f[l - 1], n, m.d[l - 1]);
    for (std::size_t a = 0; a < n; ++a)
      for (std::size_t c = a; c < n; ++c) {
        const std::size_t k = a * n + c;
        T term = gd[k] * gf[k];
        if (m.net.arch.parametrization == Parametrization::Ntk) term = term * m.scale2[l];
        if (m.net.arch.bias) term += gd[k];
        K[k] += term;
      }
  }
  for (std::size_t a = 0; a < n; ++a)
    for (std::size_t c = a + 1; c < n; ++c) K[c * n + a] = K[a * n + c];
  return K;
}

template <class T>
std::vector<T> NetworkEvaluator<T>::jacobian_transpose_times(std::span<const T> v) const {
  const Impl& m = *impl_;
  m.require();
  if (v.size() != m.n) throw std::invalid_argument("jacobian_transpose_times: v must have n entries");
  std::vector<T> out;
  out.reserve(m.p);
  const bool ntk = m.net.arch.parametrization == Parametrization::Ntk;
  for (std::size_t l = 1; l <= m.L; ++l) {
    const std::size_t dl = m.d[l], dk = m.d[l - 1];
    std::vector<T> u(m.n * dl);  // v_i delta_l[i, j]
    for (std::size_t i = 0; i < m.n; ++i)
      for (std::size_t j = 0; j < dl; ++j) u[i * dl + j] = v[i] * m.delta[l][i * dl + j];
    for (std::size_t j = 0; j < dl; ++j)
      for (std::size_t k = 0; k < dk; ++k) {
        T s(0.0);
        for (std::size_t i = 0; i < m.n; ++i) s += u[i * dl + j] * m.f[l - 1][i * dk + k];
        out.push_back(ntk ? s * m.scale[l] : s);
      }
    if (m.net.arch.bias)
      for (std::size_t j = 0; j < dl; ++j) {
        T s(0.0);
        for (std::size_t i = 0; i < m.n; ++i) s += u[i * dl + j];
        out.push_back(s);
      }
  }
  return out;
}

template <class T>
std::vector<T> NetworkEvaluator<T>::loss_gradient() const {
  const std::vector<T> r = residuals();
  return jacobian_transpose_times(r);
}

template <class T>
std::vector<T> NetworkEvaluator<T>::jacobian_row(std::size_t i) const {
  const Impl& m = *impl_;
  m.require();
  if (i >= m.n) throw std::out_of_range("jacobian_row: sample out of range");
  std::vector<T> out;
  out.reserve(m.p);
  const bool ntk = m.net.arch.parametrization == Parametrization::Ntk;
  for (std::size_t l = 1; l <= m.L; ++l) {
    const std::size_t dl = m.d[l], dk = m.d[l - 1];
    for (std::size_t j = 0; j < dl; ++j) {
      const T dj = ntk ? m.delta[l][i * dl + j] * m.scale[l] : m.delta[l][i * dl + j];
      for (std::size_t k = 0; k < dk; ++k) out.push_back(dj * m.f[l - 1][i * dk + k]);
    }
    if (m.net.arch.bias)
      for (std::size_t j = 0; j < dl; ++j) out.push_back(m.delta[l][i * dl + j]);
  }
  return out;
}

template <class T>
std::vector<T> NetworkEvaluator<T>::jacobian() const {
  std::vector<T> J;
  J.reserve(impl_->n * impl_->p);
  for (std::size_t i = 0; i < impl_->n; ++i) {
    std::vector<T> row = jacobian_row(i);
    for (auto& v : row) J.push_back(std::move(v));
  }
  return J;
}

template struct ActivationValues<double>;
template ActivationValues<double> activation_values(Activation, const double&, const double&, bool);
template ActivationValues<Interval> activation_values(Activation, const Interval&, const Interval&, bool);
template ActivationValues<MpInterval> activation_values(Activation, const MpInterval&, const MpInterval&, bool);
template class NetworkEvaluator<double>;
template class NetworkEvaluator<Interval>;
template class NetworkEvaluator<MpInterval>;

// --- program export --------------------------------------------------------------------------------
std::vector<std::string> network_variable_names(const NetworkArchitecture& arch) {
  std::vector<std::string> names;
  for (std::size_t l = 1; l <= arch.depth(); ++l) {
    const std::string L = std::to_string(l);
    for (std::size_t j = 0; j < arch.layers[l]; ++j)
      for (std::size_t k = 0; k < arch.layers[l - 1]; ++k) names.push_back("W" + L + "_" + std::to_string(j) + "_" + std::to_string(k));
    if (arch.bias)
      for (std::size_t j = 0; j < arch.layers[l]; ++j) names.push_back("b" + L + "_" + std::to_string(j));
  }
  return names;
}

Program network_residual_program(const Network& net, const Dataset& data) {
  net.check_shapes();
  const NetworkArchitecture& arch = net.arch;
  if (data.d != arch.layers[0] || arch.layers.back() != 1) throw std::invalid_argument("network_residual_program: shapes disagree");
  auto number_text = [](const Interval& v, const std::vector<std::string>& texts, std::size_t k) {
    if (k < texts.size()) return texts[k];
    if (v.lower() != v.upper()) throw std::invalid_argument("network_residual_program: inexact data without their text");
    char buf[64];
    std::snprintf(buf, sizeof buf, "%a", v.lower());
    return std::string(buf);
  };
  auto constant = [](const std::string& text) {
    return Traced::node(active_trace().add_constant_node(parse_number(text)));
  };
  auto fn = [&](const std::vector<Traced>& w) {
    const std::size_t L = arch.depth();
    const bool ntk = arch.parametrization == Parametrization::Ntk;
    std::vector<Traced> out;
    for (std::size_t i = 0; i < data.n; ++i) {
      std::vector<Traced> x;
      for (std::size_t k = 0; k < data.d; ++k) x.push_back(constant(number_text(data.inputs[i * data.d + k], data.input_texts, i * data.d + k)));
      std::size_t at = 0;
      for (std::size_t l = 1; l <= L; ++l) {
        const std::size_t dl = arch.layers[l], dk = arch.layers[l - 1];
        std::vector<Traced> gl;
        for (std::size_t j = 0; j < dl; ++j) {
          Traced s = w[at + j * dk] * x[0];
          for (std::size_t k = 1; k < dk; ++k) s = s + w[at + j * dk + k] * x[k];
          if (ntk) s = s * (Traced(1.0) / sqrt(Traced(static_cast<double>(dk))));
          gl.push_back(s);
        }
        at += dl * dk;
        if (arch.bias) {
          for (std::size_t j = 0; j < dl; ++j) gl[j] = gl[j] + w[at + j];
          at += dl;
        }
        if (l < L) {
          for (Traced& v : gl) {
            switch (arch.activation) {
              case Activation::Tanh: v = tanh(v); break;
              case Activation::Sigmoid: v = sigmoid(v); break;
              case Activation::Softplus: v = softplus(v); break;
              case Activation::SmoothLeakyRelu: {
                const Traced a = constant(arch.slope.text);
                v = a * v + (Traced(1.0) - a) * (softplus(v) - log(Traced(2.0)));
                break;
              }
              case Activation::Silu: v = v * sigmoid(v); break;
              case Activation::Identity: break;
            }
          }
        }
        x = std::move(gl);
      }
      out.push_back(x[0] - constant(number_text(data.targets[i], data.target_texts, i)));
    }
    return out;
  };
  return trace_functor(fn, network_variable_names(arch));
}

}  // namespace gdcert
