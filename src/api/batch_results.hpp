// Batch results: a JSON-lines file that survives being killed at any moment.
//
//   ResultsWriter out("runs.jsonl", batch_header(sweep), /*force=*/false);
//   if (!out.done(point.key)) out.append(result_line(point, report_json));
//
// Line 1 is the header {"gdcert_batch": 1, "sweep": "...", "sweep_hash": "...", "checks": N};
// every other line is one check: {"key": ..., "coords": {...}, "report": {...}} or, when the check
// failed with an error, {"key": ..., "coords": {...}, "error": "..."}. A line is written with one
// write(2) on a descriptor opened with O_APPEND and then flushed to disk, so a killed run leaves at
// most a torn last line; opening the file again drops such a tail (and says so) before appending.
// A results file whose sweep hash differs from the sweep being run is refused unless `force`
// (which starts the file afresh).
#pragma once

#include <cstddef>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace gdcert::api {

struct ResultsFile {
  nlohmann::json header;
  std::vector<nlohmann::json> lines;  // complete, parsed result lines, in file order
  std::size_t torn_bytes = 0;         // bytes after the last complete line (ignored)
  std::size_t good_bytes = 0;         // length of the complete part
};

// Throws std::invalid_argument for a missing file, a missing or malformed header, or a
// malformed complete line (naming the line number).
ResultsFile read_results(const std::string& path);

nlohmann::json batch_header(const std::string& sweep_path, const std::string& sweep_hash, std::size_t checks);

class ResultsWriter {
 public:
  ResultsWriter(const std::string& path, const nlohmann::json& header, bool force);
  ~ResultsWriter();
  ResultsWriter(const ResultsWriter&) = delete;
  ResultsWriter& operator=(const ResultsWriter&) = delete;

  bool done(const std::string& key) const { return done_.count(key) > 0; }
  std::size_t done_count() const { return done_.size(); }
  std::size_t dropped_torn_bytes() const { return torn_; }
  void append(const nlohmann::json& line);  // duplicates of a done key are ignored

 private:
  int fd_ = -1;
  std::string path_;
  std::set<std::string> done_;
  std::size_t torn_ = 0;
};

// OUT gets the header of the first part and the union of the parts' lines (the first line of
// each key wins); every part must carry the same sweep hash. Written atomically.
std::size_t merge_results(const std::string& out, const std::vector<std::string>& parts);

// One JSON line as the writer expects it (dumped with invalid UTF-8 replaced, never thrown on).
std::string dump_line(const nlohmann::json& line);

}  // namespace gdcert::api
