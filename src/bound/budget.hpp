// Budget: how much work a search may spend before it must answer "inconclusive".
//
//   Budget b = parse_budget("5s");      // or "20000boxes", "20000boxes,30s", or "5" (seconds)
//   BudgetClock clock(b);
//   while (!clock.exhausted(boxes_done)) ...
//
// A time alone ("200s") also raises the box cap in proportion (the default's 100,000 boxes a
// second, never below its 2,000,000), so that a larger time lets a search go further.
// A command's budget covers its whole run: parse_budget(text, run_start) also sets a deadline,
// run_start + the seconds (for a box budget: + kBoxBudgetTimeCap seconds unless a time is given
// too), which every sub-budget keeps (Budget::with) and every phase checks (past_deadline()).
// A caller may also cancel a run (Python's Ctrl-C): set `cancel` to a flag it owns; once the flag
// is true, past_deadline() and BudgetClock::exhausted() say so, and the search stops as it would
// at the deadline (inconclusive, never a certificate it has not proved).
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <string>

namespace gdcert {

using Deadline = std::chrono::steady_clock::time_point;

struct Budget {
  double seconds = 20;
  std::size_t boxes = 2'000'000;
  // Hard wall-clock limit of the whole run, shared by every phase and sub-budget.
  Deadline deadline = Deadline::max();
  // Set by the caller to stop the run early (nullptr: never); read, never written, here.
  const std::atomic<bool>* cancel = nullptr;

  // A sub-budget: other limits, the same deadline and cancel flag.
  Budget with(double s, std::size_t b) const { return Budget{s, b, deadline, cancel}; }
  bool cancelled() const { return cancel && cancel->load(std::memory_order_relaxed); }
  bool past_deadline() const {
    return cancelled() || (deadline != Deadline::max() && std::chrono::steady_clock::now() >= deadline);
  }
};

// The overall time cap of a budget given in boxes only ("20000boxes"): boxes bound the search,
// this bounds everything else (set-up, sampling, radius scans); "20000boxes,5s" sets both.
inline constexpr double kBoxBudgetTimeCap = 60;

// Throws std::invalid_argument naming the problem. Without run_start there is no deadline
// (e.g. the per-cell budgets of a region map); with it, see above.
Budget parse_budget(const std::string& text);
Budget parse_budget(const std::string& text, Deadline run_start);

class BudgetClock {
 public:
  explicit BudgetClock(const Budget& b) : budget_(b), start_(std::chrono::steady_clock::now()) {}
  double elapsed() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }
  bool exhausted(std::size_t boxes) const {
    return boxes >= budget_.boxes || elapsed() >= budget_.seconds || budget_.past_deadline();
  }
  const Budget& budget() const { return budget_; }

  // Long work reports progress: `message()` is called and handed to the sink at most once a
  // second, and only after the first second.
  using Sink = std::function<void(const std::string&)>;
  void set_progress_sink(Sink sink) { sink_ = std::move(sink); }
  template <class MessageFn>
  void progress(MessageFn&& message) const {
    if (!sink_) return;
    double t = elapsed();
    if (t < 1.0 || t - last_report_ < 1.0) return;
    last_report_ = t;
    sink_(message());
  }

 private:
  Budget budget_;
  std::chrono::steady_clock::time_point start_;
  Sink sink_;
  mutable double last_report_ = 0;
};

}  // namespace gdcert
