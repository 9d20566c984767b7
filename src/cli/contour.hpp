// Zero contours of a function sampled on a regular lattice (marching squares), for pictures.
//
//   Lattice lat{-3, 3, -3, 3, 300, 300};            // 301 x 301 sample points
//   auto values = sample_outputs(parse_program("x*y-1"), lat);   // one vector per output
//   std::vector<Segment> s = zero_contour(lat, values[0]);       // pieces of the curve xy = 1
//
// Plain double arithmetic: these curves are a guide for the eye, never part of a verdict.
// Squares with a non-finite corner (outside the domain of f) are skipped; a saddle square is
// resolved by the sign at its centre (the average of its corners).
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "expr/program.hpp"

namespace gdcert {

struct Lattice {
  double x0, x1, y0, y1;
  std::size_t nx, ny;  // squares per axis; (nx + 1) * (ny + 1) points, x fastest
  double x(std::size_t i) const { return x0 + (x1 - x0) * double(i) / double(nx); }
  double y(std::size_t j) const { return y0 + (y1 - y0) * double(j) / double(ny); }
};

struct Segment {
  double x0, y0, x1, y1;
};

// values[k][j * (nx + 1) + i] = output k at (x(i), y(j)); the program has two variables.
std::vector<std::vector<double>> sample_outputs(const Program& program, const Lattice& lattice);

std::vector<Segment> zero_contour(const Lattice& lattice, std::span<const double> values);

// The segments joined end to end into polylines (a closed curve ends at its first point), so
// that a dashed stroke runs along the whole curve instead of restarting on every tiny piece.
// End points closer than a millionth of a lattice square are the same point.
struct Point2 {
  double x, y;
};
std::vector<std::vector<Point2>> join_segments(const Lattice& lattice, const std::vector<Segment>& segments);

}  // namespace gdcert
