// Host fake of mqtt_client.h (esp-mqtt), plus its test-control API: the test plays the broker and the network.
//
// The client's events run on its own task ("mqtt_task", the configured priority and stack), as in esp-mqtt. A test
// connects and disconnects it, refuses a connection, delivers messages (in fragments of buffer.size bytes, the way
// esp-mqtt splits long ones), and reads what the firmware published. esp_mqtt_client_enqueue() stores into the
// outbox, which is emptied at once ("sent") while connected unless the test stalls it; esp_mqtt_client_publish()
// sends at once while connected, else returns -1. esp_mqtt_client_stop() while connected sends DISCONNECT (no will).
// Every esp_mqtt_client_init/esp_mqtt_set_config is recorded (reconnect_timeout_ms history).
//
// RAM only: a power cycle forgets every client. Thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace tbg::hostcheck {

struct MqttFakeConfig {
    std::string uri;
    std::string client_id;
    std::string username;
    std::string password;
    bool crt_bundle = false;
    std::string ca_certificate;
    std::string client_certificate;
    std::string client_key;
    std::string will_topic;
    std::string will_message;
    int will_qos = 0;
    int will_retain = 0;
    int keepalive_s = 0;
    int reconnect_timeout_ms = 0;
    int buffer_size = 0;
    int task_priority = 0;
    int task_stack = 0;
};

struct MqttFakeMessage {
    std::string topic;
    std::string payload;
    int qos = 0;
    bool retain = false;
    bool via_outbox = false;  // enqueue (true) or publish (false)
};

struct MqttFakeClientState {
    bool exists = false;  // initialised and not destroyed
    bool started = false;
    bool connected = false;
    bool stopped = false;
    bool destroyed = false;
    bool disconnect_sent = false;  // a clean DISCONNECT (stop while connected)
    std::size_t outbox_bytes = 0;
    MqttFakeConfig config;                   // the latest (init or set_config)
    std::vector<int> reconnect_timeouts_ms;  // of init and every set_config
    std::vector<std::string> subscriptions;  // in order, across connections
};

// The latest client since power-on.
MqttFakeClientState mqtt_fake_client();
// What reached the broker, in order.
std::vector<MqttFakeMessage> mqtt_fake_sent();

// The broker accepts the connection (CONNECTED). false without a started client.
bool mqtt_fake_connect();
// The connection is lost (DISCONNECTED).
void mqtt_fake_disconnect();
// The broker refuses (ERROR with MQTT_ERROR_TYPE_CONNECTION_REFUSED and `return_code`, then DISCONNECTED).
void mqtt_fake_refuse(int return_code);
// A message on a subscription (DATA events).
void mqtt_fake_deliver(const std::string& topic, const std::string& payload, bool retain = true, int qos = 1);
// While stalled the outbox keeps what was enqueued (as when the network is slow).
void mqtt_fake_stall_outbox(bool stalled);
// Waits until every event was handled (false after timeout_ms).
bool mqtt_fake_wait_idle(std::uint32_t timeout_ms = 2000);

}  // namespace tbg::hostcheck
