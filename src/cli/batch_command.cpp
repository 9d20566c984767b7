// gdcert batch: many checks from a sweep file, in parallel, resumable; `batch report` and
// `batch merge`. Exit status: 0 when every check of the sweep (or shard) has its line, 130 when
// interrupted (the lines written so far stay valid: run the same command again to go on), 2 on
// bad input (nothing written).
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <iostream>

#include "api/batch_report.hpp"
#include "api/batch_results.hpp"
#include "api/batch_runner.hpp"
#include "api/sweep.hpp"
#include "api/atomic_file.hpp"
#include "cli/batch_mpi.hpp"
#include "cli/commands.hpp"
#include "cli/png_export.hpp"

namespace gdcert {
namespace {

std::atomic<bool> g_interrupted{false};

extern "C" void on_interrupt(int) {
  if (g_interrupted.exchange(true)) std::_Exit(130);  // a second Ctrl-C: stop at once
}

struct BatchFlags {
  std::string sweep, out, shard;
  unsigned jobs = 0;
  bool force = false, quiet = false;
  // report
  std::string results, csv, svg, png, by = "width";
  // merge
  std::string merge_out;
  std::vector<std::string> parts;
};

// A bar on a terminal (rewritten in place), otherwise a plain line every 10 s and at the end.
class ProgressPrinter {
 public:
  explicit ProgressPrinter(bool quiet) : quiet_(quiet), tty_(::isatty(STDERR_FILENO) == 1) {}
  void operator()(const api::BatchProgress& p) {
    if (quiet_) return;
    const auto now = std::chrono::steady_clock::now();
    const bool last = p.done == p.total;
    if (tty_) {
      const int width = 30;
      const int filled = p.total ? static_cast<int>(double(width) * double(p.done) / double(p.total)) : width;
      std::cerr << "\r[" << std::string(filled, '#') << std::string(width - filled, '.') << "] "
                << api::progress_text(p) << "   " << (last ? "\n" : "") << std::flush;
    } else if (last || now - last_ >= std::chrono::seconds(10)) {
      std::cerr << "gdcert batch: " << api::progress_text(p) << "\n";
      last_ = now;
    }
  }

 private:
  bool quiet_, tty_;
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

int run_batch_command(const BatchFlags& flags) {
  if (flags.sweep.empty()) throw std::invalid_argument("batch: give a sweep file (or: batch report / batch merge)");
  if (flags.out.empty()) throw std::invalid_argument("batch: --out RESULTS.jsonl is required");
  api::Sweep sweep = api::read_sweep(flags.sweep);  // every input error before anything is written
  api::BatchOptions o;
  o.jobs = flags.jobs;
  o.shard = flags.shard.empty() ? api::shard_from_environment() : api::parse_shard(flags.shard);
  o.cancel = &g_interrupted;
  ProgressPrinter printer(flags.quiet);
  o.progress = [&](const api::BatchProgress& p) { printer(p); };
  nlohmann::json header = api::batch_header(flags.sweep, sweep.hash, sweep.points.size());
  if (o.shard.count > 1) header["shard"] = std::to_string(o.shard.index) + "/" + std::to_string(o.shard.count);

  std::signal(SIGINT, on_interrupt);
  std::signal(SIGTERM, on_interrupt);
  api::BatchOutcome b;
  if (mpi_world_size() > 1) {
    b = run_batch_mpi(sweep, flags.out, header, flags.force, api::check_sweep_point, o);
  } else {
    api::ResultsWriter out(flags.out, header, flags.force);
    if (out.dropped_torn_bytes() && !flags.quiet)
      std::cerr << "gdcert batch: dropped a torn last line (" << out.dropped_torn_bytes() << " bytes) of " << flags.out
                << "\n";
    b = api::run_batch(sweep, out, api::check_sweep_point, o);
  }
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
  if (mpi_rank() != 0) return b.cancelled ? 130 : 0;  // rank 0 speaks for the run
  if (!flags.quiet || b.cancelled) {
    char line[240];
    std::snprintf(line, sizeof line, "gdcert batch: %zu checks run (%zu certified, %zu errors), %zu already in %s, %.1f s%s",
                  b.ran, b.certified, b.errors, b.skipped, flags.out.c_str(), b.seconds,
                  b.cancelled ? "; interrupted: run the same command again to go on" : "");
    std::cerr << line << "\n";
  }
  return b.cancelled ? 130 : 0;
}

int run_report_command(const BatchFlags& flags) {
  api::ResultsFile rf = api::read_results(flags.results);
  api::BatchSummary s = api::summarise(rf, flags.by);
  // Render everything before writing anything.
  const std::string csv = api::summary_csv(s);
  const std::string svg = (flags.svg.empty() && flags.png.empty()) ? "" : api::summary_svg(s);
  if (!flags.png.empty() && flags.svg.empty() && !png_converter_available())
    throw std::invalid_argument("--png needs rsvg-convert or ImageMagick, and neither is installed (give --svg instead)");
  std::cout << api::summary_table(s);
  if (!flags.csv.empty()) write_file_atomically(flags.csv, csv);
  if (!flags.svg.empty()) write_file_atomically(flags.svg, svg);
  if (!flags.png.empty()) {
    std::string source = flags.svg.empty() ? flags.png + ".svg.tmp" : flags.svg, why;
    if (flags.svg.empty()) write_file_atomically(source, svg);
    bool ok = svg_to_png(source, flags.png, why);
    if (flags.svg.empty()) std::remove(source.c_str());
    if (!ok) std::cerr << "gdcert batch report: PNG not written: " << why << "\n";
  }
  if (rf.torn_bytes) std::cerr << "gdcert batch report: ignored a torn last line (" << rf.torn_bytes << " bytes)\n";
  return 0;
}

}  // namespace

void add_batch_command(CLI::App& app, int& status) {
  auto flags = std::make_shared<BatchFlags>();
  CLI::App* cmd = app.add_subcommand("batch", "Run many checks from a sweep file (parallel, resumable); report; merge");
  cmd->footer(
      "Examples:\n"
      "  gdcert batch examples/sweeps/lecun_width.json --out runs.jsonl --jobs 2\n"
      "  gdcert batch examples/sweeps/lecun_width.json --out part0.jsonl --shard 0/2   # cluster array job\n"
      "  mpirun -n 4 gdcert batch examples/sweeps/lecun_width.json --out runs.jsonl     # MPI build\n"
      "  gdcert batch merge runs.jsonl part0.jsonl part1.jsonl\n"
      "  gdcert batch report runs.jsonl --svg fraction.svg --csv cells.csv\n"
      "Run the same command again to resume: checks already in --out are skipped. Exit status: 0 when\n"
      "every check has its line, 130 when interrupted, 2 on bad input.");
  cmd->add_option("sweep", flags->sweep, "Sweep file (JSON: base problem and axes; see examples/sweeps/)");
  cmd->add_option("--out", flags->out, "results file (JSON lines; appended to, resumable)");
  cmd->add_option("--jobs", flags->jobs, "parallel checks (default: all cores)")->check(CLI::Range(1u, 4096u));
  cmd->add_option("--shard", flags->shard, "run only checks i mod N == i, as i/N (default: SLURM_ARRAY_TASK_ID/COUNT)");
  cmd->add_flag("--force", flags->force, "start --out afresh when it belongs to another version of the sweep");
  cmd->add_flag("--quiet", flags->quiet, "no progress on stderr");
  cmd->callback([flags, cmd, &status] {
    if (cmd->get_subcommands().empty()) status = run_batch_command(*flags);
  });

  CLI::App* report = cmd->add_subcommand("report", "Certified fraction per sweep cell, with 95% Wilson intervals");
  report->add_option("results", flags->results, "results file of gdcert batch")->required();
  report->add_option("--csv", flags->csv, "write the table as CSV");
  report->add_option("--svg", flags->svg, "write the picture: certified fraction against --by");
  report->add_option("--png", flags->png, "write the picture as PNG (needs rsvg-convert or ImageMagick)");
  report->add_option("--by", flags->by, "axis on the picture's x axis (default width)");
  report->callback([flags, &status] { status = run_report_command(*flags); });

  CLI::App* merge = cmd->add_subcommand("merge", "Combine the results of shards (same sweep) into one file");
  merge->add_option("out", flags->merge_out, "merged results file")->required();
  merge->add_option("parts", flags->parts, "results files of the shards")->required();
  merge->callback([flags, &status] {
    std::size_t n = api::merge_results(flags->merge_out, flags->parts);
    std::cerr << "gdcert batch merge: " << n << " checks in " << flags->merge_out << "\n";
    status = 0;
  });
}

}  // namespace gdcert
