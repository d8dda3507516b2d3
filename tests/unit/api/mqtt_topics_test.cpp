// MQTT topics, payloads and Home Assistant discovery configs: defaults, detail levels, HA fields.
#include "core/api/mqtt_topics.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>

namespace tbg::api {
namespace {

using nlohmann::json;

MqttNames names_for(std::string_view detail, std::string_view base = "") {
    config::MqttSettings settings;
    settings.detail = std::string(detail);
    settings.base_topic = std::string(base);
    return resolve_mqtt_names(settings, "ab12:cd");
}

json bank_doc() {
    return {{"soc_pct", 55.5},
            {"limits", {{"cvl_V", 55.2}, {"cvl_reason", "CVL 55.2 V: bulk"}}},
            {"alarms", {{"general", "ok"}, {"high_voltage", "alarm"}}},
            {"alarms_active", {"high_voltage"}},
            {"energy", {{"charged_kWh", 1.5}}}};
}

const MqttMessage* find(const std::vector<MqttMessage>& messages, const std::string& topic) {
    const auto it = std::find_if(messages.begin(), messages.end(), [&](const auto& m) { return m.topic == topic; });
    return it == messages.end() ? nullptr : &*it;
}

TEST(MqttTopics, DefaultsDeriveFromTheDeviceId) {
    const MqttNames names = names_for("bank");
    EXPECT_EQ(names.device_id, "ab12cd") << "characters outside [A-Za-z0-9_-] dropped";
    EXPECT_EQ(names.base_topic, "topband-gateway/ab12cd");
    EXPECT_EQ(names.client_id, "topband-gateway-ab12cd");
    EXPECT_EQ(names.node_id, "topband_gateway_ab12cd");
    EXPECT_EQ(availability_topic(names), "topband-gateway/ab12cd/availability");
    EXPECT_EQ(cell_topic(names, 2, 7), "topband-gateway/ab12cd/pack/2/cell/7");
    const MqttMessage online = availability_message(names, true);
    EXPECT_EQ(online.payload, "online");
    EXPECT_TRUE(online.retain);
    EXPECT_EQ(availability_message(names, false).payload, "offline");
    config::MqttSettings explicit_ids;
    explicit_ids.device_id = "garage";
    explicit_ids.client_id = "me";
    EXPECT_EQ(resolve_mqtt_names(explicit_ids, "ignored").base_topic, "topband-gateway/garage");
    EXPECT_EQ(resolve_mqtt_names(explicit_ids, "ignored").client_id, "me");
    EXPECT_EQ(resolve_mqtt_names(config::MqttSettings{}, "::").device_id, "gateway");
}

TEST(MqttTopics, StateMessagesFollowTheDetailLevel) {
    const std::vector<json> packs = {{{"address", 1}, {"cells_V", {3.301, 3.302}}}};
    const auto bank = state_messages(names_for("bank", "b"), bank_doc(), packs);
    EXPECT_EQ(bank.size(), 4U);
    ASSERT_NE(find(bank, "b/state"), nullptr);
    EXPECT_EQ(json::parse(find(bank, "b/state")->payload)["soc_pct"], 55.5);
    EXPECT_EQ(json::parse(find(bank, "b/limits")->payload)["cvl_reason"], "CVL 55.2 V: bulk");
    EXPECT_EQ(json::parse(find(bank, "b/energy")->payload)["charged_kWh"], 1.5);
    const MqttMessage* alarms = find(bank, "b/alarms");
    ASSERT_NE(alarms, nullptr);
    EXPECT_TRUE(alarms->retain);
    EXPECT_EQ(json::parse(alarms->payload)["active"], json::array({"high_voltage"}));
    EXPECT_EQ(find(bank, "b/pack/1"), nullptr);

    const auto pack = state_messages(names_for("pack", "b"), bank_doc(), packs);
    EXPECT_NE(find(pack, "b/pack/1"), nullptr);
    EXPECT_EQ(find(pack, "b/pack/1/cell/1"), nullptr);

    const auto cell = state_messages(names_for("cell", "b"), bank_doc(), packs);
    ASSERT_NE(find(cell, "b/pack/1/cell/2"), nullptr);
    EXPECT_EQ(find(cell, "b/pack/1/cell/2")->payload, "3.302");
}

TEST(MqttTopics, RetainPolicyAppliesToStateNotToAlarms) {
    config::MqttSettings settings;
    settings.retain = false;
    const auto messages = state_messages(resolve_mqtt_names(settings, "x"), bank_doc(), {});
    EXPECT_FALSE(find(messages, "topband-gateway/x/state")->retain);
    EXPECT_TRUE(find(messages, "topband-gateway/x/alarms")->retain);
}

TEST(MqttTopics, DiscoveryConfigsCarryHomeAssistantFields) {
    const MqttNames names = names_for("bank");
    const auto entries = discovery_entries(names, {{0, 16}}, "0.1.0");
    const auto soc = std::find_if(entries.begin(), entries.end(), [](const auto& e) {
        return e.topic == "homeassistant/sensor/topband_gateway_ab12cd/soc/config";
    });
    ASSERT_NE(soc, entries.end());
    const json config = json::parse(soc->payload);
    EXPECT_EQ(config["device_class"], "battery");
    EXPECT_EQ(config["state_class"], "measurement");
    EXPECT_EQ(config["unit_of_measurement"], "%");
    EXPECT_EQ(config["state_topic"], "topband-gateway/ab12cd/state");
    EXPECT_EQ(config["availability_topic"], "topband-gateway/ab12cd/availability");
    EXPECT_EQ(config["unique_id"], "topband_gateway_ab12cd_soc");
    EXPECT_EQ(config["device"]["identifiers"][0], "topband_gateway_ab12cd");
    for (const auto& entry : entries) {
        EXPECT_EQ(entry.topic.find("pack_"), std::string::npos) << "no pack entities at detail bank: " << entry.topic;
        EXPECT_TRUE(is_own_discovery_topic(names, entry.topic)) << entry.topic;
        const json c = json::parse(entry.payload);
        EXPECT_TRUE(c.contains("availability_topic")) << entry.topic;
        EXPECT_EQ(c["device"]["identifiers"][0], "topband_gateway_ab12cd") << "one device";
    }
    const auto energy = std::find_if(entries.begin(), entries.end(), [](const auto& e) {
        return e.topic.find("/energy_charged/") != std::string::npos;
    });
    ASSERT_NE(energy, entries.end());
    EXPECT_EQ(json::parse(energy->payload)["state_class"], "total_increasing");
    EXPECT_EQ(json::parse(energy->payload)["unit_of_measurement"], "kWh");
}

TEST(MqttTopics, PackAndCellEntitiesOnlyAtTheirLevels) {
    const auto count = [](const std::vector<DiscoveryEntry>& entries, std::string_view part) {
        return std::count_if(entries.begin(), entries.end(),
                             [&](const auto& e) { return e.topic.find(part) != std::string::npos; });
    };
    const auto cells = [](const std::vector<DiscoveryEntry>& entries, std::string_view pack) {
        return std::count_if(entries.begin(), entries.end(), [&](const auto& e) {
            const auto at = e.topic.find(pack);
            return at != std::string::npos && std::isdigit(static_cast<unsigned char>(e.topic[at + pack.size()]));
        });
    };
    const std::vector<std::pair<std::uint8_t, std::uint8_t>> packs = {{0, 16}, {1, 15}};
    const auto bank = discovery_entries(names_for("bank"), packs, "v");
    const auto pack = discovery_entries(names_for("pack"), packs, "v");
    const auto cell = discovery_entries(names_for("cell"), packs, "v");
    EXPECT_EQ(count(bank, "/pack_"), 0);
    EXPECT_GT(count(pack, "/pack_1_"), 0);
    EXPECT_EQ(cells(pack, "/pack_0_cell_"), 0);
    EXPECT_EQ(cells(cell, "/pack_0_cell_"), 16);
    EXPECT_EQ(cells(cell, "/pack_1_cell_"), 15);
    const auto c = std::find_if(cell.begin(), cell.end(),
                                [](const auto& e) { return e.topic.find("/pack_1_cell_15/") != std::string::npos; });
    ASSERT_NE(c, cell.end());
    const json config = json::parse(c->payload);
    EXPECT_EQ(config["state_topic"], "topband-gateway/ab12cd/pack/1/cell/15");
    EXPECT_EQ(config["device_class"], "voltage");
    EXPECT_EQ(config["unit_of_measurement"], "V");
    config::MqttSettings off;
    off.discovery = false;
    EXPECT_TRUE(discovery_entries(resolve_mqtt_names(off, "x"), packs, "v").empty());
}

TEST(MqttTopics, OwnDiscoveryTopicsAreRecognised) {
    const MqttNames names = names_for("bank");
    EXPECT_EQ(discovery_subscription(names), "homeassistant/+/topband_gateway_ab12cd/+/config");
    EXPECT_TRUE(is_own_discovery_topic(names, "homeassistant/sensor/topband_gateway_ab12cd/pack_0_cell_1/config"));
    EXPECT_FALSE(is_own_discovery_topic(names, "homeassistant/sensor/other_node/soc/config"));
    EXPECT_FALSE(is_own_discovery_topic(names, "homeassistant/sensor/topband_gateway_ab12cd/config"));
    EXPECT_FALSE(is_own_discovery_topic(names, "elsewhere/sensor/topband_gateway_ab12cd/soc/config"));
}

}  // namespace
}  // namespace tbg::api
