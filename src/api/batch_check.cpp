// TEMPORARY on the batch branch: connected to api::run when the api layer lands.
#include <stdexcept>

#include "api/batch_runner.hpp"

namespace gdcert::api {
nlohmann::json check_sweep_point(const SweepPoint&) {
  throw std::runtime_error("batch checks are not connected to the library yet");
}
}  // namespace gdcert::api
