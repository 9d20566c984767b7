#include "arith/mp_interval.hpp"
#include "api/batch_runner.hpp"

#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

#include "api/batch_report.hpp"

namespace gdcert::api {
namespace {

using json = nlohmann::json;

std::size_t parse_count(const std::string& s, const std::string& what) {
  if (s.empty() || s.size() > 9 || s.find_first_not_of("0123456789") != std::string::npos)
    throw std::invalid_argument(what);
  return std::stoul(s);
}

std::string duration_text(double s) {
  if (!(s >= 0) || s > 1e7) return "?";
  long t = static_cast<long>(s + 0.5);
  char buf[32];
  if (t >= 3600) std::snprintf(buf, sizeof buf, "%ldh%02ldm", t / 3600, (t / 60) % 60);
  else if (t >= 60) std::snprintf(buf, sizeof buf, "%ldm%02lds", t / 60, t % 60);
  else std::snprintf(buf, sizeof buf, "%lds", t);
  return buf;
}

}  // namespace

Shard parse_shard(const std::string& text) {
  const std::string what = "--shard must be i/N with 0 <= i < N, got '" + text + "'";
  const auto slash = text.find('/');
  if (slash == std::string::npos) throw std::invalid_argument(what);
  Shard s{parse_count(text.substr(0, slash), what), parse_count(text.substr(slash + 1), what)};
  if (s.count == 0 || s.index >= s.count) throw std::invalid_argument(what);
  return s;
}

Shard shard_from_environment() {
  const char* id = std::getenv("SLURM_ARRAY_TASK_ID");
  if (!id) return {};
  std::size_t count = 0, min = 0;
  if (const char* c = std::getenv("SLURM_ARRAY_TASK_COUNT")) count = parse_count(c, "SLURM_ARRAY_TASK_COUNT");
  if (const char* m = std::getenv("SLURM_ARRAY_TASK_MIN")) min = parse_count(m, "SLURM_ARRAY_TASK_MIN");
  if (count == 0)
    if (const char* mx = std::getenv("SLURM_ARRAY_TASK_MAX")) count = parse_count(mx, "SLURM_ARRAY_TASK_MAX") - min + 1;
  const std::size_t i = parse_count(id, "SLURM_ARRAY_TASK_ID");
  if (count == 0 || i < min || i - min >= count)
    throw std::invalid_argument("SLURM_ARRAY_TASK_ID / SLURM_ARRAY_TASK_COUNT do not describe a shard");
  return Shard{i - min, count};
}

json result_line(const SweepPoint& point, const json& report) {
  return json{{"key", point.key}, {"coords", point.coords}, {"report", report}};
}
json error_line(const SweepPoint& point, const std::string& error) {
  return json{{"key", point.key}, {"coords", point.coords}, {"error", error}};
}

std::string progress_text(const BatchProgress& p) {
  const double rate = p.seconds > 0 ? double(p.done) / p.seconds : 0;
  const std::size_t left = p.total > p.done ? p.total - p.done : 0;
  char buf[200];
  std::snprintf(buf, sizeof buf, "%zu/%zu checks, %zu certified%s, %.2f checks/s, ETA %s", p.done, p.total,
                p.certified, p.errors ? (", " + std::to_string(p.errors) + " errors").c_str() : "", rate,
                rate > 0 ? duration_text(double(left) / rate).c_str() : "?");
  return buf;
}

BatchOutcome run_batch(const Sweep& sweep, ResultsWriter& out, const CheckFunction& check, const BatchOptions& o) {
  std::vector<const SweepPoint*> todo;
  std::size_t skipped = 0;
  for (std::size_t i = 0; i < sweep.points.size(); ++i) {
    if (i % o.shard.count != o.shard.index) continue;
    if (out.done(sweep.points[i].key)) ++skipped;
    else todo.push_back(&sweep.points[i]);
  }
  BatchOutcome res = run_points(todo, [&](const json& line) { out.append(line); }, check, o);
  res.skipped = skipped;
  return res;
}

BatchOutcome run_points(const std::vector<const SweepPoint*>& todo, const std::function<void(const json&)>& sink,
                        const CheckFunction& check, const BatchOptions& o) {
  const auto start = std::chrono::steady_clock::now();
  BatchOutcome res;
  unsigned jobs = o.jobs ? o.jobs : std::max(1u, std::thread::hardware_concurrency());
  jobs = static_cast<unsigned>(std::min<std::size_t>(jobs, std::max<std::size_t>(todo.size(), 1)));

  std::mutex mu;
  std::condition_variable ready;
  std::deque<json> finished;
  std::size_t next = 0, running = 0;
  auto cancelled = [&] { return o.cancel && o.cancel->load(); };
  auto worker = [&] {
    ThreadMpCaches caches;
    for (;;) {
      const SweepPoint* pt;
      {
        std::lock_guard<std::mutex> lock(mu);
        if (next >= todo.size() || cancelled()) return;
        pt = todo[next++];
        ++running;
      }
      json line;
      try {
        line = result_line(*pt, check(*pt));
      } catch (const std::exception& e) {
        line = error_line(*pt, e.what());
      } catch (...) {
        line = error_line(*pt, "unknown error");
      }
      {
        std::lock_guard<std::mutex> lock(mu);
        finished.push_back(std::move(line));
        --running;
      }
      ready.notify_one();
    }
  };
  std::vector<std::thread> threads;
  for (unsigned t = 0; t < jobs; ++t) threads.emplace_back(worker);

  BatchProgress prog;
  prog.total = todo.size();
  std::size_t written = 0;
  while (written < todo.size()) {
    json line;
    {
      std::unique_lock<std::mutex> lock(mu);
      ready.wait_for(lock, std::chrono::milliseconds(200), [&] { return !finished.empty(); });
      if (finished.empty()) {
        if (cancelled() && running == 0 && (next >= todo.size() || cancelled())) break;
        continue;
      }
      line = std::move(finished.front());
      finished.pop_front();
    }
    sink(line);  // only this thread writes
    ++written;
    const std::string v = line_verdict(line);
    if (v == "certified") ++res.certified;
    if (v == "error") ++res.errors;
    prog.done = written;
    prog.certified = res.certified;
    prog.errors = res.errors;
    prog.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (o.progress) o.progress(prog);
  }
  for (auto& t : threads) t.join();
  // Lines that finished while we were stopping still go in.
  for (auto& line : finished) {
    sink(line);
    ++written;
  }
  res.ran = written;
  res.cancelled = cancelled() && written < todo.size();
  res.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return res;
}

}  // namespace gdcert::api
