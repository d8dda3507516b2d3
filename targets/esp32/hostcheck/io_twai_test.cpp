// TWAI: the bus-off recovery policy as pure logic, and the TwaiCan adapter against the TWAI fake.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>
#include <vector>

#include "driver/twai.h"
#include "freertos_fake.h"
#include "platform/esp32/twai_can.h"
#include "platform/esp32/twai_recovery.h"
#include "twai_fake.h"

namespace {

using tbg::esp32::TwaiBusState;
using tbg::esp32::TwaiCan;
using tbg::esp32::TwaiRecovery;
using tbg::esp32::TwaiRecoveryAction;
using tbg::esp32::TwaiRecoveryInput;

TwaiRecoveryInput input(TwaiBusState state, bool bus_off_alert = false, bool recovered_alert = false) {
    return TwaiRecoveryInput{state, bus_off_alert, recovered_alert};
}

// --- policy ---------------------------------------------------------------------------------------------------

TEST(TwaiRecovery, NoActionWhileRunning) {
    TwaiRecovery recovery;
    for (std::uint64_t t = 0; t < 60'000; t += 10) {
        ASSERT_EQ(recovery.step(input(TwaiBusState::kRunning), t), TwaiRecoveryAction::kNone) << t;
    }
    EXPECT_FALSE(recovery.in_episode());
    EXPECT_EQ(recovery.counters().bus_off_events, 0U);
    EXPECT_EQ(recovery.counters().recovery_attempts, 0U);
}

TEST(TwaiRecovery, BusOffInitiatesRecoveryOnce) {
    TwaiRecovery recovery;
    EXPECT_EQ(recovery.step(input(TwaiBusState::kBusOff, true), 1000), TwaiRecoveryAction::kInitiateRecovery);
    // The controller has not left bus-off yet (or is recovering): no second attempt before the back-off.
    for (std::uint64_t t = 1010; t < 1000 + TwaiRecovery::kFirstRetryMs; t += 10) {
        EXPECT_EQ(recovery.step(input(TwaiBusState::kBusOff), t), TwaiRecoveryAction::kNone) << t;
        EXPECT_EQ(recovery.step(input(TwaiBusState::kRecovering), t + 5), TwaiRecoveryAction::kNone) << t;
    }
    EXPECT_EQ(recovery.counters().bus_off_events, 1U);
    EXPECT_EQ(recovery.counters().recovery_attempts, 1U);
}

TEST(TwaiRecovery, RecoveredControllerIsStartedAndTheEpisodeEnds) {
    TwaiRecovery recovery;
    ASSERT_EQ(recovery.step(input(TwaiBusState::kBusOff, true), 0), TwaiRecoveryAction::kInitiateRecovery);
    EXPECT_EQ(recovery.step(input(TwaiBusState::kRecovering), 10), TwaiRecoveryAction::kNone);
    EXPECT_EQ(recovery.step(input(TwaiBusState::kStopped, false, true), 20), TwaiRecoveryAction::kStart);
    // twai_start failed: started again at the next call.
    EXPECT_EQ(recovery.step(input(TwaiBusState::kStopped), 30), TwaiRecoveryAction::kStart);
    EXPECT_EQ(recovery.step(input(TwaiBusState::kRunning), 40), TwaiRecoveryAction::kNone);
    EXPECT_FALSE(recovery.in_episode());
    EXPECT_EQ(recovery.counters().recoveries, 1U);
    EXPECT_EQ(recovery.step(input(TwaiBusState::kRunning), 50), TwaiRecoveryAction::kNone);
}

TEST(TwaiRecovery, MissedRecoveredAlertStillStarts) {
    TwaiRecovery recovery;
    ASSERT_EQ(recovery.step(input(TwaiBusState::kBusOff), 0), TwaiRecoveryAction::kInitiateRecovery);
    EXPECT_EQ(recovery.step(input(TwaiBusState::kStopped), 50), TwaiRecoveryAction::kStart);
}

TEST(TwaiRecovery, RecoveryThatNeverCompletesIsRetriedWithBackOff) {
    TwaiRecovery recovery;
    std::vector<std::uint64_t> attempts;
    for (std::uint64_t t = 0; t <= 30'000; t += 10) {
        const auto state = t == 0 ? TwaiBusState::kBusOff : TwaiBusState::kRecovering;
        if (recovery.step(input(state, t == 0), t) == TwaiRecoveryAction::kInitiateRecovery) {
            attempts.push_back(t);
        }
    }
    // 0, then +100, +200, +400, +800, +1600, +3200, then every 5000 ms.
    const std::vector<std::uint64_t> expected{0, 100, 300, 700, 1500, 3100, 6300, 11300, 16300, 21300, 26300};
    EXPECT_EQ(attempts, expected);
    EXPECT_EQ(recovery.retry_interval_ms(), TwaiRecovery::kMaxRetryMs);
    EXPECT_EQ(recovery.counters().bus_off_events, 1U);
}

TEST(TwaiRecovery, RepeatedBusOffSoonAfterRecoveryWaitsTheBackOff) {
    TwaiRecovery recovery;
    ASSERT_EQ(recovery.step(input(TwaiBusState::kBusOff, true), 0), TwaiRecoveryAction::kInitiateRecovery);
    ASSERT_EQ(recovery.step(input(TwaiBusState::kStopped, false, true), 10), TwaiRecoveryAction::kStart);
    ASSERT_EQ(recovery.step(input(TwaiBusState::kRunning), 20), TwaiRecoveryAction::kNone);
    // Bus-off again 1 s later: the bus keeps failing, so the first attempt waits (interval after one attempt: 200 ms).
    EXPECT_EQ(recovery.step(input(TwaiBusState::kBusOff, true), 1020), TwaiRecoveryAction::kNone);
    EXPECT_EQ(recovery.step(input(TwaiBusState::kBusOff), 1210), TwaiRecoveryAction::kNone);
    EXPECT_EQ(recovery.step(input(TwaiBusState::kBusOff), 1220), TwaiRecoveryAction::kInitiateRecovery);
    EXPECT_EQ(recovery.counters().bus_off_events, 2U);
}

TEST(TwaiRecovery, BackOffResetsAfterStableRunning) {
    TwaiRecovery recovery;
    std::uint64_t t = 0;
    // Three quick episodes grow the back-off.
    for (int i = 0; i < 3; ++i) {
        while (recovery.step(input(TwaiBusState::kBusOff, true), t) != TwaiRecoveryAction::kInitiateRecovery) {
            t += 10;
        }
        ASSERT_EQ(recovery.step(input(TwaiBusState::kStopped, false, true), t + 5), TwaiRecoveryAction::kStart);
        ASSERT_EQ(recovery.step(input(TwaiBusState::kRunning), t + 10), TwaiRecoveryAction::kNone);
        t += 20;
    }
    EXPECT_GT(recovery.retry_interval_ms(), TwaiRecovery::kFirstRetryMs);
    // Running for kStableMs: the next bus-off is recovered at once again.
    for (const std::uint64_t end = t + TwaiRecovery::kStableMs; t <= end; t += 100) {
        recovery.step(input(TwaiBusState::kRunning), t);
    }
    EXPECT_EQ(recovery.retry_interval_ms(), TwaiRecovery::kFirstRetryMs);
    EXPECT_EQ(recovery.step(input(TwaiBusState::kBusOff, true), t), TwaiRecoveryAction::kInitiateRecovery);
}

// --- adapter against the fake ---------------------------------------------------------------------------------

class TwaiCanTest : public ::testing::Test {
protected:
    void SetUp() override { tbg::hostcheck::power_on(); }
    void TearDown() override { tbg::hostcheck::power_off(); }

    static tbg::can::CanFrame frame(std::uint16_t id, std::uint8_t first) {
        tbg::can::CanFrame f;
        f.id = id;
        f.dlc = 8;
        for (std::size_t i = 0; i < 8; ++i) {
            f.data[i] = static_cast<std::uint8_t>(first + i);
        }
        return f;
    }
};

TEST_F(TwaiCanTest, OpenInstallsAt500kbitNormalModeAndStarts) {
    TwaiCan can;
    std::string error;
    ASSERT_TRUE(can.open(15, 16, error)) << error;
    const auto info = tbg::hostcheck::twai_info();
    EXPECT_TRUE(info.installed);
    EXPECT_EQ(info.state, TWAI_STATE_RUNNING);
    EXPECT_EQ(info.general.mode, TWAI_MODE_NORMAL);
    EXPECT_EQ(info.general.tx_io, 15);
    EXPECT_EQ(info.general.rx_io, 16);
    EXPECT_GE(info.general.tx_queue_len, 32U);
    EXPECT_NE(info.general.alerts_enabled & TWAI_ALERT_BUS_OFF, 0U);
    EXPECT_NE(info.general.alerts_enabled & TWAI_ALERT_BUS_RECOVERED, 0U);
    // Bit rate = quanta resolution / (sync 1 + tseg_1 + tseg_2).
    const std::uint32_t quanta = 1U + info.timing.tseg_1 + info.timing.tseg_2;
    EXPECT_EQ(info.timing.quanta_resolution_hz / quanta, TwaiCan::kBitrate);
    EXPECT_EQ(info.filter.acceptance_mask, 0xFFFFFFFFU);
    EXPECT_TRUE(info.filter.single_filter);
    EXPECT_EQ(can.stats().state, "running");
    EXPECT_FALSE(can.open(15, 16, error));  // already open
}

TEST_F(TwaiCanTest, OpenFailureIsReported) {
    TwaiCan first;
    std::string error;
    ASSERT_TRUE(first.open(15, 16, error));
    TwaiCan second;  // the legacy driver exists once
    EXPECT_FALSE(second.open(15, 16, error));
    EXPECT_NE(error.find("ESP_ERR_INVALID_STATE"), std::string::npos) << error;
    EXPECT_FALSE(second.is_open());
    EXPECT_FALSE(second.open(-1, 16, error));
}

TEST_F(TwaiCanTest, SentFramesAreCapturedInOrderWithTimestamps) {
    TwaiCan can;
    std::string error;
    ASSERT_TRUE(can.open(15, 16, error));
    const std::int64_t before = tbg::hostcheck::uptime_us();
    for (std::uint16_t id = 0x351; id <= 0x356; ++id) {
        ASSERT_TRUE(can.send(frame(id, static_cast<std::uint8_t>(id)), 0));
    }
    tbg::can::CanFrame short_frame = frame(0x35E, 'A');
    short_frame.dlc = 3;
    ASSERT_TRUE(can.send(short_frame, 0));
    const auto sent = tbg::hostcheck::twai_sent_frames();
    ASSERT_EQ(sent.size(), 7U);
    for (std::size_t i = 0; i < 6; ++i) {
        EXPECT_EQ(sent[i].frame, frame(static_cast<std::uint16_t>(0x351 + i), static_cast<std::uint8_t>(0x51 + i)));
        EXPECT_GE(sent[i].t_us, before);
        if (i > 0) {
            EXPECT_GE(sent[i].t_us, sent[i - 1].t_us);
        }
    }
    EXPECT_EQ(sent[6].frame.dlc, 3);
    EXPECT_EQ(sent[6].frame.data[0], 'A');
    EXPECT_EQ(can.stats().frames_sent, 7U);
    EXPECT_EQ(can.stats().send_drops, 0U);
}

TEST_F(TwaiCanTest, InvalidFramesAreDroppedAndCounted) {
    TwaiCan can;
    std::string error;
    ASSERT_TRUE(can.open(15, 16, error));
    EXPECT_FALSE(can.send(frame(0x800, 0), 0));
    tbg::can::CanFrame long_frame = frame(0x351, 0);
    long_frame.dlc = 9;
    EXPECT_FALSE(can.send(long_frame, 0));
    EXPECT_TRUE(tbg::hostcheck::twai_sent_frames().empty());
    EXPECT_EQ(can.stats().send_drops, 2U);
    TwaiCan closed;
    EXPECT_FALSE(closed.send(frame(0x351, 0), 0));
    EXPECT_EQ(closed.stats().send_drops, 1U);
}

TEST_F(TwaiCanTest, FullTxQueueDropsWithoutWaitingAtZeroTimeout) {
    TwaiCan can;
    std::string error;
    ASSERT_TRUE(can.open(15, 16, error));
    tbg::hostcheck::twai_hold_tx(true);  // nobody acknowledges: frames pile up in the TX queue
    for (std::uint32_t i = 0; i < TwaiCan::kTxQueueLength; ++i) {
        ASSERT_TRUE(can.send(frame(0x351, static_cast<std::uint8_t>(i)), 0)) << i;
    }
    const auto start = std::chrono::steady_clock::now();
    EXPECT_FALSE(can.send(frame(0x351, 0xEE), 0));
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(100));
    EXPECT_EQ(can.stats().send_drops, 1U);
    EXPECT_NE(can.stats().last_error.find("ESP_ERR_TIMEOUT"), std::string::npos) << can.stats().last_error;
    tbg::hostcheck::twai_hold_tx(false);
    EXPECT_EQ(tbg::hostcheck::twai_sent_frames().size(), TwaiCan::kTxQueueLength);
}

TEST_F(TwaiCanTest, ReceiveReturnsStandardDataFramesOnly) {
    TwaiCan can;
    std::string error;
    ASSERT_TRUE(can.open(15, 16, error));
    EXPECT_FALSE(can.receive(10).has_value());  // nothing there: waits 10 ms, returns nothing
    ASSERT_TRUE(tbg::hostcheck::twai_inject_rx(frame(0x305, 1)));
    twai_message_t extended{};
    extended.extd = 1;
    extended.identifier = 0x18FF50E5;
    extended.data_length_code = 8;
    ASSERT_TRUE(tbg::hostcheck::twai_inject_rx(extended));
    twai_message_t remote{};
    remote.rtr = 1;
    remote.identifier = 0x351;
    ASSERT_TRUE(tbg::hostcheck::twai_inject_rx(remote));
    const auto received = can.receive(100);
    ASSERT_TRUE(received.has_value());
    EXPECT_EQ(*received, frame(0x305, 1));
    EXPECT_FALSE(can.receive(100).has_value());
    EXPECT_FALSE(can.receive(100).has_value());
    EXPECT_EQ(can.stats().frames_received, 1U);
    EXPECT_EQ(can.stats().frames_ignored, 2U);
}

TEST_F(TwaiCanTest, RecoversFromInjectedBusOff) {
    TwaiCan can;
    std::string error;
    ASSERT_TRUE(can.open(15, 16, error));
    std::uint64_t now_ms = 0;
    can.service(now_ms);
    ASSERT_TRUE(can.send(frame(0x351, 0), 0));

    ASSERT_TRUE(tbg::hostcheck::twai_inject_bus_off());
    EXPECT_FALSE(can.send(frame(0x351, 1), 0));  // the controller is off the bus
    can.service(now_ms += 10);
    EXPECT_EQ(tbg::hostcheck::twai_info().recoveries_initiated, 1U);
    EXPECT_EQ(can.stats().state, "recovering");
    EXPECT_EQ(can.stats().bus_off_count, 1U);

    std::this_thread::sleep_for(std::chrono::milliseconds(10));  // the fake's 3 ms of bus-free time
    can.service(now_ms += 10);                                   // BUS_RECOVERED, stopped → started
    EXPECT_EQ(tbg::hostcheck::twai_info().state, TWAI_STATE_RUNNING);
    EXPECT_EQ(can.stats().state, "running");
    can.service(now_ms += 10);
    EXPECT_EQ(can.stats().recoveries, 1U);
    EXPECT_EQ(can.stats().recovery_attempts, 1U);
    EXPECT_EQ(tbg::hostcheck::twai_info().recoveries_initiated, 1U);

    tbg::hostcheck::twai_clear_sent_frames();
    ASSERT_TRUE(can.send(frame(0x351, 2), 0));
    ASSERT_EQ(tbg::hostcheck::twai_sent_frames().size(), 1U);
    EXPECT_EQ(can.stats().send_drops, 1U);
}

TEST_F(TwaiCanTest, StuckRecoveryIsRetriedWithBackOffAndCompletesWhenTheBusFrees) {
    TwaiCan can;
    std::string error;
    ASSERT_TRUE(can.open(15, 16, error));
    tbg::hostcheck::twai_block_recovery(true);  // the bus stays dominant
    ASSERT_TRUE(tbg::hostcheck::twai_inject_bus_off());
    for (std::uint64_t now_ms = 0; now_ms <= 2000; now_ms += 10) {
        can.service(now_ms);
    }
    // One accepted attempt at 0, repeats at 100, 300, 700, 1500 ms (refused: still recovering).
    EXPECT_EQ(tbg::hostcheck::twai_info().recoveries_initiated, 1U);
    EXPECT_EQ(tbg::hostcheck::twai_info().recovery_refusals, 4U);
    EXPECT_EQ(can.stats().recovery_attempts, 5U);
    EXPECT_EQ(can.stats().state, "recovering");

    tbg::hostcheck::twai_block_recovery(false);
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    can.service(2010);
    can.service(2020);
    EXPECT_EQ(can.stats().state, "running");
    EXPECT_EQ(can.stats().recoveries, 1U);
    EXPECT_TRUE(can.send(frame(0x351, 0), 0));
}

TEST_F(TwaiCanTest, ErrorPassiveIsReported) {
    TwaiCan can;
    std::string error;
    ASSERT_TRUE(can.open(15, 16, error));
    tbg::hostcheck::twai_set_error_counters(136, 0);  // no one acknowledges: TEC climbs to error passive
    can.service(0);
    EXPECT_EQ(can.stats().state, "error-passive");
    EXPECT_EQ(can.stats().tx_error_counter, 136U);
    tbg::hostcheck::twai_set_error_counters(0, 0);
    can.service(10);
    EXPECT_EQ(can.stats().state, "running");
}

TEST_F(TwaiCanTest, CloseUninstallsAndPowerCycleClearsTheDriver) {
    {
        TwaiCan can;
        std::string error;
        ASSERT_TRUE(can.open(15, 16, error));
        can.close();
        EXPECT_FALSE(tbg::hostcheck::twai_info().installed);
        EXPECT_EQ(can.stats().state, "stopped");
        ASSERT_TRUE(can.open(15, 16, error));
        ASSERT_TRUE(can.send(frame(0x351, 0), 0));
    }
    std::string error;
    {
        TwaiCan can;  // outlives the power cycle, as a firmware object in host memory does
        ASSERT_TRUE(can.open(15, 16, error));
        tbg::hostcheck::power_off();
        EXPECT_FALSE(tbg::hostcheck::twai_info().installed);
        EXPECT_TRUE(tbg::hostcheck::twai_sent_frames().empty());
    }
    tbg::hostcheck::power_on();
    TwaiCan after;
    EXPECT_TRUE(after.open(15, 16, error)) << error;
}

}  // namespace
