#!/usr/bin/env bash
# Times `gdcert region` on the 49 x 49 grid of (xy-1)^2 over [-3,3]^2 (step 0.125), radius auto,
# on all cores. Target: under 60 s on 2 cores. Called by tests/bench/run.sh (region), or alone:
#   tests/bench/region_bench.sh [path/to/gdcert]      (default: build/gdcert)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
gdcert="${1:-$root/build/gdcert}"
[ -x "$gdcert" ] || { echo "region_bench: no gdcert binary at $gdcert (build first)" >&2; exit 2; }
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
start=$(date +%s.%N)
"$gdcert" region --expr "(x*y-1)^2" --grid -3:3:0.125,-3:3:0.125 --radius auto --quiet \
  --csv "$out/region.csv" 2>"$out/stderr"
end=$(date +%s.%N)
cells=$(($(wc -l <"$out/region.csv") - 1))
certified=$(grep -c ',certified,' "$out/region.csv" || true)
printf '%-44s %6s %10s %10s %8s\n' "problem" "cells" "certified" "seconds" "cores"
printf '%-44s %6d %10d %10.2f %8d\n' "(xy-1)^2, [-3,3]^2 step 0.125, radius auto" "$cells" "$certified" \
  "$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')" "$(nproc)"
