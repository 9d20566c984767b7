// gdcert: will gradient descent from this starting point reach a global minimum? Certified with
// outward-rounded arithmetic, refuted with a witness, or inconclusive with the reason.
#include <iostream>

#include "cli/commands.hpp"
#include "cli/unknown_name.hpp"
#include "expr/program.hpp"

int main(int argc, char** argv) {
  CLI::App app{"gdcert: certify that gradient descent from x0 reaches a global minimum (Chatterjee's criterion, PL* ball conditions, proxy PL), with outward-rounded interval arithmetic"};
  app.footer(
      "Examples:\n"
      "  gdcert demo\n"
      "  gdcert check --expr \"(x*y-1)^2\" --center 2,0.3 --radius 0.5 [--json]\n"
      "  gdcert check --residuals \"10*(y-x^2); 1-x\" --vars x,y --center 1.1,1.2 --radius auto\n"
      "  gdcert check --system \"x*y + z; x + y^2 - z\" --targets 1,2.5 --vars x,y,z --center=1,1.16,-0.16 \\\n"
      "               --radius 0.2 --criterion plstar\n"
      "  gdcert bound --expr \"x^y\" --box \"x=[0.5,2],y=[1,3]\" --json\n"
      "  gdcert check --expr \"(x*y-1)^2\" --center 2,0.3 --radius 0.5 --cert xy.json && gdcert verify xy.json\n"
      "  gdcert region --expr \"(x*y-1)^2\" --grid -3:3:0.125,-3:3:0.125 --radius auto --svg map.svg\n"
      "Run 'gdcert COMMAND --help' for the options of a command.");
  app.require_subcommand(1);
  int status = 0;
  gdcert::add_check_command(app, status);
  gdcert::add_bound_command(app, status);
  gdcert::add_demo_command(app, status);
  gdcert::add_region_command(app, status);
  gdcert::add_verify_command(app, status);
  gdcert::add_nn_command(app, status);
  gdcert::add_batch_command(app, status);
  // --version on every command too (gdcert check --version), as users try it there.
  std::vector<CLI::App*> commands{&app};
  for (std::size_t i = 0; i < commands.size(); ++i) {
    commands[i]->set_version_flag("--version", "gdcert " GDCERT_VERSION, "Print the version (gdcert X.Y.Z) and exit");
    for (CLI::App* sub : commands[i]->get_subcommands(std::function<bool(CLI::App*)>{})) commands.push_back(sub);
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // An unknown command or option is named with the nearest known one; CLI11's own message
    // ("A subcommand is required", "The following argument was not expected") does not. Either
    // way the hint names the help of the command that was being read.
    const gdcert::CommandWalk walk = gdcert::walk_command_line(app, std::vector<std::string>(argv + 1, argv + argc));
    std::cerr << "gdcert: error: " << (walk.unknown ? *walk.unknown : std::string(e.what())) << "\n(run '"
              << walk.command << " --help' for usage)\n";
    return 2;
  } catch (const gdcert::ParseError& e) {
    std::cerr << "gdcert: error in expression: " << e.what() << "\n";
    return 2;
  } catch (const std::invalid_argument& e) {
    std::cerr << "gdcert: error: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "gdcert: internal error: " << e.what() << "\n";
    return 3;
  }
  return status;
}
