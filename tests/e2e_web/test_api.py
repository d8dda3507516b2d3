"""The HTTP API of the real daemon (docs/api.md) in demo mode: documents, status codes and the error envelope,
request limits, static files with gzip and ETag, login with the admin password, the rate limit, first-start setup,
persistence of the password, the layout and the daily energy across restarts, metrics, frames, log and actions."""

from __future__ import annotations

import datetime
import gzip
import json
import re
import stat
import time
from pathlib import Path

import pytest
import requests
import websocket  # python3-websocket

from conftest import failed
import subprocess

from web_rig import (PASSWORD, DemoGateway, LineLog, error_code, free_port, login, port_open, set_password, spawn,
                     stop_process, wait_for)


@pytest.fixture
def demo(request: pytest.FixtureRequest, gateway_binary: str, tmp_path: Path):
    set_password(gateway_binary, tmp_path / "state")
    gateway = DemoGateway(gateway_binary, tmp_path)
    yield gateway
    code = gateway.stop()
    if failed(request):
        print(gateway.log.tail(40))
    else:
        assert code == 0, gateway.log.tail(20)


def test_status_and_packs_are_live_and_change(demo: DemoGateway):
    first = requests.get(demo.url("/api/status"), timeout=5).json()
    assert first["edition"] == "full" and first["demo"] is True and first["monitoring"] is True
    assert first["platform"] == "linux"
    assert first["bank"]["modules"]["online"] == 3
    assert [p["address"] for p in first["packs"]] == [0, 1, 2]
    assert first["bank"]["limits"]["cvl_reason"].startswith("CVL ")

    def changed():
        now = requests.get(demo.url("/api/status"), timeout=5).json()
        moved = now["bank"]["voltage_V"] != first["bank"]["voltage_V"] or \
            now["bank"]["cell_max"]["V"] != first["bank"]["cell_max"]["V"] or \
            now["bank"]["current_A"] != first["bank"]["current_A"]
        return now if now["seq"] > first["seq"] and moved else None

    later = wait_for(changed, 15, "a newer status with other values")
    assert later["uptime_s"] >= first["uptime_s"]
    packs = requests.get(demo.url("/api/packs"), timeout=5).json()["packs"]
    assert len(packs) == 3
    assert all(len(p["cells_V"]) == 16 and len(p["temperatures"]) == 7 for p in packs)
    one = wait_for(lambda: (lambda d: d if d["info"] else None)(requests.get(demo.url("/api/packs/2"), timeout=5).json()),
                   20, "pack 2's 0x51 information")
    assert one["address"] == 2 and one["info"]["hardware"].startswith("TBSIM")
    assert one["data_age_s"]["analog"] < 10 and one["stale"]["analog"] is False


def test_errors_have_their_status_and_one_envelope(demo: DemoGateway):
    cases = [("GET", "/api/nope", 404, "not_found"), ("GET", "/api/packs/16", 400, "bad_request"),
             ("GET", "/api/packs/9", 404, "pack_not_found"), ("GET", "/api/history?hours=100", 400, "bad_request"),
             ("PUT", "/api/status", 405, "method_not_allowed"), ("PUT", "/api/config", 401, "login_required"),
             ("POST", "/api/actions/rescan", 401, "login_required")]
    for method, path, status, code in cases:
        response = requests.request(method, demo.url(path), json={}, timeout=5)
        assert response.status_code == status, (path, response.text)
        body = response.json()
        assert body["error"]["code"] == code and body["error"]["message"], path
    assert requests.put(demo.url("/api/status"), json={}, timeout=5).headers["Allow"] == "GET"

    session = login(demo.base)
    assert session.put(demo.url("/api/config"), data="{broken", headers={"Content-Type": "application/json"},
                       timeout=5).status_code == 400
    plain = session.put(demo.url("/api/config"), data="{}", headers={"Content-Type": "text/plain"}, timeout=5)
    assert plain.status_code == 415 and error_code(plain) == "unsupported_media_type"
    huge = session.put(demo.url("/api/config"), data="x" * (70 * 1024), headers={"Content-Type": "application/json"},
                       timeout=5)
    assert huge.status_code == 413 and error_code(huge) == "body_too_large"
    assert requests.get(demo.url("/api/status"), timeout=5).status_code == 200, "the server lives on"


def test_static_files_are_gzip_with_etag_and_spa_fallback(demo: DemoGateway):
    gzipped = requests.get(demo.url("/"), stream=True, timeout=5).raw.read()
    index = requests.get(demo.url("/"), timeout=5)
    assert index.status_code == 200
    assert index.headers["Content-Encoding"] == "gzip"
    assert index.headers["Content-Type"].startswith("text/html")
    assert "<html" in index.text.lower()  # requests decompressed it
    assert "default-src 'self'" in index.headers["Content-Security-Policy"]
    etag = index.headers["ETag"]
    assert re.fullmatch(r'"[0-9a-f]{16}"', etag)
    cached = requests.get(demo.url("/"), headers={"If-None-Match": etag}, timeout=5)
    assert cached.status_code == 304 and cached.content == b""
    scripts = re.findall(r'src="(/assets/[^"]+\.js)"', index.text)
    assert scripts, index.text
    raw = requests.get(demo.url(scripts[0]), stream=True, timeout=5).raw.read()
    assert gzip.decompress(raw)[:200]
    assert requests.get(demo.url("/packs/3"), timeout=5).headers["ETag"] == etag, "SPA route → index.html"
    assert requests.get(demo.url("/assets/missing.js"), timeout=5).status_code == 404
    head = requests.head(demo.url("/"), timeout=5)
    assert head.status_code == 200 and int(head.headers["Content-Length"]) == len(gzipped) and head.content == b""
    total = sum(len(requests.get(demo.url(p), stream=True, timeout=5).raw.read())
                for p in ["/", *scripts, *re.findall(r'href="(/assets/[^"]+\.css)"', index.text)])
    assert total <= 150 * 1024, f"the gzipped dashboard is {total} bytes"


def test_login_cookie_flags_rate_limit_and_logout(demo: DemoGateway):
    response = requests.post(demo.url("/api/auth/login"), json={"password": PASSWORD}, timeout=10)
    assert response.status_code == 200
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("tbg_session=") and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    session = requests.Session()
    session.cookies.set("tbg_session", re.match(r"tbg_session=([0-9a-f]+)", cookie).group(1))
    assert session.get(demo.url("/api/auth"), timeout=5).json()["logged_in"] is True
    assert session.post(demo.url("/api/actions/reset-counters"), json={}, timeout=10).status_code == 200
    assert session.post(demo.url("/api/auth/logout"), json={}, timeout=5).status_code == 200
    assert session.post(demo.url("/api/actions/reset-counters"), json={}, timeout=10).status_code == 401

    for _ in range(5):
        wrong = requests.post(demo.url("/api/auth/login"), json={"password": "not the password"}, timeout=10)
        assert wrong.status_code == 401 and error_code(wrong) == "wrong_password"
    blocked = requests.post(demo.url("/api/auth/login"), json={"password": PASSWORD}, timeout=10)
    assert blocked.status_code == 429 and error_code(blocked) == "too_many_attempts"
    assert 1 <= int(blocked.headers["Retry-After"]) <= 300
    assert "topband_http_login_failures_total 5" in requests.get(demo.url("/metrics"), timeout=5).text


def test_first_start_setup_and_the_password_survives_a_restart(gateway_binary: str, tmp_path: Path):
    gateway = DemoGateway(gateway_binary, tmp_path)
    try:
        auth = requests.get(gateway.url("/api/auth"), timeout=5).json()
        assert auth == {"password_set": False, "logged_in": False, "public_read": True}
        assert gateway.log.find(r"no admin password yet")
        short = requests.post(gateway.url("/api/auth/setup"), json={"password": "short"}, timeout=5)
        assert short.status_code == 422 and "password" in short.json()["error"]["fields"]
        session = requests.Session()
        assert session.post(gateway.url("/api/auth/setup"), json={"password": "my new password"},
                            timeout=10).status_code == 200
        assert session.get(gateway.url("/api/auth"), timeout=5).json()["logged_in"] is True
        again = requests.post(gateway.url("/api/auth/setup"), json={"password": "take it over"}, timeout=10)
        assert again.status_code == 409 and error_code(again) == "password_already_set"
        auth_file = tmp_path / "state" / "auth.json"
        stored = json.loads(auth_file.read_text())
        assert stored["password_hash"].startswith("$argon2id$") and "my new password" not in auth_file.read_text()
        assert stat.S_IMODE(auth_file.stat().st_mode) == 0o600
    finally:
        assert gateway.stop() == 0
    gateway = DemoGateway(gateway_binary, tmp_path, port=gateway.port)
    try:
        assert session.post(gateway.url("/api/actions/rescan"), json={}, timeout=5).status_code == 401, \
            "sessions end with the process"
        assert login(gateway.base, "my new password")
        set_password(gateway_binary, tmp_path / "state", "changed by the cli")
        assert requests.post(gateway.url("/api/auth/login"), json={"password": "my new password"},
                             timeout=10).status_code == 401, "passwd takes effect without a restart"
        assert login(gateway.base, "changed by the cli")
    finally:
        assert gateway.stop() == 0


def test_config_is_validated_per_field_hides_secrets_and_is_saved(demo: DemoGateway):
    session = login(demo.base)
    doc = session.get(demo.url("/api/config"), timeout=5).json()
    keys = {field["key"] for field in doc["fields"]}
    assert {"control.bulk_cell_mV", "can.protocol", "mqtt.password", "web.public_read"} <= keys
    assert "password" not in doc["config"]["mqtt"]
    before = demo.config_path.read_text()
    bad = session.put(demo.url("/api/config"), json={"control": {"bulk_cell_mV": 3700, "float_cell_mV": "x"},
                                                      "can": {"interval_ms": 50}}, timeout=10)
    assert bad.status_code == 422 and error_code(bad) == "invalid_config"
    assert set(bad.json()["error"]["fields"]) == {"control.bulk_cell_mV", "control.float_cell_mV", "can.interval_ms"}
    assert demo.config_path.read_text() == before, "a rejected change writes nothing"

    ok = session.put(demo.url("/api/config"), json={"control": {"bulk_cell_mV": 3420},
                                                     "mqtt": {"username": "u", "password": "secret-123"}}, timeout=10)
    assert ok.status_code == 200, ok.text
    assert ok.json()["changed"] == ["control.bulk_cell_mV", "mqtt.username", "mqtt.password"]
    assert "secret-123" not in ok.text
    saved = json.loads(demo.config_path.read_text())
    assert saved["control"]["bulk_cell_mV"] == 3420 and saved["mqtt"]["password"] == "secret-123"
    again = session.get(demo.url("/api/config"), timeout=5)
    assert "secret-123" not in again.text
    secret = next(f for f in again.json()["fields"] if f["key"] == "mqtt.password")
    assert secret["set"] is True
    # Applied at once: 16 × 3.420 V = 54.7 V is the new bulk CVL.
    wait_for(lambda: requests.get(demo.url("/api/status"), timeout=5).json()["bank"]["limits"]["cvl_V"] <= 54.8,
             10, "CVL at the new bulk voltage")
    assert demo.process.poll() is None and len(demo.log.find(r"starting:")) == 1, "no restart"


def test_layout_and_daily_energy_survive_a_restart(gateway_binary: str, tmp_path: Path):
    state = tmp_path / "state"
    state.mkdir()
    set_password(gateway_binary, state)
    today = datetime.date.today()
    yesterday = today - datetime.timedelta(days=1)
    ledger = {"days": [[yesterday.isoformat(), 4_200_000, 3_100_000], [today.isoformat(), 1_500_000, 700_000]],
              "months": [[today.strftime("%Y-%m"), 5_700_000, 3_800_000]]}
    (state / "state.json").write_text(json.dumps({"charged_Wh": 900_000, "discharged_Wh": 850_000,
                                                  "energy_ledger": ledger}))
    layout = {"widgets": [{"id": "power", "w": 2, "h": 1}, {"id": "soc", "w": 1, "h": 1}]}
    gateway = DemoGateway(gateway_binary, tmp_path)
    try:
        energy = requests.get(gateway.url("/api/energy?days=7"), timeout=5).json()
        assert energy["today"] == today.isoformat() and energy["clock_valid"] is True
        assert energy["days"][-2] == {"date": yesterday.isoformat(), "charged_kWh": 4.2, "discharged_kWh": 3.1}
        assert energy["days"][-1]["charged_kWh"] >= 1.5
        assert energy["total"]["charged_kWh"] >= 900.0
        session = login(gateway.base)
        assert session.put(gateway.url("/api/layout"), json={"layout": layout}, timeout=5).status_code == 200
    finally:
        assert gateway.stop() == 0
    saved = json.loads((state / "state.json").read_text())
    assert [yesterday.isoformat(), 4_200_000, 3_100_000] in saved["energy_ledger"]["days"]
    gateway = DemoGateway(gateway_binary, tmp_path)
    try:
        assert requests.get(gateway.url("/api/layout"), timeout=5).json()["layout"] == layout
        energy = requests.get(gateway.url("/api/energy"), timeout=5).json()
        assert energy["days"][-2]["charged_kWh"] == 4.2
    finally:
        assert gateway.stop() == 0


def test_history_frames_log_metrics_and_actions(demo: DemoGateway):
    history = requests.get(demo.url("/api/history?hours=1"), timeout=5).json()
    assert history["interval_s"] == 60 and history["points"] >= 1
    assert history["voltage_V"][-1] is None or 40 < history["voltage_V"][-1] < 60
    assert len(history["t"]) == history["points"]
    frames = requests.get(demo.url("/api/frames?limit=20"), timeout=5).json()
    assert {r["dir"] for r in frames["rs485"]} == {"tx", "rx"}
    replies = [r for r in frames["rs485"] if r["dir"] == "rx" and r["decoded"]["ok"]]
    assert replies and all(not r["decoded"].get("command_guessed", False) for r in replies)
    # Monitoring mode (--can none): the frames the gateway would send are still listed.
    assert {"0x351", "0x355", "0x356", "0x35A"} <= {r["id"] for r in frames["can"]}
    assert any(r["text"].startswith("0x351 CVL") for r in frames["can"])
    log = requests.get(demo.url("/api/log?limit=200"), timeout=5).json()["lines"]
    assert any("http: dashboard at" in line["text"] for line in log)

    metrics = requests.get(demo.url("/metrics"), timeout=5)
    assert metrics.headers["Content-Type"].startswith("text/plain; version=0.0.4")
    samples = {}
    for line in metrics.text.splitlines():
        if line.startswith("#"):
            continue
        name, value = line.rsplit(" ", 1)
        samples[name] = float(value)
    assert samples['topband_pack_online{pack="0"}'] == 1
    assert samples["topband_bank_modules{state=\"online\"}"] == 3
    assert 40 < samples["topband_bank_voltage_volts"] < 60

    session = login(demo.base)
    polls = wait_for(lambda: (lambda n: n if n > 20 else None)(
        requests.get(demo.url("/api/status"), timeout=5).json()["rs485"]["polls"]), 20, "20 polls")
    assert session.post(demo.url("/api/actions/reset-counters"), json={}, timeout=10).status_code == 200
    assert requests.get(demo.url("/api/status"), timeout=5).json()["rs485"]["polls"] < polls
    assert session.post(demo.url("/api/actions/rescan"), json={}, timeout=10).json() == {"ok": True}
    wait_for(lambda: demo.log.find(r"rescan requested"), 5, "the rescan log line")


def test_private_reads_need_a_login(gateway_binary: str, tmp_path: Path):
    set_password(gateway_binary, tmp_path / "state")
    gateway = DemoGateway(gateway_binary, tmp_path, config={"web": {"public_read": False}}, wait=False)
    try:
        wait_for(lambda: port_open(gateway.port), 20, "the HTTP port")
        for path in ("/api/status", "/api/packs", "/api/config", "/metrics"):
            assert requests.get(gateway.url(path), timeout=5).status_code == 401, path
        assert requests.get(gateway.url("/"), timeout=5).status_code == 200, "the login page loads"
        assert requests.get(gateway.url("/api/auth"), timeout=5).json()["public_read"] is False
        with pytest.raises(websocket.WebSocketBadStatusException) as refused:
            websocket.create_connection(f"ws://127.0.0.1:{gateway.port}/api/ws", timeout=5)
        assert refused.value.status_code == 401
        session = login(gateway.base)
        cookie = "tbg_session=" + session.cookies["tbg_session"]
        ws = websocket.create_connection(f"ws://127.0.0.1:{gateway.port}/api/ws", timeout=5, cookie=cookie)
        assert json.loads(ws.recv())["type"] == "status"
        ws.close()
        wait_for(lambda: session.get(gateway.url("/api/status"), timeout=5).status_code == 200, 10, "status")
    finally:
        assert gateway.stop() == 0


@pytest.mark.parametrize("flags", [["--stealth"], ["--http", "none"]])
def test_no_http_server_in_stealth_or_none(gateway_binary: str, tmp_path: Path, flags: list[str]):
    """--stealth wins over an --http address; --http none starts no server either; CAN output goes on."""
    port = free_port()
    args = [gateway_binary, "run", "--demo", "--can", "none", "--exit-after-s", "60", *flags]
    if flags == ["--stealth"]:
        args += ["--http", f"127.0.0.1:{port}"]
    process = spawn(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    log = LineLog(process.stderr)
    try:
        log.wait(r"can: first frame set", 20)
        assert not port_open(port)
        assert not log.find(r"http: dashboard at")
        if flags == ["--stealth"]:
            assert log.find(r"http: disabled by --stealth")
    finally:
        assert stop_process(process) == 0
