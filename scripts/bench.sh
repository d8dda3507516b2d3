#!/usr/bin/env bash
# Builds the benchmarks with the release preset and prints the Google Benchmark table.
#
# Usage: scripts/bench.sh [extra Google Benchmark flags, e.g. --benchmark_filter=full_path]
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
cmake --preset release >/dev/null
cmake --build --preset release -j2 --target topband_bench
# Google Benchmark 1.7.1 takes --benchmark_min_time as a plain number of seconds.
build/release/bench/topband_bench --benchmark_min_time=0.2 "$@"
