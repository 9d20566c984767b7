#!/usr/bin/env bash
# Builds the project in Release (-O2) and prints every benchmark table.
#   tests/bench/run.sh            all benchmarks
#   tests/bench/run.sh eval       only the evaluation-throughput table
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="$root/build"
[ -f "$build/CMakeCache.txt" ] || cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >&2
cmake --build "$build" -j "$(nproc)" >&2
what="${1:-all}"
if [ "$what" = all ] || [ "$what" = eval ]; then
  echo "== Expression evaluation throughput (issue: foundation) =="
  "$build/tests/bench/bench_eval"
  echo
fi
if [ "$what" = all ] || [ "$what" = check ]; then
  echo "== Seconds to a verdict (issue: Chatterjee ball check) =="
  "$build/tests/bench/bench_check"
  echo
fi
if [ "$what" = all ] || [ "$what" = plstar ]; then
  echo "== PL* vs Chatterjee; verified lambda_min vs Eigen (issue 5) =="
  "$build/tests/bench/bench_plstar"
  echo
fi
if [ "$what" = all ] || [ "$what" = region ]; then
  if [ -x "$root/tests/bench/region_bench.sh" ]; then
    echo "== Region map =="
    bash "$root/tests/bench/region_bench.sh"
  fi
fi
