// A progress line on stderr once a run has taken more than 2 s: the stage then in progress and
// every later stage (a short `nn check` prints nothing).
//
//   StageProgress progress(true);                 // false: never prints
//   progress.stage("forward and backward pass");  // printed at once if the run is past 2 s, else
//                                                 // when it gets there (if still the stage)
#pragma once

#include <chrono>
#include <condition_variable>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>

namespace gdcert::api {

class StageProgress {
 public:
  explicit StageProgress(bool enabled) : enabled_(enabled), start_(std::chrono::steady_clock::now()), thread_([this] { watch(); }) {}
  ~StageProgress() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      done_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }
  void stage(const std::string& what) {
    std::lock_guard<std::mutex> lock(mutex_);
    stage_ = what;
    if (late_) print();
  }

 private:
  void print() {
    if (!enabled_) return;
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    std::cerr << "gdcert nn: " << stage_ << " (" << static_cast<int>(s) << " s elapsed)\n";
  }
  void watch() {
    std::unique_lock<std::mutex> lock(mutex_);
    if (cv_.wait_for(lock, std::chrono::seconds(2), [this] { return done_; })) return;
    late_ = true;
    print();
  }
  bool enabled_;
  std::chrono::steady_clock::time_point start_;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool done_ = false, late_ = false;
  std::string stage_ = "loading the model";
  std::thread thread_;
};

}  // namespace gdcert::api
