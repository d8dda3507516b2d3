"""End-to-end rig for topband-gateway: the pack simulator on a pty, an slcan CAN link over a socat pty pair, the
gateway itself and a python-can reader collecting every CAN frame.

Standard library + python-can + pyserial only (no pytest here: bench/daemon/bench_daemon.py imports this module too).

    rig = Rig(gateway_binary, sim_binary, workdir)
    try:
        sim = rig.start_sim(packs="0:16S7T,1:16S7T,2:16S7T")
        rig.start_can_link()
        reader = rig.start_reader()
        gateway = rig.start_gateway(config={"control": {"comm_loss_timeout_s": 5}})
        wait_for(lambda: reader.latest(0x372) and decode_372(reader.latest(0x372).data).online == 3, 10, "3 online")
    finally:
        rig.close()          # stops and, if need be, kills every process it started

Every child process gets a parent-death signal (SIGKILL), so nothing outlives the Python process even when it is killed;
Rig.close() stops them in order and an atexit hook kills whatever is left.
"""

from __future__ import annotations

import atexit
import json
import os
import re
import shutil
import signal
import struct
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, NamedTuple, Optional, TypeVar

T = TypeVar("T")

# The Victron frame set the gateway sends once per can.interval_ms (shared/protocols/victron-can-bms.md §2).
VICTRON_FRAME_IDS = (0x351, 0x355, 0x356, 0x35A, 0x35B, 0x35E, 0x35F, 0x370, 0x371, 0x372, 0x373, 0x374, 0x375,
                     0x376, 0x377, 0x378, 0x379)

# Alarm/warning conditions of 0x35A in pair order (§3.4): condition i sits in byte i // 4 (alarm) and byte
# i // 4 + 4 (warning), bits 2 × (i % 4).
ALARM_CONDITIONS = ("general", "high_voltage", "low_voltage", "high_temperature", "low_temperature",
                    "high_temperature_charge", "low_temperature_charge", "high_discharge_current",
                    "high_charge_current", "contactor", "short_circuit", "bms_internal", "cell_imbalance")
PAIR_NOT_REPORTED, PAIR_ACTIVE, PAIR_OK = 0, 1, 2


# --------------------------------------------------------------------------------------------------------------
# Waiting
# --------------------------------------------------------------------------------------------------------------

class WaitTimeout(AssertionError):
    """A wait_for() condition did not come true in time (an AssertionError, so pytest shows it as a failure)."""


def wait_for(predicate: Callable[[], T], timeout: float, what: str, interval: float = 0.05) -> T:
    """Polls predicate() until it returns something truthy and returns that; raises WaitTimeout after `timeout` s."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise WaitTimeout(f"timed out after {timeout:.1f} s waiting for: {what}")
        time.sleep(interval)


# --------------------------------------------------------------------------------------------------------------
# Frame decoding (little endian, §3)
# --------------------------------------------------------------------------------------------------------------

class Frame(NamedTuple):
    t: float        # time.monotonic() when python-can handed the frame over
    id: int
    data: bytes


class Limits(NamedTuple):
    cvl_V: float
    ccl_A: float
    dcl_A: float
    dvl_V: float


class Soc(NamedTuple):
    soc_pct: int
    soh_pct: int
    soc_hires_pct: float


class Measurements(NamedTuple):
    voltage_V: float
    current_A: float
    temperature_C: float


class ModuleCounts(NamedTuple):
    online: int
    blocking_charge: int
    blocking_discharge: int
    offline: int


class CellExtremes(NamedTuple):
    min_cell_V: float
    max_cell_V: float
    min_temp_C: int
    max_temp_C: int


def decode_351(data: bytes) -> Limits:
    cvl, ccl, dcl, dvl = struct.unpack_from("<HhhH", data)
    return Limits(cvl / 10, ccl / 10, dcl / 10, dvl / 10)


def decode_355(data: bytes) -> Soc:
    soc, soh, hires = struct.unpack_from("<HHH", data)
    return Soc(soc, soh, hires / 100)


def decode_356(data: bytes) -> Measurements:
    voltage, current, temperature = struct.unpack_from("<hhh", data)
    return Measurements(voltage / 100, current / 10, temperature / 10)


def decode_35a(data: bytes) -> dict[str, tuple[int, int]]:
    """Condition name → (alarm pair, warning pair), each PAIR_NOT_REPORTED, PAIR_ACTIVE or PAIR_OK."""
    pairs = {}
    for index, name in enumerate(ALARM_CONDITIONS):
        shift = 2 * (index % 4)
        pairs[name] = ((data[index // 4] >> shift) & 3, (data[index // 4 + 4] >> shift) & 3)
    return pairs


def active_alarms(data: bytes) -> list[str]:
    return [name for name, (alarm, _) in decode_35a(data).items() if alarm == PAIR_ACTIVE]


def active_warnings(data: bytes) -> list[str]:
    return [name for name, (_, warning) in decode_35a(data).items() if warning == PAIR_ACTIVE]


def decode_372(data: bytes) -> ModuleCounts:
    return ModuleCounts(*struct.unpack_from("<HHHH", data))


def decode_373(data: bytes) -> CellExtremes:
    vmin, vmax, tmin, tmax = struct.unpack_from("<HHHH", data)
    return CellExtremes(vmin / 1000, vmax / 1000, tmin - 273, tmax - 273)


def decode_379(data: bytes) -> int:
    return struct.unpack_from("<H", data)[0]


def decode_ascii(data: bytes) -> str:
    return data.rstrip(b"\0").decode("ascii", errors="replace")


def split_frame_sets(frames: Iterable[Frame]) -> list[list[Frame]]:
    """Groups frames into sets, each starting at a 0x351 (the gateway sends 0x351 first). Frames before the first
    0x351 are dropped."""
    sets: list[list[Frame]] = []
    for frame in frames:
        if frame.id == 0x351:
            sets.append([frame])
        elif sets:
            sets[-1].append(frame)
    return sets


def intervals_ms(times: Iterable[float]) -> list[float]:
    times = list(times)
    return [(b - a) * 1000 for a, b in zip(times, times[1:])]


def max_gap_ms(frames: Iterable[Frame], frame_id: int, start: float, end: float) -> float:
    """Longest stretch without a `frame_id` frame within [start, end], the window's edges included."""
    times = [start] + [f.t for f in frames if f.id == frame_id and start <= f.t <= end] + [end]
    return max(intervals_ms(times))


# --------------------------------------------------------------------------------------------------------------
# Processes
# --------------------------------------------------------------------------------------------------------------

_SETPRIV = shutil.which("setpriv")  # util-linux; essential on Debian
_live_processes: "set[subprocess.Popen]" = set()
_live_lock = threading.Lock()


def spawn(args: list[str], **kwargs) -> subprocess.Popen:
    """Popen in its own process group and with SIGKILL as parent-death signal (setpriv --pdeathsig: the child dies
    with the Python process even when that is SIGKILLed); tracked until reaped by stop_process()."""
    if _SETPRIV:
        args = [_SETPRIV, "--pdeathsig", "KILL", "--", *args]  # setpriv execs the program: same pid
    process = subprocess.Popen(args, start_new_session=True, **kwargs)
    with _live_lock:
        _live_processes.add(process)
    return process


def stop_process(process: Optional[subprocess.Popen], sig: int = signal.SIGTERM,
                 timeout: float = 10.0) -> Optional[int]:
    """Sends `sig` to the process, waits up to `timeout` s, then SIGKILLs its whole group. Returns the exit code
    (negative for a signal) or None when there was no process. Killing with SIGKILL is reported as -9."""
    if process is None:
        return None
    if process.poll() is None:
        try:
            process.send_signal(sig)
        except ProcessLookupError:
            pass
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            pass
    # The group: anything the process left behind (none of ours fork, but be thorough).
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    rc = process.wait()
    with _live_lock:
        _live_processes.discard(process)
    return rc


@atexit.register
def _kill_leftovers() -> None:
    with _live_lock:
        leftovers = list(_live_processes)
    for process in leftovers:
        stop_process(process, signal.SIGKILL, 2.0)


class LineLog:
    """Lines of a child's text stream, collected by a thread, each with its monotonic arrival time; optionally
    mirrored to a file."""

    def __init__(self, stream, mirror: Optional[Path] = None) -> None:
        self._lines: list[tuple[float, str]] = []
        self._cond = threading.Condition()
        self._mirror = open(mirror, "w", encoding="utf-8") if mirror else None
        self._thread = threading.Thread(target=self._run, args=(stream,), daemon=True)
        self._thread.start()

    def _run(self, stream) -> None:
        for raw in stream:
            line = raw.rstrip("\n")
            now = time.monotonic()
            if self._mirror:
                self._mirror.write(f"{now:.3f} {line}\n")
                self._mirror.flush()
            with self._cond:
                self._lines.append((now, line))
                self._cond.notify_all()
        if self._mirror:
            self._mirror.close()

    def join(self, timeout: float = 5.0) -> None:
        self._thread.join(timeout)

    def __len__(self) -> int:
        with self._cond:
            return len(self._lines)

    def lines(self, start: int = 0) -> list[tuple[float, str]]:
        with self._cond:
            return list(self._lines[start:])

    def text(self, start: int = 0) -> str:
        return "\n".join(line for _, line in self.lines(start))

    def find(self, pattern: str, start: int = 0) -> list[tuple[int, float, re.Match]]:
        """(index, time, match) of every line from `start` on that matches the regex `pattern` (re.search)."""
        regex = re.compile(pattern)
        found = []
        for offset, (t, line) in enumerate(self.lines(start)):
            match = regex.search(line)
            if match:
                found.append((start + offset, t, match))
        return found

    def wait(self, pattern: str, timeout: float, start: int = 0) -> tuple[int, float, re.Match]:
        """Waits for the first line from `start` on that matches; returns (index, time, match)."""
        found = wait_for(lambda: self.find(pattern, start), timeout, f"a line matching /{pattern}/")
        return found[0]

    def tail(self, count: int = 40) -> str:
        return "\n".join(line for _, line in self.lines()[-count:])


# --------------------------------------------------------------------------------------------------------------
# The simulator
# --------------------------------------------------------------------------------------------------------------

def parse_key_values(text: str) -> dict[str, str]:
    return dict(item.split("=", 1) for item in text.split() if "=" in item)


class Sim:
    """topband-sim on its own pty with a --link symlink (or on `device`, e.g. a pty of a BusTap); commands go to its
    stdin, its stdout lines are collected."""

    def __init__(self, binary: str, workdir: Path, packs: str, extra_args: Iterable[str] = (),
                 device: Optional[str] = None) -> None:
        self.link = Path(device) if device else workdir / "rs485"
        self.packs = packs
        self.addresses = [int(item.split(":")[0]) for item in packs.split(",")]
        self._stderr = open(workdir / "sim.stderr", "w", encoding="utf-8")
        port_args = ["--device", device] if device else ["--link", str(self.link)]
        self.process = spawn([binary, "--packs", packs, *port_args, *extra_args], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=self._stderr, text=True, bufsize=1)
        self.out = LineLog(self.process.stdout, workdir / "sim.stdout")
        self.out.wait(r"^(PTY|DEVICE) ", 10)
        wait_for(self.link.exists, 5, f"the simulator's port {self.link}")

    def command(self, line: str) -> int:
        """Writes one control line; returns the index of the next stdout line (to wait for its answer)."""
        start = len(self.out)
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()
        return start

    def scenario(self, name: str, adr: Optional[int] = None) -> None:
        start = self.command(f"scenario {name}" + ("" if adr is None else f" {adr}"))
        self.out.wait(rf"^SCENARIO {name} {'all' if adr is None else adr}$", 5, start)

    def unplug(self, seconds: int) -> float:
        """Closes the pty for `seconds`; returns the time the simulator confirmed."""
        start = self.command(f"unplug {seconds}")
        return self.out.wait(r"^UNPLUGGED$", 5, start)[1]

    def status(self) -> dict[int, dict[str, str]]:
        """The simulator's own view of each pack: adr → {soc_centipct, pack_10mV, min_cell_mV, …} (strings)."""
        start = self.command("status")
        wait_for(lambda: len(self.out.find(r"^STATUS ", start)) >= len(self.addresses), 5, "STATUS lines")
        packs = {}
        for _, _, match in self.out.find(r"^STATUS (.*)$", start)[:len(self.addresses)]:
            values = parse_key_values(match.group(1))
            packs[int(values["adr"])] = values
        return packs

    def stderr_text(self) -> str:
        if not self._stderr.closed:
            self._stderr.flush()
        return Path(self._stderr.name).read_text(encoding="utf-8", errors="replace")

    def stop(self) -> Optional[int]:
        """"quit", then SIGTERM/SIGKILL if need be; the exit code. Safe to call again."""
        if self._stderr.closed:
            return self.process.returncode
        if self.process.poll() is None:
            try:
                self.process.stdin.write("quit\n")
                self.process.stdin.flush()
            except (BrokenPipeError, ValueError, OSError):
                pass
        rc = stop_process(self.process, signal.SIGTERM, 5)
        self.out.join()
        for stream in (self.process.stdin, self.process.stdout):
            try:
                stream.close()
            except OSError:
                pass
        self._stderr.close()
        return rc


# --------------------------------------------------------------------------------------------------------------
# RS485 bus tap: a relay between two pty pairs that timestamps every byte
# --------------------------------------------------------------------------------------------------------------

class BusFrame(NamedTuple):
    start: float    # monotonic time the relay read the '~'
    end: float      # … the CR
    text: str       # '~' … CR, as relayed

    @property
    def adr(self) -> int:
        return int(self.text[3:5], 16)

    @property
    def cid2(self) -> int:
        return int(self.text[7:9], 16)


class Transaction(NamedTuple):
    request: BusFrame
    reply: Optional[BusFrame]


class BusTap:
    """The gateway opens `gateway_path`, the simulator opens `sim_path` (--device); a thread relays the bytes both
    ways as soon as they arrive and records them. The relay adds a few tens of microseconds per direction.

    Late replies on demand: hold_replies_after(adr, cid2) makes the relay keep every byte from the packs once it has
    relayed that request; release_on_next_request() hands the kept bytes to the gateway right after its next request
    (so they arrive as if a pack answered an earlier request late)."""

    def __init__(self) -> None:
        import tty

        self._gateway_master, self._gateway_slave = os.openpty()
        self._sim_master, self._sim_slave = os.openpty()
        for fd in (self._gateway_slave, self._sim_slave):  # our slave fds stay open: no EIO while nobody else has it
            tty.setraw(fd)
        for fd in (self._gateway_master, self._sim_master):
            os.set_blocking(fd, False)
        self.gateway_path = os.ttyname(self._gateway_slave)
        self.sim_path = os.ttyname(self._sim_slave)
        self._chunks: list[tuple[float, bool, bytes]] = []  # (time, from the gateway?, bytes)
        self._lock = threading.Lock()
        self._hold_after: Optional[tuple[int, int]] = None  # (adr, cid2) of the request that starts holding
        self._holding = False
        self._release = False
        self._held = b""
        self._request_text = ""  # the request being relayed, for hold_replies_after()
        self._stop_read, self._stop_write = os.pipe()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        import select

        peers = {self._gateway_master: self._sim_master, self._sim_master: self._gateway_master}
        poller = select.poll()
        for fd in (*peers, self._stop_read):
            poller.register(fd, select.POLLIN)
        while True:
            events = poller.poll()
            now = time.monotonic()
            for fd, _ in events:
                if fd == self._stop_read:
                    return
                try:
                    data = os.read(fd, 4096)
                except (BlockingIOError, OSError):
                    continue  # EIO: the other end has no reader yet; nothing to relay
                if not data:
                    continue
                from_gateway = fd == self._gateway_master
                with self._lock:
                    self._chunks.append((now, from_gateway, data))
                    if not from_gateway and self._holding:
                        self._held += data
                        continue
                    release = b""
                    if from_gateway:
                        release = self._after_request_bytes(data)
                try:
                    os.write(peers[fd], data)
                    if release:
                        os.write(self._gateway_master, release)
                except OSError:
                    pass

    def _after_request_bytes(self, data: bytes) -> bytes:
        """Called with the lock held for bytes from the gateway: arms holding after the chosen request, and returns the
        held bytes when they are due for release."""
        for char in data.decode("latin-1"):
            if char == "~":
                self._request_text = "~"
            elif self._request_text:
                self._request_text += char
                if char != "\r":
                    continue
                text, self._request_text = self._request_text, ""
                if self._release:
                    released, self._held, self._holding, self._release = self._held, b"", False, False
                    return released
                header = (int(text[3:5], 16), int(text[7:9], 16)) if len(text) >= 9 else None
                if self._hold_after and header == self._hold_after:
                    self._holding, self._hold_after = True, None
        return b""

    def hold_replies_after(self, adr: int, cid2: int) -> None:
        with self._lock:
            self._hold_after = (adr, cid2)

    @property
    def holding(self) -> bool:
        with self._lock:
            return self._holding

    def release_on_next_request(self) -> None:
        with self._lock:
            self._release = True

    def frames(self, from_gateway: bool) -> list[BusFrame]:
        """Complete frames of one direction ('~' … CR), each with the relay times of its first and last byte."""
        with self._lock:
            chunks = [(t, data) for t, direction, data in self._chunks if direction == from_gateway]
        frames, text, start = [], "", 0.0
        for t, data in chunks:
            for char in data.decode("latin-1"):
                if char == "~":
                    text, start = "~", t
                elif text:
                    text += char
                    if char == "\r":
                        frames.append(BusFrame(start, t, text))
                        text = ""
        return frames

    def transactions(self) -> list[Transaction]:
        """Each request with the first reply that started before the next request (None: no reply)."""
        requests = self.frames(True)
        replies = self.frames(False)
        result, index = [], 0
        for number, request in enumerate(requests):
            next_start = requests[number + 1].start if number + 1 < len(requests) else float("inf")
            while index < len(replies) and replies[index].start < request.start:
                index += 1
            reply = replies[index] if index < len(replies) and replies[index].start < next_start else None
            result.append(Transaction(request, reply))
        return result

    def close(self) -> None:
        os.write(self._stop_write, b"x")
        self._thread.join(5)
        for fd in (self._gateway_master, self._gateway_slave, self._sim_master, self._sim_slave, self._stop_read,
                   self._stop_write):
            os.close(fd)


# --------------------------------------------------------------------------------------------------------------
# The CAN link: socat pty pair, gateway on A, reader on B
# --------------------------------------------------------------------------------------------------------------

class CanLink:
    def __init__(self, workdir: Path) -> None:
        self.gateway_side = workdir / "canA"
        self.reader_side = workdir / "canB"
        self._log_path = workdir / "socat.log"
        self.process: Optional[subprocess.Popen] = None

    def start(self) -> None:
        for link in (self.gateway_side, self.reader_side):
            if link.is_symlink():
                link.unlink()  # left by a socat that was SIGKILLed
        with open(self._log_path, "a", encoding="utf-8") as log:
            self.process = spawn(["socat", "-d", "-d", f"pty,raw,echo=0,link={self.gateway_side}",
                                  f"pty,raw,echo=0,link={self.reader_side}"], stdin=subprocess.DEVNULL,
                                 stdout=subprocess.DEVNULL, stderr=log)
        wait_for(lambda: self.gateway_side.exists() and self.reader_side.exists(), 5, "socat's pty links")

    def stop(self) -> Optional[int]:
        """SIGTERM: socat closes both ptys (the gateway's side sees a hang-up) and removes its links."""
        rc = stop_process(self.process, signal.SIGTERM, 5)
        self.process = None
        return rc


class CanReader:
    """python-can slcan bus on the reader side of the link; a thread collects every frame as Frame(t, id, data)."""

    def __init__(self, channel: Path) -> None:
        import can  # python3-can; imported here so that the decoding helpers work without it

        self.channel = channel
        # bitrate: python-can sends C, S6, O (the gateway tolerates them). No 2 s sleep after open on a pty.
        self.bus = can.Bus(interface="slcan", channel=str(channel), bitrate=500000, sleep_after_open=0)
        self.frames: list[Frame] = []
        self.error: Optional[BaseException] = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                message = self.bus.recv(0.1)
            except Exception as failure:  # the pty went away (socat stopped): keep the error, end the thread
                self.error = failure
                return
            if message is None:
                continue
            frame = Frame(time.monotonic(), message.arbitration_id, bytes(message.data))
            with self._lock:
                self.frames.append(frame)

    @property
    def alive(self) -> bool:
        return self._thread.is_alive()

    def snapshot(self, since: float = 0.0) -> list[Frame]:
        with self._lock:
            return [frame for frame in self.frames if frame.t >= since]

    def latest(self, frame_id: int, since: float = 0.0) -> Optional[Frame]:
        with self._lock:
            for frame in reversed(self.frames):
                if frame.t < since:
                    return None
                if frame.id == frame_id:
                    return frame
        return None

    def wait_frame(self, frame_id: int, timeout: float, what: str, predicate: Callable[[bytes], bool] = lambda _: True,
                   since: float = 0.0) -> Frame:
        """The first frame with `frame_id` received at or after `since` for which predicate(data) holds."""
        def find() -> Optional[Frame]:
            with self._lock:
                for frame in self.frames:
                    if frame.t >= since and frame.id == frame_id and predicate(frame.data):
                        return frame
            return None

        return wait_for(find, timeout, f"0x{frame_id:03X} with {what}")

    def complete_sets(self, since: float = 0.0, ids: Iterable[int] = VICTRON_FRAME_IDS) -> list[list[Frame]]:
        wanted = set(ids)
        return [s for s in split_frame_sets(self.snapshot(since)) if wanted <= {f.id for f in s}]

    def send(self, frame_id: int, data: bytes) -> None:
        import can

        self.bus.send(can.Message(arbitration_id=frame_id, data=data, is_extended_id=False))

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)
        try:
            self.bus.shutdown()
        except Exception:  # already gone with the pty
            pass


# --------------------------------------------------------------------------------------------------------------
# The gateway
# --------------------------------------------------------------------------------------------------------------

@dataclass
class PackStatus:
    """One "pack N: …" status line of the gateway."""
    adr: int
    presence: str
    polls: int
    replies: int
    timeouts: int
    decode_errors: int
    errors: dict[str, int]
    t: float

    @property
    def errors_total(self) -> int:
        return sum(self.errors.values())


_PACK_LINE = re.compile(r"pack (\d+): (\w+), polls (\d+), replies (\d+), timeouts (\d+), decode errors (\d+), "
                        r"response mean \d+ ms max \d+ ms, errors:(.*)$")


def parse_pack_status(line: str, t: float = 0.0) -> Optional[PackStatus]:
    match = _PACK_LINE.search(line)
    if not match:
        return None
    errors = {}
    for item in match.group(7).split():
        if "=" in item:
            kind, count = item.split("=", 1)
            errors[kind] = int(count)
    return PackStatus(int(match.group(1)), match.group(2), int(match.group(3)), int(match.group(4)),
                      int(match.group(5)), int(match.group(6)), errors, t)


def deep_merge(base: dict, extra: dict) -> dict:
    merged = dict(base)
    for key, value in extra.items():
        merged[key] = deep_merge(merged[key], value) if isinstance(value, dict) and isinstance(
            merged.get(key), dict) else value
    return merged


class Gateway:
    """topband-gateway run, with a partial configuration file (the gateway fills in the defaults) and its stderr
    collected line by line."""

    def __init__(self, binary: str, workdir: Path, serial: Path, can: str, config: dict, status_interval_s: int = 1,
                 log_level: str = "info", exit_after_s: int = 600, extra_args: Iterable[str] = ()) -> None:
        self.config_path = workdir / "gateway.json"
        self.state_dir = workdir / "state"
        self.state_dir.mkdir(exist_ok=True)
        self.config_path.write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
        self.args = [binary, "run", "--serial", str(serial), "--can", can, "--config", str(self.config_path),
                     "--state-dir", str(self.state_dir), "--status-interval-s", str(status_interval_s),
                     "--exit-after-s", str(exit_after_s), "--log-level", log_level, *extra_args]
        if "--http" not in extra_args:
            self.args += ["--http", "none"]  # this suite tests the RS485/CAN side; tests/e2e_web the HTTP side
        self._stdout = open(workdir / "gateway.stdout", "w", encoding="utf-8")
        self.started = time.monotonic()
        self.process = spawn(self.args, stdin=subprocess.DEVNULL, stdout=self._stdout, stderr=subprocess.PIPE,
                             text=True, bufsize=1)
        self.log = LineLog(self.process.stderr, workdir / "gateway.log")
        self.exit_code: Optional[int] = None

    @property
    def pid(self) -> int:
        return self.process.pid

    def running(self) -> bool:
        return self.process.poll() is None

    def pack_statuses(self, adr: int, since: float = 0.0) -> list[PackStatus]:
        statuses = []
        for t, line in self.log.lines():
            if t >= since:
                status = parse_pack_status(line, t)
                if status and status.adr == adr:
                    statuses.append(status)
        return statuses

    def pack_status(self, adr: int, since: float = 0.0) -> Optional[PackStatus]:
        statuses = self.pack_statuses(adr, since)
        return statuses[-1] if statuses else None

    def wait_pack_status(self, adr: int, predicate: Callable[[PackStatus], bool], timeout: float, what: str,
                         since: float = 0.0) -> PackStatus:
        def find() -> Optional[PackStatus]:
            for status in self.pack_statuses(adr, since):
                if predicate(status):
                    return status
            return None

        return wait_for(find, timeout, f"a status line of pack {adr} with {what}")

    def stop(self, timeout: float = 10.0) -> Optional[int]:
        """SIGTERM (the gateway saves its state and exits 0), SIGKILL after `timeout` s."""
        if self.exit_code is None:
            self.exit_code = stop_process(self.process, signal.SIGTERM, timeout)
            self.log.join()
            self._stdout.close()
        return self.exit_code


# --------------------------------------------------------------------------------------------------------------
# The whole rig
# --------------------------------------------------------------------------------------------------------------

# Short timings so that the suite stays fast; everything else is the gateway's default.
TEST_CONFIG = {
    # analog_max_age_s must exceed the longest poll cycle (discovery probes, a silent pack's timeouts): 10 s
    "bank": {"analog_max_age_s": 10},
    "control": {"ccl_ramp_per_s_dA": 10000, "dcl_ramp_per_s_dA": 10000, "cvl_ramp_per_s_dV": 100},
}


def address_mask(addresses: Iterable[int]) -> int:
    mask = 0
    for adr in addresses:
        mask |= 1 << adr
    return mask


class Rig:
    """Owns every process of one test; close() stops all of them (reader, gateway, simulator, socat)."""

    def __init__(self, gateway_binary: str, sim_binary: str, workdir: Path) -> None:
        self.gateway_binary = gateway_binary
        self.sim_binary = sim_binary
        self.workdir = Path(workdir)
        self.sim: Optional[Sim] = None
        self.can_link: Optional[CanLink] = None
        self.reader: Optional[CanReader] = None
        self.gateway: Optional[Gateway] = None
        self.gateway_starts: list[tuple[float, dict]] = []  # (time.monotonic(), configuration) of each start

    def start_sim(self, packs: str = "0:16S7T,1:16S7T,2:16S7T", extra_args: Iterable[str] = (),
                  device: Optional[str] = None) -> Sim:
        self.sim = Sim(self.sim_binary, self.workdir, packs, extra_args, device)
        return self.sim

    def start_can_link(self) -> CanLink:
        if self.can_link is None:
            self.can_link = CanLink(self.workdir)
        self.can_link.start()
        return self.can_link

    def start_reader(self) -> CanReader:
        assert self.can_link is not None, "start_can_link() first"
        self.reader = CanReader(self.can_link.reader_side)
        return self.reader

    def stop_reader(self) -> None:
        if self.reader is not None:
            self.reader.stop()
            self.reader = None

    def start_gateway(self, config: Optional[dict] = None, extra_addresses: int = 1, base_config: dict = TEST_CONFIG,
                      serial: Optional[Path] = None, **kwargs) -> Gateway:
        """Starts the gateway on the simulator's port (or `serial`) and the CAN link (`--can none` without one). The
        RS485 address mask covers the simulated packs plus `extra_addresses` empty addresses after the highest one (a
        realistic probe load without 16 × discovery time); `config` is merged over `base_config` and that mask."""
        assert self.sim is not None, "start_sim() first"
        highest = max(self.sim.addresses)
        addresses = list(self.sim.addresses) + [a for a in range(highest + 1, highest + 1 + extra_addresses) if a < 16]
        merged = deep_merge({"poll": {"addresses_mask": address_mask(addresses)}}, base_config)
        merged = deep_merge(merged, config or {})
        can = f"slcan:{self.can_link.gateway_side}" if self.can_link else "none"
        self.gateway_starts.append((time.monotonic(), merged))
        self.gateway = Gateway(self.gateway_binary, self.workdir, serial or self.sim.link, can, merged, **kwargs)
        return self.gateway

    def stop_gateway(self) -> Optional[int]:
        """Stops the gateway (a later start_gateway() starts a new one); its exit code."""
        return self.gateway.stop() if self.gateway else None

    def start_bank(self, packs: str = "0:16S7T,1:16S7T,2:16S7T", sim_args: Iterable[str] = (),
                   config: Optional[dict] = None, timeout: float = 20.0, **gateway_kwargs) -> Gateway:
        """Simulator, CAN link, reader and gateway; returns once every simulated pack is online and a 0x372 frame
        counts all of them online."""
        sim = self.start_sim(packs, sim_args)
        self.start_can_link()
        reader = self.start_reader()
        gateway = self.start_gateway(config, **gateway_kwargs)
        count = len(sim.addresses)
        for adr in sim.addresses:
            gateway.log.wait(rf"rs485: pack {adr} online", timeout)
        reader.wait_frame(0x372, timeout, f"{count} modules online, 0 offline",
                          lambda data: decode_372(data)[:1] + decode_372(data)[3:] == (count, 0))
        return gateway

    def close(self) -> dict[str, Optional[int]]:
        """Stops everything; returns the exit codes of the gateway and the simulator (None: not running)."""
        errors, codes = [], {"gateway": None, "sim": None}

        def stop_gateway() -> None:
            codes["gateway"] = self.stop_gateway()

        def stop_sim() -> None:
            codes["sim"] = self.sim.stop() if self.sim else None

        for step in (self.stop_reader, stop_gateway, stop_sim, lambda: self.can_link and self.can_link.stop()):
            try:
                step()
            except Exception as failure:  # keep stopping the others
                errors.append(failure)
        if errors:
            raise errors[0]
        return codes

    def diagnostics(self) -> str:
        parts = []
        if self.gateway:
            parts.append("--- gateway stderr (last 60 lines) ---\n" + self.gateway.log.tail(60))
        if self.sim:
            parts.append("--- sim stdout (last 20 lines) ---\n" + self.sim.out.tail(20))
            parts.append("--- sim stderr ---\n" + self.sim.stderr_text()[-3000:])
        if self.reader:
            frames = self.reader.snapshot()
            parts.append(f"--- CAN reader: {len(frames)} frames, error {self.reader.error!r} ---")
        return "\n".join(parts)


# Defaults of the control keys the invariants need (docs/config.md), in the units of the configuration.
CONTROL_DEFAULTS = {"cvl_max_dV": 560, "pack_charge_current_dA": 500, "pack_discharge_current_dA": 1000,
                    "ccl_ramp_per_s_dA": 100, "dcl_ramp_per_s_dA": 200, "cvl_ramp_per_s_dV": 1}


def can_invariant_violations(frames: list[Frame], starts: list[tuple[float, dict]]) -> list[str]:
    """The safety invariants (docs/charge-control.md §6) checked on every 0x351 a test's CAN reader saw, against the
    configuration of the gateway that sent it: 0 < CVL <= cvl_max; CCL <= online modules x pack_charge_current and
    DCL likewise (online from the 0x372 of the same frame set); CCL, DCL and CVL rise no faster than their ramps
    between consecutive sets of one gateway process. Returns one line per violation (empty: all held)."""
    violations: list[str] = []
    previous: Optional[tuple[float, Limits]] = None
    previous_start = None
    for index, frame in enumerate(frames):
        if frame.id != 0x351 or len(frame.data) < 8:
            continue
        start = max((s for s in starts if s[0] <= frame.t), default=None, key=lambda s: s[0])
        if start is None:
            continue
        control = {**CONTROL_DEFAULTS, **start[1].get("control", {})}
        limits = decode_351(frame.data)
        # The 0x372 of the same set follows within the set (sent back to back, well under 100 ms).
        online = next((decode_372(f.data).online for f in frames[index + 1:]
                       if f.id == 0x372 and f.t - frame.t < 0.5), None)
        where = f"t={frame.t:.3f}"
        if not 0 < limits.cvl_V <= control["cvl_max_dV"] / 10 + 1e-6:
            violations.append(f"{where}: CVL {limits.cvl_V} V outside 0 < CVL <= {control['cvl_max_dV'] / 10}")
        if online is not None:
            if limits.ccl_A > online * control["pack_charge_current_dA"] / 10 + 1e-6:
                violations.append(f"{where}: CCL {limits.ccl_A} A with {online} modules online")
            if limits.dcl_A > online * control["pack_discharge_current_dA"] / 10 + 1e-6:
                violations.append(f"{where}: DCL {limits.dcl_A} A with {online} modules online")
        if limits.ccl_A < 0 or limits.dcl_A < 0:
            violations.append(f"{where}: negative current limit {limits}")
        if previous is not None and previous_start is start:
            elapsed = frame.t - previous[0] + 0.05  # reader timestamps jitter by a few ms
            for name, now, before, rate in (("CCL", limits.ccl_A, previous[1].ccl_A, control["ccl_ramp_per_s_dA"]),
                                             ("DCL", limits.dcl_A, previous[1].dcl_A, control["dcl_ramp_per_s_dA"]),
                                             ("CVL", limits.cvl_V, previous[1].cvl_V, control["cvl_ramp_per_s_dV"])):
                if now > before + rate / 10 * elapsed + 0.1 + 1e-6:
                    violations.append(f"{where}: {name} rose from {before} to {now} in {elapsed - 0.05:.3f} s")
        previous, previous_start = (frame.t, limits), start
    return violations


def close_rig(rig: Rig, test_failed: bool, workdir: Path) -> None:
    """Stops every process of the rig. A clean run must also end cleanly: the gateway exits 0 on SIGTERM (with the
    sanitizer build that includes no leak report) and the simulator exits 0 on "quit"; and every 0x351 the CAN reader
    saw must satisfy the safety invariants (can_invariant_violations)."""
    if test_failed:
        # Shown by pytest under "Captured stdout teardown" of the failing test.
        print(f"\n=== diagnostics (files in {workdir}) ===\n{rig.diagnostics()}")
    frames = rig.reader.snapshot() if rig.reader else []
    codes = rig.close()
    if not test_failed:
        violations = can_invariant_violations(frames, rig.gateway_starts)
        assert not violations, f"safety invariants violated on the CAN bus ({len(violations)}):\n" + "\n".join(
            violations[:20])
        unclean = {name: code for name, code in codes.items() if code not in (0, None)}
        tail = rig.gateway.log.tail(30) if rig.gateway else ""
        assert not unclean, f"unclean exit {unclean}; gateway log tail:\n{tail}"
