// Test helper: a CAN frame from an identifier and its data bytes (at most 8; dlc = their count).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/can/can_frame.h"

namespace tbg::platform::test {

inline can::CanFrame frame_of(std::uint16_t id, const std::vector<std::uint8_t>& data) {
    can::CanFrame frame;
    frame.id = id;
    frame.dlc = static_cast<std::uint8_t>(data.size());
    for (std::size_t i = 0; i < data.size() && i < frame.data.size(); ++i) {
        frame.data[i] = data[i];
    }
    return frame;
}

}  // namespace tbg::platform::test
