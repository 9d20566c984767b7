// The gdcert subcommands. Each registers its options on the CLI11 app and returns the exit
// status through `status` (0 certified / done, 1 not certified, 2 bad input).
#pragma once

#include <CLI/CLI.hpp>

namespace gdcert {

void add_check_command(CLI::App& app, int& status);
void add_bound_command(CLI::App& app, int& status);
void add_demo_command(CLI::App& app, int& status);
void add_region_command(CLI::App& app, int& status);
void add_verify_command(CLI::App& app, int& status);
void add_batch_command(CLI::App& app, int& status);

// Runs `body` with the scalar type chosen by --precision: 0 -> Interval, else MpInterval at
// that many bits.
template <class Body>
auto with_scalar(unsigned precision, Body&& body);

}  // namespace gdcert

#include "arith/mp_interval.hpp"

namespace gdcert {
template <class Body>
auto with_scalar(unsigned precision, Body&& body) {
  if (precision == 0) return body(Interval{});
  PrecisionScope scope(precision);
  return body(MpInterval{});
}
}  // namespace gdcert
