// The MQTT connection of the ESP32 firmware on esp-mqtt (mqtt_client.h), with the contract of the Linux link
// (platform/linux/mqtt_link.h): publish() never blocks the caller; a bounded queue drops its oldest message when full
// and counts it; a last will (`will_topic` = `will_payload`, retained, QoS 1), which a clean stop() publishes itself;
// subscriptions renewed after every connection, messages received on them kept for take_received(); stats().
//
// How: publish() only appends to our queue (a mutex held for a few container operations). poll(), called by the
// network task, hands queued messages to esp-mqtt's outbox (esp_mqtt_client_enqueue, which never touches the
// network) while connected and while the outbox holds less than max_outbox_bytes; esp-mqtt's own task sends them.
// poll() does nothing while disconnected, so it never waits for esp-mqtt's lock during a connection attempt.
// Messages wait in our queue while disconnected and go out after the next connection. Reconnection is esp-mqtt's:
// after each failure or loss the event handler sets its reconnect timeout to a back-off doubling from 1 s to 60 s
// (esp_mqtt_set_config), reset by a successful connection.
//
// Memory (4 MB boards without PSRAM): queue_messages and queue_bytes bound our queue (the oldest goes first), the
// outbox is bounded by max_outbox_bytes, received messages by queue_messages and kMaxReceivedBytes each.
//
// TLS on the ESP32: there is no file system, so the *_file settings cannot be paths. With tls and an empty ca_file
// the broker is verified against ESP-IDF's certificate bundle (esp_crt_bundle_attach: the common public roots, for
// public brokers); a ca_file, cert_file or key_file setting that holds PEM text ("-----BEGIN …") is used as that
// certificate or key; anything else is refused by mqtt_link_options().
//
// Threading: publish(), take_received(), stats() from any task; start(), stop(), poll() from the network task
// (stop() never from esp-mqtt's event handler). The event handler runs on esp-mqtt's task.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "core/api/mqtt_topics.h"
#include "core/config/mqtt_settings.h"
#include "mqtt_client.h"

namespace tbg::esp32 {

struct MqttLinkOptions {
    std::string host = "localhost";
    int port = 1883;
    int keepalive_s = 30;
    std::string client_id;
    std::string username;  // empty = anonymous
    std::string password;
    bool tls = false;
    std::string ca_pem;  // empty with tls: esp_crt_bundle
    std::string cert_pem;
    std::string key_pem;
    std::string will_topic;
    std::string will_payload = "offline";
    std::size_t queue_messages = 64;
    std::size_t queue_bytes = std::size_t{32} * 1024;
    std::size_t max_outbox_bytes = std::size_t{16} * 1024;
    std::vector<std::string> subscriptions;
    std::uint32_t min_backoff_ms = 1'000;
    std::uint32_t max_backoff_ms = 60'000;
    int network_timeout_ms = 10'000;
    unsigned task_priority = 5;
    std::uint32_t task_stack_bytes = 6144;
    int buffer_bytes = 2048;  // esp-mqtt's receive and send buffers; longer messages go in fragments
};

struct MqttOutMessage {
    std::string topic;
    std::string payload;
    bool retain = false;
    int qos = 0;
};

struct MqttLinkStats {
    bool connected = false;
    std::uint64_t connections = 0;  // successful connections so far; a change means "announce again"
    std::uint64_t failures = 0;     // failed attempts and lost connections
    std::uint64_t published = 0;    // handed to esp-mqtt
    std::uint64_t dropped = 0;      // dropped from a full queue or refused by esp-mqtt
    std::size_t queued = 0;
    std::uint32_t backoff_ms = 0;  // the reconnect delay now in force
    std::string last_error;
};

// The link options for `settings` (validated) and `names` (resolve_mqtt_names): broker, credentials, TLS material
// (see above), will on the availability topic, the discovery subscription, the queue capped at `queue_cap` messages
// (MqttSettings allows 4096, far more than the RAM of a board without PSRAM holds). false with `error` when a *_file
// setting is not PEM text.
bool mqtt_link_options(const config::MqttSettings& settings, const api::MqttNames& names, std::size_t queue_cap,
                       MqttLinkOptions& out, std::string& error);

class MqttLink {
public:
    static constexpr std::size_t kMaxReceivedBytes = std::size_t{8} * 1024;

    // `log` is called from esp-mqtt's task and the network task with (level 0 error … 3 info, message).
    MqttLink(MqttLinkOptions options, std::function<void(int, const std::string&)> log);
    ~MqttLink();
    MqttLink(const MqttLink&) = delete;
    MqttLink& operator=(const MqttLink&) = delete;

    // Creates and starts the esp-mqtt client (its task connects in the background). false with `error`.
    bool start(std::string& error);
    // Publishes will_payload when connected (QoS 1, retained; waits at most the network timeout), then stops and
    // destroys the client.
    void stop();

    void publish(MqttOutMessage message);
    // Network task, every ≤ 100 ms: moves queued messages into esp-mqtt's outbox.
    void poll();
    std::vector<MqttOutMessage> take_received();
    MqttLinkStats stats() const;

    void on_event(std::int32_t event_id, esp_mqtt_event_handle_t event);  // esp-mqtt's handler (public: trampoline)

private:
    void fill_config(esp_mqtt_client_config_t& config) const;
    void drop_oldest_locked();

    MqttLinkOptions options_;
    std::function<void(int, const std::string&)> log_;
    std::string uri_;  // esp-mqtt copies it, but the configuration is set again on every back-off step
    esp_mqtt_client_handle_t client_ = nullptr;

    mutable std::mutex mutex_;  // guards the members below
    std::deque<MqttOutMessage> queue_;
    std::size_t queue_bytes_ = 0;
    std::vector<MqttOutMessage> received_;
    MqttOutMessage partial_;  // a received message arriving in fragments
    bool partial_active_ = false;
    MqttLinkStats stats_;
};

}  // namespace tbg::esp32
