#include "platform/esp32/net/mqtt_link.h"

#include <algorithm>
#include <utility>

#include "esp_crt_bundle.h"

namespace tbg::esp32 {

namespace {

constexpr int kLogError = 0;
constexpr int kLogWarning = 1;
constexpr int kLogNotice = 2;

bool is_pem(const std::string& text) {
    return text.starts_with("-----BEGIN ");
}

const char* or_null(const std::string& text) {
    return text.empty() ? nullptr : text.c_str();
}

void event_trampoline(void* self, esp_event_base_t /*base*/, std::int32_t event_id, void* data) {
    static_cast<MqttLink*>(self)->on_event(event_id, static_cast<esp_mqtt_event_handle_t>(data));
}

std::string refusal_text(esp_mqtt_connect_return_code_t code) {
    switch (code) {
        case MQTT_CONNECTION_REFUSE_PROTOCOL:
            return "unacceptable protocol version";
        case MQTT_CONNECTION_REFUSE_ID_REJECTED:
            return "client id rejected";
        case MQTT_CONNECTION_REFUSE_SERVER_UNAVAILABLE:
            return "server unavailable";
        case MQTT_CONNECTION_REFUSE_BAD_USERNAME:
        case MQTT_CONNECTION_REFUSE_NOT_AUTHORIZED:
            return "not authorised (check mqtt.username and mqtt.password)";
        default:
            return "code " + std::to_string(static_cast<int>(code));
    }
}

std::size_t message_bytes(const MqttOutMessage& message) {
    return message.topic.size() + message.payload.size();
}

}  // namespace

bool mqtt_link_options(const config::MqttSettings& settings, const api::MqttNames& names, std::size_t queue_cap,
                       MqttLinkOptions& out, std::string& error) {
    MqttLinkOptions options;
    options.host = settings.host;
    options.port = settings.port;
    options.keepalive_s = settings.keepalive_s;
    options.client_id = names.client_id;
    options.username = settings.username;
    options.password = settings.password;
    options.tls = settings.tls;
    const std::pair<const std::string*, std::string*> files[] = {{&settings.ca_file, &options.ca_pem},
                                                                 {&settings.cert_file, &options.cert_pem},
                                                                 {&settings.key_file, &options.key_pem}};
    const char* keys[] = {"mqtt.ca_file", "mqtt.cert_file", "mqtt.key_file"};
    for (std::size_t i = 0; i < 3; ++i) {
        const std::string& value = *files[i].first;
        if (value.empty()) {
            continue;
        }
        if (!is_pem(value)) {
            error = std::string(keys[i]) +
                    ": the ESP32 has no file system; paste the PEM text (-----BEGIN …) instead of a path" +
                    (i == 0 ? ", or leave it empty to verify the broker against the built-in root certificates" : "");
            return false;
        }
        *files[i].second = value;
    }
    options.will_topic = api::availability_topic(names);
    options.will_payload = std::string(api::kMqttOffline);
    options.queue_messages = std::min(static_cast<std::size_t>(std::max(settings.queue_messages, 1)), queue_cap);
    if (names.discovery) {
        options.subscriptions.push_back(api::discovery_subscription(names));
    }
    out = std::move(options);
    return true;
}

MqttLink::MqttLink(MqttLinkOptions options, std::function<void(int, const std::string&)> log)
    : options_(std::move(options)), log_(std::move(log)) {
    uri_ = std::string(options_.tls ? "mqtts://" : "mqtt://") + options_.host + ":" + std::to_string(options_.port);
}

MqttLink::~MqttLink() {
    stop();
}

void MqttLink::fill_config(esp_mqtt_client_config_t& config) const {
    config.broker.address.uri = uri_.c_str();
    if (options_.tls) {
        if (options_.ca_pem.empty()) {
            config.broker.verification.crt_bundle_attach = &esp_crt_bundle_attach;
        } else {
            config.broker.verification.certificate = options_.ca_pem.c_str();
        }
    }
    config.credentials.username = or_null(options_.username);
    config.credentials.client_id = or_null(options_.client_id);
    config.credentials.authentication.password = or_null(options_.password);
    config.credentials.authentication.certificate = or_null(options_.cert_pem);
    config.credentials.authentication.key = or_null(options_.key_pem);
    if (!options_.will_topic.empty()) {
        config.session.last_will.topic = options_.will_topic.c_str();
        config.session.last_will.msg = options_.will_payload.c_str();
        config.session.last_will.msg_len = static_cast<int>(options_.will_payload.size());
        config.session.last_will.qos = 1;
        config.session.last_will.retain = 1;
    }
    config.session.keepalive = options_.keepalive_s;
    config.network.timeout_ms = options_.network_timeout_ms;
    config.task.priority = static_cast<int>(options_.task_priority);
    config.task.stack_size = static_cast<int>(options_.task_stack_bytes);
    config.buffer.size = options_.buffer_bytes;
    config.buffer.out_size = options_.buffer_bytes;
}

bool MqttLink::start(std::string& error) {
    if (client_ != nullptr) {
        error = "MQTT is already started";
        return false;
    }
    esp_mqtt_client_config_t config{};
    fill_config(config);
    config.network.reconnect_timeout_ms = static_cast<int>(options_.min_backoff_ms);
    client_ = esp_mqtt_client_init(&config);
    if (client_ == nullptr) {
        error = "MQTT: esp_mqtt_client_init refused the configuration (" + uri_ + ")";
        return false;
    }
    esp_err_t err = esp_mqtt_client_register_event(client_, MQTT_EVENT_ANY, &event_trampoline, this);
    if (err == ESP_OK) {
        err = esp_mqtt_client_start(client_);
    }
    if (err != ESP_OK) {
        esp_mqtt_client_destroy(client_);
        client_ = nullptr;
        error = std::string("MQTT: cannot start the client: ") + esp_err_to_name(err);
        return false;
    }
    return true;
}

void MqttLink::stop() {
    if (client_ == nullptr) {
        return;
    }
    bool connected = false;
    {
        const std::lock_guard lock(mutex_);
        connected = stats_.connected;
    }
    if (connected && !options_.will_topic.empty()) {
        // A clean disconnect suppresses the will: say "offline" ourselves.
        esp_mqtt_client_publish(client_, options_.will_topic.c_str(), options_.will_payload.data(),
                                static_cast<int>(options_.will_payload.size()), 1, 1);
    }
    esp_mqtt_client_stop(client_);
    esp_mqtt_client_destroy(client_);
    client_ = nullptr;
    const std::lock_guard lock(mutex_);
    stats_.connected = false;
}

void MqttLink::drop_oldest_locked() {
    queue_bytes_ -= message_bytes(queue_.front());
    queue_.pop_front();
    ++stats_.dropped;
}

void MqttLink::publish(MqttOutMessage message) {
    const std::lock_guard lock(mutex_);
    const std::size_t bytes = message_bytes(message);
    while (!queue_.empty() &&
           (queue_.size() >= options_.queue_messages || queue_bytes_ + bytes > options_.queue_bytes)) {
        drop_oldest_locked();
    }
    if (bytes > options_.queue_bytes) {
        ++stats_.dropped;  // larger than the whole queue
        stats_.queued = queue_.size();
        return;
    }
    queue_bytes_ += bytes;
    queue_.push_back(std::move(message));
    stats_.queued = queue_.size();
}

void MqttLink::poll() {
    if (client_ == nullptr) {
        return;
    }
    while (true) {
        MqttOutMessage message;
        {
            const std::lock_guard lock(mutex_);
            if (!stats_.connected || queue_.empty()) {
                return;
            }
        }
        if (static_cast<std::size_t>(std::max(esp_mqtt_client_get_outbox_size(client_), 0)) >=
            options_.max_outbox_bytes) {
            return;  // esp-mqtt's task is still sending the earlier ones
        }
        {
            const std::lock_guard lock(mutex_);
            if (queue_.empty()) {
                return;
            }
            message = std::move(queue_.front());
            queue_.pop_front();
            queue_bytes_ -= message_bytes(message);
            stats_.queued = queue_.size();
        }
        const int id = esp_mqtt_client_enqueue(client_, message.topic.c_str(), message.payload.data(),
                                               static_cast<int>(message.payload.size()), message.qos,
                                               message.retain ? 1 : 0, true);
        const std::lock_guard lock(mutex_);
        if (id == -2) {
            // Outbox full after all: back to the front, sent at a later poll.
            queue_bytes_ += message_bytes(message);
            queue_.push_front(std::move(message));
            stats_.queued = queue_.size();
            return;
        }
        if (id < 0) {
            ++stats_.dropped;
            stats_.last_error = "publish " + message.topic + " refused by esp-mqtt";
            continue;
        }
        ++stats_.published;
    }
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

void MqttLink::on_event(std::int32_t event_id, esp_mqtt_event_handle_t event) {
    switch (event_id) {
        case MQTT_EVENT_CONNECTED: {
            for (const std::string& topic : options_.subscriptions) {
                esp_mqtt_client_subscribe(event->client, topic.c_str(), 1);
            }
            {
                const std::lock_guard lock(mutex_);
                stats_.connected = true;
                ++stats_.connections;
                stats_.backoff_ms = 0;
                stats_.last_error.clear();
            }
            log_(kLogNotice, "mqtt: connected to " + uri_);
            break;
        }
        case MQTT_EVENT_DISCONNECTED: {
            std::uint32_t backoff = 0;
            bool was_connected = false;
            std::string why;
            {
                const std::lock_guard lock(mutex_);
                was_connected = stats_.connected;
                stats_.connected = false;
                ++stats_.failures;
                backoff = stats_.backoff_ms == 0 ? options_.min_backoff_ms
                                                 : std::min(stats_.backoff_ms * 2, options_.max_backoff_ms);
                stats_.backoff_ms = backoff;
                partial_active_ = false;
                why = stats_.last_error.empty() ? std::string("disconnected") : stats_.last_error;
            }
            esp_mqtt_client_config_t config{};
            fill_config(config);
            config.network.reconnect_timeout_ms = static_cast<int>(backoff);
            esp_mqtt_set_config(event->client, &config);
            log_(was_connected ? kLogWarning : kLogError, "mqtt: " + why + "; retrying in " +
                                                              std::to_string(backoff / 1000) + "." +
                                                              std::to_string(backoff % 1000 / 100) + " s");
            break;
        }
        case MQTT_EVENT_ERROR: {
            std::string why = "connection failed";
            if (event->error_handle != nullptr) {
                const esp_mqtt_error_codes_t& codes = *event->error_handle;
                if (codes.error_type == MQTT_ERROR_TYPE_CONNECTION_REFUSED) {
                    why = "broker refused the connection: " + refusal_text(codes.connect_return_code);
                } else if (codes.error_type == MQTT_ERROR_TYPE_TCP_TRANSPORT) {
                    why = "cannot reach " + uri_ + " (" + esp_err_to_name(codes.esp_tls_last_esp_err) +
                          (codes.esp_transport_sock_errno != 0
                               ? ", errno " + std::to_string(codes.esp_transport_sock_errno)
                               : std::string()) +
                          (options_.tls ? "; check the broker's certificate and mqtt.ca_file)" : ")");
                }
            }
            const std::lock_guard lock(mutex_);
            stats_.last_error = why;
            break;
        }
        case MQTT_EVENT_DATA: {
            const std::lock_guard lock(mutex_);
            if (event->current_data_offset == 0) {
                partial_ = MqttOutMessage{};
                partial_.topic.assign(event->topic != nullptr ? event->topic : "",
                                      static_cast<std::size_t>(std::max(event->topic_len, 0)));
                partial_.retain = event->retain;
                partial_.qos = event->qos;
                partial_active_ =
                    event->total_data_len >= 0 && static_cast<std::size_t>(event->total_data_len) <= kMaxReceivedBytes;
            }
            if (!partial_active_ || event->data_len < 0 ||
                static_cast<std::size_t>(event->current_data_offset) != partial_.payload.size()) {
                partial_active_ = false;  // too large or out of order: dropped
                break;
            }
            partial_.payload.append(event->data != nullptr ? event->data : "",
                                    static_cast<std::size_t>(event->data_len));
            if (partial_.payload.size() == static_cast<std::size_t>(event->total_data_len)) {
                partial_active_ = false;
                if (received_.size() < options_.queue_messages) {
                    received_.push_back(std::move(partial_));
                }
            }
            break;
        }
        default:
            break;
    }
}

}  // namespace tbg::esp32
