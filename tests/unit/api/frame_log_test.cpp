// The raw-frame log behind GET /api/frames: records split at '~' and CR/LF, request context carried to the reply,
// noise kept as its own record, fixed capacity and truncation.
#include "core/api/frame_log.h"

#include <gtest/gtest.h>

#include <string>

namespace tbg::api {
namespace {

std::span<const std::uint8_t> bytes(const std::string& text) {
    return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

TEST(FrameLog, RequestContextIsCarriedToTheReplyEvenWhenItArrivesInPieces) {
    FrameLog log;
    const std::string request = "~21034642E00203FD30\r";
    log.on_serial_tx(bytes(request), 100);
    const std::string reply = "~2103000000000000FD00\r";
    log.on_serial_rx(bytes(reply.substr(0, 5)), 150);
    log.on_serial_rx(bytes(reply.substr(5)), 160);
    ASSERT_EQ(log.serial().size(), 2U);
    const SerialRecord& tx = log.serial().at(0);
    EXPECT_EQ(tx.direction, FrameDirection::kTx);
    EXPECT_TRUE(tx.has_context);
    EXPECT_EQ(tx.adr, 3);
    EXPECT_EQ(tx.command, 0x42);
    EXPECT_EQ(tx.view(), request);
    const SerialRecord& rx = log.serial().at(1);
    EXPECT_EQ(rx.direction, FrameDirection::kRx);
    EXPECT_EQ(rx.view(), reply);
    EXPECT_EQ(rx.t_ms, 150U) << "time of the first byte";
    EXPECT_EQ(rx.adr, 3);
    EXPECT_EQ(rx.command, 0x42);
    EXPECT_LT(tx.seq, rx.seq);
}

TEST(FrameLog, NoiseBeforeAFrameIsItsOwnRecordAndATildeStartsANewOne) {
    FrameLog log;
    log.on_serial_rx(bytes("\x01\x02garbage~21014600\r"), 10);
    ASSERT_EQ(log.serial().size(), 2U);
    EXPECT_EQ(log.serial().at(0).view(), "\x01\x02garbage");
    EXPECT_EQ(log.serial().at(1).view(), "~21014600\r");
    EXPECT_FALSE(log.serial().at(0).has_context) << "no request was written yet";
}

TEST(FrameLog, APartialFrameIsRecordedWhenTheNextRequestGoesOutOrTheBusResets) {
    FrameLog log;
    log.on_serial_rx(bytes("~2100460"), 10);
    EXPECT_EQ(log.serial().size(), 0U) << "still in progress";
    log.on_serial_tx(bytes("~21014642E00201FD34\r"), 20);
    ASSERT_EQ(log.serial().size(), 2U);
    EXPECT_EQ(log.serial().at(0).view(), "~2100460");
    EXPECT_EQ(log.serial().at(0).direction, FrameDirection::kRx);
    log.on_serial_rx(bytes("~21"), 30);
    log.flush_serial(40);
    EXPECT_EQ(log.serial().size(), 3U);
}

TEST(FrameLog, KeepsTheNewestRecordsAndCutsOverlongOnes) {
    FrameLog log;
    for (int i = 0; i < 100; ++i) {
        const std::string text = "~21" + std::to_string(i) + "\r";
        log.on_serial_rx(bytes(text), static_cast<std::uint64_t>(i));
    }
    ASSERT_EQ(log.serial().size(), kFrameLogCapacity);
    EXPECT_EQ(log.serial().at(0).view(), "~2136\r");
    EXPECT_EQ(log.serial().at(kFrameLogCapacity - 1).view(), "~2199\r");
    const std::string huge(3000, 'A');
    log.on_serial_rx(bytes("~" + huge + "\r"), 200);
    const SerialRecord& last = log.serial().at(kFrameLogCapacity - 1);
    EXPECT_TRUE(last.truncated);
    EXPECT_EQ(last.size, kMaxTextChars);
    for (int i = 0; i < 70; ++i) {
        log.on_can(can::CanFrame{static_cast<std::uint16_t>(0x351 + i % 3)}, FrameDirection::kTx, 300);
    }
    EXPECT_EQ(log.can().size(), kFrameLogCapacity);
    EXPECT_EQ(log.last_seq(), 100U + 1 + 70);
}

}  // namespace
}  // namespace tbg::api
