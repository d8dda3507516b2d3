#!/usr/bin/env bash
# Daemon soak (issue 8): topband-gateway against topband-sim for SECONDS (default 3600) under web and MQTT load, two
# runs side by side:
#   valgrind  the gateway under valgrind memcheck: no error, no definitely/indirectly lost byte at exit, the live
#             heap (vgdb "leak_check summary", every 2 min) not growing after the warm-up (its floor);
#   plain     the same binary without valgrind: VmRSS/RssAnon every 10 s, slope after the warm-up; every CAN frame
#             set there (no gap over 1.5 s).
# Both check every CAN frame set (CVL/CCL/DCL bounds, failsafe, ramps). bench/soak/soak_daemon.py does the work and
# documents every check; this script builds the binaries and prints the verdicts.
#
# Usage: scripts/soak.sh [SECONDS]     (env: SOAK_DIR=output directory, SOAK_RATE=HTTP reads/s, SOAK_WARMUP_S)
# Needs: valgrind, socat, mosquitto, mosquitto-clients, python3-can, python3-serial, python3-requests,
# python3-websocket. Builds build/soak (the release preset as RelWithDebInfo: optimised, with symbols for valgrind).
set -euo pipefail

seconds="${1:-3600}"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${SOAK_DIR:-$repo/build/soak/soak-$(date +%Y%m%d-%H%M%S)}"
rate="${SOAK_RATE:-10}"
warmup="${SOAK_WARMUP_S:-$(( seconds >= 1800 ? 600 : seconds / 3 ))}"
python=/usr/bin/python3  # Debian's, with python3-can and friends

cd "$repo"
scripts/install-deps.sh test  # valgrind, socat, mosquitto, python3-* (apt only when something is missing)
flock /tmp/tbg-build.lock sh -c "
    [ -f build/soak/CMakeCache.txt ] || cmake --preset release -B build/soak -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DTBG_BUILD_BENCH=OFF >/dev/null
    cmake --build build/soak -j2 --target topband-gateway topband-sim"
gateway="$repo/build/soak/targets/linux/topband-gateway"
sim="$repo/build/soak/targets/linux/sim/topband-sim"
mkdir -p "$out"
echo "soak: ${seconds} s, warm-up ${warmup} s, ${rate} HTTP reads/s per run, output in $out"

common=(--gateway "$gateway" --sim "$sim" --seconds "$seconds" --rate "$rate" --warmup-s "$warmup")
"$python" bench/soak/soak_daemon.py "${common[@]}" --valgrind --workdir "$out/valgrind" \
    --json "$out/valgrind.json" >"$out/valgrind.out" 2>&1 &
valgrind_pid=$!
"$python" bench/soak/soak_daemon.py "${common[@]}" --workdir "$out/plain" --json "$out/plain.json" \
    >"$out/plain.out" 2>&1 &
plain_pid=$!
status=0
wait "$valgrind_pid" || status=1
wait "$plain_pid" || status=1

"$python" - "$out" <<'EOF'
import json, sys
from pathlib import Path
out = Path(sys.argv[1])
for label in ("valgrind", "plain"):
    path = out / f"{label}.json"
    if not path.exists():
        print(f"{label}: no result (see {out / (label + '.out')})")
        continue
    r = json.loads(path.read_text())
    can, load, mqtt = r.get("can", {}), r.get("load", {}), r.get("mqtt", {})
    print(f"== {label}: {'PASSED' if r['passed'] else 'FAILED'} ({r['seconds']:.0f} s from {r['started']})")
    print(f"   CAN: {can.get('frames')} frames, {can.get('sets')} sets, {can.get('violations')} violations, "
          f"interval p50/p99/max {can.get('interval_p50_ms')}/{can.get('interval_p99_ms')}/{can.get('interval_max_ms')}"
          f" ms, gaps > 1.5 s: {can.get('gaps_over_1500_ms')}")
    print(f"   load: {json.dumps(load)}")
    print(f"   gateway's own timing: {json.dumps(r.get('gateway_metrics'))}")
    print(f"   MQTT: {mqtt.get('messages')} messages on {mqtt.get('topics')} topics, "
          f"{mqtt.get('broker_outages')} broker outages; simulator steps: {r.get('scenario_steps')}")
    if "rss_kB" in r:
        m = r["rss_kB"]
        print(f"   VmRSS kB: first {m['first']}, at warm-up {m['at_warmup']}, end {m['end']}, max {m['max']}, "
              f"slope after warm-up {m['slope_after_warmup_kB_per_h']} kB/h; RssAnon at warm-up "
              f"{m.get('rss_anon_at_warmup')}, end {m.get('rss_anon_end')}, slope "
              f"{m.get('anon_slope_after_warmup_kB_per_h')} kB/h")
    if "live_heap_bytes" in r:
        h = r["live_heap_bytes"]
        print(f"   live heap bytes: first {h['first']}, at warm-up {h['at_warmup']}, end {h['end']}, "
              f"max after warm-up {h['max_after_warmup']}, floor growth after warm-up "
              f"{h.get('floor_growth_after_warmup')}, slope {h.get('slope_after_warmup_bytes_per_h')} B/h")
    if "valgrind" in r:
        v = r["valgrind"]
        print(f"   valgrind: {v['errors']} errors, definitely lost {v['definitely_lost_bytes']} B, indirectly lost "
              f"{v['indirectly_lost_bytes']} B, possibly lost {v['possibly_lost_bytes']} B, still reachable "
              f"{v['still_reachable_bytes']} B; {v.get('allocs')} allocs / {v.get('frees')} frees")
    print(f"   gateway exit code {r['gateway_exit_code']}, log lines by level {r.get('gateway_log_levels')}")
    for failure in r["failures"]:
        print(f"   FAIL: {failure}")
EOF
exit "$status"
