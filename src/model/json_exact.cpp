#include "model/json_exact.hpp"

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
  check_json_nesting(text);  // before parsing: the parser recurses once per level
  json root;
  ExactDomParser sax(root);
  try {
    json::sax_parse(text, &sax);
  } catch (const json::parse_error& e) {
    throw std::invalid_argument("malformed JSON at byte " + std::to_string(e.byte) + ": " + e.what());
  }
  return root;
}

}  // namespace gdcert
