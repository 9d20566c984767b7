// The proxy-PL result as JSON and as text (with the caveat on global smoothness).
#pragma once

#include <iosfwd>

#include <nlohmann/json.hpp>

#include "criteria/proxy_pl.hpp"

namespace gdcert {

nlohmann::json to_json(const ProxyPlResult& r, const Objective& f);
void print_report(std::ostream& os, const ProxyPlResult& r, const Objective& f);

}  // namespace gdcert
