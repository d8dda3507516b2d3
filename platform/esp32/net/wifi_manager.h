// WiFi of the full edition on esp_wifi / esp_netif / esp_event: the station for the configured network and the setup
// access point (default "Victron-Gateway-Setup", WPA2 "12345678", channel 1, at most 4 clients), with the mode
// decisions of WifiPolicy (wifi_policy.h): access point only without an SSID; otherwise the station, joined by the
// access point (APSTA) after 30 s without a connection, which leaves again 60 s after the station connected (longer
// while a setup client is still on it, at most 5 min). Station retries back off from 1 s to 60 s.
//
// Nothing here blocks on the network: start() configures and starts the driver and returns; the driver reports on
// the default event loop, whose handlers only queue the events; poll() feeds them to the policy and applies its
// decisions (esp_wifi_set_mode, esp_wifi_set_config, esp_wifi_connect, which all return at once). The WiFi
// configuration is kept in RAM (esp_wifi_set_storage(WIFI_STORAGE_RAM)): our own configuration in NVS is the only
// copy, so the driver adds no flash writes.
//
// Threading: start() once and poll() from the network task (priority 5), poll() at least every 250 ms or at
// next_poll_ms(); stats() from any task. The event handlers run on the default event loop's task and take only the
// queue's mutex.
#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>

#include "core/config/network_settings.h"
#include "esp_event.h"
#include "esp_netif.h"
#include "platform/esp32/net/wifi_policy.h"

namespace tbg::esp32 {

struct WifiManagerOptions {
    WifiPolicyTimings timings;
    std::uint8_t ap_channel = 1;
    std::uint8_t ap_max_clients = 4;
    std::uint32_t rssi_refresh_ms = 5'000;
};

struct WifiStats {
    bool started = false;
    WifiMode mode = WifiMode::kOff;  // the mode applied to the driver
    bool station_configured = false;
    bool station_connected = false;  // with an IP address
    std::int8_t rssi_dBm = 0;        // of the station's access point; 0 when not connected
    std::string station_ip;          // dotted quad; "" when not connected
    std::string ap_ssid;
    std::string ap_ip;  // while the access point is on, else ""
    std::size_t ap_clients = 0;
    std::uint32_t connect_attempts = 0;
    std::uint32_t reconnects = 0;             // failed attempts and lost connections
    std::uint8_t last_disconnect_reason = 0;  // wifi_err_reason_t
    std::string last_error;  // "" or why the station is not connected ("network not found", "wrong password", …)
};

// "a.b.c.d" of an esp_ip4_addr_t value (network byte order).
std::string ipv4_text(std::uint32_t network_order_addr);
// A short text for a WIFI_EVENT_STA_DISCONNECTED reason.
std::string disconnect_reason_text(std::uint8_t reason);

class WifiManager {
public:
    explicit WifiManager(WifiManagerOptions options = {}) : options_(options) {}
    WifiManager(const WifiManager&) = delete;
    WifiManager& operator=(const WifiManager&) = delete;

    // Initialises esp_netif, the default event loop (an existing one is used), the station and access point netifs
    // (the station's DHCP hostname = settings.hostname), the driver, registers the event handlers and starts the
    // driver in the policy's first mode. false with `error` naming the step that failed.
    bool start(const config::NetworkSettings& settings, std::uint64_t now_ms, std::string& error);
    // Processes the queued events at now_ms and applies the policy's decision.
    void poll(std::uint64_t now_ms);
    // When poll() is next needed without an event (UINT64_MAX: only after events).
    std::uint64_t next_poll_ms() const;

    WifiStats stats() const;
    bool access_point_active() const;

    // Default event loop handler (public for the C trampoline).
    void on_event(esp_event_base_t base, std::int32_t id, const void* data);

private:
    enum class EventKind : std::uint8_t {
        kStationStarted,
        kStationDisconnected,
        kGotIp,
        kLostIp,
        kApStarted,
        kApStopped,
        kApClientJoined,
        kApClientLeft,
    };
    struct Event {
        EventKind kind;
        std::uint32_t ip = 0;
        std::uint8_t reason = 0;
    };

    bool apply_mode(WifiMode mode, std::string& error);
    bool configure_station(std::string& error);
    bool configure_access_point(std::string& error);
    void refresh_rssi(std::uint64_t now_ms);

    WifiManagerOptions options_;
    config::NetworkSettings settings_;
    esp_netif_t* sta_netif_ = nullptr;
    esp_netif_t* ap_netif_ = nullptr;
    esp_event_handler_instance_t wifi_handler_ = nullptr;
    esp_event_handler_instance_t ip_handler_ = nullptr;

    // Network task only.
    std::optional<WifiPolicy> policy_;
    WifiMode applied_mode_ = WifiMode::kOff;
    bool station_started_ = false;
    std::size_t ap_clients_ = 0;
    std::uint64_t next_rssi_ms_ = 0;

    mutable std::mutex mutex_;  // guards events_ and stats_
    std::deque<Event> events_;
    std::uint32_t dropped_events_ = 0;
    WifiStats stats_;
};

}  // namespace tbg::esp32
