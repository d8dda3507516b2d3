// The default event loop, esp_netif and the WiFi driver on the host (wifi_fake.h).
#include "wifi_fake.h"

#include <algorithm>
#include <cstring>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>

#include "esp_event.h"
#include "esp_netif.h"
#include "esp_wifi.h"
#include "freertos/task.h"
#include "freertos_fake.h"

struct esp_netif_obj {
    int kind;  // 0 station, 1 access point
};

struct wifi_osi_funcs_t {
    int unused;
};

extern "C" {
ESP_EVENT_DEFINE_BASE(WIFI_EVENT);
ESP_EVENT_DEFINE_BASE(IP_EVENT);
wifi_osi_funcs_t g_wifi_osi_funcs{0};
uint64_t g_wifi_feature_caps = 0;
}

namespace tbg::hostcheck {

namespace {

struct Handler {
    esp_event_base_t base;
    std::int32_t id;
    esp_event_handler_t function;
    void* arg;
    std::shared_ptr<int> instance;  // its address is the esp_event_handler_instance_t
};

struct PostedEvent {
    esp_event_base_t base;
    std::int32_t id;
    std::vector<std::uint8_t> data;
};

struct Network {
    std::string ssid;
    std::string password;
    std::int8_t rssi = -58;
    bool reachable = false;
};

esp_netif_obj g_sta_netif{0};
esp_netif_obj g_ap_netif{1};

struct World {
    Waitable waitable;  // its mutex guards everything below
    WifiFakeState state;
    std::vector<Handler> handlers;
    std::deque<PostedEvent> events;
    bool dispatching = false;
    int next_instance = 1;
    Network network;  // survives a power cycle: the world around the device
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
            w.state = WifiFakeState{};
            w.handlers.clear();
            w.events.clear();
            w.dispatching = false;
        });
    }
} g_power_hook;

template <typename T>
void post_locked(World& w, esp_event_base_t base, std::int32_t id, const T* data) {
    PostedEvent event{base, id, {}};
    if (data != nullptr) {
        const auto* bytes = reinterpret_cast<const std::uint8_t*>(data);
        event.data.assign(bytes, bytes + sizeof(T));
    }
    w.events.push_back(std::move(event));
    w.waitable.notify();
}

void post_locked(World& w, esp_event_base_t base, std::int32_t id) {
    post_locked<int>(w, base, id, nullptr);
}

bool has_sta(int mode) {
    return mode == WIFI_MODE_STA || mode == WIFI_MODE_APSTA;
}

bool has_ap(int mode) {
    return mode == WIFI_MODE_AP || mode == WIFI_MODE_APSTA;
}

std::uint32_t ip_value(const std::uint8_t (&ip)[4]) {
    std::uint32_t value = 0;
    std::memcpy(&value, ip, 4);
    return value;
}

void disconnect_locked(World& w, std::uint8_t reason) {
    w.state.connected = false;
    wifi_event_sta_disconnected_t event{};
    const std::size_t n = std::min<std::size_t>(w.network.ssid.size(), sizeof event.ssid);
    std::memcpy(event.ssid, w.network.ssid.data(), n);
    event.ssid_len = static_cast<std::uint8_t>(n);
    event.reason = reason;
    post_locked(w, WIFI_EVENT, WIFI_EVENT_STA_DISCONNECTED, &event);
}

std::string text_of(const std::uint8_t* bytes, std::size_t capacity) {
    std::size_t length = 0;
    while (length < capacity && bytes[length] != 0) {
        ++length;
    }
    return std::string(reinterpret_cast<const char*>(bytes), length);
}

void event_task(void* /*arg*/) {
    World& w = world();
    while (true) {
        PostedEvent event;
        std::vector<Handler> handlers;
        {
            std::unique_lock lock(w.waitable.mutex);
            w.dispatching = false;
            w.waitable.notify();
            w.waitable.wait_for_ms(lock, UINT32_MAX, [&] { return !w.events.empty(); });
            event = std::move(w.events.front());
            w.events.pop_front();
            w.dispatching = true;
            handlers = w.handlers;
        }
        for (const Handler& handler : handlers) {
            const bool base_matches = handler.base == ESP_EVENT_ANY_BASE || handler.base == event.base;
            const bool id_matches = handler.id == ESP_EVENT_ANY_ID || handler.id == event.id;
            if (base_matches && id_matches) {
                handler.function(handler.arg, event.base, event.id, event.data.empty() ? nullptr : event.data.data());
            }
        }
    }
}

}  // namespace

void wifi_fake_set_network(const std::string& ssid, const std::string& password, std::int8_t rssi_dBm) {
    World& w = world();
    const std::lock_guard lock(w.waitable.mutex);
    w.network.ssid = ssid;
    w.network.password = password;
    w.network.rssi = rssi_dBm;
}

void wifi_fake_set_reachable(bool reachable) {
    World& w = world();
    const std::lock_guard lock(w.waitable.mutex);
    w.network.reachable = reachable;
    if (!reachable && w.state.connected) {
        disconnect_locked(w, WIFI_REASON_BEACON_TIMEOUT);
    }
}

void wifi_fake_ap_client_join() {
    World& w = world();
    const std::lock_guard lock(w.waitable.mutex);
    if (!w.state.started || !has_ap(w.state.mode)) {
        return;
    }
    ++w.state.ap_clients;
    wifi_event_ap_staconnected_t event{};
    event.aid = static_cast<std::uint8_t>(w.state.ap_clients);
    post_locked(w, WIFI_EVENT, WIFI_EVENT_AP_STACONNECTED, &event);
}

void wifi_fake_ap_client_leave() {
    World& w = world();
    const std::lock_guard lock(w.waitable.mutex);
    if (w.state.ap_clients == 0) {
        return;
    }
    wifi_event_ap_stadisconnected_t event{};
    event.aid = static_cast<std::uint8_t>(w.state.ap_clients);
    --w.state.ap_clients;
    post_locked(w, WIFI_EVENT, WIFI_EVENT_AP_STADISCONNECTED, &event);
}

WifiFakeState wifi_fake_state() {
    World& w = world();
    const std::lock_guard lock(w.waitable.mutex);
    WifiFakeState state = w.state;
    state.handlers = w.handlers.size();
    return state;
}

bool wifi_fake_wait_idle(std::uint32_t timeout_ms) {
    World& w = world();
    std::unique_lock lock(w.waitable.mutex);
    return w.waitable.wait_for_ms(lock, timeout_ms, [&] { return w.events.empty() && !w.dispatching; });
}

}  // namespace tbg::hostcheck

using tbg::hostcheck::world;

extern "C" {

esp_err_t esp_event_loop_create_default(void) {
    auto& w = world();
    {
        const std::lock_guard lock(w.waitable.mutex);
        if (w.state.event_loop) {
            return ESP_ERR_INVALID_STATE;
        }
        w.state.event_loop = true;
    }
    if (xTaskCreatePinnedToCore(&tbg::hostcheck::event_task, "sys_evt", 2304, nullptr, 20, nullptr, tskNO_AFFINITY) !=
        pdPASS) {
        const std::lock_guard lock(w.waitable.mutex);
        w.state.event_loop = false;
        return ESP_ERR_NO_MEM;
    }
    return ESP_OK;
}

esp_err_t esp_event_handler_instance_register(esp_event_base_t event_base, int32_t event_id,
                                              esp_event_handler_t event_handler, void* event_handler_arg,
                                              esp_event_handler_instance_t* instance) {
    auto& w = world();
    const std::lock_guard lock(w.waitable.mutex);
    if (!w.state.event_loop) {
        return ESP_ERR_INVALID_STATE;  // ESP-IDF: the default loop must exist
    }
    if (event_handler == nullptr) {
        return ESP_ERR_INVALID_ARG;
    }
    auto token = std::make_shared<int>(w.next_instance++);
    if (instance != nullptr) {
        *instance = token.get();
    }
    w.handlers.push_back({event_base, event_id, event_handler, event_handler_arg, std::move(token)});
    return ESP_OK;
}

esp_err_t esp_event_handler_instance_unregister(esp_event_base_t /*event_base*/, int32_t /*event_id*/,
                                                esp_event_handler_instance_t instance) {
    auto& w = world();
    const std::lock_guard lock(w.waitable.mutex);
    const auto before = w.handlers.size();
    std::erase_if(w.handlers, [instance](const auto& handler) { return handler.instance.get() == instance; });
    return w.handlers.size() == before ? ESP_ERR_NOT_FOUND : ESP_OK;
}

esp_err_t esp_netif_init(void) {
    auto& w = world();
    const std::lock_guard lock(w.waitable.mutex);
    w.state.netif_initialised = true;
    return ESP_OK;
}

esp_netif_t* esp_netif_create_default_wifi_sta(void) {
    auto& w = world();
    const std::lock_guard lock(w.waitable.mutex);
    return w.state.netif_initialised ? &tbg::hostcheck::g_sta_netif : nullptr;
}

esp_netif_t* esp_netif_create_default_wifi_ap(void) {
    auto& w = world();
    const std::lock_guard lock(w.waitable.mutex);
    return w.state.netif_initialised ? &tbg::hostcheck::g_ap_netif : nullptr;
}

esp_err_t esp_netif_set_hostname(esp_netif_t* esp_netif, const char* hostname) {
    if (esp_netif == nullptr || hostname == nullptr) {
        return ESP_ERR_INVALID_ARG;
    }
    auto& w = world();
    const std::lock_guard lock(w.waitable.mutex);
    if (esp_netif->kind == 0) {
        w.state.hostname = hostname;
    }
    return ESP_OK;
}

esp_err_t esp_netif_get_ip_info(esp_netif_t* esp_netif, esp_netif_ip_info_t* ip_info) {
    if (esp_netif == nullptr || ip_info == nullptr) {
        return ESP_ERR_INVALID_ARG;
    }
    auto& w = world();
    const std::lock_guard lock(w.waitable.mutex);
    *ip_info = {};
    if (esp_netif->kind == 1) {
        ip_info->ip.addr = tbg::hostcheck::ip_value(tbg::hostcheck::kFakeApIp);
    } else if (w.state.connected) {
        ip_info->ip.addr = tbg::hostcheck::ip_value(tbg::hostcheck::kFakeStationIp);
    }
    return ESP_OK;
}

esp_err_t esp_wifi_init(const wifi_init_config_t* config) {
    if (config == nullptr || config->magic != WIFI_INIT_CONFIG_MAGIC) {
        return ESP_ERR_INVALID_ARG;
    }
    auto& w = world();
    const std::lock_guard lock(w.waitable.mutex);
    w.state.initialised = true;
    return ESP_OK;
}

esp_err_t esp_wifi_set_storage(wifi_storage_t storage) {
    auto& w = world();
    const std::lock_guard lock(w.waitable.mutex);
    if (!w.state.initialised) {
        return ESP_ERR_WIFI_NOT_INIT;
    }
    w.state.storage_ram = storage == WIFI_STORAGE_RAM;
    return ESP_OK;
}

esp_err_t esp_wifi_set_mode(wifi_mode_t mode) {
    auto& w = world();
    const std::lock_guard lock(w.waitable.mutex);
    if (!w.state.initialised) {
        return ESP_ERR_WIFI_NOT_INIT;
    }
    if (mode < WIFI_MODE_NULL || mode > WIFI_MODE_APSTA) {
        return ESP_ERR_INVALID_ARG;
    }
    const int previous = w.state.mode;
    w.state.mode = mode;
    w.state.mode_history.push_back(mode);
    if (w.state.started) {
        using tbg::hostcheck::has_ap;
        using tbg::hostcheck::has_sta;
        if (has_ap(mode) && !has_ap(previous)) {
            tbg::hostcheck::post_locked(w, WIFI_EVENT, WIFI_EVENT_AP_START);
        }
        if (!has_ap(mode) && has_ap(previous)) {
            w.state.ap_clients = 0;
            tbg::hostcheck::post_locked(w, WIFI_EVENT, WIFI_EVENT_AP_STOP);
        }
        if (has_sta(mode) && !has_sta(previous)) {
            tbg::hostcheck::post_locked(w, WIFI_EVENT, WIFI_EVENT_STA_START);
        }
        if (!has_sta(mode) && has_sta(previous)) {
            if (w.state.connected) {
                tbg::hostcheck::disconnect_locked(w, WIFI_REASON_ASSOC_LEAVE);
            }
            tbg::hostcheck::post_locked(w, WIFI_EVENT, WIFI_EVENT_STA_STOP);
        }
    }
    return ESP_OK;
}

esp_err_t esp_wifi_get_mode(wifi_mode_t* mode) {
    auto& w = world();
    const std::lock_guard lock(w.waitable.mutex);
    if (!w.state.initialised) {
        return ESP_ERR_WIFI_NOT_INIT;
    }
    *mode = static_cast<wifi_mode_t>(w.state.mode);
    return ESP_OK;
}

esp_err_t esp_wifi_set_config(wifi_interface_t interface, wifi_config_t* conf) {
    auto& w = world();
    const std::lock_guard lock(w.waitable.mutex);
    if (!w.state.initialised) {
        return ESP_ERR_WIFI_NOT_INIT;
    }
    if (conf == nullptr) {
        return ESP_ERR_INVALID_ARG;
    }
    using tbg::hostcheck::text_of;
    if (interface == WIFI_IF_STA) {
        if (!tbg::hostcheck::has_sta(w.state.mode)) {
            return ESP_ERR_WIFI_MODE;
        }
        w.state.sta_ssid = text_of(conf->sta.ssid, sizeof conf->sta.ssid);
        w.state.sta_password = text_of(conf->sta.password, sizeof conf->sta.password);
        w.state.sta_min_authmode = conf->sta.threshold.authmode;
        return ESP_OK;
    }
    if (interface == WIFI_IF_AP) {
        if (!tbg::hostcheck::has_ap(w.state.mode)) {
            return ESP_ERR_WIFI_MODE;
        }
        const std::string password = text_of(conf->ap.password, sizeof conf->ap.password);
        if (conf->ap.authmode != WIFI_AUTH_OPEN && (password.size() < 8 || password.size() > 63)) {
            return ESP_ERR_WIFI_PASSWORD;
        }
        const std::size_t ssid_len =
            conf->ap.ssid_len != 0 ? std::min<std::size_t>(conf->ap.ssid_len, 32) : text_of(conf->ap.ssid, 32).size();
        w.state.ap_ssid = std::string(reinterpret_cast<const char*>(conf->ap.ssid), ssid_len);
        w.state.ap_password = password;
        w.state.ap_channel = conf->ap.channel;
        w.state.ap_authmode = conf->ap.authmode;
        w.state.ap_max_connection = conf->ap.max_connection;
        ++w.state.ap_configs;
        return ESP_OK;
    }
    return ESP_ERR_WIFI_IF;
}

esp_err_t esp_wifi_start(void) {
    auto& w = world();
    const std::lock_guard lock(w.waitable.mutex);
    if (!w.state.initialised) {
        return ESP_ERR_WIFI_NOT_INIT;
    }
    if (w.state.started) {
        return ESP_OK;
    }
    w.state.started = true;
    if (tbg::hostcheck::has_sta(w.state.mode)) {
        tbg::hostcheck::post_locked(w, WIFI_EVENT, WIFI_EVENT_STA_START);
    }
    if (tbg::hostcheck::has_ap(w.state.mode)) {
        tbg::hostcheck::post_locked(w, WIFI_EVENT, WIFI_EVENT_AP_START);
    }
    return ESP_OK;
}

esp_err_t esp_wifi_stop(void) {
    auto& w = world();
    const std::lock_guard lock(w.waitable.mutex);
    if (!w.state.initialised) {
        return ESP_ERR_WIFI_NOT_INIT;
    }
    if (w.state.connected) {
        tbg::hostcheck::disconnect_locked(w, WIFI_REASON_ASSOC_LEAVE);
    }
    w.state.started = false;
    w.state.ap_clients = 0;
    return ESP_OK;
}

esp_err_t esp_wifi_connect(void) {
    auto& w = world();
    const std::lock_guard lock(w.waitable.mutex);
    if (!w.state.initialised) {
        return ESP_ERR_WIFI_NOT_INIT;
    }
    if (!w.state.started) {
        return ESP_ERR_WIFI_NOT_STARTED;
    }
    if (!tbg::hostcheck::has_sta(w.state.mode)) {
        return ESP_ERR_WIFI_MODE;
    }
    if (w.state.connected) {
        return ESP_ERR_WIFI_CONN;
    }
    ++w.state.connect_calls;
    const auto& network = w.network;
    if (!network.reachable || network.ssid != w.state.sta_ssid) {
        tbg::hostcheck::disconnect_locked(w, WIFI_REASON_NO_AP_FOUND);
        return ESP_OK;
    }
    if (network.password != w.state.sta_password) {
        tbg::hostcheck::disconnect_locked(w, WIFI_REASON_4WAY_HANDSHAKE_TIMEOUT);
        return ESP_OK;
    }
    w.state.connected = true;
    tbg::hostcheck::post_locked(w, WIFI_EVENT, WIFI_EVENT_STA_CONNECTED);
    ip_event_got_ip_t got{};
    got.esp_netif = &tbg::hostcheck::g_sta_netif;
    got.ip_info.ip.addr = tbg::hostcheck::ip_value(tbg::hostcheck::kFakeStationIp);
    got.ip_changed = true;
    tbg::hostcheck::post_locked(w, IP_EVENT, IP_EVENT_STA_GOT_IP, &got);
    return ESP_OK;
}

esp_err_t esp_wifi_disconnect(void) {
    auto& w = world();
    const std::lock_guard lock(w.waitable.mutex);
    if (!w.state.started) {
        return ESP_ERR_WIFI_NOT_STARTED;
    }
    if (w.state.connected) {
        tbg::hostcheck::disconnect_locked(w, WIFI_REASON_ASSOC_LEAVE);
    }
    return ESP_OK;
}

esp_err_t esp_wifi_sta_get_ap_info(wifi_ap_record_t* ap_info) {
    auto& w = world();
    const std::lock_guard lock(w.waitable.mutex);
    if (!w.state.connected || ap_info == nullptr) {
        return ESP_ERR_WIFI_NOT_CONNECT;
    }
    *ap_info = {};
    const std::size_t n = std::min<std::size_t>(w.network.ssid.size(), 32);
    std::memcpy(ap_info->ssid, w.network.ssid.data(), n);
    ap_info->primary = 6;
    ap_info->rssi = w.network.rssi;
    return ESP_OK;
}

}  // extern "C"
