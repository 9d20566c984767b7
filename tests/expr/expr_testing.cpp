#include "expr_testing.hpp"

#include <cmath>

namespace gdcert::testing {
namespace {

constexpr unsigned kBits = 256;

MpInterval value_mp(Evaluator<MpInterval>& ev, const std::vector<MpInterval>& x) {
  ev.evaluate(x, Order::Value);
  return ev.value(0);
}

std::vector<MpInterval> shifted(const std::vector<double>& x, std::size_t i, double di,
                                std::size_t j, double dj) {
  std::vector<MpInterval> y;
  for (double v : x) y.emplace_back(v);
  y[i] += MpInterval(di);
  y[j] += MpInterval(dj);
  return y;
}

}  // namespace

double mp_value(const Program& p, const std::vector<double>& x) {
  PrecisionScope scope(kBits);
  Evaluator<MpInterval> ev(p);
  std::vector<MpInterval> y(x.begin(), x.end());
  return mid(value_mp(ev, y));
}

std::vector<double> mp_gradient_fd(const Program& p, const std::vector<double>& x) {
  PrecisionScope scope(kBits);
  Evaluator<MpInterval> ev(p);
  const double h = std::ldexp(1.0, -60);
  std::vector<double> g;
  for (std::size_t i = 0; i < x.size(); ++i) {
    MpInterval up = value_mp(ev, shifted(x, i, h, i, 0.0));
    MpInterval down = value_mp(ev, shifted(x, i, -h, i, 0.0));
    g.push_back(mid((up - down) / MpInterval(2 * h)));
  }
  return g;
}

std::vector<std::vector<double>> mp_hessian_fd(const Program& p, const std::vector<double>& x) {
  PrecisionScope scope(kBits);
  Evaluator<MpInterval> ev(p);
  const double h = std::ldexp(1.0, -50);
  const std::size_t n = x.size();
  std::vector<std::vector<double>> H(n, std::vector<double>(n));
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = i; j < n; ++j) {
      MpInterval s = value_mp(ev, shifted(x, i, h, j, h)) - value_mp(ev, shifted(x, i, h, j, -h)) -
                     value_mp(ev, shifted(x, i, -h, j, h)) + value_mp(ev, shifted(x, i, -h, j, -h));
      H[i][j] = H[j][i] = mid(s / MpInterval(4 * h * h));
    }
  return H;
}

}  // namespace gdcert::testing
