#!/usr/bin/env bash
# Runs every check of the project: installs what it needs, lints, builds with sanitizers, runs all tests, fuzzes
# every parser for a bounded time and runs the benchmarks. This is the README's test command and what CI runs.
# Environment: FUZZ_SECONDS (default 60, total across fuzz targets), SKIP_BENCH=1, SKIP_FUZZ=1 for quicker local runs.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
step() { printf '\n== %s (%ds)\n' "$1" $(( $(date +%s) - start )); }

step "dependencies"
scripts/install-deps.sh test

step "lint: core/ is platform-free"
tools/lint_core.sh

step "lint: clang-format"
tools/check_format.sh

step "build: dev preset (GCC, -Werror, ASan + UBSan)"
cmake --preset dev >/dev/null
cmake --build --preset dev -j "$(nproc)"

step "lint: clang-tidy"
tools/run_tidy.sh build/dev

step "tests: ctest"
ctest_log=$(mktemp)
set +e
ctest --preset dev -j "$(nproc)" 2>&1 | tee "$ctest_log"
ctest_status=${PIPESTATUS[0]}
set -e
summary=$(grep -E 'tests passed, [0-9]+ tests failed out of [0-9]+' "$ctest_log" | tail -n 1)
rm -f "$ctest_log"
[[ $ctest_status -eq 0 ]] || { echo "ctest failed"; exit 1; }

if [[ "${SKIP_FUZZ:-0}" != 1 ]]; then
    step "fuzz: every parser of outside input, ${FUZZ_SECONDS:-60} s in total"
    scripts/fuzz.sh "${FUZZ_SECONDS:-60}"
fi

if [[ "${SKIP_BENCH:-0}" != 1 ]]; then
    step "bench: release preset"
    scripts/bench.sh
fi

step "done"
# The plain closing line CI reads: CTest's counts.
failed=$(sed -E 's/.* ([0-9]+) tests failed out of ([0-9]+).*/\1/' <<<"$summary")
total=$(sed -E 's/.* ([0-9]+) tests failed out of ([0-9]+).*/\2/' <<<"$summary")
echo "tests: $((total - failed)) passed, $failed failed"
