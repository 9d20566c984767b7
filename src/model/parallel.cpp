#include "model/parallel.hpp"

#include <cstdlib>

namespace gdcert {

std::size_t parallel_threads() {
  static const std::size_t threads = [] {
    if (const char* env = std::getenv("GDCERT_THREADS")) {
      const long v = std::strtol(env, nullptr, 10);
      if (v >= 1) return static_cast<std::size_t>(v);
    }
    return static_cast<std::size_t>(std::max(1u, std::thread::hardware_concurrency()));
  }();
  return threads;
}

}  // namespace gdcert
