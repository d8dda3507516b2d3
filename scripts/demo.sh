#!/usr/bin/env bash
# The README's demo command. The gateway daemon (`topband-gateway run --demo`: simulated bank, CAN frames, dashboard)
# is not built yet; until it is, this builds the Topband codec tools and decodes a simulated 16-cell pack's reply.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh build
cmake --preset release -DTBG_BUILD_BENCH=OFF >/dev/null
cmake --build --preset release -j "$(nproc)" --target topband-gateway
gateway=build/release/targets/linux/topband-gateway
echo "The live demo (daemon, simulated bank, dashboard) is not available yet. Decoding sample frames instead:"
echo
echo "\$ $gateway encode 0x42 --adr 1"
"$gateway" encode 0x42 --adr 1
echo
reply='~21014600808001100CE50CE60CE40CE30CE50CE70CE60CE40CE20CE50CE40CE60CE50CE40CE30CE5070BC80BC30BBE0BC50BD80B870BE504D214A11388052710007B32630000E121'
echo "\$ $gateway decode --command 0x42 '$reply'"
"$gateway" decode --command 0x42 "$reply"
