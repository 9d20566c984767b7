#!/usr/bin/env bash
# One-step set-up for a fresh Debian 12 machine: installs the missing apt packages, configures
# and builds gdcert in ./build, then runs what was asked:
#   ./bootstrap.sh demo    build, then run `gdcert demo`
#   ./bootstrap.sh test    build, then run the whole test suite through ctest
# Idempotent: a second run installs nothing and rebuilds only what changed.
set -euo pipefail
cd "$(dirname "$0")"
action="${1:-demo}"

packages=(g++ cmake make pkg-config libeigen3-dev libgmp-dev libmpfr-dev libmpfi-dev libboost-dev
          doctest-dev nlohmann-json3-dev libcli11-dev libfmt-dev
          pybind11-dev python3-dev python3-numpy python3-pytest python3-torch python3-matplotlib)
# gdcert batch under mpirun (optional for the build, installed so that its test runs)
packages+=(libopenmpi-dev openmpi-bin)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "bootstrap: installing ${missing[*]}" >&2
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >&2
fi

jobs="$(nproc 2>/dev/null || echo 2)"
if [ ! -f build/CMakeCache.txt ]; then
  cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >&2
fi
# The demo needs only the gdcert binary; the test command builds everything (tests, examples,
# benchmarks) before running ctest.
case "$action" in
  demo) cmake --build build -j "$jobs" --target gdcert >&2 ;;
  *) cmake --build build -j "$jobs" >&2 ;;
esac

case "$action" in
  demo) exec ./build/gdcert demo ;;
  test) cd build && exec ctest --output-on-failure -j "$jobs" ;;
  build) ;;
  *) echo "usage: $0 demo|test|build" >&2; exit 2 ;;
esac
