"""Packs misbehaving on the RS485 bus: one drops out and returns, all go silent (failsafe), one answers with
corrupted bytes, one answers with the wrong address. The CAN output must keep flowing through all of it."""

from __future__ import annotations

import time

import pytest

from harness import (PAIR_ACTIVE, Rig, decode_351, decode_355, decode_356, decode_35a, decode_372, max_gap_ms,
                     wait_for)

PACKS = "0:16S7T,1:16S7T,2:16S7T"
CCL_PER_PACK_A = 50.0   # control.pack_charge_current_dA default (= the simulated packs' 0.5 C)
DCL_PER_PACK_A = 100.0  # control.pack_discharge_current_dA default (= 1 C)
MAX_CAN_GAP_MS = 1200


def limits_for(online: int):
    return lambda data: (decode_351(data).ccl_A, decode_351(data).dcl_A) == (CCL_PER_PACK_A * online,
                                                                             DCL_PER_PACK_A * online)


def counts_are(expected: tuple[int, int, int, int]):
    return lambda data: tuple(decode_372(data)) == expected


def test_pack_dropout_and_return(rig: Rig) -> None:
    gateway = rig.start_bank(PACKS)
    reader, sim = rig.reader, rig.sim
    reader.wait_frame(0x351, 5, "the limits of 3 packs", limits_for(3))

    start = time.monotonic()
    mark = len(gateway.log)
    sim.scenario("dropout", 1)
    gateway.log.wait(r"^warning: rs485: pack 1 offline", 10, mark)
    counts = reader.wait_frame(0x372, 10, "2 online, 1 offline", counts_are((2, 0, 0, 1)), since=start)
    limits = reader.wait_frame(0x351, 3, "the limits of 2 packs", limits_for(2), since=counts.t)
    assert decode_351(limits.data).cvl_V == pytest.approx(16 * 3.45, abs=0.05)
    assert not gateway.log.find(r"rs485: pack [02] (offline|unknown)", mark)

    back = time.monotonic()
    mark = len(gateway.log)
    sim.scenario("normal", 1)
    gateway.log.wait(r"^notice: rs485: pack 1 online", 15, mark)  # re-probed every poll.offline_probe_interval_ms
    counts = reader.wait_frame(0x372, 10, "3 online, 0 offline", counts_are((3, 0, 0, 0)), since=back)
    # limits rise along the ramps (10 A/s charge, 20 A/s discharge) once the hold is released
    reader.wait_frame(0x351, 10, "the limits of 3 packs again", limits_for(3), since=counts.t)
    assert max_gap_ms(reader.snapshot(start), 0x351, start, time.monotonic()) <= MAX_CAN_GAP_MS


def test_all_packs_lost_failsafe(rig: Rig) -> None:
    comm_loss_timeout_s = 5  # the minimum control.comm_loss_timeout_s
    gateway = rig.start_bank(PACKS, config={"control": {"comm_loss_timeout_s": comm_loss_timeout_s}})
    reader, sim = rig.reader, rig.sim
    reader.wait_frame(0x351, 5, "the limits of 3 packs", limits_for(3))

    start = time.monotonic()
    mark = len(gateway.log)
    sim.scenario("dropout")
    _, failsafe_at, match = gateway.log.wait(r"^warning: control: (failsafe.*)$", comm_loss_timeout_s + 10, mark)
    assert "no pack answered" in match.group(1)
    # Entered once the last reply is comm_loss_timeout_s old (that reply came at most one sweep before `start`).
    assert comm_loss_timeout_s - 1.5 <= failsafe_at - start <= comm_loss_timeout_s + 2.5, failsafe_at - start

    # Frames encoded in failsafe: charge and discharge stopped, CVL still sent, internal failure alarm raised.
    limits_frame = reader.wait_frame(0x351, 3, "any limits", since=failsafe_at + 0.05)
    limits = decode_351(limits_frame.data)
    assert limits.ccl_A == 0 and limits.dcl_A == 0, limits
    assert limits.cvl_V > 0, limits
    alarms = reader.wait_frame(0x35A, 3, "any alarms", since=limits_frame.t)
    assert decode_35a(alarms.data)["bms_internal"][0] == PAIR_ACTIVE, alarms.data.hex()
    assert alarms.data[2] >> 6 == PAIR_ACTIVE  # byte 2 bits 6-7 (§3.4)
    # The module counts follow as each pack is declared offline (3 failed polls each, or its data age limit).
    reader.wait_frame(0x372, 10, "0 online, 3 offline", counts_are((0, 0, 0, 3)), since=limits_frame.t)

    # The packs come back: failsafe clears, limits return.
    back = time.monotonic()
    mark = len(gateway.log)
    sim.scenario("normal")
    gateway.log.wait(r"^notice: control: failsafe cleared", 15, mark)
    limits_frame = reader.wait_frame(0x351, 15, "the limits of 3 packs again", limits_for(3), since=back)
    alarms = reader.wait_frame(0x35A, 3, "any alarms", since=limits_frame.t)
    assert decode_35a(alarms.data)["bms_internal"][0] != PAIR_ACTIVE
    assert max_gap_ms(reader.snapshot(start), 0x351, start, time.monotonic()) <= MAX_CAN_GAP_MS


def test_noise_on_one_pack(rig: Rig) -> None:
    gateway = rig.start_bank(PACKS, sim_args=["--noise-rate", "0.01"])  # ~77 % of pack 1's replies corrupted
    reader, sim = rig.reader, rig.sim
    start = time.monotonic()
    before = {adr: gateway.wait_pack_status(adr, lambda s: True, 3, "any counters", since=start) for adr in (0, 2)}
    assert all(status.errors_total == 0 for status in before.values()), before
    mark = len(gateway.log)
    sim.scenario("noise", 1)

    noisy = gateway.wait_pack_status(1, lambda s: s.errors_total >= 5, 20, "at least 5 frame errors", since=start)
    wait_for(lambda: time.monotonic() - start >= 10, 15, "10 s of noise")
    after = {adr: gateway.pack_status(adr) for adr in (0, 1, 2)}
    # Pack 1's errors are counted by kind.
    assert set(noisy.errors) <= {"bad_lchksum", "bad_chksum", "non_hex", "overlong", "truncated",
                                 "unexpected_adr"}, noisy.errors
    # The other packs are unaffected: online throughout, no errors, no timeouts, still polled.
    for adr in (0, 2):
        assert after[adr].presence == "online", after[adr]
        assert after[adr].errors_total == 0, after[adr]
        assert after[adr].timeouts == before[adr].timeouts, (before[adr], after[adr])
        assert after[adr].replies > before[adr].replies
    assert not gateway.log.find(r"rs485: pack [02] (offline|unknown)", mark)
    assert max_gap_ms(reader.snapshot(start), 0x351, start, time.monotonic()) <= MAX_CAN_GAP_MS
    assert reader.complete_sets(time.monotonic() - 3), "complete frame sets during the noise"


def test_wrong_address_replies(rig: Rig) -> None:
    gateway = rig.start_bank(PACKS)
    reader, sim = rig.reader, rig.sim
    start = time.monotonic()
    before = {adr: gateway.wait_pack_status(adr, lambda s: True, 3, "any counters", since=start) for adr in (0, 2)}
    mark = len(gateway.log)
    sim.scenario("wrong_adr", 1)  # pack 1 answers with ADR 2 in the header

    gateway.log.wait(r"^warning: rs485: pack 1 offline", 10, mark)
    wrong = gateway.wait_pack_status(1, lambda s: s.errors.get("unexpected_adr", 0) >= 3, 10,
                                     "unexpected_adr >= 3", since=start)
    assert set(wrong.errors) == {"unexpected_adr"}, wrong.errors
    reader.wait_frame(0x372, 10, "2 online, 1 offline", counts_are((2, 0, 0, 1)), since=start)
    after = {adr: gateway.wait_pack_status(adr, lambda s: True, 3, "any counters", since=time.monotonic())
             for adr in (0, 2)}
    for adr in (0, 2):
        assert after[adr].presence == "online", after[adr]
        assert after[adr].errors_total == 0, after[adr]
        assert after[adr].timeouts == before[adr].timeouts, (before[adr], after[adr])
    assert not gateway.log.find(r"rs485: pack [02] (offline|unknown)", mark)
    assert max_gap_ms(reader.snapshot(start), 0x351, start, time.monotonic()) <= MAX_CAN_GAP_MS


def test_slow_pack_late_replies_are_not_misread(rig: Rig) -> None:
    """A pack answering after the reply timeout (simulator scenario "slow": 550 ms turnaround) puts its late reply on
    the line while the gateway waits for the answer to its next request. With a single pack that next request goes to
    the same address, so the late reply (say, to 0x44) has the right header for the new request (say, 0x42). Whatever
    the gateway does with such replies, it must never publish them as pack data."""
    rig.start_bank("0:16S7T", extra_addresses=0)
    reader, sim = rig.reader, rig.sim
    start = time.monotonic()
    sim.scenario("slow", 0)
    wait_for(lambda: time.monotonic() - start >= 15, 20, "15 s of a slow pack")
    frames = reader.snapshot(start)
    voltages = [round(decode_356(f.data).voltage_V, 2) for f in frames if f.id == 0x356]
    socs = [decode_355(f.data).soc_pct for f in frames if f.id == 0x355]
    cvls = [decode_351(f.data).cvl_V for f in frames if f.id == 0x351]
    assert len(voltages) >= 13
    assert all(48.0 <= v <= 56.0 for v in voltages), f"0x356 pack voltage, one per set: {voltages}"
    assert all(55 <= soc <= 65 for soc in socs), f"0x355 SOC (the pack reports 60 %): {socs}"
    assert all(cvl >= 48.0 for cvl in cvls), f"0x351 CVL: {cvls}"
    assert max_gap_ms(frames, 0x351, start, time.monotonic()) <= MAX_CAN_GAP_MS
