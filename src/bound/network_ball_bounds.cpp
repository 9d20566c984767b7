// NetworkBallBounds: the derivation.
//
// Notation (one sample x; drop its index). Layers l = 1..L, s_l = 1 (standard) or
// 1/sqrt(d_{l-1}) (ntk), b = 1 with biases else 0:
//   g_l = s_l W_l f_{l-1} + b_l,  f_0 = x,  f_l = sigma(g_l) (l < L),  output g_L (d_L = 1);
//   delta_L = 1,  v_l = s_{l+1} W_{l+1}^T delta_{l+1},  delta_l = D_l v_l,  D_l = diag sigma'(g_l).
// The Jacobian row J = grad_w f has the blocks  dW_l = s_l delta_l f_{l-1}^T,  db_l = delta_l.
// A point of the ball is w' = w0 + Delta with rho_l^2 = ||Delta W_l||_F^2 + |Delta b_l|^2 and
// sum_l rho_l^2 <= r^2; primes denote values at w', Delta X = X' - X.
//
// Every bound below is a LINEAR FORM  A . rho  with A >= 0 (a vector of L coefficients, computed
// with upward rounding), so that its maximum over the ball is |A|_2 r (Cauchy-Schwarz), and the
// final quadratic form sum_l (B_l . rho)^2 <= ||B||_2^2 r^2 (B the L x L matrix with rows B_l;
// ||B||_2^2 = rho(B^T B) <= Collatz-Wielandt bound of the rounded-up B^T B, Perron-Frobenius
// monotonicity). Norms |.| are Euclidean; e_l is the l-th unit vector of the coefficients.
//
// Forward (how far the pre-activations and activations move):
//  (F1) Delta g_1 = s_1 Delta W_1 x + Delta b_1: row j is (Delta W_1[j,:], Delta b_1[j]) . (s_1 x, 1),
//       so by Cauchy-Schwarz per row, |Delta g_1| <= xi_1 rho_1 and |Delta g_1[j]| <= xi_1 rho_1,
//       xi_1 = sqrt(s_1^2 |x|^2 + b).
//  (F2) Delta f_l[j] = sigma(g_l'[j]) - sigma(g_l[j]) = sigma'(t) Delta g_l[j] for a t between
//       them (mean value theorem); both lie in the per-neuron range R_l[j] = g_l[j] +- gamma_l[j],
//       so |Delta f_l[j]| <= S1_l[j] |Delta g_l[j]|, S1_l[j] >= sup_{R_l[j]} |sigma'|, and
//       |Delta f_l| <= S1_l |Delta g_l| with S1_l = max_j S1_l[j] (l_inf over neurons).
//  (F3) l >= 2: Delta g_l = s_l (Delta W_l f'_{l-1} + W_l Delta f_{l-1}) + Delta b_l, so
//       |Delta g_l| <= s_l ||W_l||_2 |Delta f_{l-1}| + sqrt(s_l^2 |f'_{l-1}|^2 + b) rho_l  (Cauchy-
//       Schwarz on the rows of (Delta W_l, Delta b_l) against (s_l f'_{l-1}, 1)), with
//       |f'_{l-1}| <= |f_{l-1}| + sup|Delta f_{l-1}|. Per neuron the same with |W_l[j,:]| in place
//       of ||W_l||_2; gamma_l[j] = r min(|A_{g_l}|, |A_{g_l[j]}|) is the per-neuron range.
// Backward (how far the backprop vectors move), l = L-1..1, regrouped so that the CENTRE v_l
// multiplies the sigma'' term (no second-order term; this is design.md 2.1's grouping):
//   Delta delta_l = D_l' s_{l+1} (Delta W_{l+1}^T delta'_{l+1} + W_{l+1}^T Delta delta_{l+1})
//                 + (D_l' - D_l) v_l.
//  (B1) |D_l' u| <= S1_l |u|;  ||Delta W_{l+1}^T||_2 <= ||Delta W_{l+1}||_F <= rho_{l+1};
//       |delta'_{l+1}| <= |delta_{l+1}| + sup|Delta delta_{l+1}| (= 1 exactly for l+1 = L).
//  (B2) |(sigma'(g_l'[j]) - sigma'(g_l[j])) v_l[j]| <= S2_l[j] |v_l[j]| |Delta g_l[j]| (mean value
//       theorem on the range), so |(D_l' - D_l) v_l| <= C_l |Delta g_l| with
//       C_l = max_j S2_l[j] |v_l[j]|: the l_inf quantity. In the NTK parametrisation
//       |v_{L-1}[j]| = |W_L[j]| / sqrt(d_{L-1}), which is what makes the bound ~ 1/sqrt(width).
//   So A_{v_l} = s_{l+1} (|delta'_{l+1}| e_{l+1} + ||W_{l+1}||_2 A_{delta_{l+1}}) bounds
//   |v_l' - v_l| (same regrouping), and A_{delta_l} = S1_l A_{v_l} + C_l A_{g_l}.
// Jacobian blocks: s_l (delta_l' f'^T_{l-1} - delta_l f^T_{l-1}) = s_l (Delta delta_l f'^T_{l-1}
//   + delta_l Delta f^T_{l-1}) and Delta db_l = Delta delta_l, so (triangle inequality;
//   ||u v^T||_F = |u||v|) the block of layer l moves by at most
//     B_l . rho,  B_l = sqrt(s_l^2 |f'_{l-1}|^2 + b) A_{delta_l} + s_l |delta_l| A_{f_{l-1}}
//   (f_0 = x does not move). Hence |J_i(w') - J_i(w0)| <= ||B^{(i)}||_2 r =: k_i r and
//   ||J(w') - J(w0)||_F <= k r, k = sqrt(sum_i k_i^2). For two layers this is exactly design.md
//   2.1: B = s_2 xi [[c, S1], [S1, 0]], c = max_j S2_j |a_j| xi, ||B||_2 = s_2 xi (c + sqrt(c^2 + 4 S1^2))/2.
//   That is k_frobenius. For two layers, two_layer_spectral.hpp bounds ||J(w') - J(w0)||_2 by
//   k r with ||X~||_2 in place of ||X~||_F = sqrt(sum_i |x~_i|^2) (per-neuron suprema over all
//   samples' ranges); k_perturbation is the smaller of the two.
// sigma_min: Weyl for singular values, sigma_min(J(w)) >= sigma_min(J(w0)) - ||J(w) - J(w0)||_2
//   >= sqrt(lambda_min(K(w0))) - k r (||.||_2 <= ||.||_F), lambda_min verified (Rump's Cholesky + Weyl).
//
// Hessian sup: ||Hess f(x_i, .)(w)||_2 = sup_{|u|=1} lim_{e->0} |J_i(w + e u) - J_i(w)| / e. Run
//   the same propagation with centre w an arbitrary point of the ball and radius e -> 0: every
//   correction "+ sup|Delta ...|" at radius e vanishes, and the centre quantities are replaced
//   by their suprema over the ball: |f_l(w)| <= |f_l| + r|A_{f_l}|, |delta_l(w)| <= |delta_l| +
//   r|A_{delta_l}|, ||W_l(w)||_2 <= ||W_l||_2 + r, |v_l(w)[j]| <= |v_l[j]| + r|A_{v_l}| (so
//   C_l(w) <= C_l + max_j S2_l[j] r |A_{v_l}|), S1, S2 over the ball's ranges (which contain a
//   neighbourhood of every interior w; the closed ball follows by continuity). hess_i = ||B_H||_2,
//   hess_max = max_i, hess_rss = sqrt(sum_i hess_i^2).
// L_F: ||J(w)||_2 <= ||J(w0)||_2 + ||J(w) - J(w0)||_F <= sqrt(||K(w0)||_2) + k r.
// |r(w)| <= |r(w0)| + L_F r (mean value inequality on the segment, which stays in the ball).
//
// First-layer bound (Chatterjee eq. 7.3/7.4): for |a| = 1, a^T K a = |sum_i a_i J_i|^2 is at
//   least its first-layer part sum_k |Xt^T (a o q_k)|^2 with q_k = (delta_1^i[k])_i and
//   Xt = [s_1 X, 1] (n x (d + b)): d f/d W_1[k,s] = delta_1[k] s_1 x_s, d f/d b_1[k] = delta_1[k].
//   So lambda_min(K(w)) >= lambda_min(Xt Xt^T) sum_k min_i delta_1^i[k](w)^2. Lower bounds of
//   |delta_1^i[k](w)| over the ball: interval backward pass with every weight of layers >= 2 in
//   [W - r, W + r] (|Delta W[j,k]| <= rho_l <= r) and sigma' enclosed over the per-neuron ranges
//   R_l[j] of (F1)-(F3). Needs d + b >= n (else Xt Xt^T is singular).
#include "bound/network_ball_bounds.hpp"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>
#include <deque>
#include <stdexcept>
#include <type_traits>

#include "arith/mp_interval.hpp"
#include "arith/rounding.hpp"
#include "bound/network_activation.hpp"
#include "bound/two_layer_spectral.hpp"
#include "bound/verified_eigen.hpp"
#include "model/network_eval.hpp"
#include "model/parallel.hpp"

namespace gdcert {
namespace {

using RowMat = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
constexpr double kInf = INFINITY;

Interval as_interval(const MpInterval& x) { return to_interval(x); }

template <class T>
std::vector<Interval> as_intervals(const std::vector<T>& x) {
  if constexpr (std::is_same_v<T, Interval>) {
    return x;
  } else {
    std::vector<Interval> out;
    out.reserve(x.size());
    for (const T& v : x) out.push_back(as_interval(v));
    return out;
  }
}

// K as an IntervalMatrix, the diagonal (a sum of squares) intersected with [0, inf).
IntervalMatrix kernel_matrix(const std::vector<Interval>& k, std::size_t n) {
  IntervalMatrix out(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(n));
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) out(i, j) = k[i * n + j];
  for (std::size_t i = 0; i < n; ++i) out(i, i) = intersect(out(i, i), Interval(0.0, kInf));
  return out;
}

// Residuals F(w) - y and K(w) at a point, in double intervals (T = Interval) or in MPFI of the
// precision in force (T = MpInterval), rounded outward to double intervals.
// w == nullptr: at the network's own weights w0 (read in place).
template <class T>
void residuals_and_kernel(NetworkEvaluator<T>& ev, const std::span<const double>* w, std::vector<Interval>& res,
                          IntervalMatrix& k) {
  if (w) ev.evaluate(*w);
  else ev.evaluate();
  res = as_intervals(ev.residuals());
  k = kernel_matrix(as_intervals(ev.kernel()), ev.n());
}

// The Rayleigh quotient x^T K x / x^T x enclosed over the members K (its upper end bounds
// lambda_min(K) from above, its lower end lambda_max(K) from below, for any x).
Interval rayleigh(const IntervalMatrix& k, const Eigen::VectorXd& x) {
  Interval num(0.0), den(0.0);
  for (Eigen::Index i = 0; i < k.rows(); ++i) {
    den += sqr(Interval(x(i)));
    for (Eigen::Index j = 0; j < k.cols(); ++j) num += Interval(x(i)) * k(i, j) * Interval(x(j));
  }
  return num / den;
}

// Euclidean norm of a row of enclosures, rounded up.
double norm_upper(const Interval* x, std::size_t m) {
  double s = 0;
  for (std::size_t k = 0; k < m; ++k) {
    const double a = mag(x[k]);
    s = add_up(s, mul_up(a, a));
  }
  return sqrt_up(s);
}

// --- linear forms in rho (L coefficients, nonneg, rounded up) ---------------------------------
using Lin = std::vector<double>;
double lin_norm(const Lin& a) {
  double s = 0;
  for (double x : a) s = add_up(s, mul_up(x, x));
  return sqrt_up(s);
}
void axpy_up(Lin& y, double alpha, const Lin& x) {
  for (std::size_t m = 0; m < y.size(); ++m) y[m] = add_up(y[m], mul_up(alpha, x[m]));
}
Lin scaled(double alpha, const Lin& x) {
  Lin y(x.size(), 0.0);
  axpy_up(y, alpha, x);
  return y;
}
// Upper bound of ||B||_2 for B >= 0 (rows B_l): sqrt of the Collatz-Wielandt bound of B^T B.
double matrix_norm_upper(const std::vector<Lin>& b) {
  const std::size_t L = b.empty() ? 0 : b[0].size();
  Eigen::MatrixXd m = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(L), static_cast<Eigen::Index>(L));
  for (const Lin& row : b)
    for (std::size_t p = 0; p < L; ++p)
      for (std::size_t q = 0; q < L; ++q)
        m(p, q) = add_up(m(p, q), mul_up(row[p], row[q]));
  if (!m.allFinite()) return kInf;
  return sqrt_up(symmetric_nonneg_norm2_upper(m));
}
double sq_up(double x) { return mul_up(x, x); }
double sqrt_sum_sq(double s, double f, double b) {  // sqrt(s^2 f^2 + b) rounded up
  return sqrt_up(add_up(sq_up(mul_up(s, f)), b));
}

// Per-sample centre data for the propagation (index l as in the derivation).
struct SampleData {
  double xnorm = 0;               // |x|
  std::vector<double> fnorm;      // l = 0..L-1, |f_l|
  std::vector<double> dnorm;      // l = 1..L, |delta_l| (dnorm[L] = 1)
};

struct Propagation {
  std::vector<Lin> ag, af, av, ad;          // l = 0..L
  std::vector<double> s1, s2, c;            // per layer maxima over neurons
  std::vector<Lin> blocks;                  // B_l, l = 1..L (index l - 1)
};

}  // namespace

// ------------------------------------------------------------------------------------------------
// ------------------------------------------------------------------------------------------------
// The centre's passes as double-interval views, whichever scalar type the evaluator ran in (the
// MPFI values are rounded outward once, into `store`). Index l as in the derivation; g, v, delta
// for the hidden layers l = 1..L-1, f for l = 0..L-1.
struct NetworkBallBounds::Values {
  std::unique_ptr<NetworkEvaluator<Interval>> ev;    // precision 0
  std::unique_ptr<NetworkEvaluator<MpInterval>> mp;  // precision B > 0
  bool evaluated = false;
  std::deque<std::vector<Interval>> store;
  std::vector<std::span<const Interval>> g, f, v, delta;
  std::vector<Interval> residual;
  IntervalMatrix kernel;

  template <class T>
  std::span<const Interval> view(std::span<const T> x) {
    if constexpr (std::is_same_v<T, Interval>) {
      return x;
    } else {
      std::vector<Interval>& out = store.emplace_back();
      out.reserve(x.size());
      for (const T& e : x) out.push_back(as_interval(e));
      return out;
    }
  }
  template <class T>
  void load(NetworkEvaluator<T>& e) {
    residuals_and_kernel(e, nullptr, residual, kernel);
    const std::size_t L = e.depth();
    g.assign(L, {});
    f.assign(L, {});
    v.assign(L, {});
    delta.assign(L, {});
    f[0] = view(e.activation(0));
    for (std::size_t l = 1; l < L; ++l) {
      g[l] = view(e.pre_activation(l));
      f[l] = view(e.activation(l));
      v[l] = view(e.backprop(l));
      delta[l] = view(e.delta(l));
    }
    evaluated = true;
  }
};

NetworkBallBounds::NetworkBallBounds(const Network& net, const Dataset& data, Interval scale,
                                     unsigned precision)
    : net_(net), data_(data), scale_(scale), precision_(precision), values_(std::make_unique<Values>()) {
  const std::size_t L = net_.arch.depth();
  s_.assign(L + 1, Interval(1.0));
  if (precision_ == 0) {
    values_->ev = std::make_unique<NetworkEvaluator<Interval>>(net_, data_);  // checks the shapes
    for (std::size_t l = 1; l <= L; ++l) s_[l] = values_->ev->scale(l);
  } else {
    PrecisionScope scope(precision_);
    values_->mp = std::make_unique<NetworkEvaluator<MpInterval>>(net_, data_);
    for (std::size_t l = 1; l <= L; ++l) s_[l] = as_interval(values_->mp->scale(l));
  }
  p_ = net_.num_parameters();
  w0_ = net_.flatten();
}

NetworkBallBounds::~NetworkBallBounds() = default;

const NetworkBallBounds::Values& NetworkBallBounds::centre_values() {
  Values& v = *values_;
  if (!v.evaluated) {
    if (v.ev) {
      v.load(*v.ev);
    } else {
      PrecisionScope scope(precision_);
      v.load(*v.mp);
    }
  }
  return v;
}

void NetworkBallBounds::prepare_weights() {
  if (!w_norm_.empty()) return;
  const auto& a = net_.arch;
  const std::size_t L = a.depth();
  w_norm_.assign(L + 1, 0.0);
  s_upper_.assign(L + 1, 1.0);
  row_norm_.assign(L + 1, {});
  for (std::size_t l = 1; l <= L; ++l) {
    const auto& W = net_.weights[l - 1];
    s_upper_[l] = s_[l].upper();
    if (l >= 2) w_norm_[l] = verified_norm2_upper(IntervalMatrix::from_point(W));
    row_norm_[l].resize(static_cast<std::size_t>(W.rows()));
    for (Eigen::Index j = 0; j < W.rows(); ++j) {
      double s = 0;
      for (Eigen::Index k = 0; k < W.cols(); ++k) s = add_up(s, sq_up(W(j, k)));
      row_norm_[l][static_cast<std::size_t>(j)] = sqrt_up(s);
    }
  }
}

double NetworkBallBounds::input_gram_lambda() {
  if (lambda_x_) return *lambda_x_;
  const std::size_t n = data_.n, d = data_.d, b = net_.arch.bias ? 1 : 0;
  double lam = -kInf;
  if (d + b >= n && n > 0) {
    const Interval s1 = s_[1];
    IntervalMatrix xt(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(d + b));
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t k = 0; k < d; ++k) xt(i, k) = s1 * data_.x(i, k);
      if (b) xt(i, d) = Interval(1.0);
    }
    const EigenBound e = verified_lambda_min(gram(xt));
    if (e.proved) lam = e.lower;
  }
  lambda_x_ = lam;
  return lam;
}

const CentreBounds& NetworkBallBounds::centre() {
  if (centre_) return *centre_;
  CentreBounds c;
  const Values& v = centre_values();
  const std::size_t n = data_.n;
  c.residual = v.residual;
  Interval ss(0.0);
  bool finite = true;
  for (std::size_t i = 0; i < n; ++i) {
    ss += sqr(c.residual[i]);
    finite = finite && std::isfinite(c.residual[i].lower()) && std::isfinite(c.residual[i].upper());
  }
  c.residual_norm = sqrt(ss);
  c.kernel = v.kernel;
  const Eigen::MatrixXd mid = c.kernel.midpoint();
  finite = finite && mid.allFinite() && c.kernel.radius().allFinite();
  c.defined = finite;
  if (!finite) {
    centre_ = c;
    return *centre_;
  }
  c.lambda_min = verified_lambda_min(c.kernel);
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(mid);
  double jl = 0;
  for (std::size_t i = 0; i < n; ++i) jl = std::max(jl, c.kernel(i, i).lower());
  if (es.info() == Eigen::Success && n > 0) {
    c.lambda_min_upper = rayleigh(c.kernel, es.eigenvectors().col(0)).upper();
    jl = std::max(jl, rayleigh(c.kernel, es.eigenvectors().col(static_cast<Eigen::Index>(n) - 1)).lower());
  }
  c.jac_norm_lower = sqrt_down(std::max(0.0, jl));
  centre_ = c;
  return *centre_;
}

// The norm propagation for one sample (see the derivation). hessian = false: ball mode around
// w0 with radius r (fills ranges). hessian = true: sup over the ball of the Hessian-norm
// coefficients, using the ball-mode results `ball` and the ranges already filled.
namespace {
struct LayerInput {
  const std::vector<std::size_t>* width;
  bool bias;
  const std::vector<double>* s;       // s_l upper
  const std::vector<double>* wnorm;   // ||W_l||_2
  const std::vector<std::vector<double>>* rows;
  const ActivationBounds* act;
};

// g and vb: the centre's pre-activations g_l and backprop vectors v_l (index l, n x d_l).
using LayerViews = std::vector<std::span<const Interval>>;
Propagation propagate(const LayerInput& in, const LayerViews& g, const LayerViews& vb, std::size_t i,
                      const SampleData& sd, double r, bool hessian, const Propagation* ball,
                      std::vector<std::vector<Interval>>* ranges) {
  const auto& d = *in.width;
  const std::size_t L = d.size() - 1;
  const double b = in.bias ? 1.0 : 0.0;
  const auto& s = *in.s;
  Propagation P;
  P.ag.assign(L + 1, Lin(L, 0.0));
  P.af = P.av = P.ad = P.ag;
  P.s1.assign(L + 1, 0.0);
  P.s2.assign(L + 1, 0.0);
  P.c.assign(L + 1, 0.0);
  // Centre quantities (ball mode) or their sups over the ball (Hessian mode); eps is the radius
  // that multiplies the "+ sup|Delta|" corrections (0 in Hessian mode).
  const double eps = hessian ? 0.0 : r;
  auto fn = [&](std::size_t l) {  // |f_l| (at w0, or sup over the ball)
    if (l == 0) return sd.xnorm;
    return hessian ? add_up(sd.fnorm[l], mul_up(r, lin_norm(ball->af[l]))) : sd.fnorm[l];
  };
  auto dn = [&](std::size_t l) {
    if (l == L) return 1.0;
    return hessian ? add_up(sd.dnorm[l], mul_up(r, lin_norm(ball->ad[l]))) : sd.dnorm[l];
  };
  auto wn = [&](std::size_t l) { return hessian ? add_up((*in.wnorm)[l], r) : (*in.wnorm)[l]; };
  // |f'_l| <= |f_l| + eps |A_f_l| (the prime is the moved point; f_0 = x never moves)
  auto fprime = [&](std::size_t l) { return add_up(fn(l), mul_up(eps, lin_norm(P.af[l]))); };

  // Forward.
  for (std::size_t l = 1; l < L; ++l) {
    const std::size_t m = d[l];
    const double cst = sqrt_sum_sq(s[l], fprime(l - 1), b);
    P.ag[l] = scaled(mul_up(s[l], wn(l)), P.af[l - 1]);
    P.ag[l][l - 1] = add_up(P.ag[l][l - 1], cst);
    auto& rg = (*ranges)[l];
    if (!hessian) {
      const double whole = mul_up(r, lin_norm(P.ag[l]));
      const double afn = lin_norm(P.af[l - 1]);
      rg.resize(m);
      for (std::size_t j = 0; j < m; ++j) {
        double gamma = whole;
        if (l >= 2) {  // per-neuron (F3): coefficients of A_f_{l-1} and e_l are orthogonal
          const double rowc = mul_up(mul_up(s[l], (*in.rows)[l][j]), afn);
          gamma = std::min(gamma, mul_up(r, sqrt_up(add_up(sq_up(rowc), sq_up(cst)))));
        }
        const Interval& gc = g[l][i * m + j];
        rg[j] = Interval(sub_down(gc.lower(), gamma), add_up(gc.upper(), gamma));
      }
    }
    double s1 = 0, s2 = 0, c = 0;
    if (hessian) {  // same ranges as the ball mode: same suprema
      s1 = ball->s1[l];
      s2 = ball->s2[l];
      c = ball->c[l];
    } else
    for (std::size_t j = 0; j < m; ++j) {
      const auto [a1, a2] = in.act->sup12(rg[j].lower(), rg[j].upper());
      s1 = std::max(s1, a1);
      s2 = std::max(s2, a2);
      c = std::max(c, mul_up(a2, mag(vb[l][i * m + j])));
    }
    if (std::isnan(s1) || std::isnan(c)) s1 = s2 = c = kInf;
    P.s1[l] = s1;
    P.s2[l] = s2;
    // C_l at w0; in Hessian mode max_j S2_j (|v_l[j]| + r |A_v_l|) <= C_l + S2_l r |A_v_l|.
    P.c[l] = hessian ? add_up(c, mul_up(s2, mul_up(r, lin_norm(ball->av[l])))) : c;
    P.af[l] = scaled(s1, P.ag[l]);
  }
  // Backward.
  for (std::size_t l = L - 1; l >= 1; --l) {
    const double dprime = add_up(dn(l + 1), mul_up(eps, lin_norm(P.ad[l + 1])));
    Lin av = scaled(wn(l + 1), P.ad[l + 1]);
    av[l] = add_up(av[l], dprime);  // e_{l+1} is index l
    P.av[l] = scaled(s[l + 1], av);
    P.ad[l] = scaled(P.s1[l], P.av[l]);
    axpy_up(P.ad[l], P.c[l], P.ag[l]);
  }
  // Jacobian blocks.
  for (std::size_t l = 1; l <= L; ++l) {
    const double cst = sqrt_sum_sq(s[l], l == 1 ? sd.xnorm : fprime(l - 1), b);
    Lin bl = scaled(cst, P.ad[l]);
    axpy_up(bl, mul_up(s[l], dn(l)), P.af[l - 1]);
    P.blocks.push_back(std::move(bl));
  }
  return P;
}
}  // namespace

double NetworkBallBounds::data_norm2() {
  if (data_norm2_) return *data_norm2_;
  const std::size_t n = data_.n, d = data_.d, b = net_.arch.bias ? 1 : 0;
  IntervalMatrix xt(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(d + b));
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t k = 0; k < d; ++k) xt(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(k)) = s_[1] * data_.x(i, k);
    if (b) xt(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(d)) = Interval(1.0);
  }
  data_norm2_ = verified_norm2_upper(xt);
  return *data_norm2_;
}

// two_layer_spectral.hpp's k: per-neuron suprema over every sample's range (ranges[i][1][j]).
double NetworkBallBounds::two_layer_k(const std::vector<std::vector<std::vector<Interval>>>& ranges,
                                      const ActivationBounds& act) {
  const Values& v = centre_values();
  const std::size_t n = data_.n, d = data_.d, m = net_.arch.layers[1];
  const double b = net_.arch.bias ? 1.0 : 0.0;
  double xi = 0;
  for (std::size_t i = 0; i < n; ++i)
    xi = std::max(xi, sqrt_sum_sq(s_upper_[1], norm_upper(&v.f[0][i * d], d), b));
  std::vector<NeuronSuprema> sup(m);
  parallel_for(m, [&](std::size_t begin, std::size_t end) {
    for (std::size_t j = begin; j < end; ++j)
      for (std::size_t i = 0; i < n; ++i) {
        const Interval& rg = ranges[i][1][j];
        const auto [a1, a2] = act.sup12(rg.lower(), rg.upper());
        sup[j].s1 = std::max(sup[j].s1, std::isnan(a1) ? kInf : a1);
        sup[j].s2 = std::max(sup[j].s2, std::isnan(a2) ? kInf : a2);
        sup[j].v = std::max(sup[j].v, mag(v.v[1][i * m + j]));
      }
  });
  return two_layer_spectral_k(sup, data_norm2(), xi, s_upper_[2]);
}

BallConstants NetworkBallBounds::over_ball(const ExactNumber& radius) {
  BallConstants out;
  const CentreBounds& c = centre();
  details_ = NetworkBallDetails{};
  const double r = radius.enclosure.upper();
  details_.radius = r;
  if (!c.defined || !(r >= 0)) return out;
  prepare_weights();
  const Values& v = centre_values();
  const auto& a = net_.arch;
  const std::size_t L = a.depth(), n = data_.n;
  ActivationBounds act(a.activation, a.slope);
  LayerInput in{&a.layers, a.bias, &s_upper_, &w_norm_, &row_norm_, &act};

  // One sample per task (samples are independent; results reduced in sample order below, so
  // they do not depend on the thread count). Per-sample ranges are kept for the first-layer
  // bound's interval backward pass.
  std::vector<std::vector<std::vector<Interval>>> all_ranges(n);
  details_.k_per_sample.assign(n, kInf);
  details_.hess_per_sample.assign(n, kInf);
  parallel_for(n, [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) {
      SampleData sd;
      sd.xnorm = norm_upper(&v.f[0][i * a.layers[0]], a.layers[0]);
      sd.fnorm.assign(L, 0.0);
      sd.dnorm.assign(L + 1, 1.0);
      sd.fnorm[0] = sd.xnorm;
      for (std::size_t l = 1; l < L; ++l) {
        sd.fnorm[l] = norm_upper(&v.f[l][i * a.layers[l]], a.layers[l]);
        sd.dnorm[l] = norm_upper(&v.delta[l][i * a.layers[l]], a.layers[l]);
      }
      auto& ranges = all_ranges[i];
      ranges.assign(L + 1, {});
      const Propagation ball = propagate(in, v.g, v.v, i, sd, r, false, nullptr, &ranges);
      const Propagation hess = propagate(in, v.g, v.v, i, sd, r, true, &ball, &ranges);
      details_.k_per_sample[i] = matrix_norm_upper(ball.blocks);
      details_.hess_per_sample[i] = matrix_norm_upper(hess.blocks);
    }
  }, 1);
  double ksum = 0, hmax = 0, hsum = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double ki = details_.k_per_sample[i], hi = details_.hess_per_sample[i];
    ksum = add_up(ksum, sq_up(ki));
    hsum = add_up(hsum, sq_up(hi));
    hmax = std::max(hmax, hi);
  }
  details_.k_frobenius = sqrt_up(ksum);
  details_.k_two_layer_spectral = L == 2 ? two_layer_k(all_ranges, act) : kInf;
  const double k = std::min(details_.k_frobenius, details_.k_two_layer_spectral);
  details_.k_perturbation = k;
  const double lam0 = c.lambda_min.proved ? c.lambda_min.lower : -kInf;
  const double sigma0 = lam0 > 0 ? sqrt_down(lam0) : 0.0;
  details_.sigma0_lower = sigma0;
  double sig_pert = 0;
  if (p_ >= n && std::isfinite(k)) sig_pert = std::max(0.0, sub_down(sigma0, mul_up(k, r)));
  details_.sigma_perturbation = sig_pert;

  // First-layer bound (Chatterjee 7.4).
  double sig_first = 0;
  const double lam_x = input_gram_lambda();
  if (lam_x > 0) {
    details_.first_layer_applicable = true;
    const std::size_t d1 = a.layers[1];
    std::vector<std::vector<double>> q2(n, std::vector<double>(d1, 0.0));  // per sample: min |delta_1^i[k](w)|^2
    const Interval rr(-r, r);
    parallel_for(n, [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) {
      // Box forward pass (every weight and bias within r of the centre's), intersected with
      // the per-neuron ranges of the norm propagation: both contain g_l^i[k](w) on the ball.
      // Layer 1 is skipped: its box is g_1 +- r s_1 |x|_1 (+ r with a bias) and the (F1) range
      // g_1 +- r sqrt(s_1^2 |x|_2^2 + b) lies inside it (up to rounding), so intersecting
      // would only cost n d d_1 interval operations. f_l is enclosed over the ranges only where
      // the next hidden layer's box needs it.
      std::vector<Interval> fprev;
      for (std::size_t l = 1; l < L; ++l) {
        const std::size_t m = a.layers[l], m0 = a.layers[l - 1];
        const auto& W = net_.weights[l - 1];
        const Interval sl = s_[l];
        const bool need_f = l + 1 < L;
        std::vector<Interval> fl(need_f ? m : 0);
        for (std::size_t j = 0; j < m; ++j) {
          Interval& rg = all_ranges[i][l][j];
          if (l >= 2) {
            Interval acc(0.0);
            for (std::size_t kk = 0; kk < m0; ++kk)
              acc += (Interval(W(static_cast<Eigen::Index>(j), static_cast<Eigen::Index>(kk))) + rr) * fprev[kk];
            acc = sl * acc;
            if (a.bias) acc += Interval(net_.biases[l - 1](static_cast<Eigen::Index>(j))) + rr;
            const Interval both = intersect(rg, acc);
            if (!both.is_empty()) rg = both;
          }
          if (need_f) fl[j] = activation_values(a.activation, rg, act.slope(), false).value;
        }
        fprev = std::move(fl);
      }
      std::vector<Interval> delta(1, Interval(1.0));
      for (std::size_t l = L - 1; l >= 1; --l) {
        const std::size_t m = a.layers[l], m1 = a.layers[l + 1];
        const auto& W = net_.weights[l];  // W_{l+1}
        std::vector<Interval> vv(m, Interval(0.0));
        for (std::size_t j = 0; j < m1; ++j)
          for (std::size_t kk = 0; kk < m; ++kk)
            vv[kk] += (Interval(W(static_cast<Eigen::Index>(j), static_cast<Eigen::Index>(kk))) + rr) * delta[j];
        const Interval sl = s_[l + 1];
        std::vector<Interval> nd(m);
        for (std::size_t kk = 0; kk < m; ++kk) {
          const Interval& rg = all_ranges[i][l][kk];
          nd[kk] = activation_values(a.activation, rg, act.slope(), false).first * (sl * vv[kk]);
        }
        delta = std::move(nd);
      }
      for (std::size_t kk = 0; kk < d1; ++kk) {
        const double q = mig(delta[kk]);
        q2[i][kk] = std::isnan(q) ? 0.0 : mul_down(q, q);
      }
    }
    }, 1);
    std::vector<double> minq(d1, kInf);
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t kk = 0; kk < d1; ++kk) minq[kk] = std::min(minq[kk], q2[i][kk]);
    double sum = 0;
    for (double q : minq) sum = add_down(sum, q);
    const double lam_first = mul_down(lam_x, sum);
    details_.lambda_first_layer = lam_first;
    if (lam_first > 0) sig_first = sqrt_down(lam_first);
  }

  out.defined = true;
  if (sig_first > sig_pert) {
    out.sigma_min_lower = sig_first;
    out.sigma_method = "first-layer (Chatterjee 7.4)";
  } else {
    out.sigma_min_lower = sig_pert;
    out.sigma_method = sig_pert > 0 ? "per-neuron perturbation" : "none";
  }
  if (p_ < n) out.sigma_method = "none (more residuals than weights)";
  const double jac0 = sqrt_up(norm2_upper(c.kernel));
  out.jac_sup = add_up(jac0, mul_up(k, r));
  out.hess_max = hmax;
  out.hess_rss = sqrt_up(hsum);
  out.residual_sup = add_up(c.residual_norm.upper(), mul_up(out.jac_sup, r));
  return out;
}

PointBounds NetworkBallBounds::at_point(std::span<const double> w) {
  PointBounds out;
  std::vector<Interval> res;
  IntervalMatrix k;
  if (precision_ == 0) {
    NetworkEvaluator<Interval> ev(net_, data_);
    residuals_and_kernel(ev, &w, res, k);
  } else {
    PrecisionScope scope(precision_);
    NetworkEvaluator<MpInterval> ev(net_, data_);
    residuals_and_kernel(ev, &w, res, k);
  }
  const std::size_t n = data_.n;
  Interval ss(0.0);
  for (std::size_t i = 0; i < n; ++i) ss += sqr(res[i]);
  Interval g(0.0);  // |J^T r|^2 = r^T K r
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) g += res[i] * k(i, j) * res[j];
  out.residual_norm_sq = intersect(ss, Interval(0.0, kInf));
  out.gradient_norm_sq = intersect(g, Interval(0.0, kInf));
  const Eigen::MatrixXd mid = k.midpoint();
  out.defined = mid.allFinite() && std::isfinite(ss.upper()) && std::isfinite(g.upper());
  if (out.defined && n > 0) {
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(mid);
    if (es.info() == Eigen::Success) out.lambda_min_upper = rayleigh(k, es.eigenvectors().col(0)).upper();
  }
  return out;
}

bool NetworkBallBounds::point_in_ball(std::span<const double> w, const ExactNumber& radius) const {
  if (w.size() != p_) return false;
  double s = 0;
  for (std::size_t j = 0; j < p_; ++j) s = add_up(s, sqr(Interval(w[j]) - Interval(w0_[j])).upper());
  const double r = radius.enclosure.lower();
  return r >= 0 && s <= mul_down(r, r);
}

}  // namespace gdcert
