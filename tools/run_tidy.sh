#!/usr/bin/env bash
# clang-tidy (.clang-tidy: naming and bug-prone checks, warnings are errors) over core/, platform/ and targets/linux
# sources, using the compile database of a configured build directory (default build/dev).
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${1:-build/dev}
mapfile -t files < <(git ls-files --cached --others --exclude-standard -- 'core/*.cpp' 'targets/linux/*.cpp' \
    'platform/linux/*.cpp' 'platform/sim/*.cpp' 'platform/esp32/*.cpp' 'targets/esp32/main/*.cpp' | while read -r f; do [[ -f "$f" ]] && echo "$f"; done)
log=$(mktemp)
status=0
printf '%s\n' "${files[@]}" | xargs -P "$(nproc)" -n 4 clang-tidy -p "$build_dir" --quiet >"$log" 2>&1 || status=$?
grep -v -E '^[0-9]+ warnings? (and [0-9]+ errors? )?generated|^Suppressed|^Use -header-filter' "$log" || true
rm -f "$log"
if [[ $status -ne 0 ]]; then
    echo "run_tidy: clang-tidy found problems (see above)"
    exit 1
fi
echo "run_tidy: ${#files[@]} files clean"
