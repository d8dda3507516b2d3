#include "core/api/mqtt_publisher.h"

namespace tbg::api {

MqttPublisher::MqttPublisher(MqttNames names, std::string sw_version)
    : names_(std::move(names)), sw_version_(std::move(sw_version)) {}

void MqttPublisher::on_connected() {
    announce_all_ = true;
    last_alarms_.clear();
    payloads_.clear();
}

std::vector<MqttMessage> MqttPublisher::tick(const nlohmann::json& bank_status,
                                             const std::vector<nlohmann::json>& packs,
                                             const std::vector<std::pair<std::uint8_t, std::uint8_t>>& pack_cells) {
    std::vector<MqttMessage> messages;
    if (announce_all_) {
        messages.push_back(availability_message(names_, true));
    }
    std::set<std::string> present;
    for (DiscoveryEntry& entry : discovery_entries(names_, pack_cells, sw_version_)) {
        present.insert(entry.topic);
        std::string key = entry.topic + '\n' + entry.payload;
        if (payloads_.insert(std::move(key)).second) {
            messages.push_back({std::move(entry.topic), std::move(entry.payload), true, 1});
        }
    }
    for (const std::string& topic : entities_) {
        if (present.count(topic) == 0) {
            messages.push_back({topic, "", true, 1});
            ++removals_;
        }
    }
    entities_ = std::move(present);
    for (MqttMessage& message : state_messages(names_, bank_status, packs)) {
        if (message.topic == alarms_topic(names_)) {
            if (message.payload == last_alarms_) {
                continue;
            }
            last_alarms_ = message.payload;
        }
        messages.push_back(std::move(message));
    }
    announce_all_ = false;
    ticked_ = true;
    return messages;
}

std::vector<MqttMessage> MqttPublisher::on_retained_discovery(std::string_view topic, std::string_view payload) {
    if (!ticked_ || payload.empty() || !is_own_discovery_topic(names_, topic) ||
        entities_.count(std::string(topic)) > 0) {
        return {};
    }
    ++removals_;
    return {MqttMessage{std::string(topic), "", true, 1}};
}

}  // namespace tbg::api
