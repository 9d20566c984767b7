#include "cli/contour.hpp"

#include <array>
#include <cmath>

#include "expr/evaluator.hpp"

namespace gdcert {

std::vector<std::vector<double>> sample_outputs(const Program& program, const Lattice& lattice) {
  Evaluator<double> ev(program);
  const std::size_t outputs = program.num_outputs(), stride = lattice.nx + 1;
  std::vector<std::vector<double>> values(outputs, std::vector<double>(stride * (lattice.ny + 1)));
  for (std::size_t j = 0; j <= lattice.ny; ++j)
    for (std::size_t i = 0; i < stride; ++i) {
      std::array<double, 2> p = {lattice.x(i), lattice.y(j)};
      ev.evaluate(p, Order::Value);
      for (std::size_t k = 0; k < outputs; ++k) values[k][j * stride + i] = ev.value(k);
    }
  return values;
}

std::vector<Segment> zero_contour(const Lattice& lat, std::span<const double> v) {
  std::vector<Segment> out;
  const std::size_t stride = lat.nx + 1;
  for (std::size_t j = 0; j < lat.ny; ++j)
    for (std::size_t i = 0; i < lat.nx; ++i) {
      // Corners counter-clockwise from (i, j); edge e joins corner e and corner e + 1.
      const std::array<double, 4> c = {v[j * stride + i], v[j * stride + i + 1], v[(j + 1) * stride + i + 1],
                                       v[(j + 1) * stride + i]};
      const std::array<double, 4> cx = {lat.x(i), lat.x(i + 1), lat.x(i + 1), lat.x(i)};
      const std::array<double, 4> cy = {lat.y(j), lat.y(j), lat.y(j + 1), lat.y(j + 1)};
      if (!(std::isfinite(c[0]) && std::isfinite(c[1]) && std::isfinite(c[2]) && std::isfinite(c[3]))) continue;
      std::array<double, 4> px{}, py{};
      int n = 0;
      for (int e = 0; e < 4; ++e) {
        double a = c[e], b = c[(e + 1) % 4];
        if ((a > 0) == (b > 0)) continue;
        double t = a / (a - b);
        px[n] = cx[e] + t * (cx[(e + 1) % 4] - cx[e]);
        py[n] = cy[e] + t * (cy[(e + 1) % 4] - cy[e]);
        ++n;
      }
      if (n == 2) {
        out.push_back({px[0], py[0], px[1], py[1]});
      } else if (n == 4) {
        // Saddle: corners 0 and 2 share a sign. If the centre has it too, they are connected
        // and the curve cuts off corners 1 and 3 (edges 0-1 and 2-3); otherwise it cuts off
        // corners 0 and 2 (edges 3-0 and 1-2).
        bool centre_positive = (c[0] + c[1] + c[2] + c[3]) > 0;
        if (centre_positive == (c[0] > 0)) {
          out.push_back({px[0], py[0], px[1], py[1]});
          out.push_back({px[2], py[2], px[3], py[3]});
        } else {
          out.push_back({px[3], py[3], px[0], py[0]});
          out.push_back({px[1], py[1], px[2], py[2]});
        }
      }
    }
  return out;
}

}  // namespace gdcert
