// SVG to PNG through an external converter, when one is installed.
//
//   std::string why;
//   if (!svg_to_png("map.svg", "map.png", why)) std::cerr << "PNG skipped: " << why << "\n";
//
// Tries rsvg-convert, then ImageMagick's convert (only if `convert -version` says ImageMagick:
// some machines have a stand-in under that name that merely mentions it). The PNG is written to PNG.tmp and renamed.
//
// GDCERT_PNG_CONVERTER=none in the environment makes both functions act as if no converter were
// installed (tests of that path run on machines that have one; any other value changes nothing).
#pragma once

#include <string>

namespace gdcert {

// False (with the reason in `why`) when no converter exists or the conversion failed.
bool svg_to_png(const std::string& svg_path, const std::string& png_path, std::string& why);
// Whether svg_to_png has a converter to try (checked before any file is written).
bool png_converter_available();

}  // namespace gdcert
