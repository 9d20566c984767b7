#include "api/atomic_file.hpp"

#include <cstdio>
#include <fstream>
#include <stdexcept>

namespace gdcert {

void write_file_atomically(const std::string& path, const std::string& content) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw std::invalid_argument("cannot write '" + path + "'");
    out << content;
    out.flush();
    if (!out) {
      std::remove(tmp.c_str());
      throw std::invalid_argument("cannot write '" + path + "'");
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    throw std::invalid_argument("cannot write '" + path + "'");
  }
}

}  // namespace gdcert
