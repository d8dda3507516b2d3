#!/usr/bin/env python3
"""Measures how many bytes a real browser's request header sections take, against esp_http_server's limit.

esp_http_server keeps a request's header section in one buffer of CONFIG_HTTPD_MAX_REQ_HDR_LEN bytes
(sdkconfig.defaults: 1024) and answers 431 itself when it does not fit. This serves a page on 127.0.0.1 that sets a
session cookie like the gateway's (tbg_session, 64 hex characters), then sends the dashboard's kinds of requests: a
JSON PUT, a GET of the API and the WebSocket upgrade. Each request's header section (request line, headers, blank
line) is measured as received. Run: targets/esp32/tools/browser_header_size.py [chromium binary]
"""
import json
import socket
import subprocess
import sys
import tempfile
import threading

PAGE = b"""<!doctype html><html><body><script>
(async () => {
  await fetch('/api/config', {method: 'PUT', headers: {'Content-Type': 'application/json'}, body: '{"can":{}}'});
  await fetch('/api/status');
  new WebSocket('ws://' + location.host + '/api/ws');
})();
</script></body></html>"""
COOKIE = b"Set-Cookie: tbg_session=" + b"a" * 64 + b"; Path=/; HttpOnly; SameSite=Strict\r\n"
sizes = []


def handle(conn):
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return
        data += chunk
    head = data[: data.index(b"\r\n\r\n") + 4]
    first = head.split(b"\r\n", 1)[0].decode()
    sizes.append((len(head), first))
    if first.startswith("GET / "):
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n" + COOKIE +
                     b"Content-Length: %d\r\nConnection: close\r\n\r\n" % len(PAGE) + PAGE)
    else:
        conn.sendall(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
    conn.close()


def serve(listener):
    while True:
        conn, _ = listener.accept()
        threading.Thread(target=handle, args=(conn,), daemon=True).start()


def main():
    browser = sys.argv[1] if len(sys.argv) > 1 else "chromium"
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    port = listener.getsockname()[1]
    threading.Thread(target=serve, args=(listener,), daemon=True).start()
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([browser, "--headless=new", "--no-sandbox", "--disable-gpu", f"--user-data-dir={profile}",
                        "--virtual-time-budget=5000", "--dump-dom", f"http://127.0.0.1:{port}/"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60, check=False)
    version = subprocess.run([browser, "--version"], capture_output=True, text=True, check=False).stdout.strip()
    print(json.dumps({"browser": version, "host": f"127.0.0.1:{port}",
                      "requests": [{"bytes": n, "request": line} for n, line in sizes]}, indent=2))
    return 0 if sizes else 1


if __name__ == "__main__":
    sys.exit(main())
