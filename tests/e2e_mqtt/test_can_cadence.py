"""The real CAN path with a stalled broker: topband-sim packs on a pty, the gateway's frames over slcan on a socat pty
pair read back by python-can (tests/e2e/harness.py, imported read-only), MQTT pointed at a broker that accepts TCP
and never answers. Acceptance: 0x351 every 1000 ± 20 ms at p99."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

from mqtt_rig import SilentBroker, percentile

E2E = Path(__file__).resolve().parent.parent / "e2e"
sys.path.insert(0, str(E2E))
import harness  # noqa: E402  (tests/e2e is part of the repository: a missing harness is an error, not a skip)


def test_stalled_broker_leaves_the_can_cadence_alone(gateway_binary: str, sim_binary: str, tmp_path: Path) -> None:
    silent = SilentBroker()
    rig = harness.Rig(gateway_binary, sim_binary, tmp_path)
    try:
        mqtt = {"enabled": True, "host": "127.0.0.1", "port": silent.port, "device_id": "can", "interval_s": 1,
                "detail": "cell"}
        rig.start_bank("0:16S7T,1:16S7T,2:16S7T", config={"mqtt": mqtt})
        harness.wait_for(lambda: silent.accepted, 10, "the gateway connected to the silent broker")
        start = time.monotonic()
        time.sleep(14)  # across the 10 s CONNACK timeout, a failed attempt and a reconnection
        times = [f.t for f in rig.reader.snapshot(start) if f.id == 0x351]
        gaps = harness.intervals_ms(times)
        assert len(gaps) >= 12, f"{len(times)} 0x351 frames in 14 s"
        deviation_p99 = percentile([abs(gap - 1000) for gap in gaps], 99)
        print(f"0x351 gaps with a stalled broker: p99 deviation {deviation_p99:.1f} ms over {len(gaps)} gaps")
        assert deviation_p99 <= 20, [round(gap) for gap in gaps]
        assert rig.gateway.log.find(r"mqtt: no answer from the broker")
    finally:
        rig.close()
        silent.close()
