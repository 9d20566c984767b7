// gdcert nn check MODEL.json: flags -> api::check_network_file -> the JSON or text report.
// Exit status 0 certified (with "all": either criterion), 1 not certified (refuted or
// inconclusive), 2 bad input (nothing written).
#include <iostream>

#include "api/exact_json.hpp"
#include "api/network_check.hpp"
#include "cli/commands.hpp"

namespace gdcert {
namespace {

struct NnFlags {
  std::string model;
  api::NetworkCheckOptions options;
  bool json = false;
};

int run_nn_check(const NnFlags& flags) {
  api::NetworkReport r = api::check_network_file(flags.model, flags.options);
  if (flags.json) std::cout << dump_json(r.json, 2) << "\n";
  else std::cout << r.text;
  return r.exit_status;
}

}  // namespace

void add_nn_command(CLI::App& app, int& status) {
  CLI::App* nn = app.add_subcommand("nn", "Feed-forward networks with data: gdcert nn check MODEL.json");
  nn->require_subcommand(1);
  auto flags = std::make_shared<NnFlags>();
  CLI::App* check = nn->add_subcommand(
      "check", "Certify (or refute) that gradient descent from the network's weights w0 reaches zero loss: Chatterjee's criterion and/or PL* on a ball B(w0, r)");
  check->add_option("model", flags->model, "model file (JSON)")->required();
  check->add_option("--radius", flags->options.radius, "ball radius (exact number) or auto; overrides the model file");
  check->add_option("--criterion", flags->options.criterion, "chatterjee | plstar | all; overrides the model file")
      ->check(CLI::IsMember({"chatterjee", "plstar", "all"}));
  check->add_flag("--json", flags->json, "print one JSON object on stdout");
  check->add_option("--precision", flags->options.precision, "MPFR bits (default: double intervals)")->check(CLI::Range(2u, 100000u));
  check->add_option("--save-weights", flags->options.save_dir, "write W1.npy, b1.npy, ... (float64) into DIR");
  check->add_option("--budget", flags->options.budget, "time budget of the whole check (drawing the weights included), e.g. 20s (default)");
  check->add_option("--tol", flags->options.tol, "iterations reported until the loss is <= tol times the loss at w0 (default 1e-12)");
  check->footer(
      "Examples:\n"
      "  gdcert nn check examples/nn/tiny.json\n"
      "  gdcert nn check examples/nn/lecun_synthetic.json --radius auto --criterion all --json\n"
      "Exit status: 0 certified (--criterion all: chatterjee or plstar), 1 refuted or inconclusive, 2 bad input.");
  check->callback([flags, &status] { status = run_nn_check(*flags); });
}

}  // namespace gdcert
