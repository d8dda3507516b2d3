#!/usr/bin/env python3
"""Benchmark of the full edition's HTTP side (release build) against topband-sim with CAN over slcan:

  (a) WebSocket push latency: for every status pushed during `--seconds`, the time from the moment the daemon took it
      (its "monotonic_ms", CLOCK_MONOTONIC, taken right after the CAN tick) to its arrival at a websocket-client
      reader in this process (time.monotonic(), the same clock). Acceptance: p99 ≤ 100 ms (docs/api.md).
  (b) REST latency: 200 sequential GETs each of /api/status, /api/packs, /api/history, /metrics and / (gzip), one
      keep-alive connection; p50 / p99 / max.
  (c) CAN cadence under HTTP load: tests/e2e_web/http_load.py in its own process (2 clients fetching every document
      in a loop, 3 WebSockets of which one never reads, logins back to back) for `--seconds`; |0x351 interval −
      1000 ms| p50 / p99 / max at python-can, and the same without load for comparison, plus the daemon's own worst
      timer lateness (topband_loop_timer_lateness_max_seconds). Acceptance: lateness ≤ 20 ms and the reader's
      p99 ≤ 50 ms (the reader's figure includes socat, the ptys and python-can competing for the two cores).
      The load generator runs at nice 19: on a real installation the clients are other machines, while here they
      share two cores with socat and the python-can reader, which time the frames; at nice 0 the generator delays
      those (the daemon's own timer lateness, also reported, does not grow under the load).
  (d) Resources: VmRSS/VmHWM of the daemon after the run; its CPU share without and with the load.
  (e) 50 concurrent clients: wrk (Debian package) with 2 threads and 50 keep-alive connections requesting
      GET /api/status back to back for `--seconds`, at nice 19; wrk's latency distribution (p50 / p99 / max) and
      the CAN cadence at python-can over the same window. Acceptance (issue 5): p99 < 10 ms and the reader's
      |0x351 interval − 1000 ms| p99 ≤ 20 ms.

Usage: bench/web/bench_web.py --gateway build/release-e2e/targets/linux/topband-gateway \
           --sim build/release-e2e/targets/linux/sim/topband-sim [--seconds 60] [--json FILE] [--report-only]
About 4 × --seconds + 30 s. Exit status 1 when an acceptance criterion fails (0 with --report-only)."""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.dont_write_bytecode = True
sys.path.insert(0, str(REPO / "tests" / "e2e"))
sys.path.insert(0, str(REPO / "tests" / "e2e_web"))

import requests  # noqa: E402
import websocket  # noqa: E402

from harness import intervals_ms  # noqa: E402
from web_rig import CanGateway, set_password  # noqa: E402

CLK_TCK = 100


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def summary(values: list[float]) -> dict:
    return {"n": len(values), "p50": percentile(values, 50), "p99": percentile(values, 99), "max": max(values)}


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def memory_kB(pid: int) -> dict:
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0])
    return values


def loop_lateness_ms(base: str) -> float:
    """The daemon's own worst timer lateness since its start (topband_loop_timer_lateness_max_seconds)."""
    for line in requests.get(base + "/metrics", timeout=10).text.splitlines():
        if line.startswith("topband_loop_timer_lateness_max_seconds "):
            return float(line.split()[1]) * 1000
    raise AssertionError("no topband_loop_timer_lateness_max_seconds in /metrics")


def push_latency(port: int, seconds: float) -> list[float]:
    ws = websocket.create_connection(f"ws://127.0.0.1:{port}/api/ws", timeout=5)
    latencies = []
    end = time.monotonic() + seconds
    ws.recv()  # the status sent on connect is not a push
    while time.monotonic() < end:
        message = json.loads(ws.recv())
        arrived_ms = time.monotonic() * 1000
        if message["type"] == "status":
            latencies.append(arrived_ms - message["data"]["monotonic_ms"])
    ws.close()
    return latencies


def rest_latency(base: str) -> dict:
    session = requests.Session()
    results = {}
    for path in ["/api/status", "/api/packs", "/api/history", "/metrics", "/"]:
        times = []
        for _ in range(200):
            start = time.perf_counter()
            response = session.get(base + path, timeout=10)
            response.raise_for_status()
            times.append((time.perf_counter() - start) * 1000)
        results[path] = summary(times) | {"bytes": len(response.content)}
    return results


def wrk_ms(value: str) -> float:
    for unit, factor in (("us", 0.001), ("ms", 1.0), ("s", 1000.0)):
        if value.endswith(unit):
            return float(value[: -len(unit)]) * factor
    raise ValueError(value)


def concurrent_status(base: str, seconds: float) -> dict:
    """wrk -c50 against /api/status; its latency distribution in ms, requests and socket errors."""
    out = subprocess.run(["nice", "-n", "19", "wrk", "-t2", "-c50", f"-d{int(seconds)}s", "--latency",
                          base + "/api/status"], capture_output=True, text=True, timeout=seconds + 60,
                         check=True).stdout
    result: dict = {"errors": 0, "non_2xx": 0}
    for line in out.splitlines():
        words = line.split()
        if len(words) == 2 and words[0] in ("50%", "99%"):
            result["p" + words[0][:-1]] = wrk_ms(words[1])
        elif words[:1] == ["Latency"] and len(words) >= 4:
            result["max"] = wrk_ms(words[3])
        elif "requests in" in line:
            result["requests"] = int(words[0])
        elif words[:2] == ["Socket", "errors:"]:
            result["errors"] = sum(int(w.strip(",")) for w in words[3::2])
        elif words[:1] == ["Non-2xx"]:
            result["non_2xx"] = int(words[-1])
        elif words[:1] == ["Requests/sec:"]:
            result["per_second"] = float(words[1])
    return result


def cadence(reader, start: float, end: float) -> dict:
    times = [f.t for f in reader.snapshot(since=start) if f.id == 0x351 and f.t < end]
    return summary([abs(i - 1000) for i in intervals_ms(times)])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gateway", required=True)
    parser.add_argument("--sim", required=True)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--json")
    parser.add_argument("--report-only", action="store_true")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="bench-web-"))
    set_password(args.gateway, workdir / "state")
    rig = CanGateway(args.gateway, args.sim, workdir, packs="0:16S7T,1:16S7T,2:16S7T")
    results: dict = {}
    try:
        pid = rig.gateway.pid
        time.sleep(3)
        # (a) pushes, with the idle-bank CAN cadence measured over the same window
        quiet_start, quiet_cpu = time.monotonic(), cpu_seconds(pid)
        latencies = push_latency(rig.port, args.seconds)
        quiet_end = time.monotonic()
        results["push_latency_ms"] = summary(latencies)
        results["cadence_no_load_ms"] = cadence(rig.reader, quiet_start + 1, quiet_end)
        results["cpu_no_load_pct"] = 100 * (cpu_seconds(pid) - quiet_cpu) / (quiet_end - quiet_start)
        # (b)
        results["rest_ms"] = rest_latency(rig.base)
        # (c) load from another process
        results["loop_max_lateness_ms_before_load"] = loop_lateness_ms(rig.base)
        load_start, load_cpu = time.monotonic(), cpu_seconds(pid)
        load = subprocess.run(["nice", "-n", "19", sys.executable,
                               str(REPO / "tests" / "e2e_web" / "http_load.py"), rig.base, str(args.seconds)], capture_output=True, text=True, timeout=args.seconds + 60)
        load_end = time.monotonic()
        results["load"] = json.loads(load.stdout.strip().splitlines()[-1])
        results["cadence_under_load_ms"] = cadence(rig.reader, load_start + 1, load_end - 1)
        results["cpu_under_load_pct"] = 100 * (cpu_seconds(pid) - load_cpu) / (load_end - load_start)
        results["memory_kB"] = memory_kB(pid)
        results["loop_max_lateness_ms_after_load"] = loop_lateness_ms(rig.base)
        # (e) 50 concurrent clients
        wrk_start = time.monotonic()
        results["concurrent_status_ms"] = concurrent_status(rig.base, args.seconds)
        wrk_end = time.monotonic()
        results["cadence_under_wrk_ms"] = cadence(rig.reader, wrk_start + 1, wrk_end - 1)
        results["loop_max_lateness_ms_after_wrk"] = loop_lateness_ms(rig.base)
    finally:
        rig.close(False)

    a, c = results["push_latency_ms"], results["cadence_under_load_ms"]
    print(f"(a) push latency: {a['n']} pushes, p50 {a['p50']:.1f} ms, p99 {a['p99']:.1f} ms, max {a['max']:.1f} ms")
    for path, r in results["rest_ms"].items():
        print(f"(b) GET {path:<13} p50 {r['p50']:.2f} ms, p99 {r['p99']:.2f} ms, max {r['max']:.2f} ms, "
              f"{r['bytes']} bytes")
    q = results["cadence_no_load_ms"]
    print(f"(c) |0x351 interval - 1000| without load: p50 {q['p50']:.1f} / p99 {q['p99']:.1f} / max {q['max']:.1f} ms"
          f" ({q['n']} intervals)")
    print(f"(c) under load {results['load']}: p50 {c['p50']:.1f} / p99 {c['p99']:.1f} / max {c['max']:.1f} ms "
          f"({c['n']} intervals)")
    print(f"(c) the daemon's worst timer lateness since start: {results['loop_max_lateness_ms_before_load']:.0f} ms "
          f"before the load, {results['loop_max_lateness_ms_after_load']:.0f} ms after it")
    print(f"(d) memory {results['memory_kB']}, CPU {results['cpu_no_load_pct']:.1f} % idle dashboard, "
          f"{results['cpu_under_load_pct']:.1f} % under load")
    e, w = results["concurrent_status_ms"], results["cadence_under_wrk_ms"]
    print(f"(e) 50 clients, GET /api/status: {e['requests']} requests ({e['per_second']:.0f}/s), p50 {e['p50']:.2f} ms, "
          f"p99 {e['p99']:.2f} ms, max {e['max']:.2f} ms, {e['errors']} socket errors, {e['non_2xx']} non-2xx")
    print(f"(e) |0x351 interval - 1000| meanwhile: p50 {w['p50']:.1f} / p99 {w['p99']:.1f} / max {w['max']:.1f} ms "
          f"({w['n']} intervals); worst timer lateness since start {results['loop_max_lateness_ms_after_wrk']:.0f} ms")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n")
    ok = (a["p99"] <= 100 and c["p99"] <= 50 and results["loop_max_lateness_ms_after_load"] <= 20
          and e["p99"] < 10 and e["errors"] == 0 and e["non_2xx"] == 0 and w["p99"] <= 20
          and results["loop_max_lateness_ms_after_wrk"] <= 20)
    print("acceptance:", "pass" if ok else "FAIL")
    return 0 if ok or args.report_only else 1


if __name__ == "__main__":
    sys.exit(main())
