// The ESP32-only sections: device (board and pins) and network (WiFi, access point, mDNS, time).
#include <gtest/gtest.h>

#include <string>

#include "core/api/config_document.h"
#include "core/config/config_json.h"
#include "core/config/gateway_config.h"

namespace tbg::config {
namespace {

bool has_key(const ConfigErrors& errors, const std::string& key) {
    for (const ConfigError& error : errors) {
        if (error.key == key) {
            return true;
        }
    }
    return false;
}

TEST(DeviceNetworkConfig, DefaultsAreValidAndRoundTrip) {
    GatewayConfig config;
    EXPECT_TRUE(config.validate().empty());
    config.device.board = "lilygo-t-can485";
    config.device.can_tx_pin = 5;
    config.device.led = "off";
    config.network.wifi_ssid = "Heizraum";
    config.network.wifi_password = "correct horse";
    config.network.timezone = "GMT0BST,M3.5.0/1,M10.5.0";
    GatewayConfig loaded;
    ASSERT_TRUE(config_from_json(config_to_json(config), loaded).empty());
    EXPECT_EQ(loaded.device.board, "lilygo-t-can485");
    EXPECT_EQ(loaded.device.can_tx_pin, 5);
    EXPECT_EQ(loaded.device.led, "off");
    EXPECT_EQ(loaded.network.wifi_ssid, "Heizraum");
    EXPECT_EQ(loaded.network.wifi_password, "correct horse");
    EXPECT_EQ(loaded.network.timezone, "GMT0BST,M3.5.0/1,M10.5.0");
    EXPECT_EQ(loaded.network.ap_ssid, "Victron-Gateway-Setup");
    EXPECT_EQ(loaded.network.ap_password, "12345678");
}

TEST(DeviceNetworkConfig, BadValuesAreRefusedAndNothingChanges) {
    GatewayConfig config;
    const auto errors = config_from_text(R"({"device": {"board": "esp8266", "led": "rainbow", "can_tx_pin": 49,
        "rs485_tx_pin": 4, "can_rx_pin": 4, "colour": 1},
        "network": {"hostname": "Victron_GW", "ap_password": "short", "wifi_password": "1234567",
        "timezone": "", "ntp_server": "pool ntp org", "wifi_ssid": 5, "mtu": "x"}})",
                                         config);
    for (const char* key : {"device.board", "device.led", "device.can_tx_pin", "device.can_rx_pin", "device.colour",
                            "network.hostname", "network.ap_password", "network.wifi_password", "network.timezone",
                            "network.ntp_server", "network.wifi_ssid", "network.mtu"}) {
        EXPECT_TRUE(has_key(errors, key)) << key;
    }
    for (const ConfigError& error : errors) {
        EXPECT_EQ(error.message.find("short"), std::string::npos) << "a secret appears in: " << error.message;
        EXPECT_EQ(error.message.find("1234567"), std::string::npos) << "a secret appears in: " << error.message;
    }
    EXPECT_EQ(config.device.board, "waveshare-s3-rs485-can");
    EXPECT_EQ(config.network.hostname, "victron-gateway");
}

TEST(DeviceNetworkConfig, AnOpenNetworkNeedsNoPassword) {
    GatewayConfig config;
    EXPECT_TRUE(config_from_text(R"({"network": {"wifi_ssid": "Cafe", "wifi_password": ""}})", config).empty());
    EXPECT_EQ(config.network.wifi_ssid, "Cafe");
}

TEST(DeviceNetworkConfig, TheHostDocumentLeavesOutTheEsp32Sections) {
    GatewayConfig config;
    config.network.wifi_password = "hidden-wifi-secret";
    const nlohmann::json host = api::config_document(config, api::ConfigScope::kHost);
    EXPECT_FALSE(host["config"].contains("device"));
    EXPECT_FALSE(host["config"].contains("network"));
    for (const auto& field : host["fields"]) {
        EXPECT_NE(field["section"], "device");
        EXPECT_NE(field["section"], "network");
    }
    for (const auto& section : host["sections"]) {
        EXPECT_NE(section["id"], "network");
    }
    const nlohmann::json device = api::config_document(config, api::ConfigScope::kEmbedded);
    ASSERT_TRUE(device["config"].contains("network"));
    EXPECT_EQ(device["config"]["device"]["board"], "waveshare-s3-rs485-can");
    EXPECT_FALSE(device["config"]["network"].contains("wifi_password"));
    EXPECT_FALSE(device["config"]["network"].contains("ap_password"));
    EXPECT_EQ(device.dump().find("hidden-wifi-secret"), std::string::npos);
    EXPECT_EQ(device.dump().find("12345678"), std::string::npos);
    bool wifi_password_field = false;
    for (const auto& field : device["fields"]) {
        if (field["key"] == "network.wifi_password") {
            wifi_password_field = true;
            EXPECT_EQ(field["type"], "secret");
            EXPECT_EQ(field["set"], true);
            EXPECT_EQ(field["apply"], "restart");
        }
    }
    EXPECT_TRUE(wifi_password_field);
}

}  // namespace
}  // namespace tbg::config
