#!/usr/bin/env python3
"""Daemon soak: topband-gateway against topband-sim for SECONDS under web and MQTT load, optionally under valgrind
memcheck. Called by scripts/soak.sh (which builds the binaries and runs a valgrind and a plain soak side by side).

The rig (tests/e2e/harness.py, imported read-only): the pack simulator (3 packs) on a pty, the gateway on it with
CAN over an slcan pty pair read back by python-can, its HTTP server on a free loopback port, a real mosquitto broker
and a mosquitto_sub subscriber on '#'. During the run:

  * the simulator cycles scenarios on its stdin, one step a minute: charge, noise, dropout, discharge, slow,
    wrong ADR, protection, hot, an unplug of the port, back to normal;
  * the broker is stopped for 30 s every 15 minutes (the gateway reconnects, its queue is bounded);
  * bench/soak/soak_load.py (own process) reads every document at --rate requests/s, keeps WebSockets (read, never
    read, churned) and logs in every minute to PUT the configuration and the layout;
  * every CAN frame set is checked: 0 < CVL <= cvl_max, CCL <= (online - blocking charge) x pack charge current,
    DCL likewise, no pack online => CCL = DCL = 0, and CCL/DCL/CVL rise no faster than their ramps;
  * memory: VmRSS and RssAnon every 10 s; under valgrind also the live heap (vgdb "leak_check summary": bytes in
    use) every 120 s. Growth is judged after --warmup-s: the live heap's floor (valgrind) or the RssAnon slope
    (plain run); see the end of main().

At the end the gateway gets SIGTERM (under valgrind the leak check runs then) and one JSON document with every figure
is written to --json and printed. Exit status 0 when: no invariant violation, no missing CAN frame set in the plain
run, the gateway exited 0 (valgrind: no error, no definitely/indirectly lost byte), no growth beyond the tolerance,
no error line in the gateway's log other than the MQTT reconnects the broker outages cause.

Standard library + python-can + pyserial (+ requests/websocket in soak_load.py): Debian packages only."""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Optional

REPO = Path(__file__).resolve().parents[2]
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, str(REPO / "tests" / "e2e"))
sys.path.insert(0, str(REPO / "tests" / "e2e_mqtt"))

from harness import Rig, decode_351, decode_372, stop_process, wait_for  # noqa: E402
from mqtt_rig import Broker, free_port  # noqa: E402

PACKS = "0:16S7T,1:16S7T,2:16S7T"
PASSWORD = "battery first"
CAN_INTERVAL_S = 1.0
# Gateway defaults (core/control/control_config.h) the CAN checks rely on; the soak does not change them.
CVL_MAX_V = 56.0
PACK_CHARGE_A = 50.0
PACK_DISCHARGE_A = 100.0
CCL_RAMP_A_PER_S = 10.0
DCL_RAMP_A_PER_S = 20.0
CVL_RAMP_V_PER_S = 0.1
# The reader's receive times jitter (pty, socat, python-can); a ramp check allows this much extra time per step.
RAMP_SLACK_S = 0.3

# One step a minute, in a cycle: (control line for the simulator, expected confirmation regex).
SCENARIO_STEPS = [
    "scenario charge", "scenario noise 1", "scenario normal 1", "scenario dropout 2", "scenario normal 2",
    "scenario discharge", "scenario slow 0", "scenario normal 0", "scenario wrong_adr 1", "scenario normal 1",
    "scenario protection 2", "scenario normal 2", "scenario hot 0", "scenario normal 0", "unplug 20",
    "scenario normal",
]


def log(message: str) -> None:
    print(f"[soak {time.strftime('%H:%M:%S')}] {message}", flush=True)


# --------------------------------------------------------------------------------------------------------------
# CAN checks
# --------------------------------------------------------------------------------------------------------------

class CanChecker:
    """Consumes the reader's frames (and drops them, so that an hour does not pile up) and checks each frame set."""

    def __init__(self, reader) -> None:
        self.reader = reader
        self.frames_seen = 0
        self.sets = 0
        self.violations: list[str] = []
        self.intervals_s: list[float] = []
        self.online_counts: dict[int, int] = {}
        self._pending: list = []
        self._last: Optional[tuple[float, object]] = None  # (t of 0x351, Limits)

    def violation(self, text: str) -> None:
        if len(self.violations) < 200:
            self.violations.append(text)
        else:
            self.violations[-1] = f"... and more; last: {text}"

    def poll(self) -> None:
        with self.reader._lock:  # the harness's reader keeps every frame; take them out
            frames, self.reader.frames = self.reader.frames, []
        self.frames_seen += len(frames)
        self._pending.extend(frames)
        # Split into sets at 0x351; the last (possibly incomplete) set stays pending.
        starts = [i for i, f in enumerate(self._pending) if f.id == 0x351]
        if len(starts) < 2:
            return
        for a, b in zip(starts, starts[1:]):
            self.check_set(self._pending[a:b])
        self._pending = self._pending[starts[-1]:]

    def check_set(self, frames) -> None:
        first = frames[0]
        limits = decode_351(first.data)
        counts = next((decode_372(f.data) for f in frames if f.id == 0x372), None)
        self.sets += 1
        where = f"set {self.sets} (t={first.t:.1f})"
        if not 0 < limits.cvl_V <= CVL_MAX_V + 1e-9:
            self.violation(f"{where}: CVL {limits.cvl_V} V outside (0, {CVL_MAX_V}]")
        if limits.ccl_A < 0 or limits.dcl_A < 0:
            self.violation(f"{where}: negative limit {limits}")
        if counts is None:
            self.violation(f"{where}: no 0x372 in the frame set")
        else:
            self.online_counts[counts.online] = self.online_counts.get(counts.online, 0) + 1
            ccl_cap = max(0, counts.online - counts.blocking_charge) * PACK_CHARGE_A
            dcl_cap = max(0, counts.online - counts.blocking_discharge) * PACK_DISCHARGE_A
            if limits.ccl_A > ccl_cap + 1e-9:
                self.violation(f"{where}: CCL {limits.ccl_A} A > {ccl_cap} A ({counts})")
            if limits.dcl_A > dcl_cap + 1e-9:
                self.violation(f"{where}: DCL {limits.dcl_A} A > {dcl_cap} A ({counts})")
            if counts.online == 0 and (limits.ccl_A or limits.dcl_A):
                self.violation(f"{where}: no pack online but CCL {limits.ccl_A} A DCL {limits.dcl_A} A")
        if self._last is not None:
            last_t, last = self._last
            dt = first.t - last_t
            self.intervals_s.append(dt)
            allow = dt + RAMP_SLACK_S
            for name, now, before, rate, unit in (("CCL", limits.ccl_A, last.ccl_A, CCL_RAMP_A_PER_S, 0.1),
                                                  ("DCL", limits.dcl_A, last.dcl_A, DCL_RAMP_A_PER_S, 0.1),
                                                  ("CVL", limits.cvl_V, last.cvl_V, CVL_RAMP_V_PER_S, 0.1)):
                if now - before > rate * allow + unit + 1e-9:
                    self.violation(f"{where}: {name} rose {before} -> {now} in {dt:.2f} s (ramp {rate}/s)")
        self._last = (first.t, limits)

    def cadence(self) -> dict:
        if not self.intervals_s:
            return {}
        ordered = sorted(self.intervals_s)
        pick = lambda pct: ordered[min(len(ordered) - 1, int(pct / 100 * len(ordered)))]  # noqa: E731
        return {"sets": self.sets, "interval_p50_ms": round(pick(50) * 1000, 1),
                "interval_p99_ms": round(pick(99) * 1000, 1), "interval_max_ms": round(ordered[-1] * 1000, 1),
                "gaps_over_1500_ms": sum(1 for i in self.intervals_s if i > 1.5 * CAN_INTERVAL_S)}


# --------------------------------------------------------------------------------------------------------------
# Memory
# --------------------------------------------------------------------------------------------------------------

def proc_memory(pid: int) -> Optional[dict]:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return None
    values = {line.split(":")[0]: int(line.split()[1]) for line in status.splitlines()
              if line.startswith(("VmRSS", "VmHWM", "RssAnon", "RssFile", "VmData", "Threads"))}
    try:
        values["mappings"] = len(Path(f"/proc/{pid}/maps").read_text().splitlines())
    except OSError:
        values["mappings"] = -1
    anon = re.search(r"^Anonymous:\s+(\d+) kB", rollup, re.M)
    values["Anonymous"] = int(anon.group(1)) if anon else -1
    return values


def vgdb_heap(pid: int, workdir: Path) -> Optional[int]:
    """Bytes of heap in use now (every leak-check category together), from the running memcheck via vgdb."""
    try:
        out = subprocess.run(["vgdb", f"--pid={pid}", "leak_check", "summary"], capture_output=True, text=True,
                             timeout=120).stdout
    except subprocess.TimeoutExpired:
        return None
    with open(workdir / "vgdb.log", "a", encoding="utf-8") as f:
        f.write(f"--- {time.time():.0f}\n{out}\n")
    total, found = 0, False
    for kind in ("definitely lost", "indirectly lost", "possibly lost", "still reachable"):
        match = re.search(rf"{kind}: ([\d,]+) \(\+?-?[\d,]+\) bytes|{kind}: ([\d,]+) bytes", out)
        if match:
            total += int((match.group(1) or match.group(2)).replace(",", ""))
            found = True
    return total if found else None


def gateway_metrics(base: str) -> dict:
    """The daemon's own view of its timing from GET /metrics: the worst event-loop timer lateness since start and the
    CAN deadlines it skipped (since the last counter reset; the load resets the counters every 10 minutes)."""
    import urllib.request

    wanted = ("topband_loop_timer_lateness_max_seconds", "topband_can_missed_ticks_total")
    try:
        with urllib.request.urlopen(base + "/metrics", timeout=30) as response:
            text = response.read().decode()
    except OSError as failure:
        return {"error": str(failure)}
    return {line.split()[0]: float(line.split()[1]) for line in text.splitlines()
            if line.split() and line.split()[0] in wanted}


def slope_per_hour(points: list[tuple[float, float]]) -> float:
    """Least-squares slope of (t_s, value) in value per hour."""
    if len(points) < 3:
        return 0.0
    ts = [p[0] for p in points]
    vs = [p[1] for p in points]
    mt, mv = statistics.fmean(ts), statistics.fmean(vs)
    den = sum((t - mt) ** 2 for t in ts)
    return 0.0 if den == 0 else sum((t - mt) * (v - mv) for t, v in zip(ts, vs)) / den * 3600


# --------------------------------------------------------------------------------------------------------------
# MQTT subscriber
# --------------------------------------------------------------------------------------------------------------

class CountingSubscriber:
    """mosquitto_sub on '#', restarted after the broker's outages; counts messages and topics."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.messages = 0
        self.topics: set[str] = set()
        self.restarts = 0
        self.proc: Optional[subprocess.Popen] = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.proc = subprocess.Popen(["mosquitto_sub", "-h", "127.0.0.1", "-p", str(self.port), "-t", "#",
                                          "-F", "%t"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                                         start_new_session=True)
            for line in self.proc.stdout:
                self.messages += 1
                if len(self.topics) < 10000:
                    self.topics.add(line.rstrip("\n"))
            self.proc.wait()
            self.restarts += 1
            self._stop.wait(2)

    def close(self) -> None:
        self._stop.set()
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
        self._thread.join(5)


# --------------------------------------------------------------------------------------------------------------
# The run
# --------------------------------------------------------------------------------------------------------------

def write_valgrind_wrapper(workdir: Path, gateway: str) -> str:
    wrapper = workdir / "gateway-under-valgrind"
    options = ["--tool=memcheck", "--leak-check=full", "--show-leak-kinds=definite,indirect,possible",
               "--errors-for-leak-kinds=definite,indirect", "--error-exitcode=99", "--num-callers=30",
               "--vgdb=yes", f"--log-file={workdir / 'valgrind.log'}"]
    wrapper.write_text("#!/bin/sh\nexec valgrind " + " ".join(options) + f" {gateway} \"$@\"\n")
    wrapper.chmod(0o755)
    return str(wrapper)


def parse_valgrind_log(path: Path) -> dict:
    text = path.read_text(errors="replace") if path.exists() else ""
    result: dict = {"log": str(path)}
    match = re.search(r"ERROR SUMMARY: ([\d,]+) errors from ([\d,]+) contexts", text)
    result["errors"] = int(match.group(1).replace(",", "")) if match else None
    for kind in ("definitely lost", "indirectly lost", "possibly lost", "still reachable"):
        found = re.findall(rf"{kind}: ([\d,]+) bytes in ([\d,]+) blocks", text)
        result[kind.replace(" ", "_") + "_bytes"] = int(found[-1][0].replace(",", "")) if found else 0
    match = re.search(r"total heap usage: ([\d,]+) allocs, ([\d,]+) frees, ([\d,]+) bytes allocated", text)
    if match:
        result["allocs"], result["frees"], result["bytes_allocated"] = (int(g.replace(",", "")) for g in match.groups())
    match = re.search(r"in use at exit: ([\d,]+) bytes in ([\d,]+) blocks", text)
    result["in_use_at_exit_bytes"] = int(match.group(1).replace(",", "")) if match else None
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gateway", required=True)
    parser.add_argument("--sim", required=True)
    parser.add_argument("--seconds", type=float, default=3600)
    parser.add_argument("--workdir", type=Path, required=True)
    parser.add_argument("--valgrind", action="store_true")
    parser.add_argument("--rate", type=float, default=10.0, help="HTTP read requests per second")
    parser.add_argument("--warmup-s", type=float, default=600)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    label = "valgrind" if args.valgrind else "plain"
    started_at = time.strftime("%Y-%m-%d %H:%M:%S %Z")
    result: dict = {"label": label, "seconds": args.seconds, "started": started_at,
                    "commit": subprocess.run(["git", "-C", str(REPO), "describe", "--always", "--dirty"],
                                             capture_output=True, text=True).stdout.strip(),
                    "machine": f"{os.uname().machine}, {os.cpu_count()} CPUs, {os.uname().release}"}
    failures: list[str] = []

    broker = Broker(args.workdir, free_port()).start()
    subscriber = CountingSubscriber(broker.port)
    http_port = free_port()
    base = f"http://127.0.0.1:{http_port}"
    state_dir = args.workdir / "state"
    state_dir.mkdir(exist_ok=True)
    subprocess.run([args.gateway, "passwd", "--state-dir", str(state_dir)], input=PASSWORD + "\n", text=True,
                   capture_output=True, timeout=60, check=True)
    binary = write_valgrind_wrapper(args.workdir, args.gateway) if args.valgrind else args.gateway
    rig = Rig(binary, args.sim, args.workdir)
    load: Optional[subprocess.Popen] = None
    checker: Optional[CanChecker] = None
    rss: list[tuple[float, dict]] = []
    heap: list[tuple[float, int]] = []
    scenario_steps = broker_outages = 0
    try:
        config = {"mqtt": {"enabled": True, "host": "127.0.0.1", "port": broker.port, "device_id": f"soak-{label}",
                           "interval_s": 1, "detail": "cell"}}
        gateway = rig.start_bank(PACKS, config=config, base_config={}, timeout=180 if args.valgrind else 30,
                                 extra_args=["--http", f"127.0.0.1:{http_port}"], status_interval_s=60,
                                 exit_after_s=int(args.seconds) + 1800)
        pid = gateway.pid
        log(f"{label}: gateway pid {pid} up, http {base}, mqtt {broker.port}, workdir {args.workdir}")
        checker = CanChecker(rig.reader)
        load = subprocess.Popen([sys.executable, str(REPO / "bench" / "soak" / "soak_load.py"), base,
                                 str(args.seconds), "--rate", str(args.rate), "--password", PASSWORD, "--progress",
                                 str(args.workdir / "load-progress.json")], stdout=subprocess.PIPE, text=True,
                                start_new_session=True)
        t0 = time.monotonic()
        next_rss = next_heap = next_scenario = t0
        next_outage = t0 + 900
        outage_until: Optional[float] = None
        while True:
            now = time.monotonic()
            elapsed = now - t0
            if elapsed >= args.seconds:
                break
            if not gateway.running():
                failures.append(f"the gateway exited early ({gateway.process.returncode}) after {elapsed:.0f} s")
                break
            checker.poll()
            if now >= next_rss:
                sample = proc_memory(pid)
                if sample:
                    rss.append((elapsed, sample))
                next_rss += 10
            if args.valgrind and now >= next_heap:
                live = vgdb_heap(pid, args.workdir)
                if live is not None:
                    heap.append((elapsed, live))
                next_heap += 120
            if now >= next_scenario:
                line = SCENARIO_STEPS[scenario_steps % len(SCENARIO_STEPS)]
                try:
                    if line.startswith("unplug"):
                        rig.sim.unplug(int(line.split()[1]))
                    else:
                        _, name, *adr = line.split()
                        rig.sim.scenario(name, int(adr[0]) if adr else None)
                    scenario_steps += 1
                except AssertionError as failure:
                    failures.append(f"simulator did not confirm '{line}': {failure}")
                next_scenario += 60
            if outage_until is None and now >= next_outage and elapsed < args.seconds - 120:
                broker.stop()
                broker_outages += 1
                outage_until = now + 30
            elif outage_until is not None and now >= outage_until:
                broker.start()
                outage_until = None
                next_outage = now + 900
            time.sleep(0.5)
        if outage_until is not None:
            broker.start()
        checker.poll()
        load_counts = {}
        if load is not None:
            load.send_signal(signal.SIGTERM)
            out, _ = load.communicate(timeout=120)
            load_counts = json.loads(out.strip().splitlines()[-1]) if out.strip() else {}
        result["load"] = load_counts
        result["gateway_metrics"] = gateway_metrics(base)
        result["mqtt"] = {"messages": subscriber.messages, "topics": len(subscriber.topics),
                          "broker_outages": broker_outages}
        result["scenario_steps"] = scenario_steps
        final_sample = proc_memory(pid)
        if final_sample:
            rss.append((time.monotonic() - t0, final_sample))
        if args.valgrind:
            live = vgdb_heap(pid, args.workdir)
            if live is not None:
                heap.append((time.monotonic() - t0, live))
    finally:
        if load is not None and load.poll() is None:
            stop_process(load, signal.SIGKILL, 5)
        exit_code = rig.gateway.stop(timeout=300) if rig.gateway else None
        rig.gateway = None
        rig.close()
        subscriber.close()
        broker.stop()

    result["gateway_exit_code"] = exit_code
    if checker is not None:
        result["can"] = {"frames": checker.frames_seen, **checker.cadence(), "online_counts": checker.online_counts,
                         "violations": len(checker.violations), "violation_examples": checker.violations[:20]}
        if checker.violations:
            failures.append(f"{len(checker.violations)} CAN invariant violations, e.g. {checker.violations[0]}")
        if not args.valgrind and checker.cadence().get("gaps_over_1500_ms", 0):
            failures.append(f"{checker.cadence()['gaps_over_1500_ms']} CAN frame sets missing (gap > 1.5 s)")
    warm = [(t, s) for t, s in rss if t >= args.warmup_s]
    if rss:
        result["rss_kB"] = {"first": rss[0][1]["VmRSS"], "at_warmup": warm[0][1]["VmRSS"] if warm else None,
                            "end": rss[-1][1]["VmRSS"], "max": max(s["VmRSS"] for _, s in rss),
                            "hwm_end": rss[-1][1]["VmHWM"], "anon_at_warmup": warm[0][1]["Anonymous"] if warm else None,
                            "anon_end": rss[-1][1]["Anonymous"],
                            "rss_anon_at_warmup": warm[0][1].get("RssAnon") if warm else None,
                            "rss_anon_end": rss[-1][1].get("RssAnon"),
                            "slope_after_warmup_kB_per_h": round(slope_per_hour([(t, s["VmRSS"]) for t, s in warm]),
                                                                 1),
                            "anon_slope_after_warmup_kB_per_h": round(
                                slope_per_hour([(t, s.get("RssAnon", 0)) for t, s in warm]), 1),
                            "samples": len(rss)}
        with open(args.workdir / "rss.csv", "w", encoding="utf-8") as f:
            f.write("t_s,VmRSS_kB,VmHWM_kB,RssAnon_kB,Anonymous_kB,Threads,mappings\n")
            for t, s in rss:
                f.write(f"{t:.0f},{s['VmRSS']},{s['VmHWM']},{s.get('RssAnon', -1)},{s['Anonymous']},"
                        f"{s.get('Threads', -1)},{s.get('mappings', -1)}\n")
    if heap:
        warm_heap = [(t, v) for t, v in heap if t >= args.warmup_s]
        result["live_heap_bytes"] = {"first": heap[0][1], "at_warmup": warm_heap[0][1] if warm_heap else None,
                                     "end": heap[-1][1], "max_after_warmup": max(v for _, v in warm_heap)
                                     if warm_heap else None, "samples": [[round(t), v] for t, v in heap]}
    if args.valgrind:
        result["valgrind"] = parse_valgrind_log(args.workdir / "valgrind.log")
        vg = result["valgrind"]
        if vg["errors"] != 0:
            failures.append(f"valgrind: {vg['errors']} errors")
        if vg["definitely_lost_bytes"] or vg["indirectly_lost_bytes"]:
            failures.append(f"valgrind: lost {vg['definitely_lost_bytes']} definitely, "
                            f"{vg['indirectly_lost_bytes']} indirectly")
    if exit_code != 0:
        failures.append(f"gateway exit code {exit_code}")
    # Growth after warm-up. Live heap (exact bytes, valgrind run): a sample also holds the buffers of requests in
    # flight, so the floor is compared: the smallest sample of the second half after warm-up may exceed the smallest
    # of the first half by at most 32 KiB (a leak raises the floor). RSS (plain run): the anonymous resident memory
    # (RssAnon: heap, arenas, stacks; not the file pages of the binary and libraries, which grow as code paths run
    # for the first time) must grow less than 256 kB/h (least-squares slope after warm-up).
    growth_ok = True
    if heap:
        warm_heap = [v for t, v in heap if t >= args.warmup_s]
        if len(warm_heap) >= 4:
            half = len(warm_heap) // 2
            floor_growth = min(warm_heap[half:]) - min(warm_heap[:half])
            result["live_heap_bytes"]["floor_growth_after_warmup"] = floor_growth
            result["live_heap_bytes"]["growth_after_warmup"] = warm_heap[-1] - warm_heap[0]
            result["live_heap_bytes"]["slope_after_warmup_bytes_per_h"] = round(
                slope_per_hour([(t, v) for t, v in heap if t >= args.warmup_s]))
            if floor_growth > 32 * 1024:
                growth_ok = False
                failures.append(f"live heap floor grew by {floor_growth} bytes after warm-up")
    if not args.valgrind and "rss_kB" in result and result["rss_kB"]["at_warmup"] is not None:
        if result["rss_kB"]["anon_slope_after_warmup_kB_per_h"] > 256:
            growth_ok = False
            failures.append(f"RssAnon grows {result['rss_kB']['anon_slope_after_warmup_kB_per_h']} kB/h after warm-up")
    result["growth_ok"] = growth_ok
    levels, error_lines = gateway_log_levels(args.workdir / "gateway.log")
    result["gateway_log_levels"] = levels
    if error_lines:
        result["gateway_error_lines"] = error_lines
        failures.append(f"{levels.get('error', 0)} error lines in the gateway's log, e.g. {error_lines[0]}")
    result["failures"] = failures
    result["passed"] = not failures
    text = json.dumps(result, indent=2)
    if args.json:
        args.json.write_text(text + "\n")
    print(text, flush=True)
    return 0 if not failures else 1


# Error lines the soak causes on purpose: the broker is stopped for 30 s every 15 minutes.
INDUCED_ERRORS = (re.compile(r"error: mqtt: cannot connect to 127\.0\.0\.1:\d+: Connection refused"),)


def gateway_log_levels(path: Path, limit: int = 20) -> tuple[dict[str, int], list[str]]:
    """Lines of the gateway's log per level ("<t> <level>: <text>"; error lines caused by the broker outages count as
    "error_induced"), and up to `limit` of the other error lines."""
    levels: dict[str, int] = {}
    errors: list[str] = []
    if not path.exists():
        return levels, errors
    for line in path.read_text(errors="replace").splitlines():
        match = re.match(r"^\S+ (\w+): ", line)  # LineLog's mirror: "<monotonic s> <level>: <text>"
        level = match.group(1) if match else "other"
        if level == "error" and any(pattern.search(line) for pattern in INDUCED_ERRORS):
            level = "error_induced"
        levels[level] = levels.get(level, 0) + 1
        if level == "error" and len(errors) < limit:
            errors.append(line)
    return levels, errors


if __name__ == "__main__":
    sys.exit(main())
