// A minimal parallel loop for the network evaluation's element-wise work (double intervals and
// doubles only: MpInterval's precision is per thread, so MPFI work never goes through here).
//
//   parallel_for(n * m, [&](std::size_t begin, std::size_t end) { for (k = begin; k < end; ++k) ... });
//
// [0, count) is cut into contiguous chunks, one per thread (the calling thread takes the first);
// below 2 * kParallelGrain items, or with one thread, the body runs inline. Threads:
// GDCERT_THREADS if set (>= 1), else std::thread::hardware_concurrency(). The body must write
// disjoint data per index (results are then independent of the thread count: every entry is
// computed by the same operations whichever thread runs it). An exception from any chunk is
// rethrown in the caller after all chunks have finished.
#pragma once

#include <algorithm>
#include <cstddef>
#include <exception>
#include <thread>
#include <vector>

namespace gdcert {

inline constexpr std::size_t kParallelGrain = 1 << 14;

std::size_t parallel_threads();

template <class F>
void parallel_for(std::size_t count, F&& body, std::size_t grain = kParallelGrain) {
  const std::size_t threads = std::min(parallel_threads(), count / std::max<std::size_t>(grain, 1));
  if (threads <= 1) {
    if (count > 0) body(std::size_t{0}, count);
    return;
  }
  const std::size_t chunk = (count + threads - 1) / threads;
  std::vector<std::exception_ptr> errors(threads);
  std::vector<std::thread> pool;
  pool.reserve(threads - 1);
  for (std::size_t t = 1; t < threads; ++t)
    pool.emplace_back([&, t] {
      try {
        body(t * chunk, std::min(count, (t + 1) * chunk));
      } catch (...) {
        errors[t] = std::current_exception();
      }
    });
  try {
    body(std::size_t{0}, std::min(count, chunk));
  } catch (...) {
    errors[0] = std::current_exception();
  }
  for (auto& th : pool) th.join();
  for (auto& e : errors)
    if (e) std::rethrow_exception(e);
}

}  // namespace gdcert
