// A plainer message than CLI11's for the two commonest command-line typos, with the nearest
// known name when one is close:
//
//   gdcert chek ...            unknown command 'chek'; did you mean 'check'?
//   gdcert check --exprr x     unknown option '--exprr'; did you mean '--expr'?
//   gdcert nn chek m.json      unknown command 'nn chek'; did you mean 'nn check'?
//
// (CLI11 itself says "A subcommand is required" or "The following argument was not expected".)
// Called after CLI11 has rejected the command line; it walks the arguments as CLI11 does: the
// known subcommands, and the options of the subcommand being parsed. It also names the command
// reached, so that an error in an option's value points to that command's help.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace gdcert {

struct CommandWalk {
  // The first unknown command or option: "unknown command 'chek'; did you mean 'check'?", or
  // nullopt when every command and option name is known.
  std::optional<std::string> unknown;
  // The deepest command reached, whose help lists the right names and values: "gdcert",
  // "gdcert check", "gdcert nn check" (so that any usage error can point to that help).
  std::string command = "gdcert";
};

// Walks `args` (argv without the program name).
CommandWalk walk_command_line(const CLI::App& app, const std::vector<std::string>& args);

}  // namespace gdcert
