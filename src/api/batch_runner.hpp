// Running a sweep: every check not yet in the results file, in parallel, each result appended as
// soon as it is known.
//
//   Sweep s = read_sweep("examples/sweeps/lecun_width.json");
//   ResultsWriter out("runs.jsonl", batch_header(s.path, s.hash, s.points.size()), false);
//   BatchOptions o;  o.jobs = 2;  o.shard = {0, 1};
//   BatchOutcome b = run_batch(s, out, check_sweep_point, o);   // b.ran, b.skipped, b.certified
//
// `check` turns one sweep point into its JSON report (the same object `--json` prints); an
// exception becomes that check's error line and the run goes on. Shards split the checks by
// index (i mod N == shard), so N array jobs with the same sweep cover it exactly once. The
// results are appended by the calling thread only, one line at a time.
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "api/batch_results.hpp"
#include "api/sweep.hpp"

namespace gdcert::api {

struct Shard {
  std::size_t index = 0, count = 1;
};
// "i/N" with 0 <= i < N; throws std::invalid_argument naming the text.
Shard parse_shard(const std::string& text);
// SLURM_ARRAY_TASK_ID / SLURM_ARRAY_TASK_COUNT (or SLURM_ARRAY_TASK_MIN/MAX) when set, else 0/1.
Shard shard_from_environment();

struct BatchProgress {
  std::size_t done = 0, total = 0, certified = 0, errors = 0, skipped = 0;
  double seconds = 0;
};

struct BatchOptions {
  unsigned jobs = 0;  // 0: all cores
  Shard shard;
  std::function<void(const BatchProgress&)> progress;  // called from the writing thread
  const std::atomic<bool>* cancel = nullptr;           // stop starting new checks when set
};

struct BatchOutcome {
  std::size_t ran = 0, skipped = 0, certified = 0, errors = 0;
  bool cancelled = false;
  double seconds = 0;
};

using CheckFunction = std::function<nlohmann::json(const SweepPoint&)>;

// The result line of one check: key, coordinates, and the report or the error.
nlohmann::json result_line(const SweepPoint& point, const nlohmann::json& report);
nlohmann::json error_line(const SweepPoint& point, const std::string& error);

BatchOutcome run_batch(const Sweep& sweep, ResultsWriter& out, const CheckFunction& check, const BatchOptions& options);

// The same over an explicit list of points with any line sink (called from one thread at a
// time): what the MPI front end runs on each rank.
BatchOutcome run_points(const std::vector<const SweepPoint*>& points, const std::function<void(const nlohmann::json&)>& sink,
                        const CheckFunction& check, const BatchOptions& options);

// A progress line: "  37/350 checks, 12 certified, 2.1 checks/s, ETA 2m29s".
std::string progress_text(const BatchProgress& p);

}  // namespace gdcert::api

namespace gdcert::api {
// The check of one sweep point through the library (api::run), as its JSON report.
nlohmann::json check_sweep_point(const SweepPoint& point);
}  // namespace gdcert::api
