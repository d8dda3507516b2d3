#!/usr/bin/env bash
# clang-tidy (.clang-tidy: naming and bug-prone checks, warnings are errors) over core/, platform/ and targets/
# sources, using the compile database of a configured build directory (default build/dev).
#
# With a unity build directory (the `check` preset, as scripts/test.sh uses) a target's unity files are checked
# instead of its sources one by one (tools/tidy_units.py): the same code and diagnostics, but the common headers are
# parsed and matched once per target (4.6 instead of 10.5 CPU-minutes, D20). Those files #include .cpp files by
# design, so bugprone-suspicious-include is off for them; the grep below enforces that rule for the sources instead.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${1:-build/dev}
mapfile -t files < <(git ls-files --cached --others --exclude-standard -- 'core/*.cpp' 'targets/linux/*.cpp' \
    'platform/linux/*.cpp' 'platform/sim/*.cpp' 'platform/esp32/*.cpp' 'targets/esp32/main/*.cpp' | while read -r f; do [[ -f "$f" ]] && echo "$f"; done)

status=0
if git grep -n -E '^\s*#\s*include\s+["<][^">]*\.(cpp|cc|cxx)[">]' -- core platform targets tests fuzz bench; then
    echo "run_tidy: a source #includes a .cpp file (bugprone-suspicious-include)"
    status=1
fi

units=$(printf '%s\n' "${files[@]}" | python3 tools/tidy_units.py "$build_dir")
log=$(mktemp)
sed -n 's/^unity //p' <<<"$units" |
    xargs -r -P "$(nproc)" -n 1 clang-tidy -p "$build_dir" --quiet --checks=-bugprone-suspicious-include \
        >>"$log" 2>&1 || status=1
sed -n 's/^file //p' <<<"$units" | xargs -r -P "$(nproc)" -n 4 clang-tidy -p "$build_dir" --quiet >>"$log" 2>&1 ||
    status=1
grep -v -E '^[0-9]+ warnings? (and [0-9]+ errors? )?generated|^Suppressed|^Use -header-filter' "$log" || true
rm -f "$log"
if [[ $status -ne 0 ]]; then
    echo "run_tidy: clang-tidy found problems (see above)"
    exit 1
fi
echo "run_tidy: ${#files[@]} files clean ($(grep -c '^unity ' <<<"$units" || true) unity files, $(grep -c '^file ' <<<"$units" || true) files on their own)"
