// The one rule for a precision in bits, wherever it comes from (command line, problem file,
// certificate): an integer in [kMinPrecisionBits, kMaxPrecisionBits]. 53 with double intervals
// is the certificate's way of saying "double intervals".
//
//   cmd->add_option("--precision", bits)->check(CLI::Range(kMinPrecisionBits, kMaxPrecisionBits));
//   std::optional<unsigned> bits = precision_from_json(j["precision"]);   // nullopt: out of range
#pragma once

#include <cstdint>
#include <optional>

namespace gdcert {

inline constexpr unsigned kMinPrecisionBits = 2;
inline constexpr unsigned kMaxPrecisionBits = 100000;

// A JSON integer (nlohmann::json, a template so that arith needs no JSON library) within the
// range; nullopt for anything else: negative, fractional, a string, or too large (no
// wrap-around through a narrowing get<unsigned>).
template <class Json>
std::optional<unsigned> precision_from_json(const Json& v) {
  if (!v.is_number_unsigned()) {
    if (v.is_number_integer()) {
      const std::int64_t s = v.template get<std::int64_t>();
      if (s >= kMinPrecisionBits && s <= kMaxPrecisionBits) return static_cast<unsigned>(s);
    }
    return std::nullopt;
  }
  const std::uint64_t u = v.template get<std::uint64_t>();
  if (u < kMinPrecisionBits || u > kMaxPrecisionBits) return std::nullopt;
  return static_cast<unsigned>(u);
}

}  // namespace gdcert
