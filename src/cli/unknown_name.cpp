#include "cli/unknown_name.hpp"

#include <cctype>

#include "cli/nearest_name.hpp"

namespace gdcert {
namespace {

bool is_option(const std::string& token) {
  // "-1,2" or "-.5" is a (negative) value, not an option.
  return token.size() > 1 && token[0] == '-' && !std::isdigit(static_cast<unsigned char>(token[1])) && token[1] != '.';
}

std::vector<std::string> option_names(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::Option* opt : app.get_options()) {
    for (const auto& n : opt->get_lnames()) names.push_back("--" + n);
    for (const auto& n : opt->get_snames()) names.push_back("-" + n);
  }
  return names;
}

std::vector<std::string> subcommand_names(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::App* sub : app.get_subcommands(std::function<bool(const CLI::App*)>{})) names.push_back(sub->get_name());
  return names;
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

}  // namespace

CommandWalk walk_command_line(const CLI::App& app, const std::vector<std::string>& args) {
  const CLI::App* current = &app;
  std::string path;            // the subcommands so far: "", "nn", "batch report"
  bool took_positional = false;  // a positional value was given to `current`
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& token = args[i];
    if (token == "--") break;  // the rest are values
    const std::string command = path.empty() ? "gdcert" : "gdcert " + path;
    auto unknown = [&](std::string message) { return CommandWalk{std::move(message), command}; };
    if (is_option(token)) {
      const std::string name = token.substr(0, token.find('='));
      const CLI::Option* opt = current->get_option_no_throw(name);
      if (!opt) {
        std::string message = "unknown option '" + name + "'";
        if (auto near = nearest_name(name, option_names(*current)))
          message += "; did you mean '" + *near + "'?";
        else
          message += " for '" + command + "'";
        return unknown(message);
      }
      // Skip the option's values, so that they are not read as commands.
      if (token.find('=') == std::string::npos && opt->get_items_expected_max() > 0) {
        const bool many = opt->get_items_expected_max() > 1;
        for (int taken = 0; i + 1 < args.size() && !is_option(args[i + 1]) && (many || taken < 1); ++taken) ++i;
      }
      continue;
    }
    const std::vector<std::string> subs = subcommand_names(*current);
    bool entered = false;
    for (const CLI::App* sub : current->get_subcommands(std::function<bool(const CLI::App*)>{}))
      if (sub->check_name(token)) {
        current = sub, path += (path.empty() ? "" : " ") + token, took_positional = false, entered = true;
        break;
      }
    if (entered) continue;
    if (!subs.empty() && !took_positional) {
      // A command that needs a subcommand has no other use for this word; one that also takes
      // a file (batch SWEEP) gets a hint only when the word is close to a subcommand's name.
      const auto near = nearest_name(token, subs);
      const std::string prefix = path.empty() ? "" : path + " ";
      if (near)
        return unknown("unknown command '" + prefix + token + "'; did you mean '" + prefix + *near + "'?");
      if (current->get_require_subcommand_min() > 0)
        return unknown("unknown command '" + prefix + token + "' (commands: " + joined(subs) + ")");
    }
    took_positional = true;
  }
  return CommandWalk{std::nullopt, path.empty() ? "gdcert" : "gdcert " + path};
}

}  // namespace gdcert
