// MQTT in the full edition: state from the published views (core/api/mqtt_publisher.h) onto the esp-mqtt link
// (platform/esp32/net/mqtt_link.h). Built from a view, never from the live Gateway, so building the documents
// (a few kB of JSON) never holds the gateway's mutex.
//
// Threading: on_view() and on_timer() from the network task only.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "core/api/gateway_view.h"
#include "core/api/mqtt_publisher.h"
#include "core/config/mqtt_settings.h"
#include "platform/esp32/net/mqtt_link.h"

namespace tbg::esp32 {

// The device id of this board: the station MAC's last 3 bytes as 6 hex digits ("gw-123456"-style ids are derived
// from it by core/api/mqtt_topics.h).
std::string esp32_device_id();

class MqttServiceEsp32 {
public:
    // nullptr with `error` when the settings cannot be used here (e.g. TLS files). Precondition: settings valid.
    static std::unique_ptr<MqttServiceEsp32> create(const config::MqttSettings& settings, std::string& error);

    // Once a second with the newest view (may be null before the first).
    void on_timer(const std::shared_ptr<const api::GatewayView>& view, std::uint64_t now_ms);
    MqttLinkStats stats() const { return link_->stats(); }

private:
    MqttServiceEsp32(const config::MqttSettings& settings, api::MqttNames names, std::unique_ptr<MqttLink> link);
    void publish_all(const api::GatewayView& view);

    std::uint64_t interval_ms_;
    api::MqttPublisher publisher_;
    std::unique_ptr<MqttLink> link_;
    std::uint64_t seen_connections_ = 0;
    std::uint64_t next_tick_ms_ = 0;
};

}  // namespace tbg::esp32
