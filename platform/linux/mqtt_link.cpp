#include "platform/linux/mqtt_link.h"

#include <mosquitto.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>

#include "platform/linux/monotonic_clock.h"

namespace tbg::platform {

namespace {

constexpr int kLogError = 0;
constexpr int kLogWarning = 1;
constexpr int kLogNotice = 2;
constexpr int kLoopTimeoutMs = 50;
constexpr std::uint64_t kStopFlushMs = 1000;

std::once_flag g_lib_init;

const char* or_null(const std::string& text) {
    return text.empty() ? nullptr : text.c_str();
}

// libmosquitto's texts end with a period; ours continue after them.
std::string text_of(const char* message) {
    std::string text(message);
    if (!text.empty() && text.back() == '.') {
        text.pop_back();
    }
    return text;
}

std::string seconds_text(std::uint32_t ms) {
    return std::to_string(ms / 1000) + "." + std::to_string(ms % 1000 / 100) + " s";
}

}  // namespace

MqttLink::MqttLink(MqttLinkOptions options, std::function<void(int, const std::string&)> log)
    : options_(std::move(options)), log_(std::move(log)) {}

MqttLink::~MqttLink() {
    stop();
    if (mosq_ != nullptr) {
        mosquitto_destroy(mosq_);
    }
}

bool MqttLink::start(std::string& error) {
    std::call_once(g_lib_init, [] { mosquitto_lib_init(); });
    mosq_ = mosquitto_new(options_.client_id.c_str(), true, this);
    if (mosq_ == nullptr) {
        error = "mosquitto_new failed (client id \"" + options_.client_id + "\")";
        return false;
    }
    mosquitto_connect_callback_set(mosq_, &MqttLink::on_connect);
    mosquitto_disconnect_callback_set(mosq_, &MqttLink::on_disconnect);
    mosquitto_publish_callback_set(mosq_, &MqttLink::on_publish);
    mosquitto_message_callback_set(mosq_, &MqttLink::on_message);
    int rc = MOSQ_ERR_SUCCESS;
    if (!options_.username.empty()) {
        rc = mosquitto_username_pw_set(mosq_, options_.username.c_str(), or_null(options_.password));
        if (rc != MOSQ_ERR_SUCCESS) {
            error = std::string("username/password: ") + mosquitto_strerror(rc);
            return false;
        }
    }
    if (!options_.will_topic.empty()) {
        rc = mosquitto_will_set(mosq_, options_.will_topic.c_str(), static_cast<int>(options_.will_payload.size()),
                                options_.will_payload.data(), 1, true);
        if (rc != MOSQ_ERR_SUCCESS) {
            error = std::string("last will: ") + mosquitto_strerror(rc);
            return false;
        }
    }
    if (options_.tls) {
        const char* ca_path = options_.ca_file.empty() ? "/etc/ssl/certs" : nullptr;
        rc = mosquitto_tls_set(mosq_, or_null(options_.ca_file), ca_path, or_null(options_.cert_file),
                               or_null(options_.key_file), nullptr);
        if (rc != MOSQ_ERR_SUCCESS) {
            error = std::string("TLS (ca_file, cert_file, key_file): ") + mosquitto_strerror(rc);
            return false;
        }
    }
    thread_ = std::thread([this] { run(); });
    return true;
}

void MqttLink::stop() {
    if (!thread_.joinable()) {
        return;
    }
    stop_ = true;
    thread_.join();
}

void MqttLink::publish(MqttOutMessage message) {
    const std::lock_guard lock(mutex_);
    if (queue_.size() >= options_.queue_messages) {
        queue_.pop_front();
        ++stats_.dropped;
    }
    queue_.push_back(std::move(message));
    stats_.queued = queue_.size();
}

std::vector<MqttOutMessage> MqttLink::take_received() {
    const std::lock_guard lock(mutex_);
    std::vector<MqttOutMessage> out;
    out.swap(received_);
    return out;
}

MqttLinkStats MqttLink::stats() const {
    const std::lock_guard lock(mutex_);
    return stats_;
}

void MqttLink::run() {
    while (!stop_) {
        const std::uint64_t now_ms = monotonic_now_ms();
        if (state_ == State::kIdle) {
            if (now_ms >= next_attempt_ms_) {
                connect_once();
            } else {
                std::this_thread::sleep_for(std::chrono::milliseconds(kLoopTimeoutMs));
            }
            continue;
        }
        if (state_ == State::kConnecting && now_ms - connect_started_ms_ > options_.connack_timeout_ms) {
            fail("no answer from the broker within " + seconds_text(options_.connack_timeout_ms));
            continue;
        }
        if (state_ == State::kConnected) {
            drain_queue();
        }
        const int rc = mosquitto_loop(mosq_, kLoopTimeoutMs, 1);
        if (rc != MOSQ_ERR_SUCCESS && state_ != State::kIdle) {
            fail("connection lost: " + text_of(mosquitto_strerror(rc)));
        }
    }
    if (state_ == State::kConnected && !options_.will_topic.empty()) {
        // A clean disconnect suppresses the will: say "offline" ourselves.
        if (mosquitto_publish(mosq_, nullptr, options_.will_topic.c_str(),
                              static_cast<int>(options_.will_payload.size()), options_.will_payload.data(), 1,
                              true) == MOSQ_ERR_SUCCESS) {
            ++in_flight_;
        }
        const std::uint64_t until_ms = monotonic_now_ms() + kStopFlushMs;
        while (in_flight_ > 0 && state_ == State::kConnected && monotonic_now_ms() < until_ms) {
            if (mosquitto_loop(mosq_, kLoopTimeoutMs, 1) != MOSQ_ERR_SUCCESS) {
                break;
            }
        }
    }
    mosquitto_disconnect(mosq_);
    mosquitto_loop(mosq_, 0, 1);
}

bool MqttLink::connect_once() {
    connect_started_ms_ = monotonic_now_ms();
    const int rc = mosquitto_connect_async(mosq_, options_.host.c_str(), options_.port, options_.keepalive_s);
    if (rc != MOSQ_ERR_SUCCESS) {
        std::string why = rc == MOSQ_ERR_ERRNO ? std::string(std::strerror(errno)) : text_of(mosquitto_strerror(rc));
        if (rc == MOSQ_ERR_TLS) {
            why += " (check mqtt.ca_file, mqtt.cert_file, mqtt.key_file and the broker's certificate)";
        }
        fail("cannot connect to " + options_.host + ":" + std::to_string(options_.port) + ": " + why);
        return false;
    }
    state_ = State::kConnecting;
    return true;
}

void MqttLink::drain_queue() {
    while (in_flight_ < kMaxInFlight) {
        MqttOutMessage message;
        {
            const std::lock_guard lock(mutex_);
            if (queue_.empty()) {
                return;
            }
            message = std::move(queue_.front());
            queue_.pop_front();
            stats_.queued = queue_.size();
        }
        const int rc =
            mosquitto_publish(mosq_, nullptr, message.topic.c_str(), static_cast<int>(message.payload.size()),
                              message.payload.empty() ? nullptr : message.payload.data(), message.qos, message.retain);
        if (rc == MOSQ_ERR_NO_CONN || rc == MOSQ_ERR_CONN_LOST) {
            const std::lock_guard lock(mutex_);
            queue_.push_front(std::move(message));  // sent after the next connection
            stats_.queued = queue_.size();
            return;
        }
        const std::lock_guard lock(mutex_);
        if (rc == MOSQ_ERR_SUCCESS) {
            ++in_flight_;
            ++stats_.published;
        } else {
            ++stats_.dropped;
            stats_.last_error = "publish " + message.topic + ": " + text_of(mosquitto_strerror(rc));
        }
    }
}

void MqttLink::fail(const std::string& why) {
    const bool was_connected = state_ == State::kConnected;
    state_ = State::kIdle;
    in_flight_ = 0;
    mosquitto_disconnect(mosq_);
    backoff_ms_ = backoff_ms_ == 0 ? options_.min_backoff_ms : std::min(backoff_ms_ * 2, options_.max_backoff_ms);
    next_attempt_ms_ = monotonic_now_ms() + backoff_ms_;
    {
        const std::lock_guard lock(mutex_);
        stats_.connected = false;
        ++stats_.failures;
        stats_.last_error = why;
    }
    log_(was_connected ? kLogWarning : kLogError, "mqtt: " + why + "; retrying in " + seconds_text(backoff_ms_));
}

void MqttLink::on_connect(mosquitto* mosq, void* self, int rc) {
    auto* link = static_cast<MqttLink*>(self);
    if (rc != 0) {
        std::string why = "broker refused the connection: " + text_of(mosquitto_connack_string(rc));
        if (rc == 4 || rc == 5) {
            why += " (check mqtt.username and mqtt.password)";
        }
        link->fail(why);
        return;
    }
    link->state_ = State::kConnected;
    link->backoff_ms_ = 0;
    link->in_flight_ = 0;
    for (const std::string& topic : link->options_.subscriptions) {
        mosquitto_subscribe(mosq, nullptr, topic.c_str(), 1);
    }
    {
        const std::lock_guard lock(link->mutex_);
        link->stats_.connected = true;
        ++link->stats_.connections;
    }
    link->log_(kLogNotice, "mqtt: connected to " + link->options_.host + ":" + std::to_string(link->options_.port));
}

void MqttLink::on_disconnect(mosquitto* /*mosq*/, void* self, int rc) {
    auto* link = static_cast<MqttLink*>(self);
    if (link->state_ == State::kIdle || link->stop_) {
        return;
    }
    link->fail(std::string("disconnected: ") + (rc == 0 ? std::string("by request") : text_of(mosquitto_strerror(rc))));
}

void MqttLink::on_publish(mosquitto* /*mosq*/, void* self, int /*mid*/) {
    auto* link = static_cast<MqttLink*>(self);
    link->in_flight_ = std::max(0, link->in_flight_ - 1);
}

void MqttLink::on_message(mosquitto* /*mosq*/, void* self, const mosquitto_message* message) {
    auto* link = static_cast<MqttLink*>(self);
    const std::lock_guard lock(link->mutex_);
    if (link->received_.size() >= link->options_.queue_messages) {
        return;
    }
    MqttOutMessage in;
    in.topic = message->topic;
    if (message->payloadlen > 0) {
        in.payload.assign(static_cast<const char*>(message->payload), static_cast<std::size_t>(message->payloadlen));
    }
    in.retain = message->retain;
    in.qos = message->qos;
    link->received_.push_back(std::move(in));
}

}  // namespace tbg::platform
