// Conversion between CanFrame and the kernel's struct can_frame (CAN_RAW sockets), and the meaning of error frames.
//
// Pure functions with no I/O, so they are unit-tested even on kernels without AF_CAN.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <linux/can.h>

#include "core/can/can_frame.h"

namespace tbg::platform {

enum class RawFrameKind : std::uint8_t {
    kData,     // an 11-bit data frame, in `frame`
    kError,    // an error frame (CAN_ERR_FLAG); its classes in `error_classes`
    kIgnored,  // a 29-bit or remote frame: never used by this protocol
};

struct DecodedRawFrame {
    RawFrameKind kind = RawFrameKind::kIgnored;
    can::CanFrame frame{};            // kData only
    std::uint32_t error_classes = 0;  // kError only: CAN_ERR_* class bits of can_id
    bool bus_off = false;             // kError with CAN_ERR_BUSOFF
};

DecodedRawFrame decode_raw_frame(const ::can_frame& raw);

// nullopt when id > 0x7FF or dlc > 8.
std::optional<::can_frame> encode_raw_frame(const can::CanFrame& frame);

// e.g. "CAN error frame: no-ack, bus-off".
std::string describe_can_error(std::uint32_t error_classes);

}  // namespace tbg::platform
