// Human-readable decoding of the BMS frames we send, for the CLI and logs (allocates; not for the CAN path).
#pragma once

#include <cstdint>
#include <string>

#include "core/can/bms_inputs.h"
#include "core/can/can_frame.h"
#include "core/can/encoders.h"

namespace tbg::can {

// One line, starting with the identifier, e.g. "0x351 CVL 55.2 V CCL 100.0 A DCL 150.0 A DVL 44.8 V".
// Decodes every identifier the three encoders emit (and SMA's 0x00F quick stop) with the layouts of
// shared/protocols/victron-can-bms.md §3, §9, §10; other identifiers are printed as raw bytes. Only bytes below
// `dlc` are read: fields that do not fit are left out and a DLC other than 8 is noted at the end. Under
// Protocol::kSma the invalid markers (0xFFFF unsigned, 0x8000 signed) print as "invalid"; a battery temperature of
// 0x8000 prints as "invalid" under every protocol (encoders.h).
std::string describe(const CanFrame& frame, Protocol protocol);

// Pair value 0…3 of `condition` in the alarm (bytes 0-3) or warning (bytes 4-7) half of a 0x35A frame; 0 when
// the byte lies beyond `dlc`.
std::uint8_t read_alarm_pair(const CanFrame& frame, Condition condition);
std::uint8_t read_warning_pair(const CanFrame& frame, Condition condition);

}  // namespace tbg::can
