#include "platform/linux/socketcan_frames.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <string_view>

#include <linux/can/error.h>

namespace tbg::platform {

namespace {

struct ErrorClassName {
    std::uint32_t bit;
    std::string_view name;
};

constexpr std::array<ErrorClassName, 10> kErrorClassNames{{
    {CAN_ERR_TX_TIMEOUT, "tx-timeout"},
    {CAN_ERR_LOSTARB, "lost-arbitration"},
    {CAN_ERR_CRTL, "controller"},
    {CAN_ERR_PROT, "protocol-violation"},
    {CAN_ERR_TRX, "transceiver"},
    {CAN_ERR_ACK, "no-ack"},
    {CAN_ERR_BUSOFF, "bus-off"},
    {CAN_ERR_BUSERROR, "bus-error"},
    {CAN_ERR_RESTARTED, "restarted"},
    {CAN_ERR_CNT, "error-counter"},
}};

}  // namespace

DecodedRawFrame decode_raw_frame(const ::can_frame& raw) {
    DecodedRawFrame decoded;
    if ((raw.can_id & CAN_ERR_FLAG) != 0) {
        decoded.kind = RawFrameKind::kError;
        decoded.error_classes = raw.can_id & CAN_ERR_MASK;
        decoded.bus_off = (decoded.error_classes & CAN_ERR_BUSOFF) != 0;
        return decoded;
    }
    if ((raw.can_id & (CAN_EFF_FLAG | CAN_RTR_FLAG)) != 0) {
        return decoded;  // kIgnored
    }
    decoded.kind = RawFrameKind::kData;
    decoded.frame.id = static_cast<std::uint16_t>(raw.can_id & CAN_SFF_MASK);
    decoded.frame.dlc = std::min<std::uint8_t>(raw.len, can::kMaxDlc);
    std::copy_n(raw.data, decoded.frame.dlc, decoded.frame.data.begin());
    return decoded;
}

std::optional<::can_frame> encode_raw_frame(const can::CanFrame& frame) {
    if (frame.id > can::kMaxStandardId || frame.dlc > can::kMaxDlc) {
        return std::nullopt;
    }
    ::can_frame raw{};
    raw.can_id = frame.id;
    raw.len = frame.dlc;
    std::copy_n(frame.data.begin(), frame.dlc, raw.data);
    return raw;
}

std::string describe_can_error(std::uint32_t error_classes) {
    std::string text = "CAN error frame:";
    bool named = false;
    for (const ErrorClassName& entry : kErrorClassNames) {
        if ((error_classes & entry.bit) != 0) {
            text += named ? ", " : " ";
            text += entry.name;
            named = true;
        }
    }
    if (!named) {
        text += " unclassified";
    }
    return text;
}

}  // namespace tbg::platform
