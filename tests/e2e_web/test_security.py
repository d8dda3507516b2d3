"""The security controls of docs/security.md against the real daemon (`topband-gateway run --demo`, civetweb): CSRF
and cross-site WebSocket refusals, the DNS rebinding guard of a loopback server, request size limits, response
headers without CORS, no secret in any answer or log line, and private files and directories. One gateway serves
most tests (module fixture) to keep the module short."""

from __future__ import annotations

import json
import socket
import stat
from pathlib import Path

import pytest
import requests
import websocket  # python3-websocket

from web_rig import PASSWORD, DemoGateway, error_code, free_port, login, set_password, wait_for

MQTT_SECRET = "mqtt-Secret-e2e-41d7"
NEW_MQTT_SECRET = "mqtt-Secret-e2e-new-9b02"
NEW_PASSWORD = "second admin password"


@pytest.fixture(scope="module")
def gateway(gateway_binary: str, tmp_path_factory: pytest.TempPathFactory):
    workdir = tmp_path_factory.mktemp("security")
    set_password(gateway_binary, workdir / "state")
    # MQTT on, towards a port where nothing listens: the link fails and logs, with a password configured.
    config = {"mqtt": {"enabled": True, "host": "127.0.0.1", "port": free_port(), "username": "battery",
                       "password": MQTT_SECRET}}
    demo = DemoGateway(gateway_binary, workdir, config=config)
    yield demo
    code = demo.stop()
    assert code == 0, demo.log.tail(20)


def own_origin(gateway: DemoGateway) -> str:
    return f"http://127.0.0.1:{gateway.port}"


def raw_exchange(port: int, data: bytes) -> bytes:
    """Sends `data` on a fresh connection and returns the start of the answer (up to 4 KiB)."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(data)
        answer = b""
        try:
            while len(answer) < 4096:
                chunk = sock.recv(4096)
                if not chunk:
                    break
                answer += chunk
                if b"\r\n\r\n" in answer and b"Content-Length" in answer:
                    head, _, body = answer.partition(b"\r\n\r\n")
                    length = int(head.split(b"Content-Length: ")[1].split(b"\r\n")[0])
                    if len(body) >= length:
                        break
        except socket.timeout:
            pass
        return answer


def test_cross_site_changes_are_refused_even_with_a_session(gateway: DemoGateway):
    session = login(gateway.base)
    url = gateway.url("/api/actions/rescan")
    for headers in ({"Origin": "http://evil.example"}, {"Origin": "null"},
                    {"Origin": f"http://127.0.0.1:{gateway.port + 1}"}, {"Sec-Fetch-Site": "cross-site"}):
        refused = session.post(url, json={}, headers=headers, timeout=5)
        assert refused.status_code == 403 and error_code(refused) == "cross_site_request", (headers, refused.text)
    form = session.post(gateway.url("/api/config"), data="control.bulk_cell_mV=3400",
                        headers={"Origin": "http://evil.example",
                                 "Content-Type": "application/x-www-form-urlencoded"}, timeout=5)
    assert form.status_code == 403
    # The dashboard's own requests, and scripts that send no Origin, go through.
    same = session.post(url, json={}, headers={"Origin": own_origin(gateway), "Sec-Fetch-Site": "same-origin"},
                        timeout=10)
    assert same.status_code == 200, same.text
    assert session.post(url, json={}, timeout=10).status_code == 200


def test_dns_rebinding_host_is_refused_by_a_loopback_server(gateway: DemoGateway):
    for path in ("/api/status", "/", "/metrics", "/api/auth"):
        rebound = requests.get(gateway.url(path), headers={"Host": f"rebind.evil.example:{gateway.port}"}, timeout=5)
        assert rebound.status_code == 403 and error_code(rebound) == "host_not_allowed", path
    for host in (f"localhost:{gateway.port}", f"127.0.0.1:{gateway.port}"):
        assert requests.get(gateway.url("/api/status"), headers={"Host": host}, timeout=5).status_code == 200


def test_cross_site_websocket_upgrades_are_refused(gateway: DemoGateway):
    ws_url = f"ws://127.0.0.1:{gateway.port}/api/ws"
    with pytest.raises(websocket.WebSocketBadStatusException) as refused:
        websocket.create_connection(ws_url, timeout=5, origin="http://evil.example")
    assert refused.value.status_code == 403
    with pytest.raises(websocket.WebSocketBadStatusException) as rebound:
        websocket.create_connection(ws_url, timeout=5, origin="http://rebind.evil.example",
                                    host="rebind.evil.example")
    assert rebound.value.status_code == 403
    ws = websocket.create_connection(ws_url, timeout=5, origin=own_origin(gateway))
    try:
        assert json.loads(ws.recv())["type"] == "status"
    finally:
        ws.close()


def test_oversized_requests_are_refused_and_the_server_lives_on(gateway: DemoGateway):
    big_header = raw_exchange(gateway.port, b"GET /api/status HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " +
                              b"a" * 20000 + b"\r\n\r\n")
    assert big_header.startswith(b"HTTP/1.0 400") or big_header.startswith(b"HTTP/1.1 400"), big_header[:80]
    long_url = raw_exchange(gateway.port, b"GET /api/status?" + b"a" * 20000 + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    assert b" 400 " in long_url.split(b"\r\n")[0], long_url[:80]
    declared = raw_exchange(gateway.port, b"PUT /api/config HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                            b"application/json\r\nContent-Length: 1000000000\r\n\r\n{")
    assert declared.startswith(b"HTTP/1.1 413") and b"body_too_large" in declared, declared[:120]
    chunk = b"1000\r\n" + b"a" * 4096 + b"\r\n"
    chunked = raw_exchange(gateway.port, b"POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                           b"application/json\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk * 20 + b"0\r\n\r\n")
    assert chunked.startswith(b"HTTP/1.1 413"), chunked[:120]
    small = requests.post(gateway.url("/api/auth/login"), data=json.dumps({"password": "a" * 20000}),
                          headers={"Content-Type": "application/json"}, timeout=5)
    assert small.status_code == 413, "login bodies are limited to 16 KiB"
    assert requests.get(gateway.url("/api/status"), timeout=5).status_code == 200


def test_every_answer_has_security_headers_and_no_cors(gateway: DemoGateway):
    answers = [requests.get(gateway.url(path), timeout=5) for path in ("/", "/api/status", "/metrics", "/api/nope")]
    answers.append(requests.options(gateway.url("/api/config"), timeout=5,
                                    headers={"Origin": "http://evil.example", "Access-Control-Request-Method": "PUT"}))
    for answer in answers:
        headers = answer.headers
        assert headers["X-Content-Type-Options"] == "nosniff", answer.url
        assert headers["X-Frame-Options"] == "DENY", answer.url
        assert headers["Referrer-Policy"] == "no-referrer", answer.url
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"], answer.url
        assert not any(name.lower().startswith("access-control-") for name in headers), answer.url
    assert answers[1].headers["Cache-Control"] == "no-store"
    assert answers[4].status_code == 403, "a cross-site preflight is refused"


def test_no_secret_in_any_answer_or_log_line(gateway: DemoGateway):
    session = login(gateway.base)
    cookie = session.cookies.get("tbg_session")
    for _ in range(2):
        assert requests.post(gateway.url("/api/auth/login"), json={"password": "wrong-login-guess"},
                             timeout=10).status_code == 401
    changed = session.put(gateway.url("/api/config"), json={"mqtt": {"password": NEW_MQTT_SECRET}}, timeout=10)
    assert changed.status_code == 200 and changed.json()["changed"] == ["mqtt.password"], changed.text
    assert session.put(gateway.url("/api/auth/password"), json={"current": PASSWORD, "new": NEW_PASSWORD},
                       timeout=10).status_code == 200
    wait_for(lambda: gateway.log.find(r"mqtt: .*(refused|connect)"), 15, "the MQTT link's connection failure")
    answers = [changed]
    for path in ("/api/auth", "/api/status", "/api/packs", "/api/config", "/api/log?limit=200", "/api/frames",
                 "/api/history?hours=1", "/api/energy", "/api/layout", "/metrics", "/"):
        answers.append(session.get(gateway.url(path), timeout=5))
    log_text = "\n".join(line for _, line in gateway.log.lines())
    hash_text = json.loads((gateway.state_dir / "auth.json").read_text())["password_hash"]
    secrets = [MQTT_SECRET, NEW_MQTT_SECRET, PASSWORD, NEW_PASSWORD, "wrong-login-guess", cookie, hash_text,
               hash_text.rsplit("$", 1)[1]]
    for secret in secrets:
        assert secret not in log_text, f"{secret!r} in the daemon's log"
        for answer in answers:
            assert secret not in answer.text, f"{secret!r} in {answer.url}"
            assert all(secret not in value for value in answer.headers.values()), f"{secret!r} in headers"
    # Restore the password for the tests that follow in this module.
    assert session.put(gateway.url("/api/auth/password"), json={"current": NEW_PASSWORD, "new": PASSWORD},
                       timeout=10).status_code == 200


def test_files_and_directories_holding_secrets_are_private(gateway: DemoGateway, gateway_binary: str,
                                                           tmp_path: Path):
    fresh = tmp_path / "new" / "state"
    set_password(gateway_binary, fresh)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o700, "passwd creates the state directory owner-only"
    assert stat.S_IMODE((fresh / "auth.json").stat().st_mode) == 0o600

    session = login(gateway.base)
    assert session.put(gateway.url("/api/config"), json={"mqtt": {"password": MQTT_SECRET}},
                       timeout=10).status_code == 200
    assert session.put(gateway.url("/api/layout"), json={"layout": {"widgets": [{"id": "soc", "w": 1, "h": 1}]}},
                       timeout=10).status_code == 200
    assert MQTT_SECRET in gateway.config_path.read_text(), "the secret is saved (it is needed to connect)"
    written = [gateway.config_path, gateway.state_dir / "auth.json", gateway.state_dir / "dashboard.json"]
    # And every other file next to them (previous versions, damaged files kept aside, temporaries).
    written += [p for p in gateway.config_path.parent.glob(gateway.config_path.name + "*") if p.is_file()]
    written += [p for p in gateway.state_dir.iterdir() if p.is_file()]
    for path in written:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
