#!/usr/bin/env python3
"""Writes the seed corpora fuzz/corpus/<target>/ from the spec's test vectors (stdlib only).

Usage: fuzz/make_corpus.py [--vectors PATH] [--can-vectors PATH]
       (defaults: ../shared/protocols/topband-vectors.json and victron-can-vectors.json from the repo root)

Every run replaces the files in the generated corpus folders (all but fuzz_dns_reply, whose seeds are committed
files) and the dictionary fuzz/fuzz_config_json.dict (from docs/examples/config.json), so the output depends only on
the vectors files and that example. The selector numbering for fuzz_decoders must match the Selector enum in
fuzz/fuzz_decoders.cpp; the input formats of fuzz_api and fuzz_mqtt are described at the top of their sources.
"""

import argparse
import json
import pathlib
import re
import shutil

REPO = pathlib.Path(__file__).resolve().parent.parent
DEFAULT_VECTORS = REPO.parent / "shared" / "protocols" / "topband-vectors.json"
DEFAULT_CAN_VECTORS = REPO.parent / "shared" / "protocols" / "victron-can-vectors.json"
EXAMPLE_CONFIG = REPO / "docs" / "examples" / "config.json"
CORPUS = REPO / "fuzz" / "corpus"
GENERATED = ("fuzz_assembler", "fuzz_decoders", "fuzz_decode_json", "fuzz_slcan", "fuzz_config_json", "fuzz_api",
             "fuzz_mqtt")

# fuzz_decoders selectors (fuzz/fuzz_decoders.cpp).
SEL_ANALOG, SEL_ALARM, SEL_SYSTEM_PARAMETERS, SEL_DATE_TIME, SEL_HISTORY, SEL_MANUFACTURER, SEL_LOOKUPS = range(7)
SELECTOR_BY_COMMAND = {0x42: SEL_ANALOG, 0x44: SEL_ALARM, 0x47: SEL_SYSTEM_PARAMETERS, 0x4D: SEL_DATE_TIME,
                       0x4E: SEL_DATE_TIME, 0x4B: SEL_HISTORY, 0x51: SEL_MANUFACTURER}

# Binary frame of the vendor protocol (§8.9): sleep command at address 0.
VENDOR_FRAME = bytes([0xEF, 0x00, 0xA1, 0x01, 0xF0, 0xFE, 0x6E, 0x16])


def chksum(body: str) -> int:
    """CHKSUM of the characters after '~' up to the last INFO character (§3)."""
    return (0x10000 - sum(body.encode("latin-1")) % 0x10000) % 0x10000


def lowercase_frame(frame: str) -> str:
    """The same frame with lower-case hex digits and a CHKSUM recomputed over them."""
    body = frame[1:-5].lower()
    return "~" + body + format(chksum(body), "04x") + "\r"


def info_of(frame: str):
    """(cid2_or_rtn, INFO characters) of a well-formed frame string, or None."""
    match = re.fullmatch(r"~([0-9A-F]{2})([0-9A-F]{2})([0-9A-F]{2})([0-9A-F]{2})([0-9A-F]{4})(.*)([0-9A-F]{4})\r",
                         frame, re.DOTALL)
    if match is None:
        return None
    lenid = int(match.group(5), 16) & 0x0FFF
    info = match.group(6)
    if len(info) != lenid:
        return None
    return int(match.group(4), 16), info


def command_of(vector) -> int | None:
    try:
        return int(vector["command"], 16)
    except (KeyError, ValueError):
        return None


def write(target: str, name: str, content: bytes, written: dict) -> None:
    folder = CORPUS / target
    path = folder / name
    assert name not in written.setdefault(target, set()), f"duplicate seed {target}/{name}"
    written[target].add(name)
    path.write_bytes(content)


def slcan_line(can_id: int, data: bytes) -> str:
    """The slcan text of a standard data frame, as an adapter writes it (without the CR)."""
    return f"t{can_id:03X}{len(data)}" + data.hex().upper()


def write_slcan_seeds(can_vectors, written: dict) -> None:
    """Adapter output: frames from the CAN vectors, every reply kind, streams, and binary round-trip frames."""
    lines = []
    for vector in can_vectors:
        if vector.get("extended_id") or "can_id" not in vector or "data_hex" not in vector:
            continue
        can_id = int(vector["can_id"], 16)
        data = bytes.fromhex(vector["data_hex"])
        if can_id > 0x7FF or len(data) > 8 or any(slcan_line(can_id, data) == line for _, line in lines):
            continue
        lines.append((vector["id"], slcan_line(can_id, data)))
    for name, line in lines[:16]:
        write("fuzz_slcan", "line-" + name, line.encode("ascii"), written)
    replies = {
        "ok": "", "ack-lower": "z", "ack-upper": "Z", "status": "F00", "status-errors": "F2a", "version": "V1013",
        "serial": "NA123", "extended": "T1FFFFFFF81122334455667788", "remote": "r1230", "remote-extended": "R123456780",
        "timestamp": "t35A8AAAAAA02AAAAAA021A2B", "lowercase": "t35a8aaaaaa02aaaaaa02", "dlc0": "t0000",
    }
    for name, line in replies.items():
        write("fuzz_slcan", "reply-" + name, line.encode("ascii"), written)
    stream = "\r".join(line for _, line in lines[:6]) + "\r"
    write("fuzz_slcan", "stream-frames", stream.encode("ascii"), written)
    write("fuzz_slcan", "stream-setup-replies", b"\r\r\rz\rF00\r\x07t1230\r\n", written)
    write("fuzz_slcan", "stream-overlong-then-frame", b"t" + b"0" * 40 + b"\rt1231AB\r", written)
    write("fuzz_slcan", "stream-bel-in-line", b"t12\x073\rt1232ABCD\r", written)
    for can_id, data in ((0x351, bytes.fromhex("2C01E8030000E803")), (0x7FF, b""), (0x35E, b"TOPBAND\x00")):
        frame = can_id.to_bytes(2, "little") + bytes([len(data)]) + data
        write("fuzz_slcan", f"roundtrip-{can_id:03x}-{len(data)}", frame, written)


def write_config_seeds(written: dict) -> None:
    """The example config file, partial updates as the dashboard sends them, and typical mistakes."""
    write("fuzz_config_json", "example-config", EXAMPLE_CONFIG.read_bytes(), written)
    seeds = {
        "empty-object": {},
        "schema-version": {"schema_version": 1},
        "control-bulk": {"control": {"bulk_cell_mV": 3450, "float_cell_mV": 3375}},
        "mqtt-enabled": {"mqtt": {"enabled": True, "host": "broker", "port": 8883, "tls": True,
                                  "username": "u", "password": "p", "base_topic": "home/battery",
                                  "detail": "cell", "discovery_prefix": "homeassistant", "device_id": "shed"}},
        "can-pylontech": {"can": {"protocol": "pylontech", "manufacturer": "PYLON", "allow_quirk_name": True,
                                  "bms_name": ""}},
        "web": {"web": {"public_read": False, "session_timeout_s": 3600, "login_max_failures": 5}},
        "device-pins": {"device": {"board": "custom", "led": "gpio", "rs485_tx_pin": 17, "rs485_rx_pin": 18,
                                   "can_tx_pin": 17}},
        "network": {"network": {"wifi_ssid": "shed", "wifi_password": "12345678", "hostname": "topband",
                                "timezone": "CET-1CEST,M3.5.0,M10.5.0/3", "ntp_server": "pool.ntp.org"}},
        "poll-timeouts": {"poll": {"min_timeout_ms": 900, "max_timeout_ms": 800, "addresses_mask": 65535}},
        "wrong-types": {"poll": {"baud": "9600"}, "bank": [], "control": {"failsafe_silence": 1}},
        "unknown-keys": {"poll": {"speed": 1}, "extra": {}},
        "out-of-range": {"control": {"cvl_max_dV": 100000}, "device": {"led_pin": -2}},
    }
    for name, doc in seeds.items():
        write("fuzz_config_json", name, json.dumps(doc).encode("utf-8"), written)
    raw = {
        "huge-unsigned": b'{"device": {"led_pin": 18446744073709551615}}',
        "negative-zero": b'{"poll": {"guard_ms": -0}}',
        "float": b'{"poll": {"guard_ms": 1.0}}',
        "escaped-nul": b'{"mqtt": {"base_topic": "a\\u0000b"}}',
        "duplicate-key": b'{"poll": {"guard_ms": 1, "guard_ms": 600}}',
        "not-an-object": b"[1, 2]",
        "syntax-error": b'{"poll": {',
    }
    for name, content in raw.items():
        write("fuzz_config_json", name, content, written)


def api_request(method: str, target: str, headers=(), body: str = "") -> str:
    lines = [f"{method} {target}"] + [f"{name}: {value}" for name, value in headers]
    return "\n".join(lines) + "\n\n" + body


def api_input(options: str, *requests: str) -> bytes:
    return "\n===\n".join((options,) + requests).encode("utf-8")


def write_api_seeds(written: dict) -> None:
    """Request sequences in fuzz_api's format (fuzz/fuzz_api.cpp)."""
    as_json = ("content-type", "application/json")
    seeds = {
        "reads": api_input("", *(api_request("GET", path) for path in (
            "/api/status", "/api/packs", "/api/packs/1", "/api/history?hours=2", "/api/energy?days=3&months=2",
            "/api/frames?limit=5", "/api/log?limit=3", "/metrics", "/api/auth", "/", "/assets/app.js", "/missing.css"))),
        "private-reads": api_input("public_read: 0", api_request("GET", "/api/status"),
                                   api_request("GET", "/api/config", [("session", "a")]),
                                   api_request("GET", "/api/layout", [("session", "gone")])),
        "put-config": api_input("", api_request("PUT", "/api/config", [as_json, ("session", "a")],
                                                json.dumps({"control": {"bulk_cell_mV": 3440},
                                                            "mqtt": {"password": "new-secret"}})),
                                api_request("GET", "/api/config", [("session", "a")])),
        "put-config-no-session": api_input("", api_request("PUT", "/api/config", [as_json],
                                                           json.dumps({"poll": {"guard_ms": 20}}))),
        "put-config-form": api_input("", api_request("PUT", "/api/config",
                                                     [("content-type", "text/plain"), ("session", "a")],
                                                     json.dumps({"poll": {"guard_ms": 20}}))),
        "put-config-invalid": api_input("scope: embedded", api_request(
            "PUT", "/api/config", [as_json, ("session", "b")],
            json.dumps({"network": {"wifi_password": "short"}, "control": {"bulk_cell_mV": 1}}))),
        "layout": api_input("", api_request("PUT", "/api/layout", [as_json, ("session", "a")],
                                            json.dumps({"layout": {"widgets": [{"id": "soc", "w": 2, "h": 1}]}})),
                            api_request("GET", "/api/layout")),
        "actions": api_input("", api_request("POST", "/api/actions/rescan", [as_json, ("session", "a")], "{}"),
                             api_request("POST", "/api/actions/reset-counters", [as_json], "{}")),
        "login-logout": api_input("", api_request("POST", "/api/auth/login", [as_json, ("client", "10.0.0.9")],
                                                  json.dumps({"password": "correct horse battery staple"})),
                                  api_request("GET", "/api/config", [("session", "last")]),
                                  api_request("POST", "/api/auth/logout", [as_json, ("session", "last")], "{}"),
                                  api_request("GET", "/api/config", [("session", "last")])),
        "wrong-logins": api_input("", *(api_request("POST", "/api/auth/login", [as_json, ("advance", "100")],
                                                    json.dumps({"password": f"guess-{i}"})) for i in range(6))),
        "setup": api_input("password: 0", api_request("GET", "/api/auth"),
                           api_request("POST", "/api/auth/setup", [as_json], json.dumps({"password": "a-new-pass"})),
                           api_request("POST", "/api/auth/setup", [as_json], json.dumps({"password": "another-1"}))),
        "change-password": api_input("", api_request(
            "PUT", "/api/auth/password", [as_json, ("session", "b")],
            json.dumps({"current": "correct horse battery staple", "new": "next-password"})),
            api_request("GET", "/api/config", [("session", "a")])),
        "session-expiry": api_input("", api_request("GET", "/api/config", [("session", "a"),
                                                                           ("advance", "2592000000")])),
        "no-view": api_input("view: 0", api_request("GET", "/api/status"), api_request("GET", "/metrics")),
        "static-etag": api_input("", api_request("GET", "/index.html", [("if-none-match", 'W/"aaaa", "x"')]),
                                 api_request("HEAD", "/assets/app.js"), api_request("DELETE", "/")),
        "bad-params": api_input("", api_request("GET", "/api/packs/16"), api_request("GET", "/api/log?limit=0"),
                                api_request("GET", "/api/history?hours=x"), api_request("OPTIONS", "/api/status"),
                                api_request("GET", "/api/\xff\xfe")),
        "cookie-forms": api_input("public_read: 0", api_request("GET", "/api/status",
                                                                [("cookie", "a=b; tbg_session=; x"),
                                                                 ("session", "a")])),
    }
    for name, content in seeds.items():
        write("fuzz_api", name, content, written)


def mqtt_text(text: bytes) -> bytes:
    assert len(text) < 256
    return bytes([len(text)]) + text


def mqtt_input(flags: int, strings, records) -> bytes:
    out = bytes([flags]) + b"".join(mqtt_text(s) for s in strings)
    for op, payload in records:
        out += bytes([op]) + mqtt_text(payload)
    return out


def write_mqtt_seeds(vectors, written: dict) -> None:
    """fuzz_mqtt inputs (fuzz/fuzz_mqtt.cpp): settings, then real INFO payloads stored in packs and ticks."""
    payloads = {}
    for vector in vectors:
        parsed = info_of(vector["frame"])
        command = command_of(vector)
        if parsed is None or vector.get("direction") != "response" or parsed[0] != 0:
            continue
        try:
            info = parsed[1].encode("latin-1") if command == 0x51 else bytes.fromhex(parsed[1])
        except ValueError:
            continue
        if 0 < len(info) < 256 and command in (0x42, 0x44, 0x47, 0x51):
            payloads.setdefault(command, info)
    kind = {0x42: 0, 0x44: 1, 0x47: 2, 0x51: 3}
    tick, retained, reconnect, advance = 4, 5, 6, 7

    def pack(address: int):
        return [((kind[c] << 4) | address, payloads[c]) for c in (0x42, 0x44, 0x47, 0x51) if c in payloads]

    defaults = [b"", b"", b"homeassistant", b"", b"a1b2c3d4e5f6"]
    seeds = {
        "bank-only": mqtt_input(0x0C, defaults, pack(0) + [(tick << 4, b"")]),
        "cell-detail-two-packs": mqtt_input(0x0E, [b"shed", b"home/battery", b"ha", b"", b"x"],
                                            pack(0) + pack(3) + [(tick << 4, b""), (advance << 4, b"\x08"),
                                                                 (tick << 4, b"")]),
        "pack-detail-removal": mqtt_input(0x0D, defaults, pack(1) + [
            (tick << 4, b""),
            (retained << 4, b"homeassistant/sensor/topband_gateway_a1b2c3d4e5f6/pack_9_voltage/config\x00{}"),
            (reconnect << 4, b""), (tick << 4, b"")]),
        "odd-strings": mqtt_input(0x0E, [b"", "b\u00e4ttery/\u26a1".encode("utf-8"), b"h\xc3\xa4", b"\xff",
                                         b"\xc3\x28host"], pack(2) + [(tick << 4, b"")]),
        "info-invalid-utf8": mqtt_input(0x0D, defaults, pack(0) + [((3 << 4), b"\xff\xfeTOPBAND\x00\x80"),
                                                                   (tick << 4, b"")]),
        "stale-after-time": mqtt_input(0x0E, defaults, pack(4) + [(tick << 4, b""), (advance << 4, b"\xff"),
                                                                  (advance << 4, b"\xff"), (tick << 4, b"")]),
    }
    for name, content in seeds.items():
        write("fuzz_mqtt", name, content, written)


def write_config_dictionary() -> None:
    """fuzz/fuzz_config_json.dict: every section and key of the example config, and the enum words."""
    example = json.loads(EXAMPLE_CONFIG.read_text(encoding="utf-8"))
    words = set()
    for section, keys in example.items():
        words.add(section)
        if isinstance(keys, dict):
            words.update(keys)
    words.update(["schema_version", "victron", "pylontech", "sma", "bank", "pack", "cell", "custom", "auto",
                  "ws2812", "gpio", "off", "lilygo-t-can485", "waveshare-s3-rs485-can"])
    lines = ["# libFuzzer dictionary for fuzz_config_json, written by fuzz/make_corpus.py from docs/examples/config.json."]
    lines += [f'key_{i}="\\"{word}\\""' for i, word in enumerate(sorted(words))]
    lines += ['true="true"', 'false="false"', 'null="null"', 'minus="-1"', 'big="4294967296"',
              'u64_max="18446744073709551615"', 'i64_min="-9223372036854775808"', 'nul="\\\\u0000"']
    (REPO / "fuzz" / "fuzz_config_json.dict").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vectors", type=pathlib.Path, default=DEFAULT_VECTORS)
    parser.add_argument("--can-vectors", type=pathlib.Path, default=DEFAULT_CAN_VECTORS)
    args = parser.parse_args()
    document = json.loads(args.vectors.read_text(encoding="utf-8"))
    vectors = document["vectors"]
    can_vectors = json.loads(args.can_vectors.read_text(encoding="utf-8"))["vectors"]

    for target in GENERATED:
        shutil.rmtree(CORPUS / target, ignore_errors=True)
        (CORPUS / target).mkdir(parents=True)
    written: dict = {}

    frames = {vector["id"]: vector["frame"] for vector in vectors}
    for name, frame in frames.items():
        raw = frame.encode("latin-1")
        write("fuzz_assembler", name, raw, written)
        write("fuzz_decode_json", name, raw, written)
        # The forms a user pastes: literal backslash-r, surrounding blanks, no EOI.
        write("fuzz_decode_json", name + ".escaped", frame.replace("\r", "\\r").encode("latin-1"), written)
        write("fuzz_decode_json", name + ".bare", b"  " + frame.rstrip("\r").encode("latin-1") + b"\n", written)

    analog_15s = frames["constructed-resp-42-15s-7t"]
    analog_16s = frames["constructed-resp-42-16s-7t"]
    poll = "".join(entry["frame"] for entry in document["poll_table_0x42"]["frames"][:2])
    streams = {
        "stream-poll-and-reply": poll + analog_15s,
        "stream-two-replies-lf": analog_15s.replace("\r", "\n") + analog_16s,
        "stream-truncated-then-reply": analog_15s[:40] + "\r" + analog_16s,
        "stream-noise-then-reply": "\x00\xff garbage ~21" + analog_15s,
        "stream-lowercase-reply": lowercase_frame(analog_15s),
    }
    for name, stream in streams.items():
        write("fuzz_assembler", name, stream.encode("latin-1"), written)
    write("fuzz_assembler", "stream-vendor-frame-then-reply", VENDOR_FRAME + analog_15s.encode("latin-1"), written)
    write("fuzz_decode_json", "lowercase-reply", lowercase_frame(analog_16s).encode("latin-1"), written)

    for vector in vectors:
        parsed = info_of(vector["frame"])
        command = command_of(vector)
        if parsed is None or command not in SELECTOR_BY_COMMAND:
            continue
        rtn_or_cid2, info = parsed
        selector = SELECTOR_BY_COMMAND[command]
        if vector.get("direction") == "response" and rtn_or_cid2 != 0:
            continue
        if selector == SEL_MANUFACTURER:
            payload = info.encode("latin-1")
        else:
            try:
                payload = bytes.fromhex(info)
            except ValueError:
                continue
        if not payload:
            continue
        write("fuzz_decoders", vector["id"], bytes([selector]) + payload, written)

    # The Pylontech extended-capacity example with its INFOFLAG dropped has the Topband shape (one byte before M).
    pylontech = info_of(frames["pylontech-doc-resp-42-15s-extcap"].replace("E1A2\r", "E27A\r"))
    assert pylontech is not None
    write("fuzz_decoders", "analog-extended-capacity", bytes([SEL_ANALOG]) + bytes.fromhex(pylontech[1])[1:], written)
    for cells, temps in ((15, 7), (16, 6), (16, 7), (8, 2), (32, 16)):
        write("fuzz_decoders", f"lookups-{cells}s-{temps}t", bytes([SEL_LOOKUPS, cells, temps, 0x14, 0x9B]), written)

    write_slcan_seeds(can_vectors, written)
    write_config_seeds(written)
    write_api_seeds(written)
    write_mqtt_seeds(vectors, written)
    write_config_dictionary()

    for target, names in sorted(written.items()):
        print(f"{target}: {len(names)} seeds")


if __name__ == "__main__":
    main()
