// When things are published: discovery once per connection, alarms on change, removal of stale entities.
#include "core/api/mqtt_publisher.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace tbg::api {
namespace {

using nlohmann::json;
using Packs = std::vector<std::pair<std::uint8_t, std::uint8_t>>;

MqttNames publisher_names(std::string_view detail) {
    config::MqttSettings settings;
    settings.detail = std::string(detail);
    settings.device_id = "t";
    return resolve_mqtt_names(settings, "");
}

json bank_doc(std::string_view level) {
    return {{"alarms", {{"general", level}}}, {"alarms_active", json::array()}, {"limits", json::object()}};
}

long count(const std::vector<MqttMessage>& messages, std::string_view part) {
    return std::count_if(messages.begin(), messages.end(),
                         [&](const auto& m) { return m.topic.find(part) != std::string::npos; });
}

TEST(MqttPublisher, AnnouncesOncePerConnectionAndAlarmsOnChange) {
    MqttPublisher publisher(publisher_names("bank"), "v");
    const auto first = publisher.tick(bank_doc("ok"), {}, {});
    EXPECT_EQ(count(first, "/availability"), 1);
    EXPECT_GT(count(first, "homeassistant/"), 10);
    EXPECT_EQ(count(first, "/alarms"), 1);
    const auto second = publisher.tick(bank_doc("ok"), {}, {});
    EXPECT_EQ(count(second, "/availability"), 0);
    EXPECT_EQ(count(second, "homeassistant/"), 0);
    EXPECT_EQ(count(second, "/alarms"), 0) << "unchanged alarms are not repeated";
    EXPECT_EQ(count(second, "/state"), 1);
    const auto third = publisher.tick(bank_doc("alarm"), {}, {});
    EXPECT_EQ(count(third, "/alarms"), 1);
    publisher.on_connected();
    const auto again = publisher.tick(bank_doc("alarm"), {}, {});
    EXPECT_EQ(count(again, "/availability"), 1);
    EXPECT_EQ(count(again, "homeassistant/"), count(first, "homeassistant/"));
    EXPECT_EQ(count(again, "/alarms"), 1) << "retained state re-published after a reconnection";
}

TEST(MqttPublisher, NewPacksAreAnnouncedAndVanishedOnesRemoved) {
    MqttPublisher publisher(publisher_names("cell"), "v");
    publisher.tick(bank_doc("ok"), {}, Packs{{0, 4}});
    const auto grown = publisher.tick(bank_doc("ok"), {}, Packs{{0, 4}, {1, 4}});
    EXPECT_EQ(count(grown, "/pack_1_cell_"), 4 + 3) << "4 cells + cell min, max, spread";
    EXPECT_EQ(count(grown, "/pack_0_"), 0);
    const auto shrunk = publisher.tick(bank_doc("ok"), {}, Packs{{0, 4}});
    EXPECT_EQ(count(shrunk, "/pack_1_"), 4 + 7);
    for (const auto& m : shrunk) {
        if (m.topic.find("/pack_1_") != std::string::npos) {
            EXPECT_TRUE(m.payload.empty());
            EXPECT_TRUE(m.retain);
        }
    }
}

TEST(MqttPublisher, StaleRetainedConfigsFromALowerLevelAreRemoved) {
    MqttPublisher publisher(publisher_names("bank"), "v");
    const std::string stale = "homeassistant/sensor/topband_gateway_t/pack_0_cell_3/config";
    EXPECT_TRUE(publisher.on_retained_discovery(stale, "{}").empty()) << "nothing before the first tick";
    publisher.tick(bank_doc("ok"), {}, Packs{{0, 16}});
    const auto removal = publisher.on_retained_discovery(stale, "{}");
    ASSERT_EQ(removal.size(), 1U);
    EXPECT_EQ(removal[0].topic, stale);
    EXPECT_TRUE(removal[0].payload.empty());
    EXPECT_TRUE(removal[0].retain);
    EXPECT_TRUE(publisher.on_retained_discovery(stale, "").empty()) << "already removed";
    EXPECT_TRUE(publisher.on_retained_discovery("homeassistant/sensor/topband_gateway_t/soc/config", "{}").empty());
    EXPECT_TRUE(publisher.on_retained_discovery("homeassistant/sensor/other/soc/config", "{}").empty());
    EXPECT_EQ(publisher.removals(), 1U);
}

}  // namespace
}  // namespace tbg::api
