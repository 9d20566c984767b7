#include "cli/exact_json.hpp"

#include <stdexcept>

namespace gdcert {

using json = nlohmann::json;

std::string number_text(const json& value, const std::string& field) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number_integer()) return value.dump();
  throw std::invalid_argument("field '" + field + "' must be a number");
}

}  // namespace gdcert
