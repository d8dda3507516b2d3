#!/usr/bin/env python3
"""Writes the seed corpora fuzz/corpus/<target>/ from the spec's test vectors (stdlib only).

Usage: fuzz/make_corpus.py [--vectors PATH]   (default: ../shared/protocols/topband-vectors.json from the repo root)

Every run replaces the files in the three corpus folders, so the output depends only on the vectors file.
The selector numbering for fuzz_decoders must match the Selector enum in fuzz/fuzz_decoders.cpp.
"""

import argparse
import json
import pathlib
import re
import shutil

REPO = pathlib.Path(__file__).resolve().parent.parent
DEFAULT_VECTORS = REPO.parent / "shared" / "protocols" / "topband-vectors.json"
CORPUS = REPO / "fuzz" / "corpus"

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vectors", type=pathlib.Path, default=DEFAULT_VECTORS)
    args = parser.parse_args()
    document = json.loads(args.vectors.read_text(encoding="utf-8"))
    vectors = document["vectors"]

    for target in ("fuzz_assembler", "fuzz_decoders", "fuzz_decode_json"):
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

    for target, names in sorted(written.items()):
        print(f"{target}: {len(names)} seeds")


if __name__ == "__main__":
    main()
