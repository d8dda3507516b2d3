// The MQTT side of docs/security.md: the broker credentials never reach a topic or payload, and the one thing the
// gateway reads from the broker (retained discovery configs) can only ever remove configs of its own device.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/api/mqtt_publisher.h"
#include "core/api/mqtt_topics.h"

namespace tbg::api {
namespace {

using nlohmann::json;

constexpr const char* kSecret = "broker-Secret-77aa";

config::MqttSettings settings_with_credentials() {
    config::MqttSettings settings;
    settings.enabled = true;
    settings.username = "battery-user";
    settings.password = kSecret;
    settings.detail = "cell";
    settings.device_id = "dev1";
    return settings;
}

json bank_doc() {
    return {{"alarms", {{"general", "ok"}}}, {"alarms_active", json::array()}, {"limits", json::object()}};
}

TEST(MqttSecurity, NoCredentialInAnyTopicOrPayload) {
    const MqttNames names = resolve_mqtt_names(settings_with_credentials(), "machine");
    MqttPublisher publisher(names, "v");
    publisher.on_connected();
    const std::vector<std::pair<std::uint8_t, std::uint8_t>> cells{{0, 16}, {1, 16}};
    std::vector<MqttMessage> messages = publisher.tick(bank_doc(), {json{{"address", 0}}, json{{"address", 1}}}, cells);
    ASSERT_GT(messages.size(), 50U) << "discovery at the cell level and the state";
    for (const MqttMessage& message : messages) {
        EXPECT_EQ(message.topic.find(kSecret), std::string::npos) << message.topic;
        EXPECT_EQ(message.payload.find(kSecret), std::string::npos) << message.topic;
        EXPECT_EQ(message.payload.find("battery-user"), std::string::npos) << message.topic;
    }
    EXPECT_EQ(names.client_id.find(kSecret), std::string::npos);
}

TEST(MqttSecurity, RetainedMessagesFromTheBrokerCanOnlyRemoveThisDevicesStaleConfigs) {
    const MqttNames names = resolve_mqtt_names(settings_with_credentials(), "machine");
    EXPECT_EQ(discovery_subscription(names), "homeassistant/+/topband_gateway_dev1/+/config");
    MqttPublisher publisher(names, "v");
    publisher.tick(bank_doc(), {}, {});
    // Whatever another client publishes under the prefix: never an answer outside this device's configs (whose parts
    // follow Home Assistant's [A-Za-z0-9_-]), never a payload other than the empty removal, no answer to an echo.
    const std::vector<std::string> foreign = {
        "homeassistant/sensor/topband_gateway_other/soc/config",
        "homeassistant/sensor/topband_gateway_dev1/soc/state",
        "homeassistant/sensor/topband_gateway_dev1/../../x/config",
        "homeassistant/sensor/topband_gateway_dev1/a/b/config",
        "other_prefix/sensor/topband_gateway_dev1/pack_0_cell_3/config",
        "homeassistant/sensor/topband_gateway_dev1//config",
        "homeassistant/sensor/topband_gateway_dev1/#/config",
        std::string("homeassistant/sensor/topband_gateway_dev1/x\0y/config", 52),
        "",
    };
    for (const std::string& topic : foreign) {
        EXPECT_TRUE(publisher.on_retained_discovery(topic, "{\"name\": \"evil\"}").empty()) << topic;
    }
    const std::string stale = "homeassistant/sensor/topband_gateway_dev1/pack_9_cell_1/config";
    const std::vector<MqttMessage> removal = publisher.on_retained_discovery(stale, std::string(100'000, 'x'));
    ASSERT_EQ(removal.size(), 1U);
    EXPECT_EQ(removal[0].topic, stale);
    EXPECT_TRUE(removal[0].payload.empty());
    EXPECT_TRUE(publisher.on_retained_discovery(stale, "").empty()) << "the echo of the removal: no loop";
}

}  // namespace
}  // namespace tbg::api
