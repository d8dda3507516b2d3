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

# The check preset is the dev preset (GCC, -Werror, ASan + UBSan) built as a unity build: one translation unit per
# target (up to 16 files), which halves the compile time; clang-tidy checks the same unity files (tools/run_tidy.sh).
step "build: check preset (GCC, -Werror, ASan + UBSan, unity build)"
cmake --preset check >/dev/null
cmake --build --preset check -j "$(nproc)"

# clang-tidy and the fuzz build are CPU work; the end-to-end suites mostly wait for simulated packs, buses and a
# browser. So the first run at nice 19 while CTest runs: the tests' processes always get the CPU first (their timing
# checks are unaffected), and the whole command takes about 7 minutes less on two cores.
step "lint: clang-tidy and the fuzz build, at nice 19 alongside the tests"
side_log=$(mktemp)
(
    nice -n 19 tools/run_tidy.sh build/check
    if [[ "${SKIP_FUZZ:-0}" != 1 ]]; then
        nice -n 19 scripts/fuzz.sh --build-only
    fi
) >"$side_log" 2>&1 &
side_pid=$!

step "tests: ctest"
ctest_log=$(mktemp)
set +e
# One slot more than cores: the timed suites (the `timing` resource lock, tests/CMakeLists.txt) mostly wait, and the
# tests beside them run at nice 19, so the timed processes keep the CPU they need.
ctest --preset check -j "$(($(nproc) + 1))" 2>&1 | tee "$ctest_log"
ctest_status=${PIPESTATUS[0]}
set -e
summary=$(grep -E 'tests passed, [0-9]+ tests failed out of [0-9]+' "$ctest_log" | tail -n 1)
rm -f "$ctest_log"

step "lint: clang-tidy and the fuzz build (waiting for them)"
set +e
wait "$side_pid"
side_status=$?
set -e
grep -v -E '^\[[0-9]+/[0-9]+\] ' "$side_log" || true
rm -f "$side_log"
[[ $ctest_status -eq 0 ]] || { echo "ctest failed"; exit 1; }
[[ $side_status -eq 0 ]] || { echo "clang-tidy or the fuzz build failed"; exit 1; }

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
