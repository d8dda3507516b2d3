#!/usr/bin/env python3
"""HTTP load on a gateway, in a process of its own (so it does not take the GIL from the test's CAN reader):
`clients` threads fetching every document in a loop, `sockets` WebSockets of which the first is never read, and one
thread logging in repeatedly (Argon2id on the server). Prints one JSON line with the request count when done.

Usage: http_load.py BASE_URL SECONDS [--clients N] [--sockets N] [--password P]"""

from __future__ import annotations

import argparse
import json
import threading
import time

import requests
import websocket

PATHS = ["/api/status", "/api/packs", "/api/frames", "/api/history", "/metrics", "/"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("base")
    parser.add_argument("seconds", type=float)
    parser.add_argument("--clients", type=int, default=2)
    parser.add_argument("--sockets", type=int, default=3)
    parser.add_argument("--password", default="battery first")
    args = parser.parse_args()
    stop = threading.Event()
    counts = {"requests": 0, "errors": 0, "logins": 0, "messages": 0}
    lock = threading.Lock()

    def count(key: str) -> None:
        with lock:
            counts[key] += 1

    def hammer() -> None:
        session = requests.Session()
        while not stop.is_set():
            for path in PATHS:
                try:
                    ok = session.get(args.base + path, timeout=10).status_code == 200
                except requests.RequestException:
                    ok = False
                count("requests" if ok else "errors")

    def logins() -> None:
        while not stop.is_set():
            requests.post(args.base + "/api/auth/login", json={"password": args.password}, timeout=10)
            count("logins")

    def read(ws: websocket.WebSocket) -> None:
        while not stop.is_set():
            try:
                ws.recv()
                count("messages")
            except (websocket.WebSocketException, OSError):
                return

    ws_url = "ws" + args.base[len("http"):] + "/api/ws"
    sockets = [websocket.create_connection(ws_url, timeout=5) for _ in range(args.sockets)]
    for ws in sockets[1:]:
        ws.send(json.dumps({"subscribe": ["packs"]}))
    threads = [threading.Thread(target=hammer, daemon=True) for _ in range(args.clients)]
    threads.append(threading.Thread(target=logins, daemon=True))
    threads += [threading.Thread(target=read, args=(ws,), daemon=True) for ws in sockets[1:]]  # [0] is never read
    for thread in threads:
        thread.start()
    time.sleep(args.seconds)
    stop.set()
    for ws in sockets:
        ws.close()
    for thread in threads:
        thread.join(15)
    print(json.dumps(counts), flush=True)


if __name__ == "__main__":
    main()
