// MQTT in the Linux daemon: turns the gateway's state into messages (core/api/mqtt_publisher.h) and hands them to
// the link thread (platform/linux/mqtt_link.h).
//
// Threading: every member function runs on the daemon's loop thread. on_timer() builds the documents (a few kB of
// JSON) and only enqueues copies; it never waits for the broker. The daemon calls it once a second: state goes out
// every mqtt.interval_s while connected, and at once after each (re)connection together with discovery and
// availability; nothing is queued while the link is down.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "core/api/mqtt_publisher.h"
#include "core/app/gateway.h"
#include "core/config/mqtt_settings.h"
#include "platform/linux/mqtt_link.h"

namespace tbg::daemon {

// The device id of this machine: the first 12 characters of /etc/machine-id, else the host name, else "gateway".
std::string linux_device_id();

class MqttService {
public:
    // nullptr with `error` when the link cannot be set up (e.g. an unreadable TLS file). Precondition: settings valid.
    static std::unique_ptr<MqttService> create(const config::MqttSettings& settings, std::string& error);

    void on_timer(const app::Gateway& gateway, std::uint64_t now_ms);
    void stop() { link_.stop(); }
    platform::MqttLinkStats stats() const { return link_.stats(); }
    const api::MqttNames& names() const { return publisher_.names(); }

private:
    MqttService(const config::MqttSettings& settings, api::MqttNames names, platform::MqttLinkOptions options);
    void publish_all(const app::Gateway& gateway);

    std::uint64_t interval_ms_;
    api::MqttPublisher publisher_;
    platform::MqttLink link_;
    std::uint64_t seen_connections_ = 0;
    std::uint64_t next_tick_ms_ = 0;
    std::uint64_t logged_dropped_ = 0;
};

}  // namespace tbg::daemon
