#!/usr/bin/env python3
"""Paced web load on one gateway for the daemon soak (scripts/soak.sh), in a process of its own so that it does not
take the GIL from the soak driver's CAN reader. Runs until SECONDS have passed or SIGTERM, then prints one JSON line
of counts on stdout (and rewrites --progress FILE with the counts every 30 s).

  readers   GET of every read document in turn, `--rate` requests per second in all (paced, not flat out)
  ws        one WebSocket subscribed to "packs" and read, reopened every 5 min; one that is never read, replaced
            every 10 min; one opened, read once and closed every 10 s (connection churn)
  admin     every 60 s: login, GET /api/config, PUT /api/config (control.bulk_cell_mV 3450 <-> 3440), PUT
            /api/layout, POST /api/actions/reset-counters every 10th round, logout; every 10 min one wrong password

A request "fails" when it raises or answers with an unexpected status; the counts separate the two. Debian's
python3-requests and python3-websocket only.

Usage: soak_load.py BASE_URL SECONDS [--rate N] [--password P] [--progress FILE]"""

from __future__ import annotations

import argparse
import json
import signal
import threading
import time
from collections import Counter
from pathlib import Path

import requests
import websocket

READ_PATHS = ["/api/status", "/api/packs", "/api/packs/0", "/api/history?hours=48", "/api/energy?days=7&months=12",
              "/api/frames?limit=50", "/api/log?limit=100", "/api/config", "/api/layout", "/api/auth", "/metrics", "/"]


class Counts:
    def __init__(self) -> None:
        self._counts: Counter[str] = Counter()
        self._lock = threading.Lock()

    def add(self, key: str, amount: int = 1) -> None:
        with self._lock:
            self._counts[key] += amount

    def snapshot(self) -> dict[str, int]:
        with self._lock:
            return dict(sorted(self._counts.items()))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("base")
    parser.add_argument("seconds", type=float)
    parser.add_argument("--rate", type=float, default=10.0, help="read requests per second, all readers together")
    parser.add_argument("--password", default="battery first")
    parser.add_argument("--progress", type=Path)
    args = parser.parse_args()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    counts = Counts()
    ws_url = "ws" + args.base[len("http"):] + "/api/ws"

    def get(session: requests.Session, path: str, expect: int = 200) -> None:
        try:
            response = session.get(args.base + path, timeout=30)
            counts.add("requests")
            if response.status_code != expect:
                counts.add(f"unexpected_{response.status_code}")
        except requests.RequestException:
            counts.add("request_errors")

    def readers() -> None:
        session = requests.Session()
        period = 1.0 / args.rate
        next_at = time.monotonic()
        index = 0
        while not stop.is_set():
            get(session, READ_PATHS[index % len(READ_PATHS)])
            index += 1
            next_at += period
            stop.wait(max(0.0, next_at - time.monotonic()))

    def ws_reader() -> None:
        while not stop.is_set():
            try:
                ws = websocket.create_connection(ws_url, timeout=10)
                ws.send(json.dumps({"subscribe": ["packs"]}))
                counts.add("ws_opened")
                until = time.monotonic() + 300
                while not stop.is_set() and time.monotonic() < until:
                    if ws.recv():
                        counts.add("ws_messages")
                ws.close()
            except (websocket.WebSocketException, OSError):
                counts.add("ws_errors")
                stop.wait(5)

    def ws_silent() -> None:
        while not stop.is_set():
            try:
                ws = websocket.create_connection(ws_url, timeout=10)
                counts.add("ws_opened")
            except (websocket.WebSocketException, OSError):
                counts.add("ws_errors")
                stop.wait(5)
                continue
            stop.wait(600)
            ws.close()

    def ws_churn() -> None:
        while not stop.is_set():
            try:
                ws = websocket.create_connection(ws_url, timeout=10)
                counts.add("ws_opened")
                if ws.recv():
                    counts.add("ws_messages")
                ws.close()
            except (websocket.WebSocketException, OSError):
                counts.add("ws_errors")
            stop.wait(10)

    def admin() -> None:
        round_no = 0
        while not stop.wait(60 if round_no else 5):
            round_no += 1
            session = requests.Session()
            try:
                if round_no % 10 == 0:
                    wrong = session.post(args.base + "/api/auth/login", json={"password": "not the password"},
                                         timeout=30)
                    counts.add("logins_wrong" if wrong.status_code == 401 else f"login_wrong_{wrong.status_code}")
                login = session.post(args.base + "/api/auth/login", json={"password": args.password}, timeout=30)
                if login.status_code != 200:
                    counts.add(f"login_{login.status_code}")
                    continue
                counts.add("logins")
                get(session, "/api/config")
                bulk = 3440 if round_no % 2 else 3450
                put = session.put(args.base + "/api/config", json={"control": {"bulk_cell_mV": bulk}}, timeout=30)
                counts.add("config_puts" if put.status_code == 200 else f"config_put_{put.status_code}")
                layout = {"layout": {"widgets": [{"id": "soc", "w": 2, "h": 1}, {"id": f"w{round_no % 7}", "w": 1,
                                                                                "h": 1}]}}
                put = session.put(args.base + "/api/layout", json=layout, timeout=30)
                counts.add("layout_puts" if put.status_code == 200 else f"layout_put_{put.status_code}")
                if round_no % 10 == 5:
                    reset = session.post(args.base + "/api/actions/reset-counters", json={}, timeout=30)
                    counts.add("resets" if reset.status_code == 200 else f"reset_{reset.status_code}")
                session.post(args.base + "/api/auth/logout", json={}, timeout=30)
            except requests.RequestException:
                counts.add("admin_errors")

    threads = [threading.Thread(target=fn, daemon=True) for fn in (readers, ws_reader, ws_silent, ws_churn, admin)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + args.seconds
    while not stop.is_set() and time.monotonic() < deadline:
        stop.wait(min(30.0, max(0.0, deadline - time.monotonic())))
        if args.progress:
            args.progress.write_text(json.dumps(counts.snapshot()) + "\n")
    stop.set()
    for thread in threads:
        thread.join(40)
    print(json.dumps(counts.snapshot()), flush=True)


if __name__ == "__main__":
    main()
