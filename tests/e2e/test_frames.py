"""A healthy bank of three 16S packs: the full Victron frame set, its values against what the simulator reports, and
the cadence of the sets."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import pytest

from harness import (PAIR_OK, VICTRON_FRAME_IDS, BusTap, Rig, close_rig, active_alarms, active_warnings, decode_351,
                     decode_355, decode_356, decode_35a, decode_372, decode_373, decode_379, decode_ascii,
                     intervals_ms, split_frame_sets, wait_for)

PACKS = "0:16S7T,1:16S7T,2:16S7T"  # 100 Ah each, 60 % SOC (simulator defaults)
PACK_COUNT = 3
CELLS = 16


@pytest.fixture(scope="module")
def bank(request: pytest.FixtureRequest, binaries: tuple[str, str], tmp_path_factory: pytest.TempPathFactory):
    """One running bank shared by the read-only tests of this module."""
    workdir = tmp_path_factory.mktemp("normal_bank")
    failed_before = request.session.testsfailed
    rig = Rig(binaries[0], binaries[1], workdir)
    try:
        rig.start_bank(PACKS)
        yield rig
    finally:
        close_rig(rig, request.session.testsfailed > failed_before, workdir)


def test_full_frame_set_and_values(bank: Rig) -> None:
    reader, gateway, sim = bank.reader, bank.gateway, bank.sim
    # A set encoded after every pack's data is in and the (test-fast) ramps have settled.
    since = time.monotonic() + 1.0
    sets = wait_for(lambda: reader.complete_sets(since), 5, "a complete frame set")
    frames = sets[0]
    packs = sim.status()
    by_id = {frame.id: frame.data for frame in frames}

    # The full set, 0x351 first, each id once, DLC 8 (§1: pad to 8).
    assert [f.id for f in frames][0] == 0x351
    assert sorted(f.id for f in frames) == sorted(VICTRON_FRAME_IDS), [hex(f.id) for f in frames]
    assert all(len(f.data) == 8 for f in frames), {hex(f.id): len(f.data) for f in frames if len(f.data) != 8}
    assert frames[-1].t - frames[0].t < 0.2, "a set goes out back to back"

    # 0x351: bulk CVL = 16 × 3.45 V; CCL/DCL = per-pack 50 A / 100 A (config defaults, also the packs' 0x47
    # maxima at 0.5 C / 1 C of 100 Ah) × 3 packs online; DVL plausible for 16S LFP.
    limits = decode_351(by_id[0x351])
    assert limits.cvl_V == pytest.approx(CELLS * 3.45, abs=0.05)
    assert limits.ccl_A == pytest.approx(PACK_COUNT * 50.0, abs=0.05)
    assert limits.dcl_A == pytest.approx(PACK_COUNT * 100.0, abs=0.05)
    assert 42.0 <= limits.dvl_V <= 48.0

    # 0x355: SOC as the packs report it (they all start at 60 %).
    soc = decode_355(by_id[0x355])
    sim_soc_pct = statistics.mean(int(p["soc_centipct"]) for p in packs.values()) / 100
    assert soc.soc_pct == pytest.approx(sim_soc_pct, abs=1.0)
    assert soc.soc_hires_pct == pytest.approx(sim_soc_pct, abs=0.5)
    assert 0 < soc.soh_pct <= 100

    # 0x356: parallel packs → bank voltage ≈ pack voltage; current = sum of pack currents; temperature ~25 °C.
    measured = decode_356(by_id[0x356])
    sim_voltage_V = statistics.mean(int(p["pack_10mV"]) for p in packs.values()) / 100
    sim_current_A = sum(int(p["current_10mA"]) for p in packs.values()) / 100
    assert measured.voltage_V == pytest.approx(sim_voltage_V, abs=0.1)
    assert 48.0 <= measured.voltage_V <= 56.0
    assert measured.current_A == pytest.approx(sim_current_A, abs=3.0)
    assert 20.0 <= measured.temperature_C <= 30.0

    # 0x35A: nothing active; every condition the gateway reports is OK (10), never 11.
    pairs = decode_35a(by_id[0x35A])
    assert active_alarms(by_id[0x35A]) == [] and active_warnings(by_id[0x35A]) == [], pairs
    assert pairs["bms_internal"] == (PAIR_OK, PAIR_OK)
    assert all(3 not in pair for pair in pairs.values()), pairs

    # 0x372: three online, none blocking, none offline.
    assert decode_372(by_id[0x372]) == (PACK_COUNT, 0, 0, 0)

    # 0x373: extremes over all packs.
    extremes = decode_373(by_id[0x373])
    assert extremes.min_cell_V == pytest.approx(min(int(p["min_cell_mV"]) for p in packs.values()) / 1000, abs=0.01)
    assert extremes.max_cell_V == pytest.approx(max(int(p["max_cell_mV"]) for p in packs.values()) / 1000, abs=0.01)
    assert 15 <= extremes.min_temp_C <= extremes.max_temp_C <= 35

    # Names and capacities.
    assert decode_ascii(by_id[0x35E]) == "TOPBAND"
    assert decode_ascii(by_id[0x370]) + decode_ascii(by_id[0x371]) == "TOPBAND-GATEWAY"
    assert decode_379(by_id[0x379]) == PACK_COUNT * 100
    available_Ah = int.from_bytes(by_id[0x35F][4:6], "little")
    assert available_Ah == pytest.approx(PACK_COUNT * 100 * sim_soc_pct / 100, abs=5)
    for frame_id in (0x374, 0x375, 0x376, 0x377):
        label = decode_ascii(by_id[frame_id])
        assert label and label.isprintable(), (hex(frame_id), by_id[frame_id])

    # The gateway's own status line agrees.
    gateway.log.wait(r"status: 3 online 0 offline", 3)


def test_cadence(bank: Rig) -> None:
    reader = bank.reader
    start = time.monotonic()
    wait_for(lambda: time.monotonic() - start >= 10.5, 12, "10 s of frames")
    frames = reader.snapshot(start)
    times = [f.t for f in frames if f.id == 0x351]
    gaps = intervals_ms(times)
    assert len(gaps) >= 9, f"{len(times)} 0x351 frames in 10.5 s"
    # Loose bounds: python-can on a pty adds its own latency; precise figures are bench/daemon's job.
    assert all(900 <= gap <= 1100 for gap in gaps), [round(gap) for gap in gaps]
    # Every set in the window is complete, none is sent twice.
    sets = reader.complete_sets(start)
    assert len(sets) >= len(times) - 1  # the last one may still be arriving
    for frame_set in sets:
        ids = [f.id for f in frame_set]
        assert len(ids) == len(set(ids)) == len(VICTRON_FRAME_IDS), [hex(i) for i in ids]


def test_first_frame_set_after_restart_is_sound(rig: Rig) -> None:
    """The daemon restarts while pack 0 is answering its predecessor's last request (0x44): that late reply reaches
    the new process just after its first request (0x42 to pack 0), with the right address in its header. The first
    frame set must still be complete and made of real 0x42 data (the bus tap holds the late reply back and releases
    it after the new request, so the timing is the same on every run)."""
    tap = BusTap()
    try:
        rig.start_sim(PACKS, device=tap.sim_path)
        rig.start_can_link()
        reader = rig.start_reader()
        for run in range(3):
            gateway = rig.start_gateway(serial=Path(tap.gateway_path))
            began = gateway.started
            wait_for(lambda: reader.complete_sets(began), 5, f"run {run}: a complete frame set")
            first = split_frame_sets(reader.snapshot(began))[0]  # the very first set sent, complete or not
            by_id = {frame.id: frame.data for frame in first}
            described = f"run {run}: first set {decode_351(by_id[0x351])}, {decode_356(by_id[0x356])}, " \
                        f"{decode_355(by_id[0x355])}, alarms {active_alarms(by_id[0x35A])}"
            missing = sorted(set(VICTRON_FRAME_IDS) - set(by_id))
            assert not missing, f"{described}; lacks {[hex(i) for i in missing]}"
            assert 48.0 <= decode_356(by_id[0x356]).voltage_V <= 56.0, described
            assert decode_351(by_id[0x351]).cvl_V >= 48.0, described

            # Stop while pack 0's reply to the next 0x44 is held back; the next process gets it after its 0x42.
            tap.hold_replies_after(0, 0x44)
            wait_for(lambda: tap.holding, 10, f"run {run}: a 0x44 request to pack 0")
            assert rig.stop_gateway() == 0
            tap.release_on_next_request()
    finally:
        rig.close()
        tap.close()
