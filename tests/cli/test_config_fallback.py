#!/usr/bin/env python3
"""Fault matrix, daemon rows: `topband-gateway run` with a damaged configuration or state file.

Usage: test_config_fallback.py PATH/TO/topband-gateway

Standard library only. Each case starts the real daemon (--demo, no HTTP, 1 s) in a fresh directory and checks its
log: a damaged config.json without an earlier generation runs with CAN transmission off (the requested CAN adapter
is not even opened), with config.json.prev the previous configuration runs with CAN on; a damaged state.json takes
its counters from state.json.prev. Prints 'N passed, N failed' and exits non-zero when a check failed.
"""

import json
import os
import subprocess
import sys
import tempfile

passed = 0
failed = 0


def check(name, condition, detail=""):
    global passed, failed
    if condition:
        passed += 1
    else:
        failed += 1
        print(f"FAIL: {name}" + (f": {detail}" if detail else ""))


def run(binary, directory, can="slcan:/nonexistent/tbg-can-adapter"):
    """Runs the daemon for one second; returns (exit status, log text)."""
    result = subprocess.run(
        [binary, "run", "--demo", "--http", "none", "--can", can, "--config",
         os.path.join(directory, "config.json"), "--state-dir", os.path.join(directory, "state"), "--exit-after-s",
         "1"], capture_output=True, text=True, timeout=30)
    return result.returncode, result.stdout + result.stderr


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as file:
        file.write(text)


def main():
    binary = sys.argv[1]
    with tempfile.TemporaryDirectory() as directory:
        config = os.path.join(directory, "config.json")
        write(config, '{"control": {"pack_charge_current_dA": ')  # truncated
        status, log = run(binary, directory)
        check("damaged config, no .prev: still runs", status == 0, log)
        check("damaged config, no .prev: names the file", f"config: {config}" in log, log)
        check("damaged config, no .prev: CAN off", "CAN transmission OFF" in log and "can none" in log, log)
        check("damaged config, no .prev: the adapter is not opened", "tbg-can-adapter" not in log.split("starting")[1],
              log)
        check("damaged config, no .prev: copy kept", os.path.exists(config + ".corrupt-1"))
        with open(config, encoding="utf-8") as file:
            check("damaged config, no .prev: left in place", file.read().startswith('{"control"'))

    with tempfile.TemporaryDirectory() as directory:
        config = os.path.join(directory, "config.json")
        write(config + ".prev", json.dumps({"control": {"pack_charge_current_dA": 200}}))
        write(config, "\x00\x00 not json")
        status, log = run(binary, directory)
        check("damaged config with .prev: runs", status == 0, log)
        check("damaged config with .prev: uses it", "running with the previous configuration" in log, log)
        check("damaged config with .prev: CAN stays on", "can slcan:" in log and "CAN transmission OFF" not in log,
              log)
        with open(config, encoding="utf-8") as file:
            check("damaged config with .prev: written back", json.load(file)["control"]["pack_charge_current_dA"]
                  == 200)

    with tempfile.TemporaryDirectory() as directory:
        state = os.path.join(directory, "state", "state.json")
        write(state + ".prev", json.dumps({"charged_Wh": 1234, "discharged_Wh": 567}))
        write(state, '{"charged_Wh": 99')  # truncated by a power cut on an SD card
        status, log = run(binary, directory, can="none")
        check("damaged state with .prev: runs", status == 0, log)
        check("damaged state with .prev: restored", "restored the energy counters from" in log, log)
        check("damaged state with .prev: the counters", "1234 Wh charged, 567 Wh discharged" in log, log)
        check("damaged state with .prev: kept aside", os.path.exists(state + ".corrupt-1"))

    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
