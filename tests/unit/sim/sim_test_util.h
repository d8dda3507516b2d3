// Helpers of the simulator tests: send a request to a SimBus and decode its reply with the real codec.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "core/topband/decoders.h"
#include "core/topband/encoders.h"
#include "core/topband/frame.h"
#include "platform/sim/sim_bus.h"

namespace tbg::sim::test {

inline constexpr std::uint64_t kHourMs = 3600U * 1000U;
inline constexpr std::uint64_t kMinuteMs = 60U * 1000U;

// A reply decoded past the frame layer; `status` kOk only when the frame parsed and check_reply accepted it.
struct Exchange {
    bool replied = false;
    std::string text;
    topband::FrameStatus status = topband::FrameStatus::kMissingSoi;
    topband::Frame frame;
    topband::InfoBytes info;
    std::uint32_t turnaround_ms = 0;
};

inline Exchange exchange(SimBus& bus, std::uint8_t adr, std::uint8_t cid2, std::uint64_t now_ms) {
    topband::EncodedFrame request;
    if (!topband::encode_request(adr, cid2, request)) {
        topband::encode_frame(adr, cid2, {}, request);  // commands without a request builder: no INFO
    }
    Exchange result;
    const std::optional<SimReply> reply = bus.on_request(request.view(), now_ms);
    if (!reply) {
        return result;
    }
    result.replied = true;
    result.turnaround_ms = reply->turnaround_ms;
    result.text.assign(reply->frame.view());
    result.status = topband::parse_frame(result.text, result.frame);
    if (result.status == topband::FrameStatus::kOk) {
        result.status = topband::check_reply(result.frame, {adr});
    }
    if (result.status == topband::FrameStatus::kOk && cid2 != 0x51) {
        EXPECT_EQ(topband::decode_info_hex(result.frame.info, result.info), topband::FrameStatus::kOk);
    }
    return result;
}

inline topband::AnalogValues analog(SimBus& bus, std::uint8_t adr, std::uint64_t now_ms) {
    const Exchange e = exchange(bus, adr, 0x42, now_ms);
    topband::AnalogValues values;
    EXPECT_EQ(e.status, topband::FrameStatus::kOk) << e.text;
    EXPECT_EQ(topband::decode_analog(e.info.bytes(), values), topband::DecodeError::kNone) << e.text;
    return values;
}

inline topband::AlarmInfo alarm(SimBus& bus, std::uint8_t adr, std::uint64_t now_ms) {
    const Exchange e = exchange(bus, adr, 0x44, now_ms);
    topband::AlarmInfo info;
    EXPECT_EQ(e.status, topband::FrameStatus::kOk) << e.text;
    EXPECT_EQ(topband::decode_alarm(e.info.bytes(), info), topband::DecodeError::kNone) << e.text;
    return info;
}

inline std::uint16_t max_cell_mV(const topband::AnalogValues& v) {
    std::uint16_t highest = 0;
    for (std::size_t i = 0; i < v.cell_count; ++i) {
        highest = std::max(highest, v.cell_mV[i]);
    }
    return highest;
}

inline std::uint16_t min_cell_mV(const topband::AnalogValues& v) {
    std::uint16_t lowest = 0xFFFF;
    for (std::size_t i = 0; i < v.cell_count; ++i) {
        lowest = std::min(lowest, v.cell_mV[i]);
    }
    return lowest;
}

// Lowest and highest cell-group temperature (the first four sensors of every preset), 0.1 °C.
inline std::int16_t min_group_dC(const topband::AnalogValues& v) {
    std::int16_t lowest = 32767;
    for (std::size_t i = 0; i < 4; ++i) {
        lowest = std::min(lowest, v.temperature_dC(i));
    }
    return lowest;
}

inline std::int16_t max_group_dC(const topband::AnalogValues& v) {
    std::int16_t highest = -32768;
    for (std::size_t i = 0; i < 4; ++i) {
        highest = std::max(highest, v.temperature_dC(i));
    }
    return highest;
}

}  // namespace tbg::sim::test
