#include "bound/sampling.hpp"

#include <algorithm>
#include <cmath>
#include <random>

#include "expr/evaluator.hpp"

namespace gdcert {
namespace {

struct RatioProbe {
  explicit RatioProbe(const Program& f) : ev(f) {}
  Evaluator<double> ev;
  std::size_t count = 0;

  // ratio at x, or +inf where undefined or f <= 0 (excluded from the infimum or useless)
  double ratio(std::span<const double> x, std::vector<double>* grad_ratio) {
    ++count;
    Order order = grad_ratio ? Order::Hessian : Order::Gradient;
    if (is_false(ev.evaluate(x, order))) return INFINITY;
    double f = ev.value(0);
    if (!(f > 0) || !std::isfinite(f)) return INFINITY;
    auto g = ev.gradient(0);
    double g_sq = 0;
    for (double gi : g) g_sq += gi * gi;
    double q = g_sq / f;
    if (!std::isfinite(q)) return INFINITY;
    if (grad_ratio) {  // d/dx (|g|^2 / f) = 2 H g / f - (|g|^2 / f^2) g
      std::vector<double> Hg(g.size(), 0.0);
      for (const auto& h : ev.hessian(0)) {
        Hg[h.i] += h.value * g[h.j];
        if (h.i != h.j) Hg[h.j] += h.value * g[h.i];
      }
      grad_ratio->resize(g.size());
      for (std::size_t i = 0; i < g.size(); ++i) (*grad_ratio)[i] = 2 * Hg[i] / f - q / f * g[i];
    }
    return q;
  }
};

void project_into_ball(std::vector<double>& x, std::span<const double> c, double r) {
  double d = 0;
  for (std::size_t i = 0; i < x.size(); ++i) d += (x[i] - c[i]) * (x[i] - c[i]);
  d = std::sqrt(d);
  if (d > r) {
    double s = r / d;
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = c[i] + (x[i] - c[i]) * s;
  }
}

}  // namespace

SampledMinimum sample_min_ratio(const Objective& f, std::span<const double> center, double radius,
                                const SampleOptions& options) {
  const std::size_t p = center.size();
  // Stay a hair inside so that the rigorous in-ball test of a witness can succeed.
  const double r = radius * (1 - 1e-9);
  RatioProbe probe(f.function());
  std::mt19937_64 rng(options.seed);
  std::normal_distribution<double> normal;
  std::uniform_real_distribution<double> uniform;

  std::vector<std::pair<double, std::vector<double>>> best;
  auto consider = [&](double q, const std::vector<double>& x) {
    if (!std::isfinite(q)) return;
    best.emplace_back(q, x);
    std::sort(best.begin(), best.end(), [](auto& a, auto& b) { return a.first < b.first; });
    if (best.size() > options.starts) best.pop_back();
  };

  std::vector<double> x(center.begin(), center.end());
  consider(probe.ratio(x, nullptr), x);
  auto out_of_time = [&] {
    return (options.cancel && options.cancel->load(std::memory_order_relaxed)) ||
           (options.deadline != Deadline::max() && std::chrono::steady_clock::now() >= options.deadline);
  };
  for (std::size_t s = 0; s < options.samples && !out_of_time(); ++s) {
    double n2 = 0;
    for (std::size_t i = 0; i < p; ++i) x[i] = normal(rng), n2 += x[i] * x[i];
    double scale = r * std::pow(uniform(rng), 1.0 / double(p)) / std::sqrt(n2);
    for (std::size_t i = 0; i < p; ++i) x[i] = center[i] + x[i] * scale;
    consider(probe.ratio(x, nullptr), x);
  }

  SampledMinimum out;
  std::vector<double> grad, trial;
  for (auto [q, y] : std::vector(best)) {
    double step = r;
    for (std::size_t it = 0; it < options.local_steps && step > r * 1e-12 && !out_of_time(); ++it) {
      q = probe.ratio(y, &grad);
      double gn = 0;
      for (double v : grad) gn += v * v;
      gn = std::sqrt(gn);
      if (!(gn > 0) || !std::isfinite(gn)) break;
      bool improved = false;
      while (step > r * 1e-12) {
        trial = y;
        for (std::size_t i = 0; i < p; ++i) trial[i] -= step * grad[i] / gn;
        project_into_ball(trial, center, r);
        double qt = probe.ratio(trial, nullptr);
        if (qt < q) {
          y = trial, q = qt, improved = true;
          step *= 2;
          break;
        }
        step *= 0.5;
      }
      if (!improved) break;
    }
    if (q < out.ratio) out.found = true, out.ratio = q, out.point = y;
  }
  out.evaluations = probe.count;
  return out;
}

}  // namespace gdcert
