// The WiFi mode decisions of the full edition, as a pure state machine: events and the time go in, the wanted
// driver mode and "start a connection attempt now" come out. WifiManager applies them to esp_wifi.
//
// Rules (times in ms of the caller's monotonic clock):
// - No SSID configured: the setup access point only (kAccessPoint), no station, forever.
// - SSID configured: the station tries at once, then after each failure or loss again after a back-off that doubles
//   from min_backoff_ms (1 s) up to max_backoff_ms (60 s); a successful connection (IP address) resets it.
// - The access point joins (kStationAndAccessPoint) when the station has not been connected for ap_fallback_ms
//   (30 s) since boot or since the last disconnect; the station keeps trying in the background meanwhile.
// - Once the station is connected again the access point stays for ap_grace_ms (60 s: the setup page can still show
//   the new address), longer while a client is connected to it, but never more than ap_max_grace_ms (5 min).
// Not thread-safe: owned by one task (WifiManager serialises its calls).
#pragma once

#include <cstddef>
#include <cstdint>

namespace tbg::esp32 {

enum class WifiMode : std::uint8_t { kOff, kStation, kAccessPoint, kStationAndAccessPoint };
const char* to_string(WifiMode mode);  // "off", "station", "access_point", "station+access_point"
bool has_access_point(WifiMode mode);
bool has_station(WifiMode mode);

struct WifiPolicyTimings {
    std::uint32_t ap_fallback_ms = 30'000;
    std::uint32_t ap_grace_ms = 60'000;
    std::uint32_t ap_max_grace_ms = 300'000;
    std::uint32_t min_backoff_ms = 1'000;
    std::uint32_t max_backoff_ms = 60'000;
};

struct WifiDecision {
    WifiMode mode = WifiMode::kOff;
    bool connect = false;  // call esp_wifi_connect() now (then report the outcome with on_connected/on_disconnected)
};

class WifiPolicy {
public:
    WifiPolicy(bool station_configured, std::uint64_t now_ms, WifiPolicyTimings timings = {});

    // The station got its IP address.
    void on_connected(std::uint64_t now_ms);
    // The station lost its connection, or an attempt failed (WIFI_EVENT_STA_DISCONNECTED, or esp_wifi_connect()
    // refused). Schedules the next attempt.
    void on_disconnected(std::uint64_t now_ms);
    // Clients associated with the access point (WIFI_EVENT_AP_STACONNECTED / AP_STADISCONNECTED).
    void on_ap_clients(std::size_t count) { ap_clients_ = count; }

    // What to do at now_ms. `station_started`: the driver reported WIFI_EVENT_STA_START (no attempt before). At
    // most one attempt per call; the caller calls again at next_check_ms() or after an event.
    WifiDecision decide(std::uint64_t now_ms, bool station_started);
    // The earliest time a decide() call can give a different answer without an event (UINT64_MAX: none).
    std::uint64_t next_check_ms() const;

    bool connected() const { return connected_; }
    bool attempting() const { return attempting_; }
    std::uint32_t attempts() const { return attempts_; }        // connection attempts started
    std::uint32_t disconnects() const { return disconnects_; }  // failures and losses
    std::uint32_t backoff_ms() const { return backoff_ms_; }    // of the pending retry; 0 after a success

private:
    WifiPolicyTimings timings_;
    bool station_configured_;
    bool connected_ = false;
    bool attempting_ = false;
    bool ap_on_;
    std::size_t ap_clients_ = 0;
    std::uint64_t down_since_ms_;  // boot or the last disconnect, while not connected
    std::uint64_t connected_since_ms_ = 0;
    std::uint64_t next_attempt_ms_;
    std::uint32_t backoff_ms_ = 0;
    std::uint32_t attempts_ = 0;
    std::uint32_t disconnects_ = 0;
};

}  // namespace tbg::esp32
