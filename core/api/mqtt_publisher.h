// What to publish when, on top of mqtt_topics.h: discovery once per connection (and when the set of entities
// changes), alarms on change, state every interval, and removal of stale discovery configs.
//
// Removal: after connecting, the platform subscribes to discovery_subscription(); every retained config of this
// device that is not in the present entity set (the detail level was lowered, a pack disappeared) is answered with
// an empty retained message, which makes Home Assistant delete the entity. Not thread-safe: owned by the thread that
// owns the Gateway; the messages it returns are values to hand to the link.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/api/mqtt_topics.h"

namespace tbg::api {

class MqttPublisher {
public:
    MqttPublisher(MqttNames names, std::string sw_version);

    const MqttNames& names() const { return names_; }

    // A (re)connection: everything retained is announced again at the next tick().
    void on_connected();

    // One interval: `bank_status` from bank_status_json, `packs` the documents of the known packs, `pack_cells` their
    // (address, cell count) for discovery. Returns availability (after a connection), discovery (new or changed
    // entities; empty configs for entities no longer present), state, and alarms when changed.
    std::vector<MqttMessage> tick(const nlohmann::json& bank_status, const std::vector<nlohmann::json>& packs,
                                  const std::vector<std::pair<std::uint8_t, std::uint8_t>>& pack_cells);

    // A retained message seen on the discovery subscription. Returns the removal (empty retained config) when it is
    // a non-empty config of this device that the present entity set lacks; nothing before the first tick().
    std::vector<MqttMessage> on_retained_discovery(std::string_view topic, std::string_view payload);

    std::uint64_t removals() const { return removals_; }

private:
    MqttNames names_;
    std::string sw_version_;
    bool ticked_ = false;
    bool announce_all_ = true;
    std::string last_alarms_;
    std::set<std::string> entities_;  // discovery topics of the present set
    std::set<std::string> payloads_;  // topic + '\n' + payload announced on this connection
    std::uint64_t removals_ = 0;
};

}  // namespace tbg::api
