// describe() (core/can/describe.h): one-line decodes for the CLI and logs.
#include <gtest/gtest.h>

#include <cstdint>
#include <initializer_list>
#include <string>

#include "core/can/can_frame.h"
#include "core/can/describe.h"
#include "core/can/encoders.h"

namespace tbg::can {
namespace {

CanFrame make(std::uint16_t id, std::initializer_list<std::uint8_t> bytes) {
    CanFrame frame;
    frame.id = id;
    frame.dlc = static_cast<std::uint8_t>(bytes.size());
    std::size_t i = 0;
    for (const std::uint8_t byte : bytes) {
        frame.data[i++] = byte;
    }
    return frame;
}

TEST(can_describe, LimitsLine) {
    const CanFrame frame = make(0x351, {0x28, 0x02, 0xE8, 0x03, 0xDC, 0x05, 0xC0, 0x01});
    EXPECT_EQ(describe(frame, Protocol::kVictron), "0x351 CVL 55.2 V CCL 100.0 A DCL 150.0 A DVL 44.8 V");
}

TEST(can_describe, SmallNegativeValuesKeepTheirSign) {
    const CanFrame frame = make(0x356, {0xBE, 0x14, 0xF9, 0xFF, 0x8C, 0x00, 0x00, 0x00});
    EXPECT_EQ(describe(frame, Protocol::kVictron), "0x356 voltage 53.10 V current -0.7 A temperature 14.0 °C");
}

TEST(can_describe, SmaInvalidMarkers) {
    const CanFrame limits = make(0x351, {0xFF, 0xFF, 0x00, 0x80, 0x00, 0x00, 0xFF, 0xFF});
    EXPECT_EQ(describe(limits, Protocol::kSma), "0x351 CVL invalid CCL invalid DCL 0.0 A DVL invalid");
    // Outside SMA the same bytes are numbers.
    EXPECT_EQ(describe(limits, Protocol::kVictron), "0x351 CVL 6553.5 V CCL -3276.8 A DCL 0.0 A DVL 6553.5 V");
    const CanFrame soc = make(0x355, {0x4C, 0x00, 0xFF, 0xFF, 0xD8, 0x1D, 0x00, 0x00});
    EXPECT_EQ(describe(soc, Protocol::kSma), "0x355 SOC 76 % SOH invalid hi-res SOC 76.40 %");
}

TEST(can_describe, ShortFramesShowWhatFits) {
    EXPECT_EQ(describe(make(0x355, {0x58, 0x00, 0x5E, 0x00}), Protocol::kPylontech), "0x355 SOC 88 % SOH 94 % [DLC 4]");
    EXPECT_EQ(describe(make(0x351, {0x14, 0x02, 0xC0}), Protocol::kPylontech), "0x351 CVL 53.2 V [DLC 3]");
    EXPECT_EQ(describe(make(0x35A, {0xA6}), Protocol::kVictron),
              "0x35A alarms: high_voltage; warnings: none; reported 4/13 [DLC 1]");
}

TEST(can_describe, AlarmOddities) {
    // Pair value 3 on low voltage, reserved bits in bytes 3 and 7.
    const CanFrame frame = make(0x35A, {0xBA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0x05});
    EXPECT_EQ(
        describe(frame, Protocol::kVictron),
        "0x35A alarms: none; warnings: cell_imbalance; reported 13/13; pair value 3: low_voltage; reserved byte 3 "
        "bits 2-7 0xA8; reserved byte 7 bits 2-7 0x04");
    EXPECT_EQ(read_alarm_pair(frame, Condition::kLowVoltage), 3);
    EXPECT_EQ(read_warning_pair(frame, Condition::kCellImbalance), 1);
}

TEST(can_describe, TextsAndEscapes) {
    EXPECT_EQ(describe(make(0x35E, {'L', 'I', 'L', 'Y', 'G', 'O', 0x00, 0x7F}), Protocol::kVictron),
              "0x35E manufacturer \"LILYGO\\x00\\x7F\"");
    EXPECT_EQ(describe(make(0x371, {'G', 'A', 'T', 'E', 'W', 'A', 'Y', 0}), Protocol::kVictron),
              "0x371 BMS name (2/2) \"GATEWAY\"");
}

TEST(can_describe, EventsAndUnknownIdentifiers) {
    EXPECT_EQ(describe(make(0x35B, {0x11, 0, 0, 0, 0, 0, 0, 0}), Protocol::kVictron),
              "0x35B events: soc_recalibration_start, preventive_shutdown");
    EXPECT_EQ(describe(make(0x360, {0xFF, 0, 0, 0, 0, 0, 0, 0}), Protocol::kVictron),
              "0x360 not decoded: FF 00 00 00 00 00 00 00");
    EXPECT_EQ(describe(make(0x00F, {}), Protocol::kVictron), "0x00F not decoded: (no data) [DLC 0]");
    EXPECT_EQ(describe(make(0x00F, {}), Protocol::kSma), "0x00F remote quick stop [DLC 0]");
}

TEST(can_describe, EveryEncodedFrameIsDecoded) {
    BmsInputs in;
    in.family = make_text<8>("TB48100");
    for (const Protocol protocol : {Protocol::kVictron, Protocol::kPylontech, Protocol::kSma}) {
        FrameSet frames;
        encode(protocol, in, frames);
        for (const CanFrame& frame : frames) {
            const std::string line = describe(frame, protocol);
            EXPECT_EQ(line.find("not decoded"), std::string::npos) << line;
            EXPECT_EQ(line.find("[DLC"), std::string::npos) << line;
        }
    }
}

}  // namespace
}  // namespace tbg::can
