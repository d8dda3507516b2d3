#!/usr/bin/env bash
# The README's demo command: builds the gateway (with its dashboard) and runs it against an in-process simulated bank
# of three packs, with the dashboard at http://127.0.0.1:8080/ (on the first visit it asks for an admin password).
# Stop with Ctrl-C. Extra arguments go to `run`, e.g. `./scripts/demo.sh --http 0.0.0.0:8080 --demo-packs 5` or
# `--print-frames` to also print every CAN frame set. The demo's state (password, layout, energy) is kept in
# build/demo-state until you delete it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh build
cmake --preset release -DTBG_BUILD_BENCH=OFF >/dev/null
cmake --build --preset release -j "$(nproc)" --target topband-gateway
mkdir -p build/demo-state
http=127.0.0.1:8080
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
    [[ "${args[i]}" == --http && $((i + 1)) -lt ${#args[@]} ]] && http=${args[i + 1]}
done
[[ " ${args[*]} " == *" --http "* ]] || args+=(--http "$http")
echo
echo "  Dashboard of the demo:  http://${http/0.0.0.0/127.0.0.1}/"
echo "  (Ctrl-C stops the gateway)"
echo
exec build/release/targets/linux/topband-gateway run --demo --state-dir build/demo-state \
    --config build/demo-state/config.json "${args[@]}"
