// The verdict map as an SVG picture.
//
//   SvgOptions opt;
//   opt.title = "f = (x*y-1)^2, radius auto";
//   opt.overlay = parse_program("abs(x*y-1) - (x^2+y^2)/4", {.variables = {"x", "y"}});
//   std::string svg = render_region_svg(map, objective, opt);
//
// Cells are coloured by verdict (certified green, refuted red, inconclusive grey). The zero set
// of f is drawn from a marching-squares pass in double precision: for a residual form, each
// residual's curve r_i = 0 (zeros of f are where all of them meet); for any other expression,
// where f changes sign. The optional overlay expression is drawn dashed where it is 0 (e.g. a
// known closed-form boundary). Curves are a guide for the eye; only the cell colours are verdicts.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "cli/region_map.hpp"
#include "expr/program.hpp"

namespace gdcert {

struct SvgOptions {
  std::string title;
  std::optional<Program> overlay;  // same variables as f
  std::string overlay_text;
  std::size_t resolution = 360;  // marching-squares squares along the longer axis
};

std::string render_region_svg(const RegionMap& map, const Objective& f, const SvgOptions& options);

}  // namespace gdcert
