// The network front of the library: a model file (or a parsed NetworkProblem) through the seam
// (NetworkBallBounds), Chatterjee's criterion and/or PL* on balls B(w0, r) of raw weights.
// `gdcert nn check`, `gdcert batch` on network sweeps and Python's gdcert.nn all come here.
//
//   api::NetworkCheckOptions o;  o.criterion = "all";  o.radius = "auto";
//   api::NetworkReport r = api::check_network_file("examples/nn/chatterjee41.json", o);
//   r.exit_status;                        // 0 certified (all: Chatterjee or PL*), 1 not
//   r.json["lambda_min_K"]["lower"];      // the --json report;  r.text: the text report
//
// Chatterjee: S(w) = (1/n) sum_i (f(x_i, w) - y_i)^2 = c |F - y|^2, c = 1/n exactly; PL*:
// L(w) = 1/2 |F - y|^2. Bad input throws std::invalid_argument (ModelFileError) naming it.
#pragma once

#include <atomic>
#include <string>

#include <nlohmann/json.hpp>

#include "model/network_file.hpp"

namespace gdcert::api {

struct NetworkCheckOptions {
  std::string radius;            // "" keeps the model file's; a number text or "auto"
  std::string criterion;         // "" keeps the model file's; chatterjee | plstar | all
  std::string budget = "20s";    // the whole check's time budget (drawn weights and data included)
  std::string tol = "1e-12";     // iterations until the loss is <= tol times the loss at w0
  unsigned precision = 0;        // 0: double intervals; else MPFR bits
  std::string save_dir;          // write W1.npy, b1.npy, ... here (last, after everything else)
  bool progress = true;          // a stage line on stderr once a check takes over 2 s
  // Set to stop the check early (Python's Ctrl-C): the searches stop as at their deadline and
  // the report is then meaningless (the caller discards it); nullptr: never.
  const std::atomic<bool>* cancel = nullptr;
};

struct NetworkReport {
  nlohmann::json json;           // the --json report
  std::string text;              // the text report
  int exit_status = 1;           // 0 certified, 1 not
};

NetworkReport check_network(NetworkProblem problem, const NetworkCheckOptions& options);
NetworkReport check_network_file(const std::string& path, const NetworkCheckOptions& options);
// A model file's JSON (relative paths against base_dir; an optional "budget" field), for sweeps.
nlohmann::json check_network_json(const nlohmann::json& model, const std::string& base_dir);

}  // namespace gdcert::api
