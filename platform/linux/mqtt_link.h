// The MQTT connection of the Linux daemon, on libmosquitto, on its own thread.
//
// Threading: publish(), take_received() and stats() may be called from any thread (the daemon's loop thread); they
// only take a mutex held for a few container operations and never touch the network, so a broker that stalls, a
// slow DNS lookup or a TCP connect that hangs cannot delay the caller. Everything else (connect, TLS, reading,
// writing, reconnecting) runs on the link's thread, which drives mosquitto_loop() itself.
//
// Queue: at most `queue_messages` messages wait; when full the oldest is dropped and counted (stats().dropped).
// Messages wait while disconnected and go out after the next connection. At most kMaxInFlight handed to libmosquitto
// and not yet written/acknowledged, so its own queue stays bounded too.
//
// Connection: a last will (`will_topic` = `will_payload`, retained, QoS 1) is registered; connection attempts back
// off exponentially from 1 s to 60 s after failures (refused TCP, TLS errors, CONNACK refusals such as a wrong
// password, no CONNACK within connack_timeout_ms). A clean stop() publishes `will_payload` itself before leaving.
// Every subscription in `subscriptions` is renewed after each connection; messages received on them are kept (at
// most queue_messages) for take_received().
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

struct mosquitto;
struct mosquitto_message;

namespace tbg::platform {

struct MqttLinkOptions {
    std::string host = "localhost";
    int port = 1883;
    int keepalive_s = 30;
    std::string client_id;
    std::string username;  // empty = anonymous
    std::string password;
    bool tls = false;
    std::string ca_file;  // empty with tls: the system CA directory
    std::string cert_file;
    std::string key_file;
    std::string will_topic;
    std::string will_payload = "offline";
    std::size_t queue_messages = 512;
    std::vector<std::string> subscriptions;
    std::uint32_t connack_timeout_ms = 10'000;
    std::uint32_t min_backoff_ms = 1'000;
    std::uint32_t max_backoff_ms = 60'000;
};

struct MqttOutMessage {
    std::string topic;
    std::string payload;
    bool retain = false;
    int qos = 0;
};

struct MqttLinkStats {
    bool connected = false;
    std::uint64_t connections = 0;  // successful CONNACKs so far; a change means "announce again"
    std::uint64_t failures = 0;     // failed connection attempts
    std::uint64_t published = 0;    // handed to libmosquitto
    std::uint64_t dropped = 0;      // dropped from a full queue
    std::size_t queued = 0;
    std::string last_error;
};

class MqttLink {
public:
    static constexpr int kMaxInFlight = 64;

    // `log` is called from the link's thread with (level 0 error … 3 info, message); it must be thread-safe.
    MqttLink(MqttLinkOptions options, std::function<void(int, const std::string&)> log);
    ~MqttLink();
    MqttLink(const MqttLink&) = delete;
    MqttLink& operator=(const MqttLink&) = delete;

    // Starts the thread. false with `error` when libmosquitto refuses the options (e.g. an unreadable CA file).
    bool start(std::string& error);
    // Publishes the will payload (if connected), disconnects and joins the thread; waits at most ~1 s.
    void stop();

    void publish(MqttOutMessage message);
    std::vector<MqttOutMessage> take_received();
    MqttLinkStats stats() const;

private:
    void run();
    bool connect_once();
    void drain_queue();
    void fail(const std::string& why);
    static void on_connect(mosquitto* mosq, void* self, int rc);
    static void on_disconnect(mosquitto* mosq, void* self, int rc);
    static void on_publish(mosquitto* mosq, void* self, int mid);
    static void on_message(mosquitto* mosq, void* self, const mosquitto_message* message);

    MqttLinkOptions options_;
    std::function<void(int, const std::string&)> log_;
    mosquitto* mosq_ = nullptr;
    std::thread thread_;
    std::atomic<bool> stop_{false};

    mutable std::mutex mutex_;  // guards the members below
    std::deque<MqttOutMessage> queue_;
    std::vector<MqttOutMessage> received_;
    MqttLinkStats stats_;

    // Link thread only.
    enum class State { kIdle, kConnecting, kConnected };
    State state_ = State::kIdle;
    std::uint64_t connect_started_ms_ = 0;
    std::uint64_t next_attempt_ms_ = 0;
    std::uint32_t backoff_ms_ = 0;
    int in_flight_ = 0;
};

}  // namespace tbg::platform
