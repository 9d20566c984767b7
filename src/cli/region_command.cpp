// gdcert region: the verdict of Chatterjee's criterion over a 2-D grid of centres, as CSV, JSON
// and an SVG (or PNG) picture. Exit 0 when the map was made (it is not a certification), 2 on
// bad input; every input error is found before any cell is run or any file is written.
#include <cstdio>
#include <iostream>
#include <sstream>
#include <vector>

#include "api/atomic_file.hpp"
#include "arith/precision.hpp"
#include "cli/commands.hpp"
#include "api/exact_json.hpp"
#include "cli/png_export.hpp"
#include "cli/region_map.hpp"
#include "cli/region_svg.hpp"

namespace gdcert {
namespace {

struct RegionFlags {
  RegionRequest request;
  std::string vars, csv, svg, png, overlay;
  bool json = false, quiet = false;
};

int run_region_command(RegionFlags& flags) {
  RegionRequest request = flags.request;
  if (!flags.vars.empty()) request.spec.vars = split_list(flags.vars);
  if (!flags.quiet) request.progress = [](const std::string& m) { std::cerr << m << std::endl; };
  RegionProblem problem = prepare_region(request);
  SvgOptions svg;
  if (!flags.overlay.empty()) {
    svg.overlay = parse_program(flags.overlay, {.variables = problem.objective.variables()});
    svg.overlay_text = flags.overlay;
    if (svg.overlay->num_outputs() != 1) throw std::invalid_argument("--overlay must be a single expression");
  }
  if (!flags.overlay.empty() && flags.svg.empty() && flags.png.empty())
    throw std::invalid_argument("--overlay only applies to a picture (--svg or --png)");
  // --png without a converter: refused before any cell is run when it is the only picture asked
  // for; with --svg the SVG is the picture, and the PNG is skipped with a warning.
  bool want_png = !flags.png.empty();
  if (want_png && !png_converter_available()) {
    if (flags.svg.empty())
      throw std::invalid_argument(
          "--png needs rsvg-convert or ImageMagick's convert, and neither is installed (give --svg FILE for an SVG "
          "picture); nothing written");
    std::cerr << "region: warning: --png skipped: no PNG converter (rsvg-convert or ImageMagick) is installed; the "
                 "picture is written to "
              << flags.svg << " only\n";
    want_png = false;
  }

  RegionMap map = run_region(problem);
  if (map.errors())
    std::cerr << "region: " << map.errors() << " cells failed with an error and are marked inconclusive (first: "
              << [&] {
                   for (const auto& c : map.cells)
                     if (!c.error.empty()) return c.error;
                   return std::string();
                 }()
              << ")\n";

  const Objective& f = problem.objective;
  svg.title = (f.kind() == "residuals" ? "f = sum of squares of " + f.text() : "f = " + f.text()) +
              ", radius " + (request.spec.radius == "auto" ? "auto" : request.spec.radius);
  std::ostringstream csv;
  write_region_csv(csv, map);
  // Everything is rendered before anything is written.
  std::string picture = (flags.svg.empty() && flags.png.empty()) ? "" : render_region_svg(map, f, svg);
  // The PNG first, the step that can fail for reasons outside gdcert: when it fails alone, nothing
  // is written; with --svg the SVG still is (with a warning). Each file is written whole (renamed
  // into place); if a later one cannot be written, the earlier ones are removed again.
  std::vector<std::string> written;
  try {
    if (want_png) {
      const std::string source = flags.png + ".svg.tmp";
      std::string why;
      write_file_atomically(source, picture);
      const bool ok = svg_to_png(source, flags.png, why);
      std::remove(source.c_str());
      if (ok)
        written.push_back(flags.png);
      else if (flags.svg.empty())
        throw std::invalid_argument("--png: " + why + "; nothing written");
      else
        std::cerr << "region: warning: --png skipped: " << why << "; the picture is written to " << flags.svg << " only\n";
    }
    if (!flags.csv.empty()) write_file_atomically(flags.csv, csv.str()), written.push_back(flags.csv);
    if (!flags.svg.empty()) write_file_atomically(flags.svg, picture), written.push_back(flags.svg);
  } catch (...) {
    for (const auto& path : written) std::remove(path.c_str());
    throw;
  }
  // With no file named the CSV goes to stdout; a picture alone (--svg or --png) prints nothing.
  if (flags.json)
    std::cout << dump_json(region_json(map, f), 2) << std::endl;
  else if (flags.csv.empty() && flags.svg.empty() && flags.png.empty())
    std::cout << csv.str();
  char summary[160];
  std::snprintf(summary, sizeof summary, "region: %zu cells in %.1f s: %zu certified, %zu refuted, %zu inconclusive",
                map.cells.size(), map.seconds, map.count(Verdict::Certified), map.count(Verdict::Refuted),
                map.count(Verdict::Inconclusive));
  std::cerr << summary << "\n";
  return 0;
}

}  // namespace

void add_region_command(CLI::App& app, int& status) {
  auto flags = std::make_shared<RegionFlags>();
  flags->request.spec.budget = "2s";
  CLI::App* cmd = app.add_subcommand("region", "Map the verdict over a 2-D grid of centres (CSV, SVG, PNG)");
  cmd->footer(
      "Examples:\n"
      "  gdcert region --expr \"(x*y-1)^2\" --grid -3:3:0.125,-3:3:0.125 --radius auto --svg map.svg --csv map.csv\n"
      "  gdcert region --residuals \"10*(y-x^2); 1-x\" --vars x,y --grid 0:2:0.1,0:2:0.1 --radius 0.2\n"
      "Each cell is an independent check with a small budget; the map is not a certificate.\n"
      "Exit status: 0 map made, 2 bad input (or --png with no PNG converter installed, unless --svg is given).");
  RegionRequest& req = flags->request;
  cmd->add_option("--expr", req.spec.expr, "f as an expression, e.g. \"(x*y-1)^2\"");
  cmd->add_option("--residuals", req.spec.residuals, "f = scale * sum r_i^2 with \"r1; r2; ...\"");
  cmd->add_option("--scale", req.spec.scale, "positive factor c in f = c * sum r_i^2 (default 1)");
  cmd->add_option("--vars", flags->vars, "the two variables in axis order, e.g. x,y (default: alphabetical)");
  cmd->add_option("--grid", req.grid, "centres: xmin:xmax:xstep,ymin:ymax:ystep (exact decimals)")->required();
  cmd->add_option("--radius", req.spec.radius, "radius r > 0 for every cell, or auto (search per cell)")->required();
  cmd->add_option("--budget", req.spec.budget, "work limit per cell: seconds (2, 2s) or boxes; default 2s");
  cmd->add_option("--samples", req.samples, "sampled points per ball (default 300)")->check(CLI::Range(10, 1000000));
  cmd->add_option("--precision", req.spec.precision, "MPFR interval bits (default: double intervals)")
      ->check(CLI::Range(kMinPrecisionBits, kMaxPrecisionBits));
  cmd->add_option("--threads", req.threads, "worker threads (default: all cores)")->check(CLI::Range(1u, 1024u));
  cmd->add_option("--csv", flags->csv, "write x,y,verdict,radius,margin,alpha_lower,seconds to FILE");
  cmd->add_option("--svg", flags->svg, "write the picture to FILE (SVG)");
  cmd->add_option("--png", flags->png,
                  "write the picture to FILE (PNG; needs rsvg-convert or ImageMagick: without one, refused with exit 2, or "
                  "only a warning when --svg is given too; GDCERT_PNG_CONVERTER=none acts as if none were installed)");
  cmd->add_option("--overlay", flags->overlay, "also draw the curve EXPR = 0 dashed, e.g. a known boundary");
  cmd->add_flag("--json", flags->json, "print one JSON object with every cell on stdout");
  cmd->add_flag("--quiet", flags->quiet, "no progress messages");
  cmd->callback([flags, &status] { status = run_region_command(*flags); });
}

}  // namespace gdcert
