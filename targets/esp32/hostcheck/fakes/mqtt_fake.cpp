// esp-mqtt on the host (mqtt_fake.h).
#include "mqtt_fake.h"

#include <algorithm>
#include <cstring>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>

#include "freertos/task.h"
#include "freertos_fake.h"
#include "mqtt_client.h"

struct esp_mqtt_client {
    tbg::hostcheck::MqttFakeClientState state;
    esp_event_handler_t handler = nullptr;
    void* handler_arg = nullptr;
    std::int32_t handler_event = MQTT_EVENT_ANY;
    std::deque<std::function<void()>> events;  // run on the client's task
    bool task_running = false;
    bool stop_requested = false;
    bool dispatching = false;
    bool stall = false;
    std::vector<tbg::hostcheck::MqttFakeMessage> outbox;
    int next_id = 1;
};

namespace tbg::hostcheck {

namespace {

struct World {
    Waitable waitable;  // its mutex guards everything below
    std::vector<std::unique_ptr<esp_mqtt_client>> clients;
    std::vector<MqttFakeMessage> sent;
    bool stall = false;
};

World& world() {
    static World instance;
    return instance;
}

struct PowerHook {
    PowerHook() {
        on_power_cycle([] {
            World& w = world();
            const std::lock_guard lock(w.waitable.mutex);
            w.clients.clear();
            w.sent.clear();
            w.stall = false;
        });
    }
} g_power_hook;

std::string copy(const char* text) {
    return text != nullptr ? std::string(text) : std::string();
}

MqttFakeConfig config_of(const esp_mqtt_client_config_t& config) {
    MqttFakeConfig out;
    out.uri = copy(config.broker.address.uri);
    out.crt_bundle = config.broker.verification.crt_bundle_attach != nullptr;
    out.ca_certificate = copy(config.broker.verification.certificate);
    out.client_id = copy(config.credentials.client_id);
    out.username = copy(config.credentials.username);
    out.password = copy(config.credentials.authentication.password);
    out.client_certificate = copy(config.credentials.authentication.certificate);
    out.client_key = copy(config.credentials.authentication.key);
    out.will_topic = copy(config.session.last_will.topic);
    if (config.session.last_will.msg != nullptr) {
        out.will_message =
            config.session.last_will.msg_len > 0
                ? std::string(config.session.last_will.msg, static_cast<std::size_t>(config.session.last_will.msg_len))
                : std::string(config.session.last_will.msg);
    }
    out.will_qos = config.session.last_will.qos;
    out.will_retain = config.session.last_will.retain;
    out.keepalive_s = config.session.keepalive;
    out.reconnect_timeout_ms = config.network.reconnect_timeout_ms;
    out.buffer_size = config.buffer.size;
    out.task_priority = config.task.priority;
    out.task_stack = config.task.stack_size;
    return out;
}

esp_mqtt_client* latest_locked() {
    World& w = world();
    for (auto it = w.clients.rbegin(); it != w.clients.rend(); ++it) {
        if (!(*it)->state.destroyed) {
            return it->get();
        }
    }
    return nullptr;
}

bool valid_locked(esp_mqtt_client* client) {
    World& w = world();
    return std::any_of(w.clients.begin(), w.clients.end(),
                       [client](const auto& c) { return c.get() == client && !c->state.destroyed; });
}

// Queues an event for the client's task; the event data lives in `event` until the handler returned.
void post_locked(esp_mqtt_client* client, const std::shared_ptr<esp_mqtt_event_t>& event,
                 std::shared_ptr<void> keep = nullptr) {
    client->events.push_back([client, event, keep = std::move(keep)] {
        if (client->handler != nullptr &&
            (client->handler_event == MQTT_EVENT_ANY || client->handler_event == event->event_id)) {
            client->handler(client->handler_arg, "MQTT_EVENTS", event->event_id, event.get());
        }
    });
    world().waitable.notify();
}

std::shared_ptr<esp_mqtt_event_t> make_event(esp_mqtt_client* client, esp_mqtt_event_id_t id) {
    auto event = std::make_shared<esp_mqtt_event_t>();
    event->event_id = id;
    event->client = client;
    return event;
}

void flush_outbox_locked(esp_mqtt_client* client) {
    World& w = world();
    if (!client->state.connected || client->stall || w.stall) {
        return;
    }
    for (MqttFakeMessage& message : client->outbox) {
        w.sent.push_back(std::move(message));
    }
    client->outbox.clear();
    client->state.outbox_bytes = 0;
}

void client_task(void* arg) {
    auto* client = static_cast<esp_mqtt_client*>(arg);
    World& w = world();
    while (true) {
        std::function<void()> event;
        {
            std::unique_lock lock(w.waitable.mutex);
            client->dispatching = false;
            w.waitable.notify();
            w.waitable.wait_for_ms(lock, UINT32_MAX, [&] { return client->stop_requested || !client->events.empty(); });
            if (client->stop_requested) {
                client->events.clear();
                client->task_running = false;
                w.waitable.notify();
                break;
            }
            event = std::move(client->events.front());
            client->events.pop_front();
            client->dispatching = true;
        }
        event();
    }
    vTaskDelete(nullptr);
}

void disconnect_locked(esp_mqtt_client* client) {
    client->state.connected = false;
    post_locked(client, make_event(client, MQTT_EVENT_DISCONNECTED));
}

}  // namespace

MqttFakeClientState mqtt_fake_client() {
    World& w = world();
    const std::lock_guard lock(w.waitable.mutex);
    if (w.clients.empty()) {
        return {};
    }
    return w.clients.back()->state;
}

std::vector<MqttFakeMessage> mqtt_fake_sent() {
    World& w = world();
    const std::lock_guard lock(w.waitable.mutex);
    return w.sent;
}

bool mqtt_fake_connect() {
    World& w = world();
    const std::lock_guard lock(w.waitable.mutex);
    esp_mqtt_client* client = latest_locked();
    if (client == nullptr || !client->task_running || client->state.connected) {
        return false;
    }
    client->state.connected = true;
    auto event = make_event(client, MQTT_EVENT_CONNECTED);
    post_locked(client, event);
    client->events.push_back([client] {
        const std::lock_guard inner(world().waitable.mutex);
        flush_outbox_locked(client);
    });
    return true;
}

void mqtt_fake_disconnect() {
    World& w = world();
    const std::lock_guard lock(w.waitable.mutex);
    esp_mqtt_client* client = latest_locked();
    if (client != nullptr && client->task_running && client->state.connected) {
        disconnect_locked(client);
    }
}

void mqtt_fake_refuse(int return_code) {
    World& w = world();
    const std::lock_guard lock(w.waitable.mutex);
    esp_mqtt_client* client = latest_locked();
    if (client == nullptr || !client->task_running) {
        return;
    }
    client->state.connected = false;
    auto codes = std::make_shared<esp_mqtt_error_codes_t>();
    codes->error_type = MQTT_ERROR_TYPE_CONNECTION_REFUSED;
    codes->connect_return_code = static_cast<esp_mqtt_connect_return_code_t>(return_code);
    auto event = make_event(client, MQTT_EVENT_ERROR);
    event->error_handle = codes.get();
    post_locked(client, event, codes);
    post_locked(client, make_event(client, MQTT_EVENT_DISCONNECTED));
}

void mqtt_fake_deliver(const std::string& topic, const std::string& payload, bool retain, int qos) {
    World& w = world();
    const std::lock_guard lock(w.waitable.mutex);
    esp_mqtt_client* client = latest_locked();
    if (client == nullptr || !client->state.connected) {
        return;
    }
    const std::size_t fragment = static_cast<std::size_t>(std::max(client->state.config.buffer_size, 16));
    auto text = std::make_shared<std::pair<std::string, std::string>>(topic, payload);
    std::size_t offset = 0;
    do {
        const std::size_t length = std::min(fragment, payload.size() - offset);
        auto event = make_event(client, MQTT_EVENT_DATA);
        if (offset == 0) {
            event->topic = text->first.data();
            event->topic_len = static_cast<int>(text->first.size());
        }
        event->data = text->second.data() + offset;
        event->data_len = static_cast<int>(length);
        event->total_data_len = static_cast<int>(payload.size());
        event->current_data_offset = static_cast<int>(offset);
        event->retain = retain;
        event->qos = qos;
        post_locked(client, event, text);
        offset += length;
    } while (offset < payload.size());
}

void mqtt_fake_stall_outbox(bool stalled) {
    World& w = world();
    const std::lock_guard lock(w.waitable.mutex);
    w.stall = stalled;
    if (esp_mqtt_client* client = latest_locked(); client != nullptr && !stalled) {
        flush_outbox_locked(client);
    }
}

bool mqtt_fake_wait_idle(std::uint32_t timeout_ms) {
    World& w = world();
    std::unique_lock lock(w.waitable.mutex);
    return w.waitable.wait_for_ms(lock, timeout_ms, [&] {
        return std::all_of(w.clients.begin(), w.clients.end(), [](const auto& client) {
            return !client->task_running || (client->events.empty() && !client->dispatching);
        });
    });
}

}  // namespace tbg::hostcheck

using tbg::hostcheck::world;

extern "C" {

esp_mqtt_client_handle_t esp_mqtt_client_init(const esp_mqtt_client_config_t* config) {
    if (config == nullptr || config->broker.address.uri == nullptr) {
        return nullptr;
    }
    auto& w = world();
    const std::lock_guard lock(w.waitable.mutex);
    auto client = std::make_unique<esp_mqtt_client>();
    client->state.exists = true;
    client->state.config = tbg::hostcheck::config_of(*config);
    client->state.reconnect_timeouts_ms.push_back(config->network.reconnect_timeout_ms);
    w.clients.push_back(std::move(client));
    return w.clients.back().get();
}

esp_err_t esp_mqtt_client_register_event(esp_mqtt_client_handle_t client, esp_mqtt_event_id_t event,
                                         esp_event_handler_t event_handler, void* event_handler_arg) {
    auto& w = world();
    const std::lock_guard lock(w.waitable.mutex);
    if (!tbg::hostcheck::valid_locked(client) || event_handler == nullptr) {
        return ESP_ERR_INVALID_ARG;
    }
    client->handler = event_handler;
    client->handler_arg = event_handler_arg;
    client->handler_event = event;
    return ESP_OK;
}

esp_err_t esp_mqtt_client_start(esp_mqtt_client_handle_t client) {
    auto& w = world();
    {
        const std::lock_guard lock(w.waitable.mutex);
        if (!tbg::hostcheck::valid_locked(client) || client->task_running) {
            return ESP_FAIL;
        }
        client->state.started = true;
        client->task_running = true;
        client->stop_requested = false;
    }
    const int priority = client->state.config.task_priority > 0 ? client->state.config.task_priority : 5;
    const int stack = client->state.config.task_stack > 0 ? client->state.config.task_stack : 6144;
    if (xTaskCreatePinnedToCore(&tbg::hostcheck::client_task, "mqtt_task", static_cast<std::uint32_t>(stack), client,
                                static_cast<UBaseType_t>(priority), nullptr, tskNO_AFFINITY) != pdPASS) {
        const std::lock_guard lock(w.waitable.mutex);
        client->task_running = false;
        return ESP_FAIL;
    }
    return ESP_OK;
}

esp_err_t esp_mqtt_client_stop(esp_mqtt_client_handle_t client) {
    auto& w = world();
    std::unique_lock lock(w.waitable.mutex);
    if (!tbg::hostcheck::valid_locked(client) || !client->task_running) {
        return ESP_FAIL;
    }
    if (client->state.connected) {
        client->state.disconnect_sent = true;
        client->state.connected = false;
    }
    client->stop_requested = true;
    w.waitable.notify();
    w.waitable.wait_for_ms(lock, 5000, [&] { return !client->task_running; });
    client->state.stopped = true;
    return ESP_OK;
}

esp_err_t esp_mqtt_client_destroy(esp_mqtt_client_handle_t client) {
    auto& w = world();
    std::unique_lock lock(w.waitable.mutex);
    if (!tbg::hostcheck::valid_locked(client)) {
        return ESP_ERR_INVALID_ARG;
    }
    if (client->task_running) {
        client->stop_requested = true;
        w.waitable.notify();
        w.waitable.wait_for_ms(lock, 5000, [&] { return !client->task_running; });
    }
    client->state.destroyed = true;
    client->state.exists = false;
    return ESP_OK;
}

esp_err_t esp_mqtt_set_config(esp_mqtt_client_handle_t client, const esp_mqtt_client_config_t* config) {
    auto& w = world();
    const std::lock_guard lock(w.waitable.mutex);
    if (!tbg::hostcheck::valid_locked(client) || config == nullptr) {
        return ESP_ERR_INVALID_ARG;
    }
    client->state.config = tbg::hostcheck::config_of(*config);
    client->state.reconnect_timeouts_ms.push_back(config->network.reconnect_timeout_ms);
    return ESP_OK;
}

int esp_mqtt_client_subscribe_single(esp_mqtt_client_handle_t client, const char* topic, int /*qos*/) {
    auto& w = world();
    const std::lock_guard lock(w.waitable.mutex);
    if (!tbg::hostcheck::valid_locked(client) || !client->state.connected || topic == nullptr) {
        return -1;
    }
    client->state.subscriptions.emplace_back(topic);
    return client->next_id++;
}

int esp_mqtt_client_publish(esp_mqtt_client_handle_t client, const char* topic, const char* data, int len, int qos,
                            int retain) {
    auto& w = world();
    const std::lock_guard lock(w.waitable.mutex);
    if (!tbg::hostcheck::valid_locked(client) || !client->state.connected || topic == nullptr) {
        return -1;
    }
    const std::size_t length = len > 0 ? static_cast<std::size_t>(len) : (data != nullptr ? std::strlen(data) : 0);
    w.sent.push_back({topic, data != nullptr ? std::string(data, length) : std::string(), qos, retain != 0, false});
    return qos == 0 ? 0 : client->next_id++;
}

int esp_mqtt_client_enqueue(esp_mqtt_client_handle_t client, const char* topic, const char* data, int len, int qos,
                            int retain, bool store) {
    auto& w = world();
    const std::lock_guard lock(w.waitable.mutex);
    if (!tbg::hostcheck::valid_locked(client) || topic == nullptr) {
        return -1;
    }
    if (qos == 0 && !store) {
        return 0;  // nothing stored: esp-mqtt drops QoS 0 without `store`
    }
    const std::size_t length = len > 0 ? static_cast<std::size_t>(len) : (data != nullptr ? std::strlen(data) : 0);
    tbg::hostcheck::MqttFakeMessage message{topic, data != nullptr ? std::string(data, length) : std::string(), qos,
                                            retain != 0, true};
    client->state.outbox_bytes += message.topic.size() + message.payload.size();
    client->outbox.push_back(std::move(message));
    tbg::hostcheck::flush_outbox_locked(client);
    return client->next_id++;
}

int esp_mqtt_client_get_outbox_size(esp_mqtt_client_handle_t client) {
    auto& w = world();
    const std::lock_guard lock(w.waitable.mutex);
    if (!tbg::hostcheck::valid_locked(client)) {
        return 0;
    }
    return static_cast<int>(client->state.outbox_bytes);
}

}  // extern "C"
