#include "platform/linux/slcan_backend.h"

#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>
#include <termios.h>

#include "tests/unit/platform_linux/can_frame_of.h"
#include "tests/unit/platform_linux/pty_pair.h"

namespace tbg::platform {
namespace {

using test::frame_of;
using test::PtyPair;
using test::wait_readable;

// The adapter side of the pty, with the backend opened on the other side and its setup bytes consumed.
class platform_slcan_backend : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(pty_.ok());
        std::string error;
        ASSERT_TRUE(backend_.open(error)) << error;
        setup_bytes_ = pty_.read(kSlcanSetup.size());
    }

    // Lets the backend read until nothing arrives for a while.
    std::vector<can::CanFrame> pump() {
        std::vector<can::CanFrame> received;
        while (backend_.is_open() && wait_readable(backend_.fd(), 100)) {
            backend_.on_readable(received);
        }
        return received;
    }

    PtyPair pty_;
    SlcanBackend backend_{pty_.slave_path()};
    std::string setup_bytes_;
};

TEST_F(platform_slcan_backend, OpenSendsCloseBitrateOpenAt115200) {
    EXPECT_EQ(setup_bytes_, "C\rS6\rO\r");
    EXPECT_TRUE(backend_.is_open());
    EXPECT_GE(backend_.fd(), 0);
    EXPECT_EQ(backend_.name(), "slcan:" + pty_.slave_path());
    termios tty{};
    ASSERT_EQ(tcgetattr(pty_.slave(), &tty), 0);
    EXPECT_EQ(cfgetospeed(&tty), B115200);
}

TEST_F(platform_slcan_backend, FramesGoOutAsExactLawicelText) {
    EXPECT_TRUE(backend_.send(frame_of(0x351, {0x3C, 0x02, 0xE8, 0x03, 0xE8, 0x03, 0x00, 0x02})));
    EXPECT_TRUE(backend_.send(frame_of(0x35A, {0xAA, 0xAA, 0xAA, 0x02, 0xAA, 0xAA, 0xAA, 0x02})));
    EXPECT_TRUE(backend_.send(frame_of(0x35E, {'T', 'O', 'P', 'B', 'A', 'N', 'D', ' '})));
    EXPECT_TRUE(backend_.send(frame_of(0x305, {})));
    EXPECT_TRUE(backend_.send(frame_of(0x00F, {0xFF})));
    EXPECT_FALSE(backend_.send(frame_of(0x800, {0x01})));  // not an 11-bit id: dropped, nothing written

    const std::string expected =
        "t35183C02E803E8030002\r"
        "t35A8AAAAAA02AAAAAA02\r"
        "t35E8544F5042414E4420\r"
        "t3050\r"
        "t00F1FF\r";
    EXPECT_EQ(pty_.read(expected.size()), expected);
    EXPECT_EQ(pty_.drain(50), "");
    const CanStats stats = backend_.stats();
    EXPECT_EQ(stats.frames_sent, 5u);
    EXPECT_EQ(stats.send_drops, 1u);
    EXPECT_EQ(stats.errors, 1u);
}

TEST_F(platform_slcan_backend, ParsesFramesFromTheGx) {
    ASSERT_TRUE(
        pty_.write("\r\r\r"                   // replies to C, S6, O
                   "t30580000000000000000\r"  // keep-alive
                   "t30781234567856494300\r"  // inverter identification, "VIC"
                   "z\rF00\r"));
    const std::vector<can::CanFrame> received = pump();
    ASSERT_EQ(received.size(), 2u);
    EXPECT_EQ(received[0], frame_of(0x305, {0, 0, 0, 0, 0, 0, 0, 0}));
    EXPECT_EQ(received[1], frame_of(0x307, {0x12, 0x34, 0x56, 0x78, 0x56, 0x49, 0x43, 0x00}));
    const CanStats stats = backend_.stats();
    EXPECT_EQ(stats.frames_received, 2u);
    EXPECT_EQ(stats.errors, 0u) << stats.last_error;
}

TEST_F(platform_slcan_backend, LinesSplitAcrossReadsAreReassembled) {
    ASSERT_TRUE(pty_.write("t30781234"));
    EXPECT_TRUE(pump().empty());
    ASSERT_TRUE(pty_.write("5678564943"));
    EXPECT_TRUE(pump().empty());
    ASSERT_TRUE(pty_.write("00\rt3050\r"));
    const std::vector<can::CanFrame> received = pump();
    ASSERT_EQ(received.size(), 2u);
    EXPECT_EQ(received[0].id, 0x307);
    EXPECT_EQ(received[0].data[6], 0x43);
    EXPECT_EQ(received[1], frame_of(0x305, {}));
}

TEST_F(platform_slcan_backend, BelAfterSetupIsCountedButARefusedCloseIsNot) {
    ASSERT_TRUE(pty_.write("\a\r\r"));  // C refused (channel was closed), S6 and O accepted
    pump();
    EXPECT_EQ(backend_.stats().errors, 0u) << backend_.stats().last_error;

    ASSERT_TRUE(pty_.write("\a"));  // a frame refused, e.g. the adapter's transmit buffer is full
    pump();
    EXPECT_EQ(backend_.stats().errors, 1u);
    EXPECT_NE(backend_.stats().last_error.find("BEL"), std::string::npos) << backend_.stats().last_error;
}

TEST_F(platform_slcan_backend, RefusedBitRateIsCounted) {
    ASSERT_TRUE(pty_.write("\r\a\r"));
    pump();
    EXPECT_EQ(backend_.stats().errors, 1u);
    EXPECT_NE(backend_.stats().last_error.find("S6"), std::string::npos) << backend_.stats().last_error;
}

TEST_F(platform_slcan_backend, GarbageIsCountedAndIgnoredFramesAreNot) {
    ASSERT_TRUE(
        pty_.write("\r\r\r"
                   "hello\r"
                   "t8000\r"
                   "t3059000000000000000000\r"
                   "t307812345678564943 00\r" +
                   std::string(100, 'x') +
                   "\r"
                   "F04\r"                         // adapter reports an error warning
                   "T1CFF00018AABBCCDDEEFF0011\r"  // 29-bit: ignored
                   "t3050\r"));
    const std::vector<can::CanFrame> received = pump();
    ASSERT_EQ(received.size(), 1u);
    EXPECT_EQ(received[0], frame_of(0x305, {}));
    const CanStats stats = backend_.stats();
    EXPECT_EQ(stats.errors, 6u) << stats.last_error;  // 5 garbage lines + the status flags
    EXPECT_EQ(stats.frames_ignored, 1u);
    EXPECT_EQ(stats.frames_received, 1u);
}

// Fault matrix (docs/reliability.md), "slcan adapter reports errors": refused frames (BEL), error status flags and
// garbage are counted, and the adapter stays open and keeps sending the frame sets.
TEST_F(platform_slcan_backend, AdapterErrorsAreCountedAndSendingGoesOn) {
    ASSERT_TRUE(pty_.write("\r\r\r"));  // the answers to the setup (C, S6, O)
    pump();
    pty_.drain();
    const can::CanFrame frame = frame_of(0x351, {0x28, 0x02, 0xF4, 0x01, 0xE8, 0x03, 0xE0, 0x01});
    for (int round = 0; round < 5; ++round) {
        ASSERT_TRUE(pty_.write("\aF0C\r\a\x01\xFFgarbage\r"));
        pump();
        EXPECT_TRUE(backend_.is_open());
        EXPECT_TRUE(backend_.send(frame));
        EXPECT_EQ(pty_.drain(), "t35182802F401E803E001\r") << round;
    }
    EXPECT_EQ(backend_.stats().errors, 20U) << backend_.stats().last_error;  // 2 BEL, the flags, the garbage line
    EXPECT_EQ(backend_.stats().send_drops, 0U);
}

TEST_F(platform_slcan_backend, LossClosesAndReopenResendsSetup) {
    pty_.close_master();
    pump();
    EXPECT_FALSE(backend_.is_open());
    EXPECT_EQ(backend_.fd(), -1);
    EXPECT_GE(backend_.stats().errors, 1u);
    EXPECT_NE(backend_.stats().last_error.find("device lost"), std::string::npos) << backend_.stats().last_error;
    EXPECT_FALSE(backend_.send(frame_of(0x351, {})));
    EXPECT_EQ(backend_.stats().send_drops, 1u);

    std::string error;
    EXPECT_FALSE(backend_.open(error));  // the device node went with the master
    EXPECT_FALSE(error.empty());
    EXPECT_EQ(backend_.stats().reopens, 0u);
}

TEST(platform_slcan_backend_reopen, ReopenOnANewDeviceCountsAndResendsSetup) {
    PtyPair first;
    ASSERT_TRUE(first.ok());
    SlcanBackend backend(first.slave_path());
    std::string error;
    ASSERT_TRUE(backend.open(error)) << error;
    EXPECT_EQ(first.read(kSlcanSetup.size()), kSlcanSetup);
    ASSERT_TRUE(backend.open(error)) << error;  // reopen in place
    EXPECT_EQ(first.read(kSlcanSetup.size()), kSlcanSetup);
    EXPECT_EQ(backend.stats().reopens, 1u);
}

// With nobody reading the adapter side, the kernel buffer fills: send() must return false at once (never block),
// count the drop, and never leave half a line on the wire.
TEST_F(platform_slcan_backend, FullOutputDropsWholeFramesAndNeverBlocks) {
    const can::CanFrame frame = frame_of(0x35A, {0xAA, 0xAA, 0xAA, 0x02, 0xAA, 0xAA, 0xAA, 0x02});
    int accepted = 0;
    while (accepted < 200000 && backend_.send(frame)) {
        ++accepted;
    }
    ASSERT_LT(accepted, 200000) << "the pty never filled";
    for (int i = 0; i < 10; ++i) {
        EXPECT_FALSE(backend_.send(frame));
    }
    RecordProperty("frames_accepted_before_full", std::to_string(accepted));
    EXPECT_EQ(backend_.stats().send_drops, 11u);
    EXPECT_EQ(backend_.stats().errors, 0u) << backend_.stats().last_error;

    std::string wire = pty_.drain();
    const std::string line = "t35A8AAAAAA02AAAAAA02\r";
    RecordProperty("tail_bytes_held_back", std::to_string((line.size() - wire.size() % line.size()) % line.size()));
    EXPECT_TRUE(backend_.send(frame));  // writes any tail left by a partial write, then this frame
    ++accepted;
    wire += pty_.drain();

    ASSERT_EQ(wire.size(), line.size() * static_cast<std::size_t>(accepted));
    for (std::size_t offset = 0; offset < wire.size(); offset += line.size()) {
        ASSERT_EQ(wire.compare(offset, line.size(), line), 0) << "at byte " << offset;
    }
    EXPECT_EQ(backend_.stats().frames_sent, static_cast<std::uint64_t>(accepted));
}

}  // namespace
}  // namespace tbg::platform
