#include "api/exact_json.hpp"

#include <stdexcept>

#include "expr/json_depth.hpp"

namespace gdcert {

using json = nlohmann::json;

std::string dump_json(const json& value, int indent) {
  return value.dump(indent, ' ', false, json::error_handler_t::replace);
}

std::string number_text(const json& value, const std::string& field) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number_integer()) return value.dump();
  throw std::invalid_argument("field '" + field + "' must be a number");
}

}  // namespace gdcert
