#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz preset) and runs each of them in turn on a copy of its seed corpus
# (fuzz/corpus/<target>/) plus the inputs that once failed (fuzz/regressions/<target>/, read only), with its own
# dictionary fuzz/<target>.dict when there is one (else fuzz/topband.dict). SECONDS is the total fuzzing time, split
# evenly over the targets (the first SECONDS mod N get one second more). Prints one summary line per target and exits
# non-zero if any target found a crash, leak, UB or timeout; the offending input is kept in fuzz/artifacts/<target>/
# (git-ignored).
#
# Usage: scripts/fuzz.sh [SECONDS]     (default 60, as in CI; e.g. 28800 for a nightly run, one hour per target)
#        scripts/fuzz.sh --build-only  (only builds the targets; scripts/test.sh does that alongside the tests)
# Environment: TBG_FUZZ_KEEP=1 keeps the grown corpora and logs (the path is printed).
set -euo pipefail

build_only=0
if [[ "${1:-}" == --build-only ]]; then
    build_only=1
    shift
fi
total_seconds=${1:-60}
targets=(fuzz_assembler fuzz_decoders fuzz_decode_json fuzz_dns_reply fuzz_slcan fuzz_config_json fuzz_api fuzz_mqtt)
if ! [[ $total_seconds =~ ^[0-9]+$ ]] || ((total_seconds < ${#targets[@]})); then
    echo "usage: $0 [SECONDS]   (SECONDS >= ${#targets[@]}, total over the ${#targets[@]} targets)" >&2
    exit 2
fi
base_seconds=$((total_seconds / ${#targets[@]}))
extra_seconds=$((total_seconds % ${#targets[@]}))

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j2 --target "${targets[@]}"
((build_only)) && exit 0

work=$(mktemp -d "${TMPDIR:-/tmp}/tbg-fuzz.XXXXXX")
if [[ ${TBG_FUZZ_KEEP:-0} == 1 ]]; then
    echo "keeping corpora and logs in $work"
else
    trap 'rm -rf "$work"' EXIT
fi

# LeakSanitizer (part of ASan) checks every input; a sanitizer report aborts the run so libFuzzer saves the input.
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:symbolize=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

failed=0
summary=()
index=0
for target in "${targets[@]}"; do
    per_target=$((base_seconds + (index < extra_seconds ? 1 : 0)))
    index=$((index + 1))
    dict=fuzz/$target.dict
    [[ -f $dict ]] || dict=fuzz/topband.dict
    corpus="$work/$target-corpus"
    log="$work/$target.log"
    artifacts="$root/fuzz/artifacts/$target"
    mkdir -p "$corpus" "$artifacts"
    cp -r "fuzz/corpus/$target/." "$corpus/"
    echo "== $target: ${per_target}s"
    status=0
    inputs=("$corpus")
    [[ -d fuzz/regressions/$target ]] && inputs+=("fuzz/regressions/$target")
    "build/fuzz/fuzz/$target" -max_total_time="$per_target" -max_len=2048 -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -dict="$dict" -artifact_prefix="$artifacts/" "${inputs[@]}" >"$log" 2>&1 ||
        status=$?
    # Final stats, and the last libFuzzer status line ("#N  DONE  cov: C ft: F corp: …").
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
    new_units=$(sed -n 's/^stat::new_units_added: *//p' "$log" | tail -n 1)
    rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log" | tail -n 1)
    cov=$(grep -Eo 'cov: [0-9]+' "$log" | tail -n 1 | cut -d' ' -f2 || true)
    ft=$(grep -Eo 'ft: [0-9]+' "$log" | tail -n 1 | cut -d' ' -f2 || true)
    corp=$(grep -Eo 'corp: [0-9]+/[0-9]+[a-zA-Z]*' "$log" | tail -n 1 | cut -d' ' -f2 || true)
    verdict=ok
    if ((status != 0)); then
        verdict="FAILED (exit $status)"
        failed=1
        echo "--- $target log (last 60 lines) ---"
        tail -n 60 "$log"
        echo "--- reproduce: build/fuzz/fuzz/$target <artifact from fuzz/artifacts/$target/> ---"
    fi
    summary+=("$(printf '%-17s %4ss execs=%-10s exec/s=%-7s cov=%-5s ft=%-6s corpus=%-10s new=%-5s rss_mb=%-5s %s' \
        "$target" "$per_target" "${execs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" "${new_units:-?}" "${rss:-?}" \
        "$verdict")")
done

echo "== fuzz summary (${total_seconds}s in total)"
printf '%s\n' "${summary[@]}"
exit "$failed"
