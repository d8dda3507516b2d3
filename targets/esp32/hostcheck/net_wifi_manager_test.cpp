// WifiManager against the WiFi fake: the setup access point without an SSID, the station for a reachable network,
// the access point after 30 s without a connection and gone 60 s after one, and what stats() reports.
#include "platform/esp32/net/wifi_manager.h"

#include <gtest/gtest.h>

#include "esp_wifi.h"
#include "fakes/freertos_fake.h"
#include "fakes/wifi_fake.h"

namespace tbg::esp32 {
namespace {

using hostcheck::wifi_fake_state;

class WifiManagerTest : public ::testing::Test {
protected:
    void SetUp() override {
        hostcheck::wifi_fake_set_network("home", "correct horse", -61);
        hostcheck::wifi_fake_set_reachable(false);
        hostcheck::power_on();
    }
    void TearDown() override { hostcheck::power_off(); }

    static config::NetworkSettings settings(std::string ssid = "home", std::string password = "correct horse") {
        config::NetworkSettings s;
        s.wifi_ssid = std::move(ssid);
        s.wifi_password = std::move(password);
        return s;
    }

    // Lets the events of the last calls arrive and polls until nothing changes any more.
    void step(WifiManager& manager, std::uint64_t now_ms) {
        for (int i = 0; i < 4; ++i) {
            ASSERT_TRUE(hostcheck::wifi_fake_wait_idle());
            manager.poll(now_ms);
        }
        ASSERT_TRUE(hostcheck::wifi_fake_wait_idle());
    }
    // Polls every 250 ms from `from` to `to`.
    void run(WifiManager& manager, std::uint64_t from, std::uint64_t to) {
        for (std::uint64_t t = from; t <= to; t += 250) {
            step(manager, t);
        }
    }
};

TEST_F(WifiManagerTest, WithoutSsidTheSetupAccessPointRunsWithItsDefaults) {
    WifiManager manager;
    std::string error;
    ASSERT_TRUE(manager.start(settings("", ""), 0, error)) << error;
    run(manager, 0, 5000);
    const auto state = wifi_fake_state();
    EXPECT_TRUE(state.started);
    EXPECT_TRUE(state.storage_ram);  // no flash writes of the driver's own
    EXPECT_EQ(state.mode, WIFI_MODE_AP);
    EXPECT_EQ(state.mode_history, (std::vector<int>{WIFI_MODE_AP}));
    EXPECT_EQ(state.ap_ssid, "Victron-Gateway-Setup");
    EXPECT_EQ(state.ap_password, "12345678");
    EXPECT_EQ(state.ap_authmode, WIFI_AUTH_WPA2_PSK);
    EXPECT_EQ(state.ap_channel, 1);
    EXPECT_EQ(state.ap_max_connection, 4);
    EXPECT_EQ(state.hostname, "victron-gateway");
    EXPECT_EQ(state.connect_calls, 0U);
    const WifiStats stats = manager.stats();
    EXPECT_EQ(stats.mode, WifiMode::kAccessPoint);
    EXPECT_EQ(stats.ap_ip, "192.168.4.1");
    EXPECT_EQ(stats.ap_ssid, "Victron-Gateway-Setup");
    EXPECT_FALSE(stats.station_configured);
    EXPECT_TRUE(manager.access_point_active());
}

TEST_F(WifiManagerTest, ConnectsToAReachableNetworkWithoutTheAccessPoint) {
    hostcheck::wifi_fake_set_reachable(true);
    WifiManager manager;
    std::string error;
    ASSERT_TRUE(manager.start(settings(), 0, error)) << error;
    run(manager, 0, 1000);
    const WifiStats stats = manager.stats();
    EXPECT_TRUE(stats.station_connected);
    EXPECT_EQ(stats.station_ip, "192.168.1.77");
    EXPECT_EQ(stats.rssi_dBm, -61);
    EXPECT_EQ(stats.mode, WifiMode::kStation);
    EXPECT_EQ(stats.connect_attempts, 1U);
    EXPECT_EQ(stats.ap_ip, "");
    const auto state = wifi_fake_state();
    EXPECT_EQ(state.sta_ssid, "home");
    EXPECT_EQ(state.sta_password, "correct horse");
    EXPECT_EQ(state.sta_min_authmode, WIFI_AUTH_WPA2_PSK);
    EXPECT_EQ(state.mode_history, (std::vector<int>{WIFI_MODE_STA}));
    EXPECT_EQ(state.ap_configs, 0U);
    run(manager, 1250, 120'000);
    EXPECT_EQ(wifi_fake_state().mode_history.size(), 1U);  // never an access point
}

TEST_F(WifiManagerTest, AccessPointAfter30SecondsWithoutStationAndOff60SecondsAfterItConnected) {
    WifiManager manager;
    std::string error;
    ASSERT_TRUE(manager.start(settings(), 0, error)) << error;
    run(manager, 0, 29'750);
    EXPECT_EQ(wifi_fake_state().mode, WIFI_MODE_STA);
    EXPECT_EQ(manager.stats().mode, WifiMode::kStation);
    EXPECT_EQ(manager.stats().last_error, "network not found");
    const std::uint32_t attempts_before = wifi_fake_state().connect_calls;
    EXPECT_GE(attempts_before, 4U);  // 0, 1, 3, 7, 15 s

    step(manager, 30'000);
    auto state = wifi_fake_state();
    EXPECT_EQ(state.mode, WIFI_MODE_APSTA);
    EXPECT_EQ(state.ap_ssid, "Victron-Gateway-Setup");
    EXPECT_EQ(state.ap_configs, 1U);
    EXPECT_EQ(manager.stats().ap_ip, "192.168.4.1");

    // The station keeps trying in the background (back-off up to 60 s).
    run(manager, 30'250, 120'000);
    EXPECT_GT(wifi_fake_state().connect_calls, attempts_before);
    EXPECT_EQ(wifi_fake_state().mode, WIFI_MODE_APSTA);

    // The network comes back: the next attempt connects, the access point stays 60 s, then goes.
    hostcheck::wifi_fake_set_reachable(true);
    std::uint64_t t = 120'250;
    while (!manager.stats().station_connected && t < 200'000) {
        step(manager, t);
        t += 250;
    }
    ASSERT_TRUE(manager.stats().station_connected);
    const std::uint64_t connected_at = t - 250;
    run(manager, t, connected_at + 59'750);
    EXPECT_EQ(wifi_fake_state().mode, WIFI_MODE_APSTA);
    step(manager, connected_at + 60'000);
    state = wifi_fake_state();
    EXPECT_EQ(state.mode, WIFI_MODE_STA);
    EXPECT_EQ(state.mode_history, (std::vector<int>{WIFI_MODE_STA, WIFI_MODE_APSTA, WIFI_MODE_STA}));
    EXPECT_TRUE(manager.stats().station_connected);  // switching the access point off kept the station
    EXPECT_EQ(manager.stats().ap_ip, "");
    EXPECT_GT(manager.stats().reconnects, 3U);
}

TEST_F(WifiManagerTest, AWrongPasswordIsReportedAndRetried) {
    hostcheck::wifi_fake_set_reachable(true);
    WifiManager manager;
    std::string error;
    ASSERT_TRUE(manager.start(settings("home", "wrong password"), 0, error)) << error;
    run(manager, 0, 8000);
    const WifiStats stats = manager.stats();
    EXPECT_FALSE(stats.station_connected);
    EXPECT_EQ(stats.last_disconnect_reason, WIFI_REASON_4WAY_HANDSHAKE_TIMEOUT);
    EXPECT_NE(stats.last_error.find("password"), std::string::npos);
    EXPECT_EQ(stats.connect_attempts, 4U);  // at 0, 1, 3 and 7 s
    EXPECT_EQ(stats.reconnects, 4U);
}

TEST_F(WifiManagerTest, ALostConnectionBringsTheAccessPointBackAfter30Seconds) {
    hostcheck::wifi_fake_set_reachable(true);
    WifiManager manager;
    std::string error;
    ASSERT_TRUE(manager.start(settings(), 0, error)) << error;
    run(manager, 0, 10'000);
    ASSERT_TRUE(manager.stats().station_connected);
    hostcheck::wifi_fake_set_reachable(false);
    step(manager, 10'250);
    EXPECT_FALSE(manager.stats().station_connected);
    EXPECT_EQ(manager.stats().station_ip, "");
    EXPECT_EQ(manager.stats().last_error, "connection lost (no beacons)");
    run(manager, 10'500, 40'000);
    EXPECT_EQ(wifi_fake_state().mode, WIFI_MODE_STA);
    step(manager, 40'250);
    EXPECT_EQ(wifi_fake_state().mode, WIFI_MODE_APSTA);
}

TEST_F(WifiManagerTest, ASetupClientKeepsTheAccessPointUpToFiveMinutes) {
    WifiManager manager;
    std::string error;
    ASSERT_TRUE(manager.start(settings(), 0, error)) << error;
    run(manager, 0, 30'000);
    ASSERT_EQ(wifi_fake_state().mode, WIFI_MODE_APSTA);
    hostcheck::wifi_fake_ap_client_join();
    step(manager, 30'250);
    EXPECT_EQ(manager.stats().ap_clients, 1U);
    hostcheck::wifi_fake_set_reachable(true);
    std::uint64_t t = 30'500;
    while (!manager.stats().station_connected && t < 200'000) {
        step(manager, t);
        t += 250;
    }
    ASSERT_TRUE(manager.stats().station_connected);
    const std::uint64_t connected_at = t - 250;
    step(manager, connected_at + 120'000);
    EXPECT_EQ(wifi_fake_state().mode, WIFI_MODE_APSTA);  // the phone is still on it
    hostcheck::wifi_fake_ap_client_leave();
    step(manager, connected_at + 120'250);
    EXPECT_EQ(manager.stats().ap_clients, 0U);
    EXPECT_EQ(wifi_fake_state().mode, WIFI_MODE_STA);
}

TEST_F(WifiManagerTest, StartTwiceIsRefused) {
    WifiManager manager;
    std::string error;
    ASSERT_TRUE(manager.start(settings(), 0, error)) << error;
    EXPECT_FALSE(manager.start(settings(), 0, error));
    EXPECT_NE(error.find("already"), std::string::npos);
}

}  // namespace
}  // namespace tbg::esp32
