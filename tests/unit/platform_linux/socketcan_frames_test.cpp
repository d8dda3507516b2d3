#include "platform/linux/socketcan_frames.h"

#include <string>

#include <gtest/gtest.h>
#include <linux/can/error.h>

namespace tbg::platform {
namespace {

TEST(platform_socketcan_frames, DataFramesRoundTrip) {
    can::CanFrame frame;
    frame.id = 0x35A;
    frame.dlc = 8;
    frame.data = {0xAA, 0xAA, 0xAA, 0x02, 0xAA, 0xAA, 0xAA, 0x02};
    const std::optional<::can_frame> raw = encode_raw_frame(frame);
    ASSERT_TRUE(raw.has_value());
    EXPECT_EQ(raw->can_id, 0x35Au);  // no EFF/RTR/ERR flag
    EXPECT_EQ(raw->len, 8);
    const DecodedRawFrame decoded = decode_raw_frame(*raw);
    EXPECT_EQ(decoded.kind, RawFrameKind::kData);
    EXPECT_EQ(decoded.frame, frame);
}

TEST(platform_socketcan_frames, ShortFramesKeepTheirDlcAndZeroTheRest) {
    ::can_frame raw{};
    raw.can_id = 0x305;
    raw.len = 2;
    raw.data[0] = 0x12;
    raw.data[1] = 0x34;
    raw.data[2] = 0x99;  // beyond len
    const DecodedRawFrame decoded = decode_raw_frame(raw);
    ASSERT_EQ(decoded.kind, RawFrameKind::kData);
    EXPECT_EQ(decoded.frame.id, 0x305);
    EXPECT_EQ(decoded.frame.dlc, 2);
    EXPECT_EQ(decoded.frame.data[1], 0x34);
    EXPECT_EQ(decoded.frame.data[2], 0x00);
}

TEST(platform_socketcan_frames, RejectsUnsendableFrames) {
    can::CanFrame frame;
    frame.id = 0x800;
    EXPECT_FALSE(encode_raw_frame(frame).has_value());
    frame.id = 0x351;
    frame.dlc = 9;
    EXPECT_FALSE(encode_raw_frame(frame).has_value());
}

TEST(platform_socketcan_frames, ExtendedAndRemoteFramesAreIgnored) {
    ::can_frame raw{};
    raw.can_id = 0x1CFF0001 | CAN_EFF_FLAG;
    raw.len = 8;
    EXPECT_EQ(decode_raw_frame(raw).kind, RawFrameKind::kIgnored);
    raw.can_id = 0x305 | CAN_RTR_FLAG;
    raw.len = 0;
    EXPECT_EQ(decode_raw_frame(raw).kind, RawFrameKind::kIgnored);
}

TEST(platform_socketcan_frames, ErrorFramesReportTheirClassesAndBusOff) {
    ::can_frame raw{};
    raw.can_id = CAN_ERR_FLAG | CAN_ERR_ACK | CAN_ERR_BUSOFF;
    raw.len = CAN_ERR_DLC;
    const DecodedRawFrame bus_off = decode_raw_frame(raw);
    EXPECT_EQ(bus_off.kind, RawFrameKind::kError);
    EXPECT_TRUE(bus_off.bus_off);
    EXPECT_EQ(bus_off.error_classes, CAN_ERR_ACK | CAN_ERR_BUSOFF);
    EXPECT_EQ(describe_can_error(bus_off.error_classes), "CAN error frame: no-ack, bus-off");

    raw.can_id = CAN_ERR_FLAG | CAN_ERR_CRTL;
    const DecodedRawFrame controller = decode_raw_frame(raw);
    EXPECT_EQ(controller.kind, RawFrameKind::kError);
    EXPECT_FALSE(controller.bus_off);
    EXPECT_EQ(describe_can_error(controller.error_classes), "CAN error frame: controller");
    EXPECT_EQ(describe_can_error(0), "CAN error frame: unclassified");
}

}  // namespace
}  // namespace tbg::platform
