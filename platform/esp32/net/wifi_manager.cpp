#include "platform/esp32/net/wifi_manager.h"

#include <algorithm>
#include <cstring>
#include <limits>

#include "esp_log.h"
#include "esp_wifi.h"

namespace tbg::esp32 {

namespace {

constexpr const char* kTag = "wifi";
constexpr std::size_t kMaxQueuedEvents = 32;

void event_trampoline(void* arg, esp_event_base_t base, std::int32_t id, void* data) {
    static_cast<WifiManager*>(arg)->on_event(base, id, data);
}

template <std::size_t N>
std::size_t copy_text(std::uint8_t (&field)[N], const std::string& text) {
    std::memset(field, 0, N);
    const std::size_t length = std::min(text.size(), N);
    std::memcpy(field, text.data(), length);
    return length;
}

wifi_mode_t driver_mode(WifiMode mode) {
    switch (mode) {
        case WifiMode::kStation:
            return WIFI_MODE_STA;
        case WifiMode::kAccessPoint:
            return WIFI_MODE_AP;
        case WifiMode::kStationAndAccessPoint:
            return WIFI_MODE_APSTA;
        case WifiMode::kOff:
            break;
    }
    return WIFI_MODE_NULL;
}

std::string step_error(const char* step, esp_err_t err) {
    return std::string("WiFi: ") + step + " failed: " + esp_err_to_name(err);
}

}  // namespace

std::string ipv4_text(std::uint32_t network_order_addr) {
    std::uint8_t bytes[4];
    std::memcpy(bytes, &network_order_addr, sizeof bytes);
    return std::to_string(bytes[0]) + "." + std::to_string(bytes[1]) + "." + std::to_string(bytes[2]) + "." +
           std::to_string(bytes[3]);
}

std::string disconnect_reason_text(std::uint8_t reason) {
    switch (reason) {
        case WIFI_REASON_NO_AP_FOUND:
            return "network not found";
        case WIFI_REASON_4WAY_HANDSHAKE_TIMEOUT:
        case WIFI_REASON_HANDSHAKE_TIMEOUT:
        case WIFI_REASON_AUTH_FAIL:
            return "wrong password or rejected by the access point";
        case WIFI_REASON_BEACON_TIMEOUT:
            return "connection lost (no beacons)";
        case WIFI_REASON_ASSOC_FAIL:
        case WIFI_REASON_CONNECTION_FAIL:
            return "association failed";
        default:
            return "disconnected (reason " + std::to_string(reason) + ")";
    }
}

bool WifiManager::start(const config::NetworkSettings& settings, std::uint64_t now_ms, std::string& error) {
    if (policy_) {
        error = "WiFi is already started";
        return false;
    }
    settings_ = settings;
    esp_err_t err = esp_netif_init();
    if (err != ESP_OK) {
        error = step_error("esp_netif_init", err);
        return false;
    }
    err = esp_event_loop_create_default();
    if (err != ESP_OK && err != ESP_ERR_INVALID_STATE) {
        error = step_error("esp_event_loop_create_default", err);
        return false;
    }
    sta_netif_ = esp_netif_create_default_wifi_sta();
    ap_netif_ = esp_netif_create_default_wifi_ap();
    if (sta_netif_ == nullptr || ap_netif_ == nullptr) {
        error = "WiFi: cannot create the network interfaces";
        return false;
    }
    err = esp_netif_set_hostname(sta_netif_, settings_.hostname.c_str());
    if (err != ESP_OK) {
        ESP_LOGW(kTag, "hostname %s refused: %s", settings_.hostname.c_str(), esp_err_to_name(err));
    }
    const wifi_init_config_t init = WIFI_INIT_CONFIG_DEFAULT();
    err = esp_wifi_init(&init);
    if (err != ESP_OK) {
        error = step_error("esp_wifi_init", err);
        return false;
    }
    err = esp_wifi_set_storage(WIFI_STORAGE_RAM);
    if (err == ESP_OK) {
        err =
            esp_event_handler_instance_register(WIFI_EVENT, ESP_EVENT_ANY_ID, &event_trampoline, this, &wifi_handler_);
    }
    if (err == ESP_OK) {
        err = esp_event_handler_instance_register(IP_EVENT, ESP_EVENT_ANY_ID, &event_trampoline, this, &ip_handler_);
    }
    if (err != ESP_OK) {
        error = step_error("event handler registration", err);
        return false;
    }
    const bool station_configured = !settings_.wifi_ssid.empty();
    policy_.emplace(station_configured, now_ms, options_.timings);
    const WifiDecision first = policy_->decide(now_ms, false);
    if (!apply_mode(first.mode, error)) {
        return false;
    }
    err = esp_wifi_start();
    if (err != ESP_OK) {
        error = step_error("esp_wifi_start", err);
        return false;
    }
    {
        const std::lock_guard lock(mutex_);
        stats_.started = true;
        stats_.station_configured = station_configured;
        stats_.ap_ssid = settings_.ap_ssid;
    }
    ESP_LOGI(kTag, "started: %s%s%s", to_string(first.mode), station_configured ? ", network " : "",
             station_configured ? settings_.wifi_ssid.c_str() : "");
    return true;
}

bool WifiManager::configure_station(std::string& error) {
    wifi_config_t config{};
    copy_text(config.sta.ssid, settings_.wifi_ssid);
    copy_text(config.sta.password, settings_.wifi_password);
    config.sta.scan_method = WIFI_ALL_CHANNEL_SCAN;
    config.sta.sort_method = WIFI_CONNECT_AP_BY_SIGNAL;
    // WPA2 at least when a password is set (WPA3-transition networks qualify); PMF when the network offers it.
    config.sta.threshold.authmode = settings_.wifi_password.empty() ? WIFI_AUTH_OPEN : WIFI_AUTH_WPA2_PSK;
    config.sta.pmf_cfg.capable = true;
    config.sta.pmf_cfg.required = false;
    const esp_err_t err = esp_wifi_set_config(WIFI_IF_STA, &config);
    if (err != ESP_OK) {
        error = step_error("esp_wifi_set_config(station)", err);
        return false;
    }
    return true;
}

bool WifiManager::configure_access_point(std::string& error) {
    wifi_config_t config{};
    config.ap.ssid_len = static_cast<std::uint8_t>(copy_text(config.ap.ssid, settings_.ap_ssid));
    copy_text(config.ap.password, settings_.ap_password);
    config.ap.channel = options_.ap_channel;
    config.ap.authmode = settings_.ap_password.empty() ? WIFI_AUTH_OPEN : WIFI_AUTH_WPA2_PSK;
    config.ap.max_connection = options_.ap_max_clients;
    config.ap.beacon_interval = 100;
    const esp_err_t err = esp_wifi_set_config(WIFI_IF_AP, &config);
    if (err != ESP_OK) {
        error = step_error("esp_wifi_set_config(access point)", err);
        return false;
    }
    return true;
}

bool WifiManager::apply_mode(WifiMode mode, std::string& error) {
    if (mode == applied_mode_) {
        return true;
    }
    const esp_err_t err = esp_wifi_set_mode(driver_mode(mode));
    if (err != ESP_OK) {
        error = step_error("esp_wifi_set_mode", err);
        return false;
    }
    const WifiMode previous = applied_mode_;
    applied_mode_ = mode;
    // The configuration of an interface can only be set while the mode enables it.
    if (has_station(mode) && !has_station(previous) && !configure_station(error)) {
        return false;
    }
    if (has_access_point(mode) && !has_access_point(previous) && !configure_access_point(error)) {
        return false;
    }
    if (!has_access_point(mode)) {
        ap_clients_ = 0;
    }
    if (previous != WifiMode::kOff) {
        ESP_LOGI(kTag, "mode %s -> %s", to_string(previous), to_string(mode));
    }
    const std::lock_guard lock(mutex_);
    stats_.mode = mode;
    return true;
}

void WifiManager::on_event(esp_event_base_t base, std::int32_t id, const void* data) {
    Event event{EventKind::kStationStarted};
    if (base == WIFI_EVENT) {
        switch (id) {
            case WIFI_EVENT_STA_START:
                event.kind = EventKind::kStationStarted;
                break;
            case WIFI_EVENT_STA_DISCONNECTED:
                event.kind = EventKind::kStationDisconnected;
                if (data != nullptr) {
                    event.reason = static_cast<const wifi_event_sta_disconnected_t*>(data)->reason;
                }
                break;
            case WIFI_EVENT_AP_START:
                event.kind = EventKind::kApStarted;
                break;
            case WIFI_EVENT_AP_STOP:
                event.kind = EventKind::kApStopped;
                break;
            case WIFI_EVENT_AP_STACONNECTED:
                event.kind = EventKind::kApClientJoined;
                break;
            case WIFI_EVENT_AP_STADISCONNECTED:
                event.kind = EventKind::kApClientLeft;
                break;
            default:
                return;
        }
    } else if (base == IP_EVENT) {
        if (id == IP_EVENT_STA_GOT_IP) {
            event.kind = EventKind::kGotIp;
            if (data != nullptr) {
                event.ip = static_cast<const ip_event_got_ip_t*>(data)->ip_info.ip.addr;
            }
        } else if (id == IP_EVENT_STA_LOST_IP) {
            event.kind = EventKind::kLostIp;
        } else {
            return;
        }
    } else {
        return;
    }
    const std::lock_guard lock(mutex_);
    if (events_.size() >= kMaxQueuedEvents) {
        events_.pop_front();
        ++dropped_events_;
    }
    events_.push_back(event);
}

void WifiManager::poll(std::uint64_t now_ms) {
    if (!policy_) {
        return;
    }
    std::deque<Event> events;
    {
        const std::lock_guard lock(mutex_);
        events.swap(events_);
    }
    std::string error;
    for (const Event& event : events) {
        switch (event.kind) {
            case EventKind::kStationStarted:
                station_started_ = true;
                break;
            case EventKind::kStationDisconnected: {
                const bool was_connected = policy_->connected();
                policy_->on_disconnected(now_ms);
                error = disconnect_reason_text(event.reason);
                ESP_LOGW(kTag, "%s: %s; next attempt in %u ms", was_connected ? "connection lost" : "cannot connect",
                         error.c_str(), static_cast<unsigned>(policy_->backoff_ms()));
                const std::lock_guard lock(mutex_);
                stats_.station_connected = false;
                stats_.station_ip.clear();
                stats_.rssi_dBm = 0;
                stats_.last_disconnect_reason = event.reason;
                stats_.last_error = error;
                break;
            }
            case EventKind::kGotIp: {
                policy_->on_connected(now_ms);
                next_rssi_ms_ = now_ms;
                const std::string ip = ipv4_text(event.ip);
                ESP_LOGI(kTag, "connected to %s as %s", settings_.wifi_ssid.c_str(), ip.c_str());
                const std::lock_guard lock(mutex_);
                stats_.station_connected = true;
                stats_.station_ip = ip;
                stats_.last_error.clear();
                break;
            }
            case EventKind::kLostIp: {
                const std::lock_guard lock(mutex_);
                stats_.station_ip.clear();
                break;
            }
            case EventKind::kApStarted:
                break;
            case EventKind::kApStopped:
                ap_clients_ = 0;
                break;
            case EventKind::kApClientJoined:
                ++ap_clients_;
                break;
            case EventKind::kApClientLeft:
                ap_clients_ = ap_clients_ > 0 ? ap_clients_ - 1 : 0;
                break;
        }
    }
    policy_->on_ap_clients(ap_clients_);

    const WifiDecision decision = policy_->decide(now_ms, station_started_);
    std::string mode_error;
    if (!apply_mode(decision.mode, mode_error)) {
        ESP_LOGE(kTag, "%s", mode_error.c_str());
        const std::lock_guard lock(mutex_);
        stats_.last_error = mode_error;
    }
    if (decision.connect) {
        const esp_err_t err = esp_wifi_connect();
        if (err != ESP_OK) {
            policy_->on_disconnected(now_ms);
            const std::lock_guard lock(mutex_);
            stats_.last_error = step_error("esp_wifi_connect", err);
        }
    }
    refresh_rssi(now_ms);

    std::string ap_ip;
    if (has_access_point(applied_mode_)) {
        esp_netif_ip_info_t info{};
        if (esp_netif_get_ip_info(ap_netif_, &info) == ESP_OK) {
            ap_ip = ipv4_text(info.ip.addr);
        }
    }
    const std::lock_guard lock(mutex_);
    stats_.ap_ip = ap_ip;
    stats_.ap_clients = ap_clients_;
    stats_.connect_attempts = policy_->attempts();
    stats_.reconnects = policy_->disconnects();
}

void WifiManager::refresh_rssi(std::uint64_t now_ms) {
    if (!policy_->connected() || now_ms < next_rssi_ms_) {
        return;
    }
    next_rssi_ms_ = now_ms + options_.rssi_refresh_ms;
    wifi_ap_record_t record{};
    if (esp_wifi_sta_get_ap_info(&record) == ESP_OK) {
        const std::lock_guard lock(mutex_);
        stats_.rssi_dBm = record.rssi;
    }
}

std::uint64_t WifiManager::next_poll_ms() const {
    if (!policy_) {
        return std::numeric_limits<std::uint64_t>::max();
    }
    std::uint64_t next = policy_->next_check_ms();
    if (policy_->connected()) {
        next = std::min(next, next_rssi_ms_);
    }
    return next;
}

WifiStats WifiManager::stats() const {
    const std::lock_guard lock(mutex_);
    return stats_;
}

bool WifiManager::access_point_active() const {
    const std::lock_guard lock(mutex_);
    return has_access_point(stats_.mode);
}

}  // namespace tbg::esp32
