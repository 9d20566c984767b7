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
void add_nn_command(CLI::App& app, int& status);
void add_batch_command(CLI::App& app, int& status);

}  // namespace gdcert
