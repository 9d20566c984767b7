#include "cli/png_export.hpp"

#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <sstream>

#include "api/problem_spec.hpp"

namespace gdcert {
namespace {

bool on_path(const std::string& program) {
  const char* path = std::getenv("PATH");
  if (!path) return false;
  for (const auto& dir : split_list(path, ':'))
    if (!dir.empty() && access((dir + "/" + program).c_str(), X_OK) == 0) return true;
  return false;
}

std::string quoted(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string output_of(const std::string& command) {
  std::string out;
  if (FILE* pipe = popen((command + " 2>&1").c_str(), "r")) {
    std::array<char, 512> buf{};
    while (std::size_t n = fread(buf.data(), 1, buf.size(), pipe)) out.append(buf.data(), n);
    pclose(pipe);
  }
  return out;
}

// GDCERT_PNG_CONVERTER=none: behave as on a machine without a converter.
bool converter_disabled() {
  const char* v = std::getenv("GDCERT_PNG_CONVERTER");
  return v && std::string(v) == "none";
}

bool imagemagick_convert() {
  return on_path("convert") && output_of("convert -version").find("Version: ImageMagick") != std::string::npos;
}

}  // namespace

bool png_converter_available() {
  return !converter_disabled() && (on_path("rsvg-convert") || imagemagick_convert());
}

bool svg_to_png(const std::string& svg_path, const std::string& png_path, std::string& why) {
  const std::string tmp = png_path + ".tmp";
  std::string command;
  if (converter_disabled()) {
    why = "no PNG converter (GDCERT_PNG_CONVERTER=none)";
    return false;
  }
  if (on_path("rsvg-convert")) {
    command = "rsvg-convert -f png -o " + quoted(tmp) + " " + quoted(svg_path);
  } else if (imagemagick_convert()) {
    command = "convert " + quoted(svg_path) + " " + quoted("png:" + tmp);
  } else {
    why = on_path("convert") ? "no rsvg-convert on PATH, and 'convert' on PATH is not ImageMagick"
                             : "no rsvg-convert or ImageMagick convert on PATH";
    return false;
  }
  int rc = std::system((command + " >/dev/null 2>&1").c_str());
  if (rc != 0 || std::rename(tmp.c_str(), png_path.c_str()) != 0) {
    std::remove(tmp.c_str());
    why = "the converter failed (" + command + ")";
    return false;
  }
  return true;
}

}  // namespace gdcert
