"""Devices that vanish and come back: the RS485 adapter (the simulator closes its pty for a while) and the CAN
adapter (socat stops and starts again with the same links). The gateway must keep its CAN cadence through the serial
outage and reopen both devices by itself."""

from __future__ import annotations

import time

from harness import Rig, decode_372, max_gap_ms, wait_for

PACKS = "0:16S7T,1:16S7T,2:16S7T"
MAX_CAN_GAP_MS = 1200


def test_serial_device_vanishes_and_returns(rig: Rig) -> None:
    gateway = rig.start_bank(PACKS)
    reader, sim = rig.reader, rig.sim
    start = time.monotonic()
    mark = len(gateway.log)

    unplugged_at = sim.unplug(3)  # pty closed, link removed; back after 3 s under a new /dev/pts name
    gateway.log.wait(r"^warning: serial: .*rs485 lost", 5, mark)
    sim.out.wait(r"^REPLUGGED ", 6)
    open_index, opened_at, _ = gateway.log.wait(r"^notice: serial: .*rs485 open", 15, mark)
    assert opened_at - unplugged_at >= 2.9, "reopened before the device came back?"

    # CAN never paused: frames all through the outage, at the usual cadence.
    reader.wait_frame(0x351, 2, "a frame after the reopen", since=opened_at)
    frames = reader.snapshot(start)
    assert max_gap_ms(frames, 0x351, start, opened_at) <= MAX_CAN_GAP_MS
    during = [f for f in frames if f.id == 0x351 and unplugged_at <= f.t <= opened_at]
    assert len(during) >= int(opened_at - unplugged_at) - 1, f"{len(during)} sets in {opened_at - unplugged_at:.1f} s"

    # The packs are found again on the reopened device.
    for adr in sim.addresses:
        gateway.log.wait(rf"^notice: rs485: pack {adr} online", 15, open_index)
    counts = reader.wait_frame(0x372, 10, "3 online after the replug",
                               lambda data: tuple(decode_372(data)) == (3, 0, 0, 0), since=opened_at)
    assert max_gap_ms(reader.snapshot(start), 0x351, start, counts.t) <= MAX_CAN_GAP_MS


def keepalives(gateway, since: float) -> list[int]:
    """The "N GX keep-alives" counts of the gateway's status lines since `since`."""
    return [int(match.group(1)) for _, t, match in gateway.log.find(r"^info: status: .*CAN .* (\d+) GX keep-alives")
            if t >= since]


def test_can_adapter_vanishes_and_returns(rig: Rig) -> None:
    gateway = rig.start_bank(PACKS)
    reader = rig.reader

    # Before: a GX keep-alive (0x305) sent from the reader side is counted by the gateway.
    sent_at = time.monotonic()
    reader.send(0x305, bytes(8))
    wait_for(lambda: max(keepalives(gateway, sent_at), default=0) >= 1, 5, "a status line counting 1 GX keep-alive")

    mark = len(gateway.log)
    rig.stop_reader()
    rig.can_link.stop()  # both ptys close: the gateway's side hangs up
    _, lost_at, _ = gateway.log.wait(r"^warning: can: slcan:.* lost", 5, mark)
    time.sleep(2.0)  # the outage itself: the adapter stays away for 2 s
    assert gateway.running()
    restarted_at = time.monotonic()
    rig.start_can_link()  # new ptys behind the same link names
    gateway.log.wait(r"^notice: can: slcan:.* open", 15, mark)
    reader = rig.start_reader()
    reopened_at = time.monotonic()

    # Frames flow again, complete and at the usual cadence.
    first = reader.wait_frame(0x351, 5, "any limits after the reopen", since=reopened_at)
    wait_for(lambda: len(reader.complete_sets(first.t)) >= 3, 6, "3 complete frame sets after the reopen")
    assert max_gap_ms(reader.snapshot(first.t), 0x351, first.t, time.monotonic()) <= MAX_CAN_GAP_MS

    # The reopened adapter is read as well: keep-alives are counted again.
    counted_before = max(keepalives(gateway, sent_at))
    resent_at = time.monotonic()
    reader.send(0x305, bytes(8))
    wait_for(lambda: max(keepalives(gateway, resent_at), default=0) > counted_before, 5,
             f"a status line counting more than {counted_before} GX keep-alives after the reopen")
    assert lost_at < restarted_at
