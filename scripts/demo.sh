#!/usr/bin/env bash
# The README's demo command: builds the gateway and runs it against an in-process simulated bank of three packs,
# printing every CAN frame set it would send (decoded). Stop with Ctrl-C. Extra arguments go to `run`, e.g.
# `./scripts/demo.sh --demo-packs 5 --can slcan:/dev/ttyACM0`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh build
cmake --preset release -DTBG_BUILD_BENCH=OFF >/dev/null
cmake --build --preset release -j "$(nproc)" --target topband-gateway
exec build/release/targets/linux/topband-gateway run --demo "$@"
