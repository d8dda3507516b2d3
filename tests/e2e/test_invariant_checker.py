"""The CAN-stream invariant check every e2e test ends with (harness.can_invariant_violations), on constructed
streams: a sound one passes, each kind of violation is found."""

from __future__ import annotations

import struct

from harness import Frame, can_invariant_violations

START = [(0.0, {"control": {"ccl_ramp_per_s_dA": 100}})]  # CCL may rise 10 A/s


def frame_set(t: float, cvl_V: float, ccl_A: float, dcl_A: float, online: int) -> list[Frame]:
    limits = struct.pack("<HhhH", round(cvl_V * 10), round(ccl_A * 10), round(dcl_A * 10), 480)
    return [Frame(t, 0x351, limits), Frame(t + 0.01, 0x372, struct.pack("<HHHH", online, 0, 0, 0))]


def stream(*sets: tuple[float, float, float, int]) -> list[Frame]:
    return [f for i, s in enumerate(sets) for f in frame_set(1.0 + i, *s)]


def test_a_sound_stream_passes() -> None:
    assert can_invariant_violations(stream((55.2, 90, 200, 2), (55.2, 100, 200, 2), (55.2, 0, 0, 0)), START) == []


def test_each_violation_is_found() -> None:
    cases = {
        "CVL": stream((56.1, 0, 0, 1)),                      # above cvl_max 56.0 V
        "CCL 60.0 A with 1": stream((55.0, 60, 0, 1)),       # above 1 x 50 A
        "DCL 300.0 A with 2": stream((55.0, 0, 300, 2)),     # above 2 x 100 A
        "CCL rose": stream((55.0, 50, 0, 2), (55.0, 100, 0, 2)),  # +50 A in 1 s, ramp 10 A/s
    }
    for expected, frames in cases.items():
        found = can_invariant_violations(frames, START)
        assert any(expected in line for line in found), (expected, found)


def test_frames_before_any_gateway_start_are_not_judged() -> None:
    assert can_invariant_violations(stream((99.0, 500, 500, 0)), [(100.0, {})]) == []
