// Grid axes for `gdcert region`, generated as exact decimal text.
//
//   GridAxis x = parse_grid_axis("-3:3:0.125", "x");
//   x.values.size() == 49;  x.values[1] == "-2.875"   // min + k * step, computed in decimal
//   auto [gx, gy] = parse_grid("-3:3:0.5,0:1:0.1", {"x", "y"});   // gy.values[3] == "0.3"
//
// Why text: each centre is handed to parse_number, which encloses the number written, so
// "0.3" means 3/10 exactly. Accumulating a floating-point step would make the k-th centre some
// nearby double instead, and the map would not be about the centres it claims.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <vector>

namespace gdcert {

struct GridAxis {
  std::string name;                 // the variable on this axis
  std::vector<std::string> values;  // min, min + step, ..., <= max (exact decimals)
  double step = 0;                  // nearest double, for drawing only
};

// At most this many cells in a whole grid.
inline constexpr std::size_t kMaxGridCells = 1'000'000;

// "min:max:step" with decimal or scientific numbers, step > 0, min <= max. Throws
// std::invalid_argument naming the axis and the problem.
GridAxis parse_grid_axis(const std::string& text, const std::string& name);
// "xmin:xmax:xstep,ymin:ymax:ystep"; also enforces kMaxGridCells on the product.
std::array<GridAxis, 2> parse_grid(const std::string& text, const std::array<std::string, 2>& names);

}  // namespace gdcert
