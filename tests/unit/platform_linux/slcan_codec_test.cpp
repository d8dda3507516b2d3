#include "platform/linux/slcan_codec.h"

#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "tests/unit/platform_linux/can_frame_of.h"

namespace tbg::platform {
namespace {

using test::frame_of;

std::string encoded(const can::CanFrame& frame) {
    const std::optional<SlcanText> text = encode_slcan_frame(frame);
    return text ? std::string(text->view()) : std::string("<invalid>");
}

std::vector<SlcanReply> feed(SlcanLineParser& parser, std::string_view bytes) {
    std::vector<SlcanReply> replies;
    for (const char c : bytes) {
        if (const std::optional<SlcanReply> reply = parser.push(static_cast<std::uint8_t>(c))) {
            replies.push_back(*reply);
        }
    }
    return replies;
}

TEST(platform_slcan_codec, EncodesUpperCaseHexWithDlcDigit) {
    EXPECT_EQ(encoded(frame_of(0x35A, {0xAA, 0xAA, 0xAA, 0x02, 0xAA, 0xAA, 0xAA, 0x02})), "t35A8AAAAAA02AAAAAA02\r");
    EXPECT_EQ(encoded(frame_of(0x351, {0x3C, 0x02, 0xE8, 0x03, 0xE8, 0x03, 0x00, 0x02})), "t35183C02E803E8030002\r");
    EXPECT_EQ(encoded(frame_of(0x7FF, {0x01, 0xab})), "t7FF201AB\r");
    EXPECT_EQ(encoded(frame_of(0x001, {})), "t0010\r");
    EXPECT_EQ(encoded(frame_of(0x1, {0x00, 0xff, 0x10})), "t001300FF10\r");
}

TEST(platform_slcan_codec, RejectsIdsAbove11BitsAndDlcAbove8) {
    EXPECT_FALSE(encode_slcan_frame(frame_of(0x800, {0x00})).has_value());
    can::CanFrame long_frame = frame_of(0x305, {});
    long_frame.dlc = 9;
    EXPECT_FALSE(encode_slcan_frame(long_frame).has_value());
}

TEST(platform_slcan_codec, OnlyDlcBytesAreEncoded) {
    can::CanFrame frame = frame_of(0x305, {0x11, 0x22});
    frame.data[5] = 0x99;  // beyond dlc
    EXPECT_EQ(encoded(frame), "t30521122\r");
}

TEST(platform_slcan_codec, ParsesGxFramesWithOrWithoutTimestampInEitherCase) {
    const SlcanReply keep_alive = parse_slcan_line("t30580000000000000000");
    ASSERT_EQ(keep_alive.kind, SlcanReplyKind::kFrame);
    EXPECT_EQ(keep_alive.frame, frame_of(0x305, {0, 0, 0, 0, 0, 0, 0, 0}));

    const SlcanReply inverter = parse_slcan_line("t30781234567856494300");
    ASSERT_EQ(inverter.kind, SlcanReplyKind::kFrame);
    EXPECT_EQ(inverter.frame, frame_of(0x307, {0x12, 0x34, 0x56, 0x78, 0x56, 0x49, 0x43, 0x00}));

    const SlcanReply stamped = parse_slcan_line("t3072abcd1F2e");  // lower case, 4-digit timestamp
    ASSERT_EQ(stamped.kind, SlcanReplyKind::kFrame);
    EXPECT_EQ(stamped.frame, frame_of(0x307, {0xAB, 0xCD}));

    EXPECT_EQ(parse_slcan_line("t0000").frame, frame_of(0x000, {}));
}

TEST(platform_slcan_codec, ClassifiesRepliesAndIgnoredFrames) {
    EXPECT_EQ(parse_slcan_line("").kind, SlcanReplyKind::kOk);
    EXPECT_EQ(parse_slcan_line("z").kind, SlcanReplyKind::kTransmitAck);
    EXPECT_EQ(parse_slcan_line("Z").kind, SlcanReplyKind::kTransmitAck);
    EXPECT_EQ(parse_slcan_line("V1013").kind, SlcanReplyKind::kInfo);
    EXPECT_EQ(parse_slcan_line("NA123").kind, SlcanReplyKind::kInfo);
    const SlcanReply status = parse_slcan_line("F2A");
    EXPECT_EQ(status.kind, SlcanReplyKind::kStatus);
    EXPECT_EQ(status.status_flags, 0x2A);
    EXPECT_EQ(parse_slcan_line("T1CFF00018AABBCCDDEEFF0011").kind, SlcanReplyKind::kIgnoredFrame);  // 29-bit
    EXPECT_EQ(parse_slcan_line("r3058").kind, SlcanReplyKind::kIgnoredFrame);
    EXPECT_EQ(parse_slcan_line("R1CFF00010").kind, SlcanReplyKind::kIgnoredFrame);
}

TEST(platform_slcan_codec, MalformedLinesAreGarbage) {
    for (const std::string_view line : {
             "hello",
             "t8000",                      // id above 0x7FF
             "t305900000000000000000000",  // DLC 9
             "t3058000000000000000",       // one data byte short
             "t30580000000000000000FF",    // neither data only nor data + 4-digit timestamp
             "t307812345678564943 00",     // a space
             "t30G0",                      // not hex
             "t30",                        // truncated id
             "T200000000",                 // 29-bit id above 0x1FFFFFFF
             "zz",
             "F2",
             "FXY",
         }) {
        EXPECT_EQ(parse_slcan_line(line).kind, SlcanReplyKind::kGarbage) << line;
    }
}

TEST(platform_slcan_codec, ParserSplitsOnCrAndBelAcrossPushes) {
    SlcanLineParser parser;
    EXPECT_TRUE(feed(parser, "t3078123456").empty());
    std::vector<SlcanReply> replies = feed(parser, "7856494300\r\r\nz\r\a");
    ASSERT_EQ(replies.size(), 4u);
    EXPECT_EQ(replies[0].kind, SlcanReplyKind::kFrame);
    EXPECT_EQ(replies[0].frame.id, 0x307);
    EXPECT_EQ(replies[1].kind, SlcanReplyKind::kOk);  // the LF after it is ignored
    EXPECT_EQ(replies[2].kind, SlcanReplyKind::kTransmitAck);
    EXPECT_EQ(replies[3].kind, SlcanReplyKind::kError);

    replies = feed(parser, "t305\at3050\r");  // a BEL drops the partial line before it
    ASSERT_EQ(replies.size(), 2u);
    EXPECT_EQ(replies[0].kind, SlcanReplyKind::kError);
    EXPECT_EQ(replies[1].kind, SlcanReplyKind::kFrame);
}

TEST(platform_slcan_codec, OverlongLineIsOneGarbageReplyAndTheNextLineParses) {
    SlcanLineParser parser;
    const std::vector<SlcanReply> replies = feed(parser, std::string(200, 't') + "\rt3050\r");
    ASSERT_EQ(replies.size(), 2u);
    EXPECT_EQ(replies[0].kind, SlcanReplyKind::kGarbage);
    EXPECT_EQ(replies[1].kind, SlcanReplyKind::kFrame);
    EXPECT_EQ(replies[1].frame, frame_of(0x305, {}));
}

TEST(platform_slcan_codec, LongestValidLineFitsTheBuffer) {
    SlcanLineParser parser;
    const std::vector<SlcanReply> replies = feed(parser, "T1FFFFFFF80011223344556677FFFF\r");  // 30 characters
    ASSERT_EQ(replies.size(), 1u);
    EXPECT_EQ(replies[0].kind, SlcanReplyKind::kIgnoredFrame);
}

}  // namespace
}  // namespace tbg::platform
