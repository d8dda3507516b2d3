// WifiPolicy (platform/esp32/net/wifi_policy.h): the access point without an SSID, after 30 s without a station
// connection and until 60 s after one (longer with a client, at most 5 min), and the station's back-off.
#include "platform/esp32/net/wifi_policy.h"

#include <gtest/gtest.h>

#include <limits>

namespace tbg::esp32 {
namespace {

constexpr std::uint64_t kNever = std::numeric_limits<std::uint64_t>::max();

// decide() every 100 ms in [from, to]; every attempt fails at once. The mode at `to`.
WifiMode fail_attempts(WifiPolicy& policy, std::uint64_t from, std::uint64_t to) {
    WifiMode mode = WifiMode::kOff;
    for (std::uint64_t t = from; t <= to; t += 100) {
        const WifiDecision decision = policy.decide(t, true);
        mode = decision.mode;
        if (decision.connect) {
            policy.on_disconnected(t);
        }
    }
    return mode;
}

// The next attempt from `from` on succeeds; returns its time.
std::uint64_t connect_at_next_attempt(WifiPolicy& policy, std::uint64_t from) {
    for (std::uint64_t t = from;; t += 100) {
        if (policy.decide(t, true).connect) {
            policy.on_connected(t);
            return t;
        }
    }
}

TEST(WifiPolicy, WithoutSsidOnlyTheAccessPointForever) {
    WifiPolicy policy(false, 0);
    for (const std::uint64_t t : {0ULL, 30'000ULL, 3'600'000ULL}) {
        const WifiDecision decision = policy.decide(t, true);
        EXPECT_EQ(decision.mode, WifiMode::kAccessPoint);
        EXPECT_FALSE(decision.connect);
    }
    policy.on_disconnected(10);  // nothing to retry
    EXPECT_EQ(policy.attempts(), 0U);
    EXPECT_EQ(policy.next_check_ms(), kNever);
}

TEST(WifiPolicy, TheStationTriesOnceStartedAndOneAttemptAtATime) {
    WifiPolicy policy(true, 1000);
    WifiDecision decision = policy.decide(1000, false);
    EXPECT_EQ(decision.mode, WifiMode::kStation);
    EXPECT_FALSE(decision.connect);  // the driver has not started the station yet
    decision = policy.decide(1005, true);
    EXPECT_TRUE(decision.connect);
    EXPECT_TRUE(policy.attempting());
    EXPECT_FALSE(policy.decide(1006, true).connect);  // waiting for the outcome
    EXPECT_EQ(policy.attempts(), 1U);
}

TEST(WifiPolicy, AccessPointJoinsAfter30SecondsWithoutAConnection) {
    WifiPolicy policy(true, 0);
    std::uint64_t t = 0;
    // Every attempt fails at once; the station keeps trying in the background.
    while (t < 29'999) {
        const WifiDecision decision = policy.decide(t, true);
        EXPECT_EQ(decision.mode, WifiMode::kStation) << "t=" << t;
        if (decision.connect) {
            policy.on_disconnected(t);
        }
        t += 250;
    }
    EXPECT_EQ(policy.decide(29'999, true).mode, WifiMode::kStation);
    EXPECT_EQ(policy.decide(30'000, true).mode, WifiMode::kStationAndAccessPoint);
    EXPECT_EQ(policy.decide(31'000, true).mode, WifiMode::kStationAndAccessPoint);
    EXPECT_GE(policy.attempts(), 4U);  // 0, 1, 3, 7, 15 s …
}

TEST(WifiPolicy, BackOffDoublesFromOneToSixtySecondsAndResetsAfterASuccess) {
    WifiPolicy policy(true, 0);
    std::uint64_t t = 0;
    std::vector<std::uint32_t> waits;
    for (int i = 0; i < 9; ++i) {
        ASSERT_TRUE(policy.decide(t, true).connect) << i;
        policy.on_disconnected(t);
        waits.push_back(policy.backoff_ms());
        EXPECT_FALSE(policy.decide(t + policy.backoff_ms() - 1, true).connect);
        t += policy.backoff_ms();
    }
    EXPECT_EQ(waits, (std::vector<std::uint32_t>{1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000}));
    ASSERT_TRUE(policy.decide(t, true).connect);
    policy.on_connected(t + 500);
    EXPECT_EQ(policy.backoff_ms(), 0U);
    policy.on_disconnected(t + 10'000);
    EXPECT_EQ(policy.backoff_ms(), 1000U);
    EXPECT_EQ(policy.disconnects(), 10U);
}

TEST(WifiPolicy, RepeatedReportsOfOneFailureCountOnce) {
    WifiPolicy policy(true, 0);
    ASSERT_TRUE(policy.decide(0, true).connect);
    policy.on_disconnected(10);
    policy.on_disconnected(11);
    EXPECT_EQ(policy.disconnects(), 1U);
    EXPECT_EQ(policy.backoff_ms(), 1000U);
}

TEST(WifiPolicy, AccessPointLeaves60SecondsAfterTheStationConnected) {
    WifiPolicy policy(true, 0);
    ASSERT_EQ(fail_attempts(policy, 0, 30'000), WifiMode::kStationAndAccessPoint);
    const std::uint64_t t = connect_at_next_attempt(policy, 30'100);  // the network is back
    EXPECT_EQ(policy.decide(t, true).mode, WifiMode::kStationAndAccessPoint);
    EXPECT_EQ(policy.next_check_ms(), t + 60'000);
    EXPECT_EQ(policy.decide(t + 59'999, true).mode, WifiMode::kStationAndAccessPoint);
    EXPECT_EQ(policy.decide(t + 60'000, true).mode, WifiMode::kStation);
    EXPECT_FALSE(policy.decide(t + 60'001, true).connect);
    EXPECT_EQ(policy.next_check_ms(), kNever);
}

TEST(WifiPolicy, AClientOnTheAccessPointKeepsItAtMostFiveMinutes) {
    WifiPolicy policy(true, 0);
    ASSERT_EQ(fail_attempts(policy, 0, 30'000), WifiMode::kStationAndAccessPoint);
    const std::uint64_t t = connect_at_next_attempt(policy, 30'100);
    policy.on_ap_clients(1);
    EXPECT_EQ(policy.next_check_ms(), t + 300'000);
    EXPECT_EQ(policy.decide(t + 60'000, true).mode, WifiMode::kStationAndAccessPoint);
    EXPECT_EQ(policy.decide(t + 299'999, true).mode, WifiMode::kStationAndAccessPoint);
    EXPECT_EQ(policy.decide(t + 300'000, true).mode, WifiMode::kStation);

    // When the client leaves after the 60 s, the access point goes at once.
    WifiPolicy second(true, 0);
    ASSERT_EQ(fail_attempts(second, 0, 30'000), WifiMode::kStationAndAccessPoint);
    const std::uint64_t u = connect_at_next_attempt(second, 30'100);
    second.on_ap_clients(1);
    EXPECT_EQ(second.decide(u + 120'000, true).mode, WifiMode::kStationAndAccessPoint);
    second.on_ap_clients(0);
    EXPECT_EQ(second.decide(u + 120'001, true).mode, WifiMode::kStation);
}

TEST(WifiPolicy, AccessPointReturns30SecondsAfterALostConnection) {
    WifiPolicy policy(true, 0);
    ASSERT_TRUE(policy.decide(0, true).connect);
    policy.on_connected(2'000);
    EXPECT_EQ(policy.decide(500'000, true).mode, WifiMode::kStation);
    policy.on_disconnected(600'000);  // the router rebooted
    EXPECT_EQ(policy.backoff_ms(), 1000U);
    EXPECT_EQ(policy.next_check_ms(), 601'000U);  // the retry comes before the access point
    EXPECT_TRUE(policy.decide(601'000, true).connect);
    policy.on_disconnected(601'000);
    EXPECT_EQ(policy.decide(629'999, true).mode, WifiMode::kStation);
    EXPECT_EQ(policy.decide(630'000, true).mode, WifiMode::kStationAndAccessPoint);
}

TEST(WifiPolicy, ModeNames) {
    EXPECT_STREQ(to_string(WifiMode::kStationAndAccessPoint), "station+access_point");
    EXPECT_TRUE(has_access_point(WifiMode::kAccessPoint));
    EXPECT_FALSE(has_station(WifiMode::kAccessPoint));
    EXPECT_TRUE(has_station(WifiMode::kStationAndAccessPoint));
}

}  // namespace
}  // namespace tbg::esp32
