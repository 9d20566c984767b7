#include "bound/expression_ball_bounds.hpp"

#include <optional>
#include <stdexcept>

#include "arith/mp_interval.hpp"
#include "bound/ball.hpp"
#include "bound/ratio_bound.hpp"
#include "expr/evaluator.hpp"

namespace gdcert {
namespace {

// The arithmetic of T at the object's precision, for the duration of one call.
template <class T>
struct Precision {
  explicit Precision(unsigned) {}
};
template <>
struct Precision<MpInterval> {
  PrecisionScope scope;
  explicit Precision(unsigned bits) : scope(bits) {}
};

}  // namespace

BallConstants ball_constants_of(const SystemConstants& k, std::size_t n, std::size_t p, const Interval& radius) {
  BallConstants b;
  b.defined = k.defined;
  b.jac_sup = k.jac_sup;
  b.hess_max = k.hess_max;
  b.hess_rss = k.hess_rss;
  b.residual_sup = k.residual_sup;
  b.f_hessian_sup = k.f_hessian_sup;
  if (n > p) {
    b.sigma_method = "rank (n > p)";
  } else if (k.defined && k.lambda_center.proved && k.lambda_center.lower > 0) {
    // sigma_min(J(w)) >= sigma_min(J(w0)) - |w - w0| sqrt(sum_i sup ||Hess r_i||^2) (Weyl).
    Interval sig = Interval(sqrt_down(k.lambda_center.lower)) - radius * Interval(k.hess_rss);
    if (sig.lower() > 0) b.sigma_min_lower = sig.lower(), b.sigma_method = "perturbation";
  }
  return b;
}

struct ExpressionBallBounds::Impl {
  Objective f;
  std::vector<ExactNumber> center;
  unsigned bits;
  std::optional<CentreBounds> centre;
  Impl(const Objective& f_, std::vector<ExactNumber> c, unsigned b) : f(f_), center(std::move(c)), bits(b) {}
  virtual ~Impl() = default;
  virtual std::vector<double> centre_point() const = 0;
  virtual CentreBounds compute_centre() = 0;
  virtual SystemConstants constants(const ExactNumber& radius, Interval* r_enclosure) = 0;
  virtual PointBounds at_point(std::span<const double> w) = 0;
  virtual bool point_in_ball(std::span<const double> w, const ExactNumber& radius) const = 0;
};

namespace {

template <class T>
struct ImplT final : ExpressionBallBounds::Impl {
  std::optional<Evaluator<T>> r_ev, f_ev;
  ImplT(const Objective& f_, std::vector<ExactNumber> c, unsigned b) : Impl(f_, std::move(c), b) {
    Precision<T> scope(bits);
    r_ev.emplace(f.residuals());
    f_ev.emplace(f.function());
  }

  std::vector<double> centre_point() const override {
    Precision<T> scope(bits);
    std::vector<double> mid;
    for (const auto& c : center) mid.push_back(ScalarTraits<T>::midpoint(ScalarTraits<T>::from_number(c)));
    return mid;
  }

  CentreBounds compute_centre() override {
    Precision<T> scope(bits);
    const std::size_t n = f.num_residuals(), p = f.dimension();
    Box<T> c;
    for (const auto& x : center) c.push_back(ScalarTraits<T>::from_number(x));
    CentreBounds out;
    out.defined = is_true(r_ev->evaluate(std::span<const T>(c), Order::Gradient));
    out.residual_norm = Interval::entire();
    if (!out.defined) return out;
    IntervalMatrix J(n, p);
    Interval r_sq(0.0);
    for (std::size_t i = 0; i < n; ++i) {
      out.residual.push_back(as_interval(r_ev->value(i)));
      r_sq += sqr(as_interval(r_ev->value(i)));
      auto g = r_ev->gradient(i);
      for (std::size_t j = 0; j < p; ++j) J(i, j) = as_interval(g[j]);
    }
    out.residual_norm = sqrt(r_sq);
    out.kernel = gram(J);
    // The same numbers as system_constants() (which the expression-only paths read).
    out.lambda_min = n <= p ? verified_gram_lambda_min(J) : EigenBound{0.0, 0.0, true, "rank-deficient"};
    out.lambda_min_upper = n <= p ? gram_lambda_min_upper(J) : 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      Interval row(0.0);
      for (std::size_t j = 0; j < p; ++j) row += sqr(J(i, j));
      out.jac_norm_lower = std::max(out.jac_norm_lower, sqrt(row).lower());
    }
    return out;
  }

  SystemConstants constants(const ExactNumber& radius, Interval* r_enclosure) override {
    Precision<T> scope(bits);
    Ball<T> ball = make_ball<T>(center, radius);
    if (r_enclosure) *r_enclosure = as_interval(ball.radius);
    return system_constants<T>(f, ball);
  }

  PointBounds at_point(std::span<const double> w) override {
    Precision<T> scope(bits);
    PointBounds q;
    const std::size_t n = f.num_residuals(), p = f.dimension();
    std::vector<T> x(w.begin(), w.end());
    if (!is_true(r_ev->evaluate(std::span<const T>(x), Order::Gradient))) return q;
    q.defined = true;
    IntervalMatrix J(n, p);
    std::vector<Interval> r(n);
    Interval r_sq(0.0);
    for (std::size_t i = 0; i < n; ++i) {
      r[i] = as_interval(r_ev->value(i));
      r_sq += sqr(r[i]);
      auto g = r_ev->gradient(i);
      for (std::size_t j = 0; j < p; ++j) J(i, j) = as_interval(g[j]);
    }
    Interval g_sq(0.0);
    for (std::size_t j = 0; j < p; ++j) {
      Interval u(0.0);
      for (std::size_t i = 0; i < n; ++i) u += J(i, j) * r[i];
      g_sq += sqr(u);
    }
    q.residual_norm_sq = r_sq;
    q.gradient_norm_sq = g_sq;
    q.lambda_min_upper = gram_lambda_min_upper(J);
    if (is_true(f_ev->evaluate(std::span<const T>(x), Order::Gradient))) {
      Interval fg(0.0);
      for (const auto& g : f_ev->gradient(0)) fg += sqr(as_interval(g));
      q.objective = as_interval(f_ev->value(0));
      q.objective_gradient_norm_sq = fg;
    }
    return q;
  }

  bool point_in_ball(std::span<const double> w, const ExactNumber& radius) const override {
    Precision<T> scope(bits);
    return is_true(gdcert::point_in_ball<T>(w, make_ball<T>(center, radius)));
  }
};

}  // namespace

ExpressionBallBounds::ExpressionBallBounds(const Objective& f, std::vector<ExactNumber> center, unsigned precision) {
  if (!f.has_residual_form())
    throw std::invalid_argument("ball bounds of a residual system need a residual form (--residuals or --system)");
  if (center.size() != f.dimension())
    throw std::invalid_argument("the centre has " + std::to_string(center.size()) + " coordinates, the system " +
                                std::to_string(f.dimension()) + " variables");
  if (precision == 0) impl_ = std::make_unique<ImplT<Interval>>(f, std::move(center), 0);
  else impl_ = std::make_unique<ImplT<MpInterval>>(f, std::move(center), precision);
}
ExpressionBallBounds::~ExpressionBallBounds() = default;

std::size_t ExpressionBallBounds::num_parameters() const { return impl_->f.dimension(); }
std::size_t ExpressionBallBounds::num_residuals() const { return impl_->f.num_residuals(); }
Interval ExpressionBallBounds::scale() const { return impl_->f.scale().enclosure; }
std::vector<double> ExpressionBallBounds::centre_point() const { return impl_->centre_point(); }
const CentreBounds& ExpressionBallBounds::centre() {
  if (!impl_->centre) impl_->centre = impl_->compute_centre();
  return *impl_->centre;
}
BallConstants ExpressionBallBounds::over_ball(const ExactNumber& radius) {
  Interval r;
  SystemConstants k = impl_->constants(radius, &r);
  return ball_constants_of(k, num_residuals(), num_parameters(), r);
}
PointBounds ExpressionBallBounds::at_point(std::span<const double> w) { return impl_->at_point(w); }
bool ExpressionBallBounds::point_in_ball(std::span<const double> w, const ExactNumber& radius) const {
  return impl_->point_in_ball(w, radius);
}
unsigned ExpressionBallBounds::precision() const { return impl_->bits ? impl_->bits : 53; }
SystemConstants ExpressionBallBounds::constants(const ExactNumber& radius) { return impl_->constants(radius, nullptr); }
const Objective& ExpressionBallBounds::objective() const { return impl_->f; }
const std::vector<ExactNumber>& ExpressionBallBounds::centre_exact() const { return impl_->center; }

}  // namespace gdcert
