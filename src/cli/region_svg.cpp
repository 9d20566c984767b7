#include "cli/region_svg.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sstream>

#include "cli/contour.hpp"

namespace gdcert {
namespace {

constexpr double kLeft = 70, kTop = 64, kBottom = 56, kLegend = 250, kPlotMax = 560, kPlotMin = 160;
constexpr const char* kColour[] = {"#4caf50", "#e53935", "#bdbdbd"};  // indexed by Verdict
constexpr const char* kCurve[] = {"#1a237e", "#6a1b9a", "#004d40", "#bf360c", "#263238", "#880e4f"};

std::string escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

// Round numbers 1, 2 or 5 times a power of ten, about eight across [lo, hi].
std::vector<double> nice_ticks(double lo, double hi) {
  double raw = (hi - lo) / 8, mag = std::pow(10.0, std::floor(std::log10(raw)));
  double step = mag;
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * mag >= raw) {
      step = m * mag;
      break;
    }
  std::vector<double> out;
  for (double k = std::ceil(lo / step); k * step <= hi + 1e-9 * step; ++k) out.push_back(k * step);
  return out;
}

std::string tick_label(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  std::string s = buf;
  return s == "-0" ? "0" : s;
}

std::string seconds_text(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f s", s);
  return buf;
}

struct Frame {
  double xlo, xhi, ylo, yhi, pw, ph;
  double X(double x) const { return kLeft + (x - xlo) / (xhi - xlo) * pw; }
  double Y(double y) const { return kTop + ph - (y - ylo) / (yhi - ylo) * ph; }
};

double value_of(const std::string& text) { return std::strtod(text.c_str(), nullptr); }

Frame frame_of(const RegionMap& map) {
  const GridAxis &ax = map.axes[0], &ay = map.axes[1];
  Frame fr{value_of(ax.values.front()) - ax.step / 2, value_of(ax.values.back()) + ax.step / 2,
           value_of(ay.values.front()) - ay.step / 2, value_of(ay.values.back()) + ay.step / 2, 0, 0};
  // Equal units on both axes unless that would make one side too thin to read.
  double wx = fr.xhi - fr.xlo, wy = fr.yhi - fr.ylo, scale = kPlotMax / std::max(wx, wy);
  fr.pw = std::max(wx * scale, kPlotMin);
  fr.ph = std::max(wy * scale, kPlotMin);
  return fr;
}

void draw_cells(std::ostream& os, const RegionMap& map, const Frame& fr) {
  const GridAxis &ax = map.axes[0], &ay = map.axes[1];
  os << "<g shape-rendering=\"crispEdges\" stroke=\"none\">\n";
  // One rectangle per run of equal verdicts along a row keeps the file small.
  for (std::size_t j = 0; j < ay.values.size(); ++j) {
    double y = value_of(ay.values[j]);
    for (std::size_t i = 0; i < ax.values.size();) {
      std::size_t k = i;
      while (k + 1 < ax.values.size() && map.at(k + 1, j).verdict == map.at(i, j).verdict) ++k;
      double x0 = fr.X(value_of(ax.values[i]) - ax.step / 2), x1 = fr.X(value_of(ax.values[k]) + ax.step / 2);
      double y0 = fr.Y(y + ay.step / 2), y1 = fr.Y(y - ay.step / 2);
      os << "<rect x=\"" << num(x0) << "\" y=\"" << num(y0) << "\" width=\"" << num(x1 - x0) << "\" height=\""
         << num(y1 - y0) << "\" fill=\"" << kColour[int(map.at(i, j).verdict)] << "\"/>\n";
      i = k + 1;
    }
  }
  os << "</g>\n";
}

// One sub-path per joined polyline, so that a dash pattern runs along each whole curve.
void draw_segments(std::ostream& os, const Lattice& lat, const std::vector<Segment>& segs, const Frame& fr,
                   const std::string& style) {
  if (segs.empty()) return;
  os << "<path clip-path=\"url(#plot)\" fill=\"none\" " << style << " d=\"";
  for (const auto& line : join_segments(lat, segs)) {
    char cmd = 'M';
    for (const auto& p : line) {
      os << cmd << num(fr.X(p.x)) << ' ' << num(fr.Y(p.y));
      cmd = cmd == 'M' ? 'L' : ' ';
    }
  }
  os << "\"/>\n";
}

Lattice lattice_of(const Frame& fr, std::size_t resolution) {
  double longer = std::max(fr.pw, fr.ph);
  auto squares = [&](double side) { return std::max<std::size_t>(8, std::size_t(resolution * side / longer)); };
  return {fr.xlo, fr.xhi, fr.ylo, fr.yhi, squares(fr.pw), squares(fr.ph)};
}

void draw_axes(std::ostream& os, const RegionMap& map, const Frame& fr) {
  os << "<rect x=\"" << num(kLeft) << "\" y=\"" << num(kTop) << "\" width=\"" << num(fr.pw) << "\" height=\""
     << num(fr.ph) << "\" fill=\"none\" stroke=\"#000\"/>\n<g font-size=\"12\" fill=\"#000\">\n";
  const double bottom = kTop + fr.ph;
  for (double t : nice_ticks(fr.xlo, fr.xhi)) {
    double x = fr.X(t);
    os << "<line x1=\"" << num(x) << "\" y1=\"" << num(bottom) << "\" x2=\"" << num(x) << "\" y2=\""
       << num(bottom + 5) << "\" stroke=\"#000\"/><text x=\"" << num(x) << "\" y=\"" << num(bottom + 19)
       << "\" text-anchor=\"middle\">" << tick_label(t) << "</text>\n";
  }
  for (double t : nice_ticks(fr.ylo, fr.yhi)) {
    double y = fr.Y(t);
    os << "<line x1=\"" << num(kLeft - 5) << "\" y1=\"" << num(y) << "\" x2=\"" << num(kLeft) << "\" y2=\""
       << num(y) << "\" stroke=\"#000\"/><text x=\"" << num(kLeft - 8) << "\" y=\"" << num(y + 4)
       << "\" text-anchor=\"end\">" << tick_label(t) << "</text>\n";
  }
  os << "<text x=\"" << num(kLeft + fr.pw / 2) << "\" y=\"" << num(bottom + 40)
     << "\" text-anchor=\"middle\" font-size=\"14\">" << escape(map.axes[0].name) << "0</text>\n"
     << "<text x=\"" << num(kLeft - 48) << "\" y=\"" << num(kTop + fr.ph / 2) << "\" text-anchor=\"middle\" "
     << "font-size=\"14\" transform=\"rotate(-90 " << num(kLeft - 48) << ' ' << num(kTop + fr.ph / 2) << ")\">"
     << escape(map.axes[1].name) << "0</text>\n</g>\n";
}

class Legend {
 public:
  Legend(std::ostream& os, double x, double y) : os_(os), x_(x), y_(y) {}
  void swatch(const char* colour, const std::string& label) {
    os_ << "<rect x=\"" << num(x_) << "\" y=\"" << num(y_ - 11) << "\" width=\"14\" height=\"14\" fill=\"" << colour
        << "\" stroke=\"#555\"/>";
    text(label);
  }
  void line(const std::string& style, const std::string& label) {
    os_ << "<line x1=\"" << num(x_) << "\" y1=\"" << num(y_ - 4) << "\" x2=\"" << num(x_ + 14) << "\" y2=\""
        << num(y_ - 4) << "\" " << style << "/>";
    text(label);
  }
  void note(const std::string& label) {
    os_ << "<text x=\"" << num(x_) << "\" y=\"" << num(y_) << "\" font-size=\"11\" fill=\"#444\">"
        << escape(label) << "</text>\n";
    y_ += 16;
  }

 private:
  void text(const std::string& label) {
    os_ << "<text x=\"" << num(x_ + 22) << "\" y=\"" << num(y_) << "\" font-size=\"13\">" << escape(label)
        << "</text>\n";
    y_ += 22;
  }
  std::ostream& os_;
  double x_, y_;
};

}  // namespace

std::string render_region_svg(const RegionMap& map, const Objective& f, const SvgOptions& options) {
  const Frame fr = frame_of(map);
  const double width = kLeft + fr.pw + kLegend, height = kTop + fr.ph + kBottom;
  std::ostringstream os;
  os << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << num(width) << "\" height=\"" << num(height)
     << "\" viewBox=\"0 0 " << num(width) << ' ' << num(height) << "\" font-family=\"sans-serif\">\n"
     << "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n"
     << "<defs><clipPath id=\"plot\"><rect x=\"" << num(kLeft) << "\" y=\"" << num(kTop) << "\" width=\""
     << num(fr.pw) << "\" height=\"" << num(fr.ph) << "\"/></clipPath></defs>\n"
     << "<text x=\"" << num(kLeft) << "\" y=\"26\" font-size=\"16\" font-weight=\"bold\">" << escape(options.title)
     << "</text>\n<text x=\"" << num(kLeft) << "\" y=\"46\" font-size=\"12\" fill=\"#444\">"
     << "Chatterjee's criterion 4 f(x0) &lt; r^2 alpha(x0, r) checked on a ball around each grid centre</text>\n";
  draw_cells(os, map, fr);

  const Lattice lat = lattice_of(fr, options.resolution);
  const bool residual = f.has_residual_form();
  auto curves = sample_outputs(residual ? f.residuals() : f.function(), lat);
  for (std::size_t k = 0; k < curves.size(); ++k)
    draw_segments(os, lat, zero_contour(lat, curves[k]), fr,
                  std::string("stroke=\"") + kCurve[k % 6] + "\" stroke-width=\"" + (curves.size() > 1 ? "1" : "1.5") +
                      "\"");
  const std::string dashed = "stroke=\"#000\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"";
  if (options.overlay) draw_segments(os, lat, zero_contour(lat, sample_outputs(*options.overlay, lat)[0]), fr, dashed);
  draw_axes(os, map, fr);

  Legend legend(os, kLeft + fr.pw + 20, kTop + 12);
  legend.swatch(kColour[0], "certified (" + std::to_string(map.count(Verdict::Certified)) + ")");
  legend.swatch(kColour[1], "refuted (" + std::to_string(map.count(Verdict::Refuted)) + ")");
  legend.swatch(kColour[2], "inconclusive (" + std::to_string(map.count(Verdict::Inconclusive)) + ")");
  if (!residual) {
    legend.line(std::string("stroke=\"") + kCurve[0] + "\" stroke-width=\"1.5\"", "f = 0 (where f changes sign)");
  } else if (curves.size() == 1) {
    legend.line(std::string("stroke=\"") + kCurve[0] + "\" stroke-width=\"1.5\"", "zero set of f");
  } else {
    for (std::size_t k = 0; k < std::min<std::size_t>(curves.size(), 6); ++k)
      legend.line(std::string("stroke=\"") + kCurve[k] + "\" stroke-width=\"1\"", "r" + std::to_string(k + 1) + " = 0");
    legend.note("zeros of f: where all curves meet");
  }
  if (options.overlay) {
    legend.line(dashed, "overlay:");
    legend.note(options.overlay_text + " = 0");
  }
  legend.note(std::to_string(map.axes[0].values.size()) + " x " + std::to_string(map.axes[1].values.size()) +
              " centres, " + seconds_text(map.seconds));
  legend.note("each cell: one independent ball check;");
  legend.note("curves: double precision, for the eye");
  os << "</svg>\n";
  return os.str();
}

}  // namespace gdcert
