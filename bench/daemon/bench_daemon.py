#!/usr/bin/env python3
"""Benchmark of the running daemon (release build) against topband-sim, printing one table:

  (a) RS485 sweep: 16 live packs at 9600 baud, turnaround 20 ms. A relay between the gateway's pty and the
      simulator's pty (tests/e2e/harness.py BusTap) timestamps every request and reply. Sweep = time between two
      0x42 polls of pack 0 in steady state (after every pack's start-up reads 0x47/0x51). Its wire-time limit = the
      sum, over the transactions of that sweep, of (request + reply characters) × 10 / baud + turnaround.
      Acceptance: mean sweep ≤ 1.15 × limit. On a pty a request costs no wire time, so the table also projects the
      ratio onto a real line (request wire time added back). Also reported: the time until all 16 packs are online.
  (b) CAN cadence: 1 live pack and 15 silent addresses (all probed), ≥ 120 s of 0x351 receive times taken when
      python-can hands each frame over; |interval − 1000 ms| p50 / p99 / max. The figure includes the pty, socat and
      python-can's byte-by-byte slcan reader, not only the daemon. Acceptance: p99 ≤ 20 ms.
  (c) Start-up: process start (just before fork/exec) → last frame of the first complete frame set received, 10 runs
      against 16 packs; median and max.
  (d) Resources of the daemon during (a): VmRSS and VmHWM from /proc/PID/status at the end, CPU time (utime + stime
      from /proc/PID/stat) over the whole run and over the steady-state part.

Usage: bench/daemon/bench_daemon.py --gateway build/release-e2e/targets/linux/topband-gateway \
           --sim build/release-e2e/targets/linux/sim/topband-sim [--quick] [--json FILE] [--report-only] [--keep]
About 3.5 minutes; --quick about 1.5 minutes (40 s of it is the discovery of 16 packs). Exit status 1 when an
acceptance criterion fails (0 with --report-only). Standard library + python-can + pyserial; needs socat.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, str(REPO / "tests" / "e2e"))

from harness import (VICTRON_FRAME_IDS, BusTap, Rig, decode_356, intervals_ms, split_frame_sets,  # noqa: E402
                     wait_for)

BAUD = 9600
TURNAROUND_MS = 20
CAN_INTERVAL_MS = 1000
SWEEP_ACCEPTANCE = 1.15
JITTER_P99_ACCEPTANCE_MS = 20.0
ANALOG, ALARM, PARAMETERS, INFO = 0x42, 0x44, 0x47, 0x51
ALL_ADDRESSES = 0xFFFF


def packs_spec(count: int) -> str:
    return ",".join(f"{adr}:16S7T" for adr in range(count))


def wire_ms(chars: int) -> float:
    return chars * 10 * 1000 / BAUD


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


@dataclass
class ProcSample:
    t: float
    rss_kB: int
    hwm_kB: int
    cpu_s: float


def sample_process(pid: int) -> ProcSample:
    status = Path(f"/proc/{pid}/status").read_text()
    values = {line.split(":")[0]: line.split()[1] for line in status.splitlines() if line.startswith("Vm")}
    # /proc/PID/stat: the command may contain spaces; fields after ")" start at field 3 (state).
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    cpu_s = (int(fields[11]) + int(fields[12])) / ticks  # utime, stime: fields 14 and 15
    return ProcSample(time.monotonic(), int(values["VmRSS"]), int(values["VmHWM"]), cpu_s)


@dataclass
class Results:
    rows: list[tuple[str, str, str, str]] = field(default_factory=list)  # measurement, value, acceptance, verdict
    data: dict = field(default_factory=dict)
    failed: bool = False

    def add(self, measurement: str, value: str, acceptance: str = "", ok: bool | None = None) -> None:
        verdict = "" if ok is None else ("pass" if ok else "FAIL")
        self.failed |= ok is False
        self.rows.append((measurement, value, acceptance, verdict))

    def table(self) -> str:
        header = ("measurement", "value", "acceptance", "")
        widths = [max(len(row[i]) for row in [header, *self.rows]) for i in range(4)]
        lines = ["| " + " | ".join(cell.ljust(width) for cell, width in zip(row, widths)) + " |"
                 for row in [header, tuple("-" * w for w in widths), *self.rows]]
        return "\n".join(lines)


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------------------------------------------
# (a) sweep and (d) resources
# --------------------------------------------------------------------------------------------------------------

def bench_sweep(args: argparse.Namespace, workdir: Path, results: Results, window_s: float) -> None:
    log(f"(a)/(d) 16 packs at {BAUD} baud through the bus tap: discovery, then {window_s:.0f} s of steady state")
    tap = BusTap()
    rig = Rig(args.gateway, args.sim, workdir)
    try:
        rig.start_sim(packs_spec(16), ["--baud", str(BAUD), "--turnaround-ms", str(TURNAROUND_MS)],
                      device=tap.sim_path)
        rig.start_can_link()
        rig.start_reader()
        gateway = rig.start_gateway({"poll": {"addresses_mask": ALL_ADDRESSES}}, base_config={},
                                    serial=Path(tap.gateway_path), status_interval_s=10)
        start = sample_process(gateway.pid)

        def set_up() -> bool:  # every pack online and through its start-up reads (0x47, 0x51)
            done = {(t.request.adr, t.request.cid2) for t in tap.transactions() if t.reply}
            return all((adr, cid) in done for adr in range(16) for cid in (ANALOG, PARAMETERS, INFO))

        wait_for(set_up, 120, "16 packs online and read", interval=0.5)
        online = sample_process(gateway.pid)
        discovery_s = max(t for _, t, _ in gateway.log.find(r"rs485: pack \d+ online")) - gateway.started
        wait_for(lambda: time.monotonic() - online.t >= window_s, window_s + 5, "the end of the run")
        end = sample_process(gateway.pid)
        transactions = tap.transactions()
    finally:
        rig.close()
        tap.close()

    # Steady state: from the first 0x42 poll of pack 0 after the last 0x47/0x51 (start-up reads) on.
    setup_done = max((t.request.start for t in transactions if t.request.cid2 in (PARAMETERS, INFO)), default=0.0)
    marks = [t.request.start for t in transactions
             if t.request.cid2 == ANALOG and t.request.adr == 0 and t.request.start > setup_done]
    if len(marks) < 2:
        raise RuntimeError(f"only {len(marks)} steady-state 0x42 polls of pack 0: run longer")
    sweeps, limits = [], []
    window = [t for t in transactions if marks[0] <= t.request.start < marks[-1]]
    for begin, end_mark in zip(marks, marks[1:]):
        inside = [t for t in window if begin <= t.request.start < end_mark]
        limit = sum(wire_ms(len(t.request.text) + (len(t.reply.text) if t.reply else 0)) + TURNAROUND_MS
                    for t in inside)
        sweeps.append((end_mark - begin) * 1000)
        limits.append(limit)
    ratio = sum(sweeps) / sum(limits)
    # On a pty the request arrives at once (the simulator's turnaround starts on arrival), so its wire time is not
    # spent; on a real line it is. Adding it back projects the sweep onto a real bus.
    request_wire_ms = sum(wire_ms(len(t.request.text)) for t in window)
    projected_ratio = (sum(sweeps) + request_wire_ms) / sum(limits)
    worst = max(s / l for s, l in zip(sweeps, limits))
    counts = {cid: sum(1 for t in window if t.request.cid2 == cid) for cid in (ANALOG, ALARM, PARAMETERS, INFO)}
    unanswered = sum(1 for t in window if t.reply is None)
    analog = [t for t in window if t.request.cid2 == ANALOG and t.reply]
    alarm = [t for t in window if t.request.cid2 == ALARM and t.reply]
    # Where the time goes: pack turnaround (request's last byte → reply's first byte, both at the relay) and the
    # gateway's gap (reply's last byte → next request's first byte).
    turnarounds = [(t.reply.start - t.request.end) * 1000 for t in window if t.reply]
    gaps = [(b.request.start - a.reply.end) * 1000 for a, b in zip(window, window[1:]) if a.reply]
    only_analog_limit = 16 * (wire_ms(len(analog[0].request.text) + len(analog[0].reply.text)) + TURNAROUND_MS)

    results.data["sweep"] = {
        "discovery_s": discovery_s,
        "sweeps": len(sweeps), "mean_ms": statistics.mean(sweeps), "max_ms": max(sweeps),
        "limit_mean_ms": statistics.mean(limits), "ratio": ratio, "worst_ratio": worst,
        "projected_real_line_ratio": projected_ratio,
        "transactions": {f"0x{cid:02X}": n for cid, n in counts.items()}, "unanswered": unanswered,
        "request_chars": len(analog[0].request.text), "analog_reply_chars": len(analog[0].reply.text),
        "alarm_reply_chars": len(alarm[0].reply.text) if alarm else None,
        "turnaround_median_ms": statistics.median(turnarounds), "gap_median_ms": statistics.median(gaps),
        "gap_max_ms": max(gaps), "analog_only_limit_ms": only_analog_limit,
    }
    results.add("(a) discovery: start → 16th pack online", f"{discovery_s:.1f} s")
    results.add("(a) sweep, 16 packs (0x42 of pack 0 to the next)",
                f"mean {statistics.mean(sweeps):.0f} ms, max {max(sweeps):.0f} ms over {len(sweeps)} sweeps")
    results.add("(a) wire-time limit of those sweeps", f"mean {statistics.mean(limits):.0f} ms "
                f"({counts[ANALOG]} × 0x42, {counts[ALARM]} × 0x44, {unanswered} unanswered)")
    results.add("(a) sweep / limit", f"{ratio:.3f} (worst sweep {worst:.3f})", f"≤ {SWEEP_ACCEPTANCE}",
                ratio <= SWEEP_ACCEPTANCE)
    results.add("(a) projected on a real line (request wire time added)", f"{projected_ratio:.3f}")
    results.add("(a) per transaction: turnaround / gateway gap",
                f"median {statistics.median(turnarounds):.1f} ms / median {statistics.median(gaps):.1f} ms, "
                f"max {max(gaps):.1f} ms")

    steady_s = end.t - online.t
    results.data["resources"] = {
        "vmrss_kB": end.rss_kB, "vmhwm_kB": end.hwm_kB, "cpu_total_s": end.cpu_s, "run_s": end.t - start.t,
        "cpu_steady_s": end.cpu_s - online.cpu_s, "steady_s": steady_s,
    }
    results.add("(d) memory at the end of the run", f"VmRSS {end.rss_kB} kB, VmHWM {end.hwm_kB} kB")
    results.add("(d) CPU time (utime + stime)",
                f"{end.cpu_s:.2f} s in {end.t - start.t:.0f} s; steady {end.cpu_s - online.cpu_s:.2f} s in "
                f"{steady_s:.0f} s = {100 * (end.cpu_s - online.cpu_s) / steady_s:.2f} % of a core")


# --------------------------------------------------------------------------------------------------------------
# (b) CAN cadence
# --------------------------------------------------------------------------------------------------------------

def bench_jitter(args: argparse.Namespace, workdir: Path, results: Results, duration_s: float) -> None:
    log(f"(b) CAN cadence, 1 live pack + 15 silent addresses, {duration_s:.0f} s")
    rig = Rig(args.gateway, args.sim, workdir)
    try:
        rig.start_sim(packs_spec(1), ["--baud", str(BAUD), "--turnaround-ms", str(TURNAROUND_MS)])
        rig.start_can_link()
        reader = rig.start_reader()
        rig.start_gateway({"poll": {"addresses_mask": ALL_ADDRESSES}}, base_config={}, status_interval_s=60)
        first = reader.wait_frame(0x351, 10, "the first frame set")
        wait_for(lambda: time.monotonic() - first.t >= duration_s + 0.5, duration_s + 5, "the end of the run")
        times = [f.t for f in reader.snapshot(first.t) if f.id == 0x351 and f.t <= first.t + duration_s + 0.5]
    finally:
        rig.close()
    intervals = intervals_ms(times)
    deviations = [abs(i - CAN_INTERVAL_MS) for i in intervals]
    p50, p99, worst = percentile(deviations, 50), percentile(deviations, 99), max(deviations)
    results.data["jitter"] = {"intervals": len(intervals), "mean_interval_ms": statistics.mean(intervals),
                              "p50_ms": p50, "p99_ms": p99, "max_ms": worst}
    results.add(f"(b) 0x351 interval, {len(intervals)} intervals",
                f"mean {statistics.mean(intervals):.2f} ms, min {min(intervals):.1f}, max {max(intervals):.1f}")
    results.add("(b) deviation from 1000 ms: p50 / p99 / max", f"{p50:.1f} / {p99:.1f} / {worst:.1f} ms",
                f"p99 ≤ {JITTER_P99_ACCEPTANCE_MS:.0f} ms", p99 <= JITTER_P99_ACCEPTANCE_MS)


# --------------------------------------------------------------------------------------------------------------
# (c) start-up
# --------------------------------------------------------------------------------------------------------------

def bench_startup(args: argparse.Namespace, workdir: Path, results: Results, runs: int) -> None:
    log(f"(c) start-up to the first complete frame set, {runs} runs against 16 packs")
    rig = Rig(args.gateway, args.sim, workdir)
    to_first_frame, to_full_set, sound = [], [], 0
    try:
        rig.start_sim(packs_spec(16), ["--baud", str(BAUD), "--turnaround-ms", str(TURNAROUND_MS)])
        rig.start_can_link()
        reader = rig.start_reader()
        for _ in range(runs):
            gateway = rig.start_gateway({"poll": {"addresses_mask": ALL_ADDRESSES}}, base_config={},
                                        status_interval_s=60)
            began = gateway.started
            first = reader.wait_frame(0x351, 10, "the first frame", since=began)
            full = wait_for(lambda: reader.complete_sets(began), 10, "a complete frame set")[0]
            to_first_frame.append((first.t - began) * 1000)
            to_full_set.append((max(f.t for f in full) - began) * 1000)
            # The very first set: complete, and built from real 0x42 data (a 16S pack reads 48-56 V).
            first_set = split_frame_sets(reader.snapshot(began))[0]
            by_id = {frame.id: frame.data for frame in first_set}
            sound += sorted(by_id) == sorted(VICTRON_FRAME_IDS) and 48 <= decode_356(by_id[0x356]).voltage_V <= 56
            rig.stop_gateway()
    finally:
        rig.close()
    results.data["startup"] = {"runs": runs, "first_frame_ms": to_first_frame, "full_set_ms": to_full_set,
                               "sound_first_sets": sound}
    results.add(f"(c) start → first complete frame set ({runs} runs)",
                f"median {statistics.median(to_full_set):.0f} ms, max {max(to_full_set):.0f} ms")
    results.add("(c) start → first 0x351", f"median {statistics.median(to_first_frame):.0f} ms, "
                f"max {max(to_first_frame):.0f} ms")
    results.add("(c) first set complete, 0x356 voltage plausible", f"{sound} of {runs}", f"{runs} of {runs}",
                sound == runs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gateway", required=True, help="topband-gateway (release build)")
    parser.add_argument("--sim", required=True, help="topband-sim")
    parser.add_argument("--quick", action="store_true", help="shorter runs (about 1.5 minutes in all)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--report-only", action="store_true", help="exit 0 even when an acceptance criterion fails")
    parser.add_argument("--keep", action="store_true", help="keep the working directory (logs, configs)")
    args = parser.parse_args()
    for path in (args.gateway, args.sim):
        if not os.access(path, os.X_OK):
            parser.error(f"not an executable: {path}")

    sweep_s, jitter_s, startup_runs = (12, 20, 3) if args.quick else (40, 120, 10)
    results = Results()
    began = time.monotonic()
    workdir = Path(tempfile.mkdtemp(prefix="bench_daemon."))
    try:
        for name, bench, amount in (("startup", bench_startup, startup_runs), ("sweep", bench_sweep, sweep_s),
                                    ("jitter", bench_jitter, jitter_s)):
            (workdir / name).mkdir()
            bench(args, workdir / name, results, amount)
    finally:
        if args.keep:
            log(f"files kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    results.data["wall_s"] = time.monotonic() - began
    print(results.table())
    print(f"\n{'quick' if args.quick else 'full'} run, {results.data['wall_s']:.0f} s wall time")
    if args.json:
        args.json.write_text(json.dumps(results.data, indent=2) + "\n")
    return 1 if results.failed and not args.report_only else 0


if __name__ == "__main__":
    sys.exit(main())
