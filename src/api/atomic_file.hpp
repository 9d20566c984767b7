// Files appear whole or not at all: written to FILE.tmp, then renamed over FILE.
//
//   write_file_atomically("cert.json", text);   // throws std::invalid_argument naming the file
#pragma once

#include <string>

namespace gdcert {

void write_file_atomically(const std::string& path, const std::string& content);

}  // namespace gdcert
