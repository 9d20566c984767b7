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
if [ "$what" = all ] || [ "$what" = nn ]; then
  echo "== Networks: rigorous centre + ball bounds (two-layer tanh, NTK, LeCun, d = 10) vs torch float NTK =="
  out="$(mktemp)"
  "$build/tests/bench/bench_nn" | tee "$out"
  # Float baseline: Debian's python3-torch (installed here if missing; never a project requirement).
  if ! /usr/bin/python3 -c "import torch" 2>/dev/null; then
    (apt-get install -y python3-torch >/dev/null 2>&1 || sudo -n apt-get install -y python3-torch >/dev/null 2>&1) || true
  fi
  if /usr/bin/python3 -c "import torch" 2>/dev/null; then
    pairs="$(awk 'NR > 1 { print $1 ":" $2 }' "$out" | tr '\n' ' ')"
    echo "-- torch vmap(jacrev) + eigvalsh (float64), seconds; ratio = gdcert (centre + ball) / torch"
    /usr/bin/python3 "$root/tests/bench/torch_ntk.py" $pairs | awk 'NR == FNR { t[$1 ":" $2] = $4 + $5; next }
      { k = $1 ":" $2; printf "n %4s width %8s  torch %8s s  gdcert %8.3f s  ratio %7.2f\n", $1, $2, $3, t[k], ($3 > 0 ? t[k] / $3 : 0) }' \
      <(awk 'NR > 1' "$out") -
  else
    echo "-- torch not available: float baseline skipped"
  fi
  rm -f "$out"
  echo
fi
if [ "$what" = all ] || [ "$what" = region ]; then
  if [ -x "$root/tests/bench/region_bench.sh" ]; then
    echo "== Region map =="
    bash "$root/tests/bench/region_bench.sh"
  fi
fi
