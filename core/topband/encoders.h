// Frame encoders: the master's requests (§6, §8) and, for the simulator and tests, the packs' replies.
//
// Pure functions writing into fixed-size buffers; no allocation.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "core/topband/decoders.h"
#include "core/topband/frame.h"

namespace tbg::topband {

// One encoded frame, '~' to CR inclusive.
struct EncodedFrame {
    std::array<char, kMaxFrameChars + 1> chars{};
    std::size_t size = 0;

    std::string_view view() const { return {chars.data(), size}; }
    std::span<const std::uint8_t> bytes() const { return {reinterpret_cast<const std::uint8_t*>(chars.data()), size}; }
};

// Encodes a frame whose INFO is `info` hex-encoded (upper case). `cid2_or_rtn` is the command in a request and RTN
// in a reply. Returns false (and leaves `out` empty) when INFO exceeds kMaxInfoBytes.
bool encode_frame(std::uint8_t adr, std::uint8_t cid2_or_rtn, std::span<const std::uint8_t> info, EncodedFrame& out,
                  std::uint8_t ver = kVersion);

// Encodes a frame whose INFO characters are sent as they are (0x51 reply). False when longer than kMaxInfoChars.
bool encode_frame_raw_info(std::uint8_t adr, std::uint8_t cid2_or_rtn, std::string_view info_chars, EncodedFrame& out,
                           std::uint8_t ver = kVersion);

// --- requests (adr 0…15; higher values are encoded as given) -----------------------------------------------------

enum class HistoryMode : std::uint8_t { kFirst = 0x00, kNext = 0x01, kResend = 0x02 };

EncodedFrame encode_analog_request(std::uint8_t adr);                               // 0x42, INFO = ADR
EncodedFrame encode_alarm_request(std::uint8_t adr);                                // 0x44, INFO = ADR
EncodedFrame encode_system_parameters_request(std::uint8_t adr);                    // 0x47, no INFO
EncodedFrame encode_history_request(std::uint8_t adr, HistoryMode mode);            // 0x4B, INFO = mode, ADR
EncodedFrame encode_get_date_time_request(std::uint8_t adr);                        // 0x4D, no INFO
EncodedFrame encode_set_date_time_request(std::uint8_t adr, const DateTime& time);  // 0x4E, 7 bytes
EncodedFrame encode_protocol_version_request(std::uint8_t adr);                     // 0x4F, no INFO
EncodedFrame encode_manufacturer_info_request(std::uint8_t adr);                    // 0x51, no INFO

// Request for any supported command with its default INFO (history: kFirst; set date/time: not supported here).
// False for commands that need arguments or are unknown.
bool encode_request(std::uint8_t adr, std::uint8_t cid2, EncodedFrame& out);

// --- reply INFO builders (inverse of the decoders); return the INFO size or 0 if `out` is too small ---------------

// Writes fields up to the last present optional tail field (a missing field ends the INFO). Extended capacity: when
// `values.extended_capacity` is set the u16 capacities are sent as 0xFFFF and the u24 values follow the cycles.
std::size_t build_analog_info(const AnalogValues& values, std::span<std::uint8_t> out);
std::size_t build_alarm_info(const AlarmInfo& info, std::span<std::uint8_t> out);
std::size_t build_system_parameters_info(const SystemParameters& parameters, std::span<std::uint8_t> out);
std::size_t build_date_time_info(const DateTime& time, std::span<std::uint8_t> out);

}  // namespace tbg::topband
