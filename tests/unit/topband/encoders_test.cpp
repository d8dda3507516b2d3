// Frame encoders and reply INFO builders (core/topband/encoders.h): requests of §6/§8, size limits, VER parameter.
#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "core/topband/decoders.h"
#include "core/topband/encoders.h"
#include "core/topband/frame.h"

namespace tbg::topband {
namespace {

TEST(EncodeFrame, RequestWithInfo) {
    const std::uint8_t info[] = {0x03};
    EncodedFrame out;
    ASSERT_TRUE(encode_frame(3, 0x42, info, out));
    EXPECT_EQ(out.view(), "~21034642E00203FD30\r");
    EXPECT_EQ(out.size, 20U);
    EXPECT_EQ(out.bytes().size(), out.size);
    EXPECT_EQ(out.bytes()[0], '~');
    EXPECT_EQ(out.bytes()[19], '\r');
}

TEST(EncodeFrame, ReplyWithoutInfo) {
    EncodedFrame out;
    ASSERT_TRUE(encode_frame(3, 0x00, {}, out));
    EXPECT_EQ(out.view(), "~210346000000FDB0\r");
    ASSERT_TRUE(encode_frame(0, 0x04, {}, out));
    EXPECT_EQ(out.view(), "~210046040000FDAF\r");
}

TEST(EncodeFrame, OtherVer) {
    // PACE document request (VER 0x25) and Seplos capture (VER 0x20).
    const std::uint8_t info[] = {0x02};
    EncodedFrame out;
    ASSERT_TRUE(encode_frame(2, 0x42, info, out, 0x25));
    EXPECT_EQ(out.view(), "~25024642E00202FD2E\r");
    ASSERT_TRUE(encode_frame(0, 0x4F, {}, out, 0x20));
    EXPECT_EQ(out.view(), "~2000464F0000FD9A\r");
}

TEST(EncodeFrame, UpperCaseHexInfo) {
    const std::uint8_t info[] = {0xAB, 0xCD, 0xEF, 0x0A};
    EncodedFrame out;
    ASSERT_TRUE(encode_frame(0x0F, 0x00, info, out));
    EXPECT_EQ(out.view().substr(13, 8), "ABCDEF0A");
    EXPECT_EQ(out.view().substr(3, 2), "0F");
    Frame frame;
    EXPECT_EQ(to_string(parse_frame(out.view(), frame)), "ok");
}

TEST(EncodeFrame, SizeLimit) {
    std::vector<std::uint8_t> info(kMaxInfoBytes, 0x5A);
    EncodedFrame out;
    ASSERT_TRUE(encode_frame(1, 0x00, info, out));
    EXPECT_EQ(out.size, kMaxFrameChars);
    EXPECT_EQ(out.view().substr(9, 4), "73E8");
    Frame frame;
    EXPECT_EQ(to_string(parse_frame(out.view(), frame)), "ok");

    info.push_back(0x5A);
    EncodedFrame too_big;
    EXPECT_FALSE(encode_frame(1, 0x00, info, too_big));
    EXPECT_EQ(too_big.size, 0U) << "left empty";
}

TEST(EncodeFrameRawInfo, ManufacturerReply) {
    EncodedFrame out;
    ASSERT_TRUE(
        encode_frame_raw_info(0, 0x00, "HW-EXAMPLE-000001   0100SN-EXAMPLE-0123456789                   ", out));
    EXPECT_EQ(out.view(), "~21004600C040HW-EXAMPLE-000001   0100SN-EXAMPLE-0123456789                   F0E1\r");
}

TEST(EncodeFrameRawInfo, SizeLimit) {
    EncodedFrame out;
    ASSERT_TRUE(encode_frame_raw_info(0, 0x00, std::string(kMaxInfoChars, 'x'), out));
    EXPECT_EQ(out.size, kMaxFrameChars);
    EncodedFrame too_big;
    EXPECT_FALSE(encode_frame_raw_info(0, 0x00, std::string(kMaxInfoChars + 1, 'x'), too_big));
    EXPECT_EQ(too_big.size, 0U);
}

TEST(Requests, CapturedAndPeerFrames) {
    EXPECT_EQ(encode_analog_request(0).view(), "~21004642E00200FD36\r");
    EXPECT_EQ(encode_analog_request(15).view(), "~210F4642E0020FFD0A\r");
    EXPECT_EQ(encode_alarm_request(0).view(), "~21004644E00200FD34\r");
    EXPECT_EQ(encode_system_parameters_request(0).view(), "~210046470000FDA8\r");
    EXPECT_EQ(encode_history_request(0, HistoryMode::kFirst).view(), "~2100464BC0040000FCC6\r");
    EXPECT_EQ(encode_history_request(0, HistoryMode::kNext).view(), "~2100464BC0040100FCC5\r");
    EXPECT_EQ(encode_history_request(1, HistoryMode::kFirst).view(), "~2101464BC0040001FCC4\r");
    EXPECT_EQ(encode_get_date_time_request(3).view(), "~2103464D0000FD98\r");
    EXPECT_EQ(encode_set_date_time_request(3, DateTime{2026, 2, 25, 13, 24, 9}).view(),
              "~2103464E200E07EA02190D1809FA81\r");
    EXPECT_EQ(encode_protocol_version_request(0).view(), "~2100464F0000FD99\r");
    EXPECT_EQ(encode_manufacturer_info_request(0).view(), "~210046510000FDAD\r");
}

TEST(Requests, HistoryResendMode) {
    const EncodedFrame out = encode_history_request(7, HistoryMode::kResend);
    Frame frame;
    ASSERT_EQ(to_string(parse_frame(out.view(), frame)), "ok");
    EXPECT_EQ(frame.info, "0207") << "mode first, then ADR";
}

TEST(Requests, EveryAddressParsesBack) {
    for (unsigned adr = 0; adr < 16; ++adr) {
        const auto a = static_cast<std::uint8_t>(adr);
        const EncodedFrame frames[] = {
            encode_analog_request(a),
            encode_alarm_request(a),
            encode_system_parameters_request(a),
            encode_history_request(a, HistoryMode::kNext),
            encode_get_date_time_request(a),
            encode_set_date_time_request(a, DateTime{2030, 12, 31, 23, 59, 59}),
            encode_protocol_version_request(a),
            encode_manufacturer_info_request(a),
        };
        const std::uint8_t commands[] = {0x42, 0x44, 0x47, 0x4B, 0x4D, 0x4E, 0x4F, 0x51};
        for (std::size_t i = 0; i < std::size(frames); ++i) {
            Frame frame;
            ASSERT_EQ(to_string(parse_frame(frames[i].view(), frame)), "ok") << frames[i].view();
            EXPECT_EQ(frame.ver, kVersion);
            EXPECT_EQ(frame.adr, a);
            EXPECT_EQ(frame.cid1, kCid1Battery);
            EXPECT_EQ(frame.cid2, commands[i]);
            EXPECT_EQ(frames[i].view().back(), '\r');
        }
    }
}

TEST(EncodeRequest, DefaultFormsAndUnsupportedCodes) {
    EncodedFrame out;
    ASSERT_TRUE(encode_request(2, 0x42, out));
    EXPECT_EQ(out.view(), encode_analog_request(2).view());
    ASSERT_TRUE(encode_request(2, 0x4B, out));
    EXPECT_EQ(out.view(), encode_history_request(2, HistoryMode::kFirst).view());
    ASSERT_TRUE(encode_request(2, 0x51, out));
    EXPECT_EQ(out.view(), encode_manufacturer_info_request(2).view());
    for (const std::uint8_t cid2 : std::initializer_list<std::uint8_t>{0x4E, 0x00, 0x43, 0x90, 0x92, 0x96, 0xFF}) {
        EncodedFrame none;
        EXPECT_FALSE(encode_request(2, cid2, none)) << int{cid2};
        EXPECT_EQ(none.size, 0U) << int{cid2};
    }
}

TEST(Builders, ReturnZeroWhenOutputIsTooSmall) {
    AnalogValues analog;
    analog.cell_count = 15;
    analog.temp_count = 7;
    analog.current_10mA = 0;
    std::array<std::uint8_t, 40> small{};
    EXPECT_EQ(build_analog_info(analog, small), 0U);
    std::array<std::uint8_t, 50> enough{};
    EXPECT_EQ(build_analog_info(analog, enough), 3U + 30U + 14U + 2U);

    AlarmInfo alarm;
    alarm.cell_count = 15;
    alarm.temp_count = 7;
    alarm.status_byte_count = 8;
    std::array<std::uint8_t, 35> alarm_small{};
    EXPECT_EQ(build_alarm_info(alarm, alarm_small), 0U);
    std::array<std::uint8_t, 36> alarm_exact{};
    EXPECT_EQ(build_alarm_info(alarm, alarm_exact), 36U);

    std::array<std::uint8_t, 23> parameters_small{};
    EXPECT_EQ(build_system_parameters_info(SystemParameters{}, parameters_small), 0U);
    std::array<std::uint8_t, 6> date_small{};
    EXPECT_EQ(build_date_time_info(DateTime{}, date_small), 0U);
}

TEST(Builders, AnalogStopsAtTheFirstMissingTailField) {
    AnalogValues a;
    a.cell_count = 1;
    a.cell_mV[0] = 3300;
    a.temp_count = 0;
    a.current_10mA = 100;
    a.pack_voltage_10mV = 5000;
    std::array<std::uint8_t, kMaxInfoBytes> out{};
    const std::size_t size = build_analog_info(a, out);
    ASSERT_EQ(size, 2U + 2U + 1U + 4U);
    AnalogValues back;
    ASSERT_EQ(to_string(decode_analog(std::span<const std::uint8_t>(out.data(), size), back)), "ok");
    EXPECT_EQ(back.current_10mA, a.current_10mA);
    EXPECT_EQ(back.pack_voltage_10mV, a.pack_voltage_10mV);
    EXPECT_FALSE(back.remaining_10mAh.has_value());
}

}  // namespace
}  // namespace tbg::topband
