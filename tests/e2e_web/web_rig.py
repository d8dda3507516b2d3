"""The rig of the HTTP end-to-end tests: topband-gateway with its HTTP server on a free loopback port, either in demo
mode (simulated bank in-process) or on topband-sim's pty with CAN over slcan read back by python-can (the harness of
tests/e2e, imported read-only). Talks to it with python3-requests and python3-websocket (websocket-client)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Iterable, Optional

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "e2e"))

from harness import LineLog, Rig, spawn, stop_process, wait_for  # noqa: E402

PASSWORD = "battery first"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def set_password(binary: str, state_dir: Path, password: str = PASSWORD) -> None:
    """`topband-gateway passwd` with the password on stdin (not a terminal: read once)."""
    result = subprocess.run([binary, "passwd", "--state-dir", str(state_dir)], input=password + "\n", text=True,
                            capture_output=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "admin password saved" in result.stdout


class DemoGateway:
    """topband-gateway run --demo with --http on a free port, a config file and a state directory in `workdir`."""

    def __init__(self, binary: str, workdir: Path, config: Optional[dict] = None, extra: Iterable[str] = (),
                 port: Optional[int] = None, wait: bool = True) -> None:
        self.binary = binary
        self.workdir = workdir
        self.port = port or free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.state_dir = workdir / "state"
        self.state_dir.mkdir(exist_ok=True)
        self.config_path = workdir / "gateway.json"
        if config is not None or not self.config_path.exists():
            self.config_path.write_text(json.dumps(config or {}) + "\n", encoding="utf-8")
        self.args = [binary, "run", "--demo", "--can", "none", "--http", f"127.0.0.1:{self.port}", "--config",
                     str(self.config_path), "--state-dir", str(self.state_dir), "--status-interval-s", "60",
                     "--exit-after-s", "600", *extra]
        self.process = spawn(self.args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                             text=True, bufsize=1)
        self.log = LineLog(self.process.stderr, workdir / f"gateway-{self.port}.log")
        self.exit_code: Optional[int] = None
        if wait:
            self.wait_ready()

    def url(self, path: str) -> str:
        return self.base + path

    def wait_ready(self, timeout: float = 30.0, packs: int = 3) -> dict:
        """Until /api/status answers with `packs` packs online (the demo's three by default)."""
        def ready() -> Optional[dict]:
            try:
                response = requests.get(self.url("/api/status"), timeout=2)
            except requests.RequestException:
                return None
            if response.status_code != 200:
                return None
            doc = response.json()
            return doc if doc["bank"]["modules"]["online"] == packs else None

        return wait_for(ready, timeout, f"the gateway's /api/status with {packs} packs online")

    def stop(self, sig: int = signal.SIGTERM) -> Optional[int]:
        if self.exit_code is None:
            self.exit_code = stop_process(self.process, sig, 10)
            self.log.join()
        return self.exit_code


def login(base: str, password: str = PASSWORD) -> requests.Session:
    session = requests.Session()
    response = session.post(base + "/api/auth/login", json={"password": password}, timeout=10)
    assert response.status_code == 200, response.text
    return session


def error_code(response: requests.Response) -> str:
    return response.json()["error"]["code"]


class CanGateway:
    """A bank of simulated packs on a pty, the gateway with --http, CAN over slcan read by python-can."""

    def __init__(self, gateway_binary: str, sim_binary: str, workdir: Path, config: Optional[dict] = None,
                 packs: str = "0:16S7T,1:16S7T") -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.rig = Rig(gateway_binary, sim_binary, workdir)
        self.gateway = self.rig.start_bank(packs, config=config, extra_args=["--http", f"127.0.0.1:{self.port}"])
        wait_for(lambda: port_open(self.port), 10, "the HTTP port")

    @property
    def reader(self):
        return self.rig.reader

    def close(self, failed: bool) -> None:
        if failed:
            print(self.rig.diagnostics())
        self.rig.close()
