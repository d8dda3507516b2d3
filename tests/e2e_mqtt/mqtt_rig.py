"""A small rig for the MQTT end-to-end tests: a real mosquitto broker on a free loopback port, mosquitto_sub readers,
a silent fake broker, and topband-gateway in demo mode whose printed frame sets give the CAN cadence.

Standard library only. Every child gets a parent-death SIGKILL so nothing outlives the test process."""

from __future__ import annotations

import ctypes
import json
import os
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path
from typing import Callable, Optional, TypeVar

T = TypeVar("T")
_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except OSError:
        pass


def wait_for(predicate: Callable[[], T], timeout: float, what: str, interval: float = 0.05) -> T:
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise AssertionError(f"timed out after {timeout:.1f} s waiting for: {what}")
        time.sleep(interval)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Broker:
    """mosquitto with a temporary config; `users` {name: password} turns anonymous access off."""

    def __init__(self, workdir: Path, port: int, users: Optional[dict[str, str]] = None,
                 tls: Optional[tuple[Path, Path, Path]] = None):
        self.workdir, self.port, self.users, self.tls = workdir, port, users, tls
        self.proc: Optional[subprocess.Popen] = None
        self.log = workdir / f"mosquitto-{port}.log"

    def start(self) -> "Broker":
        conf = self.workdir / f"mosquitto-{self.port}.conf"
        lines = [f"listener {self.port} 127.0.0.1", "persistence false", "log_dest stderr"]
        if os.geteuid() == 0:
            lines.append("user root")  # else mosquitto drops to user mosquitto, who cannot read the private tmp dir
        if self.users:
            pwfile = self.workdir / "passwd"
            pwfile.write_text("")
            for name, password in self.users.items():
                subprocess.run(["mosquitto_passwd", "-b", str(pwfile), name, password], check=True)
            lines += ["allow_anonymous false", f"password_file {pwfile}"]
        else:
            lines += ["allow_anonymous true"]
        if self.tls:
            ca, cert, key = self.tls
            lines += [f"cafile {ca}", f"certfile {cert}", f"keyfile {key}"]
        conf.write_text("\n".join(lines) + "\n")
        self.proc = subprocess.Popen(["mosquitto", "-c", str(conf)], stdout=subprocess.DEVNULL,
                                     stderr=open(self.log, "ab"), preexec_fn=_die_with_parent)
        wait_for(self._accepts, 5, f"mosquitto listening on {self.port}")
        return self

    def _accepts(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                return True
        except OSError:
            return False

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def retained(self, topic: str, seconds: float = 1.0, user: Optional[tuple[str, str]] = None) -> dict[str, str]:
        """Every retained message under `topic` (wildcards allowed) as {topic: payload}."""
        cmd = ["mosquitto_sub", "-h", "127.0.0.1", "-p", str(self.port), "-t", topic, "--retained-only", "-W",
               str(max(1, int(seconds))), "-F", "%t\t%p"]
        if user:
            cmd += ["-u", user[0], "-P", user[1]]
        out = subprocess.run(cmd, capture_output=True, text=True).stdout
        result = {}
        for line in out.splitlines():
            topic_name, _, payload = line.partition("\t")
            result[topic_name] = payload
        return result


class Subscriber:
    """mosquitto_sub on '#' collecting (time, topic, retained, payload)."""

    def __init__(self, port: int, topic: str = "#"):
        self.messages: list[tuple[float, str, bool, str]] = []
        self.lock = threading.Lock()
        self.proc = subprocess.Popen(
            ["mosquitto_sub", "-h", "127.0.0.1", "-p", str(port), "-t", topic, "-F", "%r\t%t\t%p"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, preexec_fn=_die_with_parent)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout
        for line in self.proc.stdout:
            retained, _, rest = line.rstrip("\n").partition("\t")
            topic, _, payload = rest.partition("\t")
            with self.lock:
                self.messages.append((time.monotonic(), topic, retained == "1", payload))

    def latest(self, topic: str) -> Optional[str]:
        with self.lock:
            for _, name, _, payload in reversed(self.messages):
                if name == topic:
                    return payload
        return None

    def topics(self) -> set[str]:
        with self.lock:
            return {name for _, name, _, _ in self.messages}

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


class SilentBroker:
    """Accepts TCP connections and never answers (nor reads): a stalled broker."""

    def __init__(self):
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(16)
        self.port = self.server.getsockname()[1]
        self.accepted: list[socket.socket] = []
        self._stop = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        self.server.settimeout(0.2)
        while not self._stop:
            try:
                conn, _ = self.server.accept()
                self.accepted.append(conn)
            except OSError:
                continue

    def close(self) -> None:
        self._stop = True
        for conn in self.accepted:
            conn.close()
        self.server.close()


class Gateway:
    """topband-gateway run --demo --can none --print-frames; times the 0x351 line of every printed frame set."""

    def __init__(self, binary: str, workdir: Path, config: dict, extra: tuple[str, ...] = (), name: str = "gateway"):
        self.config_path = workdir / f"{name}.json"
        self.config_path.write_text(json.dumps(config))
        self.stderr_path = workdir / f"{name}.stderr"
        self.set_times: list[float] = []
        self.proc = subprocess.Popen(
            [binary, "run", "--demo", "--demo-packs", "2", "--can", "none", "--print-frames", "--config",
             str(self.config_path), "--status-interval-s", "5", "--http", "none", *extra],
            stdout=subprocess.PIPE, stderr=open(self.stderr_path, "ab"), text=True, preexec_fn=_die_with_parent)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout
        for line in self.proc.stdout:
            if line.startswith("0x351") or " 0x351" in line[:12]:
                self.set_times.append(time.monotonic())

    def log(self) -> str:
        return self.stderr_path.read_text(errors="replace") if self.stderr_path.exists() else ""

    def intervals_ms(self, since: float) -> list[float]:
        times = [t for t in self.set_times if t >= since]
        return [(b - a) * 1000 for a, b in zip(times, times[1:])]

    def stop(self, sig: int = signal.SIGTERM) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                return self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        return self.proc.wait()


class MqttRig:
    def __init__(self, gateway_binary: str, workdir: Path):
        self.gateway_binary, self.workdir = gateway_binary, workdir
        self.brokers: list[Broker] = []
        self.subscribers: list[Subscriber] = []
        self.gateways: list[Gateway] = []
        self.silent: list[SilentBroker] = []

    def broker(self, port: Optional[int] = None, users: Optional[dict[str, str]] = None,
               tls: Optional[tuple[Path, Path, Path]] = None) -> Broker:
        broker = Broker(self.workdir, port or free_port(), users, tls).start()
        self.brokers.append(broker)
        return broker

    def subscribe(self, port: int, topic: str = "#") -> Subscriber:
        sub = Subscriber(port, topic)
        self.subscribers.append(sub)
        time.sleep(0.3)  # mosquitto_sub connects and subscribes
        return sub

    def silent_broker(self) -> SilentBroker:
        silent = SilentBroker()
        self.silent.append(silent)
        return silent

    def gateway(self, mqtt: dict, extra: tuple[str, ...] = ()) -> Gateway:
        settings = {"enabled": True, "host": "127.0.0.1", "device_id": "e2e", "interval_s": 1}
        settings.update(mqtt)
        gateway = Gateway(self.gateway_binary, self.workdir, {"mqtt": settings}, extra,
                          name=f"gateway{len(self.gateways)}")
        self.gateways.append(gateway)
        return gateway

    def diagnostics(self) -> str:
        parts = []
        for gateway in self.gateways:
            parts.append(f"--- {gateway.stderr_path.name} ---\n" + gateway.log()[-4000:])
        for broker in self.brokers:
            if broker.log.exists():
                parts.append(f"--- {broker.log.name} ---\n" + broker.log.read_text(errors="replace")[-3000:])
        return "\n".join(parts)

    def close(self) -> None:
        for gateway in self.gateways:
            gateway.stop(signal.SIGKILL)
        for sub in self.subscribers:
            sub.close()
        for broker in self.brokers:
            broker.stop()
        for silent in self.silent:
            silent.close()


def make_certificates(workdir: Path) -> tuple[Path, Path, Path]:
    """A throw-away CA and a server certificate for 127.0.0.1 (openssl): (ca.pem, server.pem, server.key)."""
    ca_key, ca, key, csr, cert = (workdir / n for n in ("ca.key", "ca.pem", "server.key", "server.csr", "server.pem"))
    ext = workdir / "san.ext"
    ext.write_text("subjectAltName=IP:127.0.0.1,DNS:localhost\n")
    run = lambda *args: subprocess.run(["openssl", *args], check=True, capture_output=True)  # noqa: E731
    run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(ca_key), "-out", str(ca), "-days", "2",
        "-subj", "/CN=topband-gateway test CA")
    run("req", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(csr), "-subj", "/CN=127.0.0.1")
    run("x509", "-req", "-in", str(csr), "-CA", str(ca), "-CAkey", str(ca_key), "-CAcreateserial", "-out", str(cert),
        "-days", "2", "-extfile", str(ext))
    return ca, cert, key


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]
