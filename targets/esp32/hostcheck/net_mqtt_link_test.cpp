// MqttLink on esp-mqtt (platform/esp32/net/mqtt_link.h) against the esp-mqtt fake: the settings mapping with the
// ESP32's TLS rules, the bounded queue (oldest dropped and counted), the outbox bound, the last will and the clean
// stop, subscriptions after every connection, fragmented received messages, and the reconnect back-off.
#include "platform/esp32/net/mqtt_link.h"

#include <gtest/gtest.h>

#include <mutex>

#include "fakes/freertos_fake.h"
#include "fakes/mqtt_fake.h"

namespace tbg::esp32 {
namespace {

constexpr const char* kPem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

config::MqttSettings settings() {
    config::MqttSettings s;
    s.enabled = true;
    s.host = "broker.lan";
    s.port = 1883;
    s.username = "gw";
    s.password = "pw";
    s.device_id = "abc123";
    return s;
}

class MqttLinkTest : public ::testing::Test {
protected:
    void SetUp() override { hostcheck::power_on(); }
    void TearDown() override { hostcheck::power_off(); }

    MqttLinkOptions options() {
        MqttLinkOptions o;
        std::string error;
        EXPECT_TRUE(mqtt_link_options(settings(), api::resolve_mqtt_names(settings(), "dev"), 64, o, error)) << error;
        return o;
    }

    std::function<void(int, const std::string&)> logger() {
        return [this](int level, const std::string& text) {
            const std::lock_guard lock(log_mutex_);
            log_.emplace_back(level, text);
        };
    }

    static std::vector<std::string> topics(const std::vector<hostcheck::MqttFakeMessage>& messages) {
        std::vector<std::string> out;
        for (const auto& m : messages) {
            out.push_back(m.topic);
        }
        return out;
    }

    std::mutex log_mutex_;
    std::vector<std::pair<int, std::string>> log_;
};

TEST_F(MqttLinkTest, OptionsFromTheSettings) {
    const MqttLinkOptions o = options();
    EXPECT_EQ(o.host, "broker.lan");
    EXPECT_EQ(o.port, 1883);
    EXPECT_EQ(o.username, "gw");
    EXPECT_EQ(o.password, "pw");
    EXPECT_EQ(o.client_id, "topband-gateway-abc123");
    EXPECT_EQ(o.will_topic, "topband-gateway/abc123/availability");
    EXPECT_EQ(o.will_payload, "offline");
    ASSERT_EQ(o.subscriptions.size(), 1U);
    EXPECT_EQ(o.subscriptions[0], api::discovery_subscription(api::resolve_mqtt_names(settings(), "dev")));
    EXPECT_EQ(o.queue_messages, 64U);  // settings allow 4096: capped for a board without PSRAM
    EXPECT_FALSE(o.tls);
}

TEST_F(MqttLinkTest, TlsUsesTheCertificateBundleOrPemTextButNoPaths) {
    config::MqttSettings s = settings();
    s.tls = true;
    s.port = 8883;
    const api::MqttNames names = api::resolve_mqtt_names(s, "dev");
    MqttLinkOptions o;
    std::string error;
    ASSERT_TRUE(mqtt_link_options(s, names, 64, o, error)) << error;
    EXPECT_TRUE(o.ca_pem.empty());

    s.ca_file = "/etc/ssl/certs/ca.pem";
    EXPECT_FALSE(mqtt_link_options(s, names, 64, o, error));
    EXPECT_NE(error.find("mqtt.ca_file"), std::string::npos);
    EXPECT_NE(error.find("no file system"), std::string::npos);

    s.ca_file = kPem;
    s.cert_file = kPem;
    s.key_file = "-----BEGIN PRIVATE KEY-----\nxx\n-----END PRIVATE KEY-----\n";
    ASSERT_TRUE(mqtt_link_options(s, names, 64, o, error)) << error;
    EXPECT_EQ(o.ca_pem, kPem);
    EXPECT_EQ(o.cert_pem, kPem);

    MqttLink link(o, logger());
    ASSERT_TRUE(link.start(error)) << error;
    const auto config = hostcheck::mqtt_fake_client().config;
    EXPECT_EQ(config.uri, "mqtts://broker.lan:8883");
    EXPECT_FALSE(config.crt_bundle);
    EXPECT_EQ(config.ca_certificate, kPem);
    EXPECT_EQ(config.client_certificate, kPem);
    EXPECT_FALSE(config.client_key.empty());
}

TEST_F(MqttLinkTest, PublicBrokersAreVerifiedAgainstTheBundle) {
    config::MqttSettings s = settings();
    s.tls = true;
    MqttLinkOptions o;
    std::string error;
    ASSERT_TRUE(mqtt_link_options(s, api::resolve_mqtt_names(s, "dev"), 64, o, error));
    MqttLink link(o, logger());
    ASSERT_TRUE(link.start(error)) << error;
    EXPECT_TRUE(hostcheck::mqtt_fake_client().config.crt_bundle);
}

TEST_F(MqttLinkTest, StartConfiguresTheClientWithTheLastWill) {
    MqttLink link(options(), logger());
    std::string error;
    ASSERT_TRUE(link.start(error)) << error;
    const auto client = hostcheck::mqtt_fake_client();
    EXPECT_TRUE(client.started);
    EXPECT_EQ(client.config.uri, "mqtt://broker.lan:1883");
    EXPECT_EQ(client.config.client_id, "topband-gateway-abc123");
    EXPECT_EQ(client.config.username, "gw");
    EXPECT_EQ(client.config.password, "pw");
    EXPECT_EQ(client.config.will_topic, "topband-gateway/abc123/availability");
    EXPECT_EQ(client.config.will_message, "offline");
    EXPECT_EQ(client.config.will_qos, 1);
    EXPECT_EQ(client.config.will_retain, 1);
    EXPECT_EQ(client.config.keepalive_s, 30);
    EXPECT_EQ(client.config.task_priority, 5);
    EXPECT_EQ(client.reconnect_timeouts_ms, (std::vector<int>{1000}));
    EXPECT_FALSE(link.start(error));  // once
}

TEST_F(MqttLinkTest, TheQueueKeepsTheNewestMessagesAndCountsTheDropped) {
    MqttLinkOptions o = options();
    o.queue_messages = 64;
    MqttLink link(o, logger());
    std::string error;
    ASSERT_TRUE(link.start(error)) << error;
    for (int i = 0; i < 70; ++i) {
        link.publish({"t/" + std::to_string(i), "p", false, 0});
    }
    link.poll();  // disconnected: nothing goes to esp-mqtt
    EXPECT_TRUE(hostcheck::mqtt_fake_sent().empty());
    MqttLinkStats stats = link.stats();
    EXPECT_EQ(stats.queued, 64U);
    EXPECT_EQ(stats.dropped, 6U);

    ASSERT_TRUE(hostcheck::mqtt_fake_connect());
    ASSERT_TRUE(hostcheck::mqtt_fake_wait_idle());
    link.poll();
    const auto sent = hostcheck::mqtt_fake_sent();
    ASSERT_EQ(sent.size(), 64U);
    EXPECT_EQ(sent.front().topic, "t/6");
    EXPECT_EQ(sent.back().topic, "t/69");
    EXPECT_TRUE(sent.front().via_outbox);
    stats = link.stats();
    EXPECT_EQ(stats.published, 64U);
    EXPECT_EQ(stats.queued, 0U);
    EXPECT_TRUE(stats.connected);
    EXPECT_EQ(stats.connections, 1U);
}

TEST_F(MqttLinkTest, TheQueueIsBoundedInBytesToo) {
    MqttLinkOptions o = options();
    o.queue_bytes = 1000;
    MqttLink link(o, logger());
    std::string error;
    ASSERT_TRUE(link.start(error)) << error;
    for (int i = 0; i < 10; ++i) {
        link.publish({"t" + std::to_string(i), std::string(298, 'x'), false, 0});  // 300 bytes each
    }
    EXPECT_EQ(link.stats().queued, 3U);
    EXPECT_EQ(link.stats().dropped, 7U);
    link.publish({"big", std::string(2000, 'x'), false, 0});  // larger than the whole queue
    EXPECT_EQ(link.stats().queued, 0U);
    EXPECT_EQ(link.stats().dropped, 11U);
}

TEST_F(MqttLinkTest, TheOutboxIsBoundedAndTheRestWaitsInTheQueue) {
    MqttLinkOptions o = options();
    o.max_outbox_bytes = 4096;
    MqttLink link(o, logger());
    std::string error;
    ASSERT_TRUE(link.start(error)) << error;
    ASSERT_TRUE(hostcheck::mqtt_fake_connect());
    ASSERT_TRUE(hostcheck::mqtt_fake_wait_idle());
    hostcheck::mqtt_fake_stall_outbox(true);
    for (int i = 0; i < 20; ++i) {
        link.publish({"s/" + std::to_string(i), std::string(1000, 'y'), false, 0});
    }
    link.poll();
    EXPECT_LE(hostcheck::mqtt_fake_client().outbox_bytes, 4096U + 1004U);
    EXPECT_GE(link.stats().queued, 15U);
    hostcheck::mqtt_fake_stall_outbox(false);
    for (int i = 0; i < 10 && link.stats().queued > 0; ++i) {
        link.poll();
        hostcheck::mqtt_fake_stall_outbox(false);
    }
    EXPECT_EQ(link.stats().queued, 0U);
    EXPECT_EQ(hostcheck::mqtt_fake_sent().size(), 20U);
    EXPECT_EQ(link.stats().dropped, 0U);
}

TEST_F(MqttLinkTest, SubscriptionsAreRenewedAfterEveryConnection) {
    MqttLink link(options(), logger());
    std::string error;
    ASSERT_TRUE(link.start(error)) << error;
    ASSERT_TRUE(hostcheck::mqtt_fake_connect());
    ASSERT_TRUE(hostcheck::mqtt_fake_wait_idle());
    hostcheck::mqtt_fake_disconnect();
    ASSERT_TRUE(hostcheck::mqtt_fake_wait_idle());
    EXPECT_FALSE(link.stats().connected);
    ASSERT_TRUE(hostcheck::mqtt_fake_connect());
    ASSERT_TRUE(hostcheck::mqtt_fake_wait_idle());
    const auto subscriptions = hostcheck::mqtt_fake_client().subscriptions;
    ASSERT_EQ(subscriptions.size(), 2U);
    EXPECT_EQ(subscriptions[0], "homeassistant/+/topband_gateway_abc123/+/config");
    EXPECT_EQ(subscriptions[1], subscriptions[0]);
    EXPECT_EQ(link.stats().connections, 2U);
    EXPECT_EQ(link.stats().failures, 1U);
}

TEST_F(MqttLinkTest, ReceivedMessagesAreReassembledFromFragments) {
    MqttLinkOptions o = options();
    o.buffer_bytes = 1024;
    MqttLink link(o, logger());
    std::string error;
    ASSERT_TRUE(link.start(error)) << error;
    ASSERT_TRUE(hostcheck::mqtt_fake_connect());
    std::string payload;
    for (int i = 0; i < 5000; ++i) {
        payload += static_cast<char>('a' + i % 26);
    }
    hostcheck::mqtt_fake_deliver("homeassistant/sensor/x/soc/config", payload, true, 1);
    hostcheck::mqtt_fake_deliver("homeassistant/sensor/x/big/config",
                                 std::string(MqttLink::kMaxReceivedBytes + 1, 'z'));
    hostcheck::mqtt_fake_deliver("homeassistant/sensor/x/gone/config", "", true, 1);
    ASSERT_TRUE(hostcheck::mqtt_fake_wait_idle());
    const auto received = link.take_received();
    ASSERT_EQ(received.size(), 2U);  // the oversized one is dropped
    EXPECT_EQ(received[0].topic, "homeassistant/sensor/x/soc/config");
    EXPECT_EQ(received[0].payload, payload);
    EXPECT_TRUE(received[0].retain);
    EXPECT_EQ(received[1].topic, "homeassistant/sensor/x/gone/config");
    EXPECT_TRUE(received[1].payload.empty());
    EXPECT_TRUE(link.take_received().empty());
}

TEST_F(MqttLinkTest, ReconnectBacksOffFromOneToSixtySecondsAndResetsOnSuccess) {
    MqttLink link(options(), logger());
    std::string error;
    ASSERT_TRUE(link.start(error)) << error;
    for (int i = 0; i < 8; ++i) {
        hostcheck::mqtt_fake_refuse(5);
        ASSERT_TRUE(hostcheck::mqtt_fake_wait_idle());
    }
    EXPECT_EQ(hostcheck::mqtt_fake_client().reconnect_timeouts_ms,
              (std::vector<int>{1000, 1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000}));
    EXPECT_NE(link.stats().last_error.find("not authorised"), std::string::npos);
    EXPECT_EQ(link.stats().failures, 8U);
    EXPECT_EQ(link.stats().backoff_ms, 60000U);
    // The configuration set again is complete (esp_mqtt_set_config replaces everything).
    EXPECT_EQ(hostcheck::mqtt_fake_client().config.will_topic, "topband-gateway/abc123/availability");
    EXPECT_EQ(hostcheck::mqtt_fake_client().config.password, "pw");

    ASSERT_TRUE(hostcheck::mqtt_fake_connect());
    ASSERT_TRUE(hostcheck::mqtt_fake_wait_idle());
    EXPECT_EQ(link.stats().backoff_ms, 0U);
    EXPECT_TRUE(link.stats().last_error.empty());
    hostcheck::mqtt_fake_disconnect();
    ASSERT_TRUE(hostcheck::mqtt_fake_wait_idle());
    EXPECT_EQ(hostcheck::mqtt_fake_client().reconnect_timeouts_ms.back(), 1000);
    const std::lock_guard lock(log_mutex_);
    ASSERT_FALSE(log_.empty());
    EXPECT_EQ(log_.back().first, 1);  // a lost connection is a warning, a refused one an error
    EXPECT_NE(log_.back().second.find("retrying in 1.0 s"), std::string::npos);
}

TEST_F(MqttLinkTest, ACleanStopPublishesOfflineItselfThenDisconnects) {
    MqttLink link(options(), logger());
    std::string error;
    ASSERT_TRUE(link.start(error)) << error;
    ASSERT_TRUE(hostcheck::mqtt_fake_connect());
    ASSERT_TRUE(hostcheck::mqtt_fake_wait_idle());
    link.stop();
    const auto sent = hostcheck::mqtt_fake_sent();
    ASSERT_EQ(sent.size(), 1U);
    EXPECT_EQ(sent[0].topic, "topband-gateway/abc123/availability");
    EXPECT_EQ(sent[0].payload, "offline");
    EXPECT_EQ(sent[0].qos, 1);
    EXPECT_TRUE(sent[0].retain);
    const auto client = hostcheck::mqtt_fake_client();
    EXPECT_TRUE(client.disconnect_sent);
    EXPECT_TRUE(client.destroyed);
    link.stop();  // twice is harmless
    link.publish({"x", "y", false, 0});
    link.poll();
    EXPECT_EQ(hostcheck::mqtt_fake_sent().size(), 1U);
}

TEST_F(MqttLinkTest, StopWhileDisconnectedLeavesTheWillToTheBroker) {
    MqttLink link(options(), logger());
    std::string error;
    ASSERT_TRUE(link.start(error)) << error;
    link.stop();
    EXPECT_TRUE(hostcheck::mqtt_fake_sent().empty());
    EXPECT_FALSE(hostcheck::mqtt_fake_client().disconnect_sent);
    EXPECT_TRUE(hostcheck::mqtt_fake_client().destroyed);
}

}  // namespace
}  // namespace tbg::esp32
