// A plainer message than CLI11's for the two commonest command-line typos, with the nearest
// known name when one is close:
//
//   gdcert chek ...            unknown command 'chek'; did you mean 'check'?
//   gdcert check --exprr x     unknown option '--exprr'; did you mean '--expr'?
//   gdcert nn chek m.json      unknown command 'nn chek'; did you mean 'nn check'?
//
// (CLI11 itself says "A subcommand is required" or "The following argument was not expected".)
// Called after CLI11 has rejected the command line; it walks the arguments as CLI11 does: the
// known subcommands, and the options of the subcommand being parsed.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace gdcert {

struct UnknownName {
  std::string message;  // "unknown command 'chek'; did you mean 'check'?"
  std::string command;  // the command whose help lists the right names: "gdcert", "gdcert check"
};

// The first unknown command or option in `args` (argv without the program name), or nullopt
// when every command and option name in it is known.
std::optional<UnknownName> find_unknown_name(const CLI::App& app, const std::vector<std::string>& args);

}  // namespace gdcert
