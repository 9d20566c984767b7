// gdcert region as a user runs it, plus its pieces: exact decimal grids and zero contours.
// Reference: f = (xy - 1)^2 has |grad f|^2 / f = 4 (x^2 + y^2), so alpha(x0, r) =
// 4 max(|x0| - r, 0)^2 and the criterion holds for some r exactly when
// |x0 y0 - 1| < (x0^2 + y0^2) / 4 (Chatterjee, section 3).
#include <doctest/doctest.h>

#include "cli_runner.hpp"

#include <sys/wait.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "arith/exact_number.hpp"
#include "arith/mp_interval.hpp"
#include "cli/contour.hpp"
#include "cli/decimal_grid.hpp"

namespace {

bool exists(const std::string& path) { return std::ifstream(path).good(); }

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

struct CsvRow {
  std::string x, y, verdict, radius, margin, alpha_lower, seconds;
};

std::vector<CsvRow> parse_csv(const std::string& text) {
  std::istringstream in(text);
  std::string line;
  std::getline(in, line);
  REQUIRE(line == "x,y,verdict,radius,margin,alpha_lower,seconds");
  std::vector<CsvRow> rows;
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::stringstream ss(line);
    for (std::string item; std::getline(ss, item, ',');) f.push_back(item);
    if (!line.empty() && line.back() == ',') f.push_back("");
    REQUIRE_MESSAGE(f.size() == 7, line);
    rows.push_back({f[0], f[1], f[2], f[3], f[4], f[5], f[6]});
  }
  return rows;
}

// Exact for centres that are doubles with few bits (the grids below): both sides are sums of
// products of multiples of 1/2, so no rounding happens; the test checks that assumption.
struct Closed {
  double gap, bound;  // |x y - 1| and (x^2 + y^2) / 4
};
Closed closed_form(const CsvRow& r) {
  auto x = gdcert::parse_number(r.x), y = gdcert::parse_number(r.y);
  REQUIRE(x.exact);
  REQUIRE(y.exact);
  double gap = std::fabs(x.nearest * y.nearest - 1), bound = (x.nearest * x.nearest + y.nearest * y.nearest) / 4;
  REQUIRE(std::fabs(x.nearest) <= 64);  // keeps every product above exact in double
  return {gap, bound};
}

// The printed bounds of a certified cell against 256-bit enclosures of the closed form:
// alpha_lower <= 4 (|x0| - r)^2 and margin <= r^2 alpha - 4 f(x0).
void check_bounds_against_closed_form(const CsvRow& r) {
  gdcert::PrecisionScope scope(256);
  using gdcert::MpInterval;
  MpInterval x = MpInterval::from_decimal(r.x), y = MpInterval::from_decimal(r.y),
             rad = MpInterval::from_decimal(r.radius);
  MpInterval dist = sqrt(sqr(x) + sqr(y)) - rad;
  REQUIRE(gdcert::lower_double(dist) > 0);  // a certified ball cannot contain the origin
  MpInterval alpha = MpInterval(4.0) * sqr(dist);
  MpInterval margin = sqr(rad) * alpha - MpInterval(4.0) * sqr(x * y - MpInterval(1.0));
  CHECK_MESSAGE(std::stod(r.alpha_lower) <= gdcert::upper_double(alpha), r.x << "," << r.y);
  CHECK_MESSAGE(std::stod(r.margin) <= gdcert::upper_double(margin), r.x << "," << r.y);
  CHECK(std::stod(r.margin) > 0);
}

}  // namespace

TEST_CASE("grid centres are exact decimals: integer multiples of the step, not accumulated doubles") {
  using gdcert::parse_grid_axis;
  auto a = parse_grid_axis("0:1:0.1", "x");
  REQUIRE(a.values.size() == 11);
  CHECK(a.values[3] == "0.3");  // 0.1 + 0.1 + 0.1 in double is 0.30000000000000004
  CHECK(a.values[10] == "1");
  auto b = parse_grid_axis("-3:3:0.125", "x");
  REQUIRE(b.values.size() == 49);
  CHECK(b.values[1] == "-2.875");
  CHECK(b.values[24] == "0");
  auto c = parse_grid_axis("0.1:0.35:0.1", "y");  // max not on the grid: stop below it
  CHECK(c.values == std::vector<std::string>{"0.1", "0.2", "0.3"});
  auto d = parse_grid_axis("1e-1:3e-1:1e-1", "y");
  CHECK(d.values == std::vector<std::string>{"0.1", "0.2", "0.3"});
  auto e = parse_grid_axis("-1e3:1e3:500", "y");
  CHECK(e.values == std::vector<std::string>{"-1000", "-500", "0", "500", "1000"});
  auto g = parse_grid_axis("2:2:1", "y");
  CHECK(g.values == std::vector<std::string>{"2"});
  // Every generated text means the same number as min + k * step in exact arithmetic.
  for (std::size_t k = 0; k < a.values.size(); ++k) {
    gdcert::PrecisionScope scope(256);
    gdcert::MpInterval v = gdcert::MpInterval::from_decimal(a.values[k]);
    gdcert::MpInterval expect = gdcert::MpInterval::from_decimal("0.1") * gdcert::MpInterval(double(k));
    CHECK(gdcert::lower_double(v - expect) <= 0);
    CHECK(gdcert::upper_double(v - expect) >= 0);
  }
}

TEST_CASE("grid errors name the problem") {
  using gdcert::parse_grid;
  auto message = [](const std::string& grid) {
    try {
      parse_grid(grid, {"x", "y"});
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(message("0:1:0,0:1:1").find("step must be positive") != std::string::npos);
  CHECK(message("0:1:-0.5,0:1:1").find("step must be positive") != std::string::npos);
  CHECK(message("2:1:0.5,0:1:1").find("min must not exceed max") != std::string::npos);
  CHECK(message("0:1,0:1:1").find("expected min:max:step") != std::string::npos);
  CHECK(message("0:1:0.5").find("two axes") != std::string::npos);
  CHECK(message("0:1:0.5,0:a:1").find("axis y") != std::string::npos);
  CHECK(message("0:1:0x1p-1,0:1:1").find("hex") != std::string::npos);
  CHECK(message("0:1:1e-30,0:1:1").find("digits") != std::string::npos);
  CHECK(message("0:1000:0.001,0:1000:0.001").find("at most") != std::string::npos);
  CHECK(message("0:1:0.5,0:1:0.5") == "no error");
}

TEST_CASE("marching squares: the contour of x*y - 1 lies on the hyperbola, saddles included") {
  gdcert::Lattice lat{-3, 3, -3, 3, 120, 120};
  auto values = gdcert::sample_outputs(gdcert::parse_program("x*y - 1"), lat);
  auto segs = gdcert::zero_contour(lat, values[0]);
  CHECK(segs.size() > 100);
  for (const auto& s : segs) {
    CHECK(std::fabs(s.x0 * s.y0 - 1) < 0.03);
    CHECK(std::fabs(s.x1 * s.y1 - 1) < 0.03);
  }
  // x*y through lattice points with the saddle at the origin: only the two axes come out.
  gdcert::Lattice odd{-1, 1, -1, 1, 7, 7};
  auto axes = gdcert::zero_contour(odd, gdcert::sample_outputs(gdcert::parse_program("x*y"), odd)[0]);
  CHECK(!axes.empty());
  for (const auto& s : axes) CHECK((std::fabs(s.x0 * s.y0) < 1e-12 && std::fabs(s.x1 * s.y1) < 1e-12));
}

TEST_CASE("contour segments are joined into whole polylines (so a dashed overlay stays dashed)") {
  gdcert::Lattice lat{-3, 3, -3, 3, 120, 120};
  auto hyperbola = gdcert::zero_contour(lat, gdcert::sample_outputs(gdcert::parse_program("x*y - 1"), lat)[0]);
  auto lines = gdcert::join_segments(lat, hyperbola);
  CHECK(lines.size() == 2);  // the two branches (spurs where the curve meets a lattice point dropped)
  std::size_t points = 0;
  for (const auto& l : lines) {
    points += l.size();
    for (std::size_t k = 1; k < l.size(); ++k)  // continuous: neighbours within one square
      CHECK(std::hypot(l[k].x - l[k - 1].x, l[k].y - l[k - 1].y) <= 0.05 * std::sqrt(2.0) + 1e-12);
  }
  CHECK(points > hyperbola.size() - 20);  // only the spurs at the lattice points on the curve go
  gdcert::Lattice fine{-2, 2, -2, 2, 90, 90};
  auto circle = gdcert::zero_contour(fine, gdcert::sample_outputs(gdcert::parse_program("x^2 + y^2 - 1"), fine)[0]);
  auto ring = gdcert::join_segments(fine, circle);
  REQUIRE(ring.size() == 1);
  CHECK(ring[0].size() == circle.size() + 1);
  CHECK(std::fabs(ring[0].front().x - ring[0].back().x) < 1e-9);  // closed
  CHECK(std::fabs(ring[0].front().y - ring[0].back().y) < 1e-9);
  CHECK(gdcert::join_segments(fine, {}).empty());
}

TEST_CASE("region (xy-1)^2, radius auto: never certified outside the closed-form region") {
  const std::string csv = "gdcert_region_xy.csv", svg = "gdcert_region_xy.svg";
  std::remove(csv.c_str());
  std::remove(svg.c_str());
  Run r = run("region --expr \"(x*y-1)^2\" --grid -3:3:0.5,-3:3:0.5 --radius auto --csv " + csv + " --svg " + svg);
  REQUIRE_MESSAGE(r.status == 0, r.err);
  CHECK(r.out.empty());  // files given: nothing on stdout
  auto rows = parse_csv(slurp(csv));
  REQUIRE(rows.size() == 13 * 13);
  CHECK(rows.front().x == "-3");
  CHECK(rows.front().y == "-3");
  CHECK(rows[1].y == "-2.5");  // x outer, y inner
  int inside_well = 0, inside_well_certified = 0, certified = 0;
  for (const auto& row : rows) {
    Closed c = closed_form(row);
    bool cert = row.verdict == "certified";
    CHECK((row.verdict == "certified" || row.verdict == "refuted" || row.verdict == "inconclusive"));
    if (c.gap >= c.bound) CHECK_MESSAGE(!cert, "certified outside the region at " << row.x << "," << row.y);
    if (c.bound - c.gap >= 0.05 * c.bound) {
      ++inside_well;
      inside_well_certified += cert;
    }
    if (cert) {
      ++certified;
      check_bounds_against_closed_form(row);
    }
  }
  CHECK(inside_well > 20);
  CHECK(inside_well_certified >= 0.9 * inside_well);
  CHECK(certified > 20);

  std::string picture = slurp(svg);
  CHECK(picture.rfind("<svg", 0) == 0);
  CHECK(picture.size() > 1000);
  CHECK(picture.substr(picture.size() - 7) == "</svg>\n");
  for (const char* word : {"certified (", "refuted (", "inconclusive (", "zero set of f", "(x*y-1)^2"})
    CHECK_MESSAGE(picture.find(word) != std::string::npos, word);
  CHECK(!exists(csv + ".tmp"));
  CHECK(!exists(svg + ".tmp"));
}

TEST_CASE("region with a fixed radius: certified cells are inside the region; CSV on stdout; JSON") {
  Run r = run("region --expr \"(x*y-1)^2\" --grid -3:3:0.5,-3:3:0.5 --radius 0.5 --threads 1 --quiet");
  REQUIRE_MESSAGE(r.status == 0, r.err);
  auto rows = parse_csv(r.out);
  REQUIRE(rows.size() == 169);
  int certified = 0, refuted = 0;
  for (const auto& row : rows) {
    Closed c = closed_form(row);
    if (row.verdict == "certified") {
      ++certified;
      CHECK(c.gap < c.bound);
      CHECK(row.radius == "0.5");
      check_bounds_against_closed_form(row);
    }
    refuted += row.verdict == "refuted";
  }
  CHECK(certified > 10);
  CHECK(refuted > 10);  // far from xy = 1 a radius-0.5 ball fails, with a witness

  // The same cells, in parallel, as JSON: identical verdicts in the same order.
  Run j = run("region --expr \"(x*y-1)^2\" --grid -3:3:0.5,-3:3:0.5 --radius 0.5 --threads 2 --quiet --json");
  REQUIRE(j.status == 0);
  CHECK(j.out.find("\"counts\"") != std::string::npos);
  CHECK(j.out.find("\"certified\": " + std::to_string(certified)) != std::string::npos);
}

TEST_CASE("region --precision: MPFR intervals on worker threads give the same verdicts") {
  const std::string grid = " --expr \"(x*y-1)^2\" --grid -3:3:1,-3:3:1 --radius auto --threads 2 --quiet";
  Run d = run("region" + grid), m = run("region" + grid + " --precision 128");
  REQUIRE(d.status == 0);
  REQUIRE(m.status == 0);
  auto a = parse_csv(d.out), b = parse_csv(m.out);
  REQUIRE(a.size() == 49);
  REQUIRE(b.size() == 49);
  for (std::size_t k = 0; k < a.size(); ++k) {
    CHECK(a[k].x == b[k].x);
    CHECK(a[k].y == b[k].y);
    CHECK_MESSAGE(a[k].verdict == b[k].verdict, a[k].x << "," << a[k].y);
    if (b[k].verdict == "certified") check_bounds_against_closed_form(b[k]);
  }
}

TEST_CASE("region: a residual system draws each residual's curve") {
  const std::string svg = "gdcert_region_rosen.svg";
  Run r = run("region --residuals \"10*(y-x^2); 1-x\" --vars x,y --grid 0.5:1.5:0.25,0.5:1.5:0.25 --radius auto "
              "--svg " + svg + " --overlay \"x-1\" --quiet");
  REQUIRE_MESSAGE(r.status == 0, r.err);
  std::string picture = slurp(svg);
  CHECK(picture.find("r1 = 0") != std::string::npos);
  CHECK(picture.find("r2 = 0") != std::string::npos);
  CHECK(picture.find("stroke-dasharray") != std::string::npos);  // the overlay
  CHECK(picture.find("x-1 = 0") != std::string::npos);
}

TEST_CASE("region --png: a PNG when a converter is installed, else exit 2 and no file") {
  // (The no-converter and failing-converter paths are forced in test_cli_usability.cpp.)
  const std::string png = "gdcert_region.png";
  std::remove(png.c_str());
  Run r = run("region --expr \"(x*y-1)^2\" --grid 1:1.5:0.5,1:1.5:0.5 --radius auto --png " + png + " --quiet");
  CHECK(r.status == (exists(png) ? 0 : 2));
  if (!exists(png)) CHECK(r.err.find("--png needs rsvg-convert") != std::string::npos);
  CHECK(r.out.empty());  // a picture alone prints no CSV
  CHECK(!exists(png + ".tmp"));
  CHECK(!exists(png + ".svg.tmp"));
  std::remove(png.c_str());
}

TEST_CASE("region bad input: exit 2, the problem named, no file written") {
  const std::string csv = "gdcert_region_bad.csv", svg = "gdcert_region_bad.svg";
  struct Case {
    std::string args, words;
  };
  const std::vector<Case> cases = {
      {"--expr \"x*y*z\" --grid 0:1:0.5,0:1:0.5 --radius auto", "exactly 2 variables"},
      {"--expr \"x^2\" --grid 0:1:0.5,0:1:0.5 --radius auto", "exactly 2 variables"},
      {"--expr \"(x*y-1)^2\" --grid 0:1:0.5 --radius auto", "two axes"},
      {"--expr \"(x*y-1)^2\" --grid 0:1:0.5,0:1 --radius auto", "min:max:step"},
      {"--expr \"(x*y-1)^2\" --grid 0:1:zero,0:1:1 --radius auto", "axis x"},
      {"--expr \"(x*y-1)^2\" --grid 0:1:0,0:1:0.5 --radius auto", "step must be positive"},
      {"--expr \"(x*y-1)^2\" --grid 1:0:0.5,0:1:0.5 --radius auto", "min must not exceed max"},
      {"--expr \"(x*y-1)^2\" --grid 0:1000:0.01,0:1000:0.01 --radius auto", "at most"},
      {"--expr \"(x*y-1)^2\" --grid 0:1:0.5,0:1:0.5 --radius -1", "radius"},
      {"--expr \"(x*y-1\" --grid 0:1:0.5,0:1:0.5 --radius auto", "position"},
      {"--expr \"(x*y-1)^2\" --grid 0:1:0.5,0:1:0.5", "--radius"},
      {"--expr \"(x*y-1)^2\" --grid 0:1:0.5,0:1:0.5 --radius auto --overlay \"x+\"", "position"},
  };
  for (const auto& c : cases) {
    std::remove(csv.c_str());
    std::remove(svg.c_str());
    Run r = run("region " + c.args + " --csv " + csv + " --svg " + svg);
    CHECK_MESSAGE(r.status == 2, c.args);
    CHECK_MESSAGE(r.err.find(c.words) != std::string::npos, c.args << " -> " << r.err);
    CHECK(r.out.empty());
    CHECK(!exists(csv));
    CHECK(!exists(svg));
    CHECK(!exists(csv + ".tmp"));
    CHECK(!exists(svg + ".tmp"));
  }
}
