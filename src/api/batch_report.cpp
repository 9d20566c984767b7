#include "api/batch_report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <sstream>

namespace gdcert::api {
namespace {

using json = nlohmann::json;

double median(std::vector<double> v) {
  if (v.empty()) return NAN;
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

std::string num(double x, const char* fmt = "%.4g") {
  if (std::isnan(x)) return "-";
  char buf[64];
  std::snprintf(buf, sizeof buf, fmt, x);
  return buf;
}

// A coordinate value as a label: strings without quotes.
std::string label(const json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

std::string xml_escape(const std::string& s) {
  std::string o;
  for (char c : s) {
    if (c == '<') o += "&lt;";
    else if (c == '>') o += "&gt;";
    else if (c == '&') o += "&amp;";
    else if (c == '"') o += "&quot;";
    else o += c;
  }
  return o;
}

std::optional<double> as_number(const json& v) {
  if (v.is_number()) return v.get<double>();
  if (v.is_string()) {
    try {
      std::size_t used = 0;
      double d = std::stod(v.get<std::string>(), &used);
      if (used == v.get<std::string>().size()) return d;
    } catch (...) {
    }
  }
  return std::nullopt;
}

}  // namespace

WilsonInterval wilson_interval(std::size_t successes, std::size_t n, double z) {
  if (n == 0) return {0.0, 1.0};
  const double N = static_cast<double>(n), p = static_cast<double>(successes) / N, z2 = z * z;
  const double denom = 1 + z2 / N;
  const double centre = (p + z2 / (2 * N)) / denom;
  const double half = z * std::sqrt(p * (1 - p) / N + z2 / (4 * N * N)) / denom;
  return {std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

std::string line_verdict(const json& line) {
  if (line.contains("error")) return "error";
  const json& r = line.value("report", json::object());
  if (r.contains("criteria") && r["criteria"].is_object()) {
    bool any_refuted = false;
    for (const char* c : {"chatterjee", "plstar"}) {
      if (!r["criteria"].contains(c)) continue;
      const json& cr = r["criteria"][c];
      const bool eps_mode = cr.contains("eps") && !cr["eps"].is_null();
      if (cr.value("verdict", "") == "certified" && !(std::string(c) == "plstar" && eps_mode)) return "certified";
      if (cr.value("verdict", "") == "refuted") any_refuted = true;
    }
    return any_refuted ? "refuted" : "inconclusive";
  }
  const std::string v = r.value("verdict", "");
  return v == "certified" || v == "refuted" ? v : "inconclusive";
}

BatchSummary summarise(const ResultsFile& results, const std::string& by) {
  BatchSummary s;
  std::map<std::string, std::size_t> index;
  std::vector<std::vector<double>> margins, seconds;
  for (const auto& line : results.lines) {
    json coords = line.value("coords", json::object());
    coords.erase("seed");
    if (s.axes.empty())
      for (const auto& [k, v] : coords.items()) s.axes.push_back(k);
    const std::string key = coords.dump();
    auto [it, fresh] = index.emplace(key, s.cells.size());
    if (fresh) {
      BatchCell cell;
      cell.coords = coords;
      s.cells.push_back(std::move(cell));
      margins.emplace_back();
      seconds.emplace_back();
    }
    BatchCell& c = s.cells[it->second];
    ++c.checks;
    ++s.total;
    const std::string v = line_verdict(line);
    if (v == "certified") ++c.certified;
    else if (v == "refuted") ++c.refuted;
    else if (v == "error") ++c.errors;
    else ++c.inconclusive;
    const json& r = line.value("report", json::object());
    if (r.contains("margin") && r["margin"].is_number()) margins[it->second].push_back(r["margin"].get<double>());
    if (r.contains("seconds") && r["seconds"].is_number()) seconds[it->second].push_back(r["seconds"].get<double>());
  }
  for (std::size_t i = 0; i < s.cells.size(); ++i) {
    BatchCell& c = s.cells[i];
    c.fraction = c.checks ? double(c.certified) / double(c.checks) : 0;
    c.ci = wilson_interval(c.certified, c.checks);
    c.median_margin = median(margins[i]);
    c.median_seconds = median(seconds[i]);
  }
  // Cells in coordinate order (numbers by value), whatever order the checks finished in.
  auto less_value = [](const json& a, const json& b) {
    auto x = as_number(a), y = as_number(b);
    if (x && y) return *x < *y;
    return label(a) < label(b);
  };
  std::vector<std::size_t> order(s.cells.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t i, std::size_t j) {
    for (const auto& a : s.axes) {
      const json& u = s.cells[i].coords.value(a, json());
      const json& v = s.cells[j].coords.value(a, json());
      if (less_value(u, v)) return true;
      if (less_value(v, u)) return false;
    }
    return false;
  });
  std::vector<BatchCell> sorted;
  for (std::size_t i : order) sorted.push_back(s.cells[i]);
  s.cells = std::move(sorted);
  for (const auto& a : s.axes)
    if (a == by) s.by = by;
  if (s.by.empty() && !s.axes.empty()) s.by = s.axes.front();
  return s;
}

std::string summary_table(const BatchSummary& s) {
  std::ostringstream o;
  std::vector<std::string> heads = s.axes;
  for (const char* h : {"checks", "certified", "fraction", "95% Wilson", "refuted", "inconcl.", "errors",
                        "med. margin", "med. s"})
    heads.push_back(h);
  std::vector<std::vector<std::string>> rows;
  for (const auto& c : s.cells) {
    std::vector<std::string> row;
    for (const auto& a : s.axes) row.push_back(c.coords.contains(a) ? label(c.coords[a]) : "-");
    row.push_back(std::to_string(c.checks));
    row.push_back(std::to_string(c.certified));
    row.push_back(num(c.fraction, "%.3f"));
    row.push_back("[" + num(c.ci.lower, "%.3f") + ", " + num(c.ci.upper, "%.3f") + "]");
    row.push_back(std::to_string(c.refuted));
    row.push_back(std::to_string(c.inconclusive));
    row.push_back(std::to_string(c.errors));
    row.push_back(num(c.median_margin));
    row.push_back(num(c.median_seconds, "%.3g"));
    rows.push_back(row);
  }
  std::vector<std::size_t> w(heads.size());
  for (std::size_t i = 0; i < heads.size(); ++i) w[i] = heads[i].size();
  for (const auto& r : rows)
    for (std::size_t i = 0; i < r.size(); ++i) w[i] = std::max(w[i], r[i].size());
  auto put = [&](const std::vector<std::string>& r) {
    for (std::size_t i = 0; i < r.size(); ++i) o << (i ? "  " : "") << std::string(w[i] - r[i].size(), ' ') << r[i];
    o << "\n";
  };
  put(heads);
  for (const auto& r : rows) put(r);
  o << s.total << " checks in " << s.cells.size() << " cell" << (s.cells.size() == 1 ? "" : "s") << "\n";
  return o.str();
}

std::string summary_csv(const BatchSummary& s) {
  auto field = [](const std::string& x) {
    if (x.find_first_of(",\"\n") == std::string::npos) return x;
    std::string q = "\"";
    for (char c : x) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
  };
  std::ostringstream o;
  for (const auto& a : s.axes) o << field(a) << ",";
  o << "checks,certified,fraction,wilson_lower,wilson_upper,refuted,inconclusive,errors,median_margin,median_seconds\n";
  for (const auto& c : s.cells) {
    for (const auto& a : s.axes) o << field(c.coords.contains(a) ? label(c.coords[a]) : "") << ",";
    o << c.checks << "," << c.certified << "," << num(c.fraction, "%.6g") << "," << num(c.ci.lower, "%.6g") << ","
      << num(c.ci.upper, "%.6g") << "," << c.refuted << "," << c.inconclusive << "," << c.errors << ","
      << (std::isnan(c.median_margin) ? "" : num(c.median_margin, "%.6g")) << ","
      << (std::isnan(c.median_seconds) ? "" : num(c.median_seconds, "%.6g")) << "\n";
  }
  return o.str();
}

std::string summary_svg(const BatchSummary& s, const std::string& title) {
  const double W = 760, H = 460, left = 70, right = 190, top = 40, bottom = 60;
  const double pw = W - left - right, ph = H - top - bottom;
  // Series: every combination of the axes other than `by`.
  std::vector<std::string> series_keys;
  std::map<std::string, std::vector<const BatchCell*>> series;
  std::vector<double> xs;
  bool numeric = !s.by.empty();
  for (const auto& c : s.cells) {
    json rest = c.coords;
    rest.erase(s.by);
    std::string k;
    for (const auto& [a, v] : rest.items()) k += (k.empty() ? "" : ", ") + a + "=" + label(v);
    if (!series.count(k)) series_keys.push_back(k);
    series[k].push_back(&c);
    auto x = s.by.empty() || !c.coords.contains(s.by) ? std::nullopt : as_number(c.coords[s.by]);
    if (!x || !(*x > 0)) numeric = false;
    else xs.push_back(*x);
  }
  double xmin = 1, xmax = 1;
  if (numeric && !xs.empty()) xmin = *std::min_element(xs.begin(), xs.end()), xmax = *std::max_element(xs.begin(), xs.end());
  const bool logx = numeric && xmax > 4 * xmin;
  std::vector<std::string> categories;  // non-numeric x: positions in order of appearance
  for (const auto& c : s.cells) {
    std::string l = s.by.empty() || !c.coords.contains(s.by) ? "all" : label(c.coords[s.by]);
    if (std::find(categories.begin(), categories.end(), l) == categories.end()) categories.push_back(l);
  }
  auto xpos = [&](const BatchCell& c) {
    if (numeric) {
      double x = *as_number(c.coords[s.by]);
      double a = logx ? std::log2(xmin) : xmin, b = logx ? std::log2(xmax) : xmax, t = logx ? std::log2(x) : x;
      return left + pw * (0.05 + 0.9 * (b > a ? (t - a) / (b - a) : 0.5));
    }
    std::string l = s.by.empty() || !c.coords.contains(s.by) ? "all" : label(c.coords[s.by]);
    std::size_t i = std::find(categories.begin(), categories.end(), l) - categories.begin();
    return left + pw * (0.05 + 0.9 * (categories.size() > 1 ? double(i) / double(categories.size() - 1) : 0.5));
  };
  auto ypos = [&](double f) { return top + (1 - f) * ph; };
  const char* colours[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"};
  std::ostringstream o;
  o << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << W << "\" height=\"" << H << "\" viewBox=\"0 0 " << W
    << " " << H << "\" font-family=\"sans-serif\" font-size=\"12\">\n";
  o << "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  o << "<text x=\"" << left << "\" y=\"24\" font-size=\"14\">"
    << xml_escape(title.empty() ? "certified fraction (95% Wilson interval)" : title) << "</text>\n";
  // Axes and grid.
  for (int k = 0; k <= 4; ++k) {
    double y = ypos(k / 4.0);
    o << "<line x1=\"" << left << "\" y1=\"" << y << "\" x2=\"" << left + pw << "\" y2=\"" << y
      << "\" stroke=\"#ddd\"/>\n<text x=\"" << left - 8 << "\" y=\"" << y + 4 << "\" text-anchor=\"end\">"
      << num(k / 4.0, "%.2f") << "</text>\n";
  }
  o << "<rect x=\"" << left << "\" y=\"" << top << "\" width=\"" << pw << "\" height=\"" << ph
    << "\" fill=\"none\" stroke=\"black\"/>\n";
  std::vector<std::pair<double, std::string>> ticks;
  if (numeric) {
    std::vector<double> u = xs;
    std::sort(u.begin(), u.end());
    u.erase(std::unique(u.begin(), u.end()), u.end());
    for (double x : u) {
      BatchCell probe;
      probe.coords[s.by] = x;
      ticks.emplace_back(xpos(probe), num(x, "%g"));
    }
  } else {
    for (std::size_t i = 0; i < categories.size(); ++i)
      ticks.emplace_back(left + pw * (0.05 + 0.9 * (categories.size() > 1 ? double(i) / double(categories.size() - 1) : 0.5)),
                         categories[i]);
  }
  for (const auto& [x, l] : ticks)
    o << "<line x1=\"" << x << "\" y1=\"" << top + ph << "\" x2=\"" << x << "\" y2=\"" << top + ph + 5
      << "\" stroke=\"black\"/>\n<text x=\"" << x << "\" y=\"" << top + ph + 18 << "\" text-anchor=\"middle\">"
      << xml_escape(l) << "</text>\n";
  o << "<text x=\"" << left + pw / 2 << "\" y=\"" << H - 18 << "\" text-anchor=\"middle\">"
    << xml_escape(s.by.empty() ? "" : s.by + (logx ? " (log scale)" : "")) << "</text>\n";
  o << "<text transform=\"translate(18," << top + ph / 2 << ") rotate(-90)\" text-anchor=\"middle\">certified fraction</text>\n";
  // Series.
  for (std::size_t si = 0; si < series_keys.size(); ++si) {
    const char* col = colours[si % 8];
    auto cells = series[series_keys[si]];
    std::sort(cells.begin(), cells.end(), [&](const BatchCell* a, const BatchCell* b) { return xpos(*a) < xpos(*b); });
    o << "<polyline fill=\"none\" stroke=\"" << col << "\" stroke-width=\"2\" points=\"";
    for (const auto* c : cells) o << xpos(*c) << "," << ypos(c->fraction) << " ";
    o << "\"/>\n";
    for (const auto* c : cells) {
      double x = xpos(*c);
      o << "<line x1=\"" << x << "\" y1=\"" << ypos(c->ci.lower) << "\" x2=\"" << x << "\" y2=\"" << ypos(c->ci.upper)
        << "\" stroke=\"" << col << "\"/>\n<circle cx=\"" << x << "\" cy=\"" << ypos(c->fraction)
        << "\" r=\"3.5\" fill=\"" << col << "\"><title>" << xml_escape(label(c->coords)) << ": " << c->certified << "/"
        << c->checks << "</title></circle>\n";
    }
    double ly = top + 14 + 18 * double(si);
    o << "<line x1=\"" << left + pw + 12 << "\" y1=\"" << ly << "\" x2=\"" << left + pw + 36 << "\" y2=\"" << ly
      << "\" stroke=\"" << col << "\" stroke-width=\"2\"/>\n<text x=\"" << left + pw + 42 << "\" y=\"" << ly + 4
      << "\">" << xml_escape(series_keys[si].empty() ? "all checks" : series_keys[si]) << "</text>\n";
  }
  o << "</svg>\n";
  return o.str();
}

}  // namespace gdcert::api
