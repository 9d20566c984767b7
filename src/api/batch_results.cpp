#include "api/batch_results.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "api/atomic_file.hpp"

namespace gdcert::api {
namespace {

using json = nlohmann::json;

std::string errno_text() { return std::strerror(errno); }

}  // namespace

std::string dump_line(const json& line) { return line.dump(-1, ' ', false, json::error_handler_t::replace); }

json batch_header(const std::string& sweep_path, const std::string& sweep_hash, std::size_t checks) {
  return json{{"gdcert_batch", 1}, {"sweep", sweep_path}, {"sweep_hash", sweep_hash}, {"checks", checks}};
}

ResultsFile read_results(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::invalid_argument("cannot read results file '" + path + "'");
  std::ostringstream s;
  s << in.rdbuf();
  const std::string text = s.str();
  ResultsFile rf;
  std::size_t pos = 0, line_no = 0;
  while (pos < text.size()) {
    const std::size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) {  // a torn tail: the run was killed mid-write
      rf.torn_bytes = text.size() - pos;
      break;
    }
    ++line_no;
    json j;
    try {
      j = json::parse(text.begin() + static_cast<std::ptrdiff_t>(pos), text.begin() + static_cast<std::ptrdiff_t>(nl));
    } catch (const json::exception& e) {
      throw std::invalid_argument("results file '" + path + "', line " + std::to_string(line_no) + ": " + e.what());
    }
    if (line_no == 1) {
      if (!j.is_object() || !j.contains("gdcert_batch") || !j.contains("sweep_hash"))
        throw std::invalid_argument("results file '" + path + "' has no gdcert batch header on line 1");
      rf.header = j;
    } else {
      if (!j.is_object() || !j.contains("key") || !j["key"].is_string())
        throw std::invalid_argument("results file '" + path + "', line " + std::to_string(line_no) + ": no \"key\"");
      rf.lines.push_back(std::move(j));
    }
    pos = nl + 1;
    rf.good_bytes = pos;
  }
  if (line_no == 0) throw std::invalid_argument("results file '" + path + "' is empty (no header)");
  return rf;
}

ResultsWriter::ResultsWriter(const std::string& path, const json& header, bool force) : path_(path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const bool exists = fs::exists(path, ec) && fs::file_size(path, ec) > 0;
  if (exists && !force) {
    ResultsFile old = read_results(path);
    if (old.header.value("sweep_hash", "") != header.value("sweep_hash", ""))
      throw std::invalid_argument("results file '" + path + "' belongs to another version of the sweep (hash " +
                                  old.header.value("sweep_hash", "?") + ", now " + header.value("sweep_hash", "?") +
                                  "): use --force to start it afresh, or another --out");
    for (const auto& l : old.lines) done_.insert(l["key"].get<std::string>());
    torn_ = old.torn_bytes;
    if (torn_ > 0 && ::truncate(path.c_str(), static_cast<off_t>(old.good_bytes)) != 0)
      throw std::invalid_argument("cannot repair the torn last line of '" + path + "': " + errno_text());
    fd_ = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
    if (fd_ < 0) throw std::invalid_argument("cannot append to '" + path + "': " + errno_text());
    return;
  }
  // A new file (or --force): the header goes in through an atomic rename, then we append.
  write_file_atomically(path, dump_line(header) + "\n");
  fd_ = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
  if (fd_ < 0) throw std::invalid_argument("cannot append to '" + path + "': " + errno_text());
}

ResultsWriter::~ResultsWriter() {
  if (fd_ >= 0) ::close(fd_);
}

void ResultsWriter::append(const json& line) {
  const std::string key = line.at("key").get<std::string>();
  if (done_.count(key)) return;
  const std::string text = dump_line(line) + "\n";
  std::size_t off = 0;
  while (off < text.size()) {  // one write for a regular file in practice; loop for safety
    ssize_t w = ::write(fd_, text.data() + off, text.size() - off);
    if (w < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error("cannot append to '" + path_ + "': " + errno_text());
    }
    off += static_cast<std::size_t>(w);
  }
  ::fdatasync(fd_);
  done_.insert(key);
}

std::size_t merge_results(const std::string& out, const std::vector<std::string>& parts) {
  if (parts.empty()) throw std::invalid_argument("batch merge needs at least one part");
  json header;
  std::set<std::string> seen;
  std::string body;
  std::size_t n = 0;
  for (const auto& p : parts) {
    ResultsFile rf = read_results(p);
    if (header.is_null()) header = rf.header;
    else if (rf.header.value("sweep_hash", "") != header.value("sweep_hash", ""))
      throw std::invalid_argument("'" + p + "' comes from another sweep (hash " + rf.header.value("sweep_hash", "?") +
                                  ", first part " + header.value("sweep_hash", "?") + ")");
    for (const auto& l : rf.lines)
      if (seen.insert(l["key"].get<std::string>()).second) body += dump_line(l) + "\n", ++n;
  }
  header.erase("shard");
  write_file_atomically(out, dump_line(header) + "\n" + body);
  return n;
}

}  // namespace gdcert::api
