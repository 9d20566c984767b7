#include "api/exact_json.hpp"

#include <stdexcept>

#include "expr/json_depth.hpp"

namespace gdcert {
namespace {

using json = nlohmann::json;

// sax_parse dispatches statically, so hiding number_float is enough to keep its source text.
class ExactDomParser : public nlohmann::detail::json_sax_dom_parser<json> {
 public:
  explicit ExactDomParser(json& root) : json_sax_dom_parser(root, true) {}
  bool number_float(json::number_float_t, const json::string_t& text) {
    json::string_t copy = text;
    return json_sax_dom_parser::string(copy);
  }
};

}  // namespace

json parse_json_exact(const std::string& text) {
  check_json_nesting(text);
  json root;
  ExactDomParser sax(root);
  try {
    json::sax_parse(text, &sax);
  } catch (const json::parse_error& e) {
    throw std::invalid_argument("malformed JSON at byte " + std::to_string(e.byte) + ": " + e.what());
  }
  return root;
}

std::string dump_json(const json& value, int indent) {
  return value.dump(indent, ' ', false, json::error_handler_t::replace);
}

std::string number_text(const json& value, const std::string& field) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number_integer()) return value.dump();
  throw std::invalid_argument("field '" + field + "' must be a number");
}

}  // namespace gdcert
