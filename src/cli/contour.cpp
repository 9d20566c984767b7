#include "cli/contour.hpp"

#include <deque>
#include <map>
#include <optional>

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

std::vector<std::vector<Point2>> join_segments(const Lattice& lat, const std::vector<Segment>& segs) {
  // Neighbouring squares compute a shared edge point from opposite corners, so the two copies
  // may differ in the last bits: points are matched on a grid a million times finer.
  const double sx = (lat.x1 - lat.x0) / double(lat.nx) * 1e-6, sy = (lat.y1 - lat.y0) / double(lat.ny) * 1e-6;
  auto key = [&](double x, double y) {
    return std::pair<long long, long long>(std::llround((x - lat.x0) / sx), std::llround((y - lat.y0) / sy));
  };
  std::map<std::pair<long long, long long>, std::vector<std::size_t>> ends;  // point -> 2*segment + end
  for (std::size_t k = 0; k < segs.size(); ++k) {
    ends[key(segs[k].x0, segs[k].y0)].push_back(2 * k);
    ends[key(segs[k].x1, segs[k].y1)].push_back(2 * k + 1);
  }
  std::vector<char> used(segs.size(), 0);
  // A segment shorter than the matching grid (the curve passing exactly through a lattice point
  // makes such spurs) would only split the curve it touches.
  for (std::size_t k = 0; k < segs.size(); ++k)
    if (key(segs[k].x0, segs[k].y0) == key(segs[k].x1, segs[k].y1)) used[k] = 1;
  auto point = [&](std::size_t end) {
    const Segment& s = segs[end / 2];
    return end % 2 ? Point2{s.x1, s.y1} : Point2{s.x0, s.y0};
  };
  // From the free end `end` of a used segment, the next unused segment sharing that point.
  auto next_from = [&](std::size_t end) -> std::optional<std::size_t> {
    Point2 p = point(end);
    for (std::size_t e : ends[key(p.x, p.y)])
      if (!used[e / 2]) return e;
    return std::nullopt;
  };
  std::vector<std::vector<Point2>> lines;
  for (std::size_t k = 0; k < segs.size(); ++k) {
    if (used[k]) continue;
    used[k] = 1;
    std::deque<Point2> line{point(2 * k), point(2 * k + 1)};
    for (int dir = 0; dir < 2; ++dir) {
      std::size_t free_end = dir == 0 ? 2 * k + 1 : 2 * k;
      while (auto e = next_from(free_end)) {
        used[*e / 2] = 1;
        free_end = *e ^ 1;  // the other end of that segment
        if (dir == 0) line.push_back(point(free_end));
        else line.push_front(point(free_end));
      }
    }
    lines.emplace_back(line.begin(), line.end());
  }
  return lines;
}

}  // namespace gdcert
