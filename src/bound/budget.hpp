// Budget: how much work a search may spend before it must answer "inconclusive".
//
//   Budget b = parse_budget("5s");      // or "20000boxes", or "5" (seconds)
//   BudgetClock clock(b);
//   while (!clock.exhausted(boxes_done)) ...
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>

namespace gdcert {

struct Budget {
  double seconds = 20;
  std::size_t boxes = 2'000'000;
};

// Throws std::invalid_argument naming the problem.
Budget parse_budget(const std::string& text);

class BudgetClock {
 public:
  explicit BudgetClock(const Budget& b) : budget_(b), start_(std::chrono::steady_clock::now()) {}
  double elapsed() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }
  bool exhausted(std::size_t boxes) const {
    return boxes >= budget_.boxes || elapsed() >= budget_.seconds;
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
