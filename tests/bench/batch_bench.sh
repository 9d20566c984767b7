#!/usr/bin/env bash
# Batch throughput (issue 11): a 1000-check sweep of small networks (two-layer tanh, NTK, LeCun,
# n = 4, d = 10, widths 16 and 32, 500 seeds each, fixed radius 0.05) with --jobs 1, --jobs 2 and,
# when gdcert was built with MPI, mpirun -n 2 (--jobs 1 per rank). Prints checks per second and
# the ratio to --jobs 1, measured in the same run.
#   tests/bench/batch_bench.sh [CHECKS_PER_WIDTH]     (default 500)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
bin="$root/build/gdcert"
[ -x "$bin" ] || { echo "build gdcert first (./bootstrap.sh demo)" >&2; exit 2; }
seeds="${1:-500}"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
cat > "$dir/base.json" <<JSON
{"layers": [10, 16, 1], "activation": "tanh", "parametrization": "ntk",
 "data": {"synthetic": {"n": 4, "d": 10, "seed": 1}}, "init": {"scheme": "lecun", "seed": 1},
 "radius": 0.05, "criterion": "chatterjee"}
JSON
echo "{\"base\": \"base.json\", \"axes\": {\"width\": [16, 32], \"seed\": {\"from\": 1, \"to\": $seeds}}}" > "$dir/sweep.json"
checks=$((2 * seeds))
run() {  # label, command...
  local label="$1"; shift
  rm -f "$dir/out.jsonl"
  local t0 t1
  t0=$(date +%s.%N)
  "$@" >/dev/null 2>&1
  t1=$(date +%s.%N)
  local n; n=$(($(wc -l < "$dir/out.jsonl") - 1))
  echo "$label $n $(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')"
}
{
  run "jobs1" "$bin" batch "$dir/sweep.json" --out "$dir/out.jsonl" --jobs 1 --quiet
  run "jobs2" "$bin" batch "$dir/sweep.json" --out "$dir/out.jsonl" --jobs 2 --quiet
  if command -v mpirun >/dev/null 2>&1 && ldd "$bin" | grep -q libmpi; then
    run "mpirun-n2" env OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1 \
        mpirun -n 2 "$bin" batch "$dir/sweep.json" --out "$dir/out.jsonl" --jobs 1 --quiet
  fi
} > "$dir/times.txt"
echo "== gdcert batch throughput: $checks small-network checks (issue 11) =="
awk 'BEGIN { printf "%-10s %8s %10s %10s %8s\n", "run", "checks", "seconds", "checks/s", "ratio" }
     { rate = $2 / $3; if (NR == 1) base = rate;
       printf "%-10s %8d %10.2f %10.1f %7.2fx\n", $1, $2, $3, rate, rate / base }' "$dir/times.txt"
