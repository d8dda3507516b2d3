#!/usr/bin/env python3
"""End-to-end tests of `topband-gateway decode` and `topband-gateway encode`.

Usage: test_cli.py PATH/TO/topband-gateway

Standard library only. Frames come from tests/golden/topband-vectors.json (the constructed 0x42 replies); corrupted
variants are built here with the checksum rules of shared/protocols/topband-rs485.md §3. Prints 'N passed, N failed'
and exits non-zero when a check failed.
"""

import json
import math
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
VECTORS = os.path.join(HERE, "..", "golden", "topband-vectors.json")

passed = 0
failed = 0


def check(name, condition, detail=""):
    global passed, failed
    if condition:
        passed += 1
    else:
        failed += 1
        print(f"FAIL: {name}" + (f": {detail}" if detail else ""))


# --- frame helpers (§3) -------------------------------------------------------------------------------------------


def chksum(body):
    """CHKSUM over the characters after '~' up to the last INFO character, as 4 upper-case hex digits."""
    total = sum(body.encode("latin-1")) % 65536
    return "%04X" % ((65536 - total) % 65536)


def length_field(lenid):
    nibbles = (lenid >> 8) + ((lenid >> 4) & 0xF) + (lenid & 0xF)
    return "%04X" % ((((16 - nibbles % 16) % 16) << 12) | lenid)


def build(ver, adr, cid1, cid2, info):
    body = "%02X%02X%02X%02X%s%s" % (ver, adr, cid1, cid2, length_field(len(info)), info)
    return "~" + body + chksum(body)


assert build(0x21, 0, 0x46, 0x42, "00") == "~21004642E00200FD36"


# --- running the CLI ----------------------------------------------------------------------------------------------


def run(binary, args, stdin_text=None):
    result = subprocess.run(
        [binary] + args,
        input=stdin_text.encode("latin-1") if stdin_text is not None else b"",
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        timeout=60,
    )
    return result.returncode, result.stdout.decode("utf-8", "replace"), result.stderr.decode("utf-8", "replace")


def json_lines(name, stdout, expected_count):
    """Parses stdout as one JSON object per line; records a failure when that contract is broken."""
    lines = [line for line in stdout.split("\n") if line != ""]
    docs = []
    for line in lines:
        try:
            doc = json.loads(line)
        except ValueError as error:
            check(f"{name}: line is JSON", False, f"{error}: {line!r}")
            continue
        check(f"{name}: line is a JSON object", isinstance(doc, dict), line)
        docs.append(doc if isinstance(doc, dict) else {})
    check(f"{name}: one JSON line per frame", len(lines) == expected_count, f"{len(lines)} lines: {stdout!r}")
    return docs


def decode(binary, name, frames, extra=(), expected_rc=None, stdin_text=None):
    args = ["decode"] + list(extra) + list(frames)
    rc, out, err = run(binary, args, stdin_text)
    count = len(frames) if stdin_text is None else len([l for l in stdin_text.split("\n") if l.strip(" \t\r")])
    docs = json_lines(name, out, count)
    if expected_rc is not None:
        check(f"{name}: exit status {expected_rc}", rc == expected_rc, f"got {rc}; stderr: {err.strip()}")
    return docs


def close(a, b):
    return isinstance(a, (int, float)) and not isinstance(a, bool) and math.isclose(a, b, rel_tol=0, abs_tol=1e-9)


def check_values(name, doc, vector):
    d = vector["decoded"]
    check(f"{name}: ok", doc.get("ok") is True, json.dumps(doc))
    check(f"{name}: command", doc.get("command") == "analog", doc.get("command"))
    check(f"{name}: adr", doc.get("adr") == d["info0_adr_echo"], doc.get("adr"))
    check(f"{name}: rtn", doc.get("rtn") == 0, doc.get("rtn"))
    check(f"{name}: cells_mV", doc.get("cells_mV") == d["cells_mV"], doc.get("cells_mV"))
    temps = doc.get("temperatures_C")
    check(
        f"{name}: temperatures_C",
        isinstance(temps, list) and len(temps) == len(d["temps_C"]) and all(map(close, temps, d["temps_C"])),
        temps,
    )
    for key, expected in (
        ("current_A", d["current_A"]),
        ("voltage_V", d["pack_V"]),
        ("remaining_Ah", d["remaining_Ah"]),
        ("full_Ah", d["full_Ah"]),
        ("cycles", d["cycles"]),
        ("soc_pct", d["soc_pct"]),
        ("soh_pct", d["soh_pct"]),
    ):
        check(f"{name}: {key}", close(doc.get(key), expected), f"{doc.get(key)!r} != {expected!r}")


# --- the tests ----------------------------------------------------------------------------------------------------


def test_decode_replies(binary, replies):
    for vector in replies:
        vid = vector["id"]
        frame = vector["frame"]
        bare = frame.rstrip("\r")
        docs = decode(binary, f"{vid} --command 0x42", [bare], ["--command", "0x42"], expected_rc=0)
        if docs:
            check_values(f"{vid} --command 0x42", docs[0], vector)
            check(f"{vid} --command 0x42: not guessed", docs[0].get("command_guessed") is False, docs[0])
        docs = decode(binary, f"{vid} guessed", [bare], expected_rc=0)
        if docs:
            check_values(f"{vid} guessed", docs[0], vector)
            check(f"{vid} guessed: command_guessed", docs[0].get("command_guessed") is True, docs[0])
        docs = decode(binary, f"{vid} literal \\r", [bare + "\\r"], ["--command", "0x42"], expected_rc=0)
        if docs:
            check_values(f"{vid} literal \\r", docs[0], vector)
        docs = decode(binary, f"{vid} surrounding white space", [" \t" + bare + " \t"], ["--command", "0x42"],
                      expected_rc=0)
        if docs:
            check_values(f"{vid} surrounding white space", docs[0], vector)
        docs = decode(binary, f"{vid} real CR", [frame], ["--command", "0x42"], expected_rc=0)
        if docs:
            check_values(f"{vid} real CR", docs[0], vector)
        own_adr = str(vector["decoded"]["info0_adr_echo"])
        docs = decode(binary, f"{vid} --adr", [bare], ["--command", "0x42", "--adr", own_adr], expected_rc=0)
        if docs:
            check_values(f"{vid} --adr", docs[0], vector)


def test_stdin(binary, replies):
    frames = [v["frame"] for v in replies]
    # CR LF line ends, a bare LF line end, a literal \r, and a blank line in between.
    text = frames[0] + "\n" + frames[1].rstrip("\r") + "\n\n" + frames[2].rstrip("\r") + "\\r\n"
    docs = decode(binary, "stdin", [], ["--command", "0x42"], expected_rc=0, stdin_text=text)
    for doc, vector in zip(docs, replies):
        check_values(f"stdin {vector['id']}", doc, vector)
    # Without a final newline.
    docs = decode(binary, "stdin no final newline", [], ["--command", "0x42"], expected_rc=0,
                  stdin_text=frames[0].rstrip("\r"))
    if docs:
        check_values("stdin no final newline", docs[0], replies[0])
    # One bad line among good ones: every line is answered, exit status 1.
    bad = frames[1].rstrip("\r")[:-1] + ("0" if frames[1].rstrip("\r")[-1] != "0" else "1")
    docs = decode(binary, "stdin with a bad frame", [], ["--command", "0x42"], expected_rc=1,
                  stdin_text=frames[0] + "\n" + bad + "\n" + frames[2] + "\n")
    if len(docs) == 3:
        check("stdin with a bad frame: good ones ok", docs[0].get("ok") is True and docs[2].get("ok") is True, docs)
        check("stdin with a bad frame: bad one fails",
              docs[1].get("ok") is False and docs[1].get("error") == "bad_chksum", docs[1])


def test_errors(binary, reply):
    frame = reply["frame"].rstrip("\r")
    info = frame[13:-4]
    adr = int(frame[3:5], 16)
    assert build(0x21, adr, 0x46, 0x00, info) == frame

    bad_lchksum = frame[:9] + ("E" if frame[9] != "E" else "D") + frame[10:]
    bad_chksum = frame[:-1] + ("0" if frame[-1] != "0" else "1")
    non_hex = frame[:3] + "G" + frame[4:]
    non_hex_chksum = frame[:-2] + "X" + frame[-1]
    overlong = frame[:-4] + "00" + frame[-4:]
    truncated = frame[:40] + frame[-4:]
    unexpected_ver = build(0x20, adr, 0x46, 0x00, info)
    unexpected_cid1 = build(0x21, adr, 0x4A, 0x00, info)
    missing_soi = frame[1:]
    # A non-hex INFO character with both checksums right: only the 0x42 decoder can tell.
    non_hex_info = build(0x21, adr, 0x46, 0x00, info[:20] + "G" + info[21:])
    cases = [
        ("bad_lchksum", bad_lchksum, []),
        ("bad_chksum", bad_chksum, []),
        ("non_hex", non_hex, []),
        ("non_hex", non_hex_chksum, []),
        ("overlong", overlong, []),
        ("truncated", truncated, []),
        ("truncated", frame[:10], []),
        ("unexpected_ver", unexpected_ver, []),
        ("unexpected_cid1", unexpected_cid1, []),
        ("unexpected_adr", frame, ["--adr", str((adr + 5) % 16)]),
        ("missing_soi", missing_soi, []),
    ]
    docs = decode(binary, "error non_hex in INFO --command 0x42", [non_hex_info], ["--command", "0x42"], expected_rc=1)
    if docs:
        check("non_hex in INFO: error", docs[0].get("ok") is False and docs[0].get("error") == "non_hex", docs[0])
    for code, text, extra in cases:
        for with_command in (False, True):
            args = (["--command", "0x42"] if with_command else []) + extra
            name = f"error {code} ({text[:24]}…{' --command' if with_command else ''})"
            docs = decode(binary, name, [text], args, expected_rc=1)
            if docs:
                doc = docs[0]
                check(f"{name}: ok false", doc.get("ok") is False, doc)
                check(f"{name}: error", doc.get("error") == code, f"{doc.get('error')!r} != {code!r}")
                check(f"{name}: message", isinstance(doc.get("message"), str) and doc.get("message") != "", doc)

    # RTN error reply (§4): ok false, rtn 4 and its meaning.
    rtn_frame = build(0x21, 0, 0x46, 0x04, "")
    assert rtn_frame == "~210046040000FDAF"
    for extra in ([], ["--command", "0x42"]):
        docs = decode(binary, f"rtn_error {extra}", [rtn_frame], extra, expected_rc=1)
        if docs:
            doc = docs[0]
            check("rtn_error: ok false", doc.get("ok") is False, doc)
            check("rtn_error: error", doc.get("error") == "rtn_error", doc)
            check("rtn_error: rtn 4", doc.get("rtn") == 4, doc)
            meaning = doc.get("rtn_meaning")
            check("rtn_error: meaning", isinstance(meaning, str) and meaning.startswith("CID2 invalid"), meaning)

    # An error reply from another address: the address check comes first (§3 validation order).
    docs = decode(binary, "rtn_error from another adr", [build(0x21, 2, 0x46, 0x04, "")], ["--adr", "3"], expected_rc=1)
    if docs:
        check("rtn_error from another adr: error", docs[0].get("error") == "unexpected_adr", docs[0])


def test_exit_status(binary, replies):
    good = [v["frame"].rstrip("\r") for v in replies]
    bad = good[0][:-1] + ("0" if good[0][-1] != "0" else "1")
    decode(binary, "all good", good, ["--command", "0x42"], expected_rc=0)
    docs = decode(binary, "one bad among good", [good[0], bad, good[1]], ["--command", "0x42"], expected_rc=1)
    if len(docs) == 3:
        check("one bad among good: order kept", [d.get("ok") for d in docs] == [True, False, True], docs)
    decode(binary, "only bad", [bad], ["--command", "0x42"], expected_rc=1)


def test_encode(binary, vectors):
    by_id = {v["id"]: v["frame"].rstrip("\r") for v in vectors}
    cases = [
        (["0x42", "--adr", "3"], "~21034642E00203FD30"),
        (["0x42"], by_id["req-42-adr0"]),
        (["0x42", "--adr", "15"], by_id["req-42-adr15"]),
        (["0x44"], by_id["peer-req-44-00-info"]),
        (["0x47"], by_id["peer-req-47-00"]),
        (["0x4B"], by_id["req-4B-first"]),
        (["0x4B", "--mode", "next"], by_id["req-4B-next"]),
        (["0x4B", "--adr", "1"], by_id["peer-req-4B-01-info"]),
        (["0x4D", "--adr", "3"], by_id["req-4D-getdate"]),
        (["0x4E", "--adr", "3", "--datetime", "2026-02-25 13:24:09"], by_id["req-4E-setdate"]),
        (["0x4F"], by_id["peer-req-4F-00"]),
        (["0x51"], by_id["peer-req-51-00"]),
    ]
    for args, expected in cases:
        rc, out, err = run(binary, ["encode"] + args)
        name = "encode " + " ".join(args)
        check(f"{name}: exit 0", rc == 0, f"{rc}: {err.strip()}")
        # The help text: the frame is printed without its CR (--cr shows it as the two characters \r).
        check(f"{name}: frame", out == expected + "\n", f"{out!r} != {expected!r}")
    rc, out, err = run(binary, ["encode", "0x42", "--adr", "3", "--cr"])
    check("encode --cr", rc == 0 and out == "~21034642E00203FD30\\r\n", repr(out))
    rc, out, err = run(binary, ["encode", "0x99"])
    check("encode unsupported command fails", rc != 0 and out == "", f"{rc} {out!r}")
    rc, out, err = run(binary, ["encode", "0x4E", "--datetime", "2026-13-01 00:00:00"])
    check("encode 0x4E with a bad date fails", rc != 0 and out == "", f"{rc} {out!r}")
    # What encode prints, decode reads back as a request.
    rc, out, err = run(binary, ["encode", "0x42", "--adr", "3", "--cr"])
    docs = decode(binary, "encode → decode", [out.strip()], expected_rc=0)
    if docs:
        check("encode → decode: request", docs[0].get("kind") == "request" and docs[0].get("adr") == 3, docs[0])
        check("encode → decode: command", docs[0].get("command") == "analog", docs[0])


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    binary = sys.argv[1]
    with open(VECTORS, encoding="utf-8") as handle:
        vectors = json.load(handle)["vectors"]
    by_id = {v["id"]: v for v in vectors}
    replies = [by_id[i] for i in ("constructed-resp-42-15s-7t", "constructed-resp-42-16s-6t-bigcap",
                                  "constructed-resp-42-16s-7t")]
    test_decode_replies(binary, replies)
    test_stdin(binary, replies)
    for reply in replies:
        test_errors(binary, reply)
    test_exit_status(binary, replies)
    test_encode(binary, vectors)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or passed == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
