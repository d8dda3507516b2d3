// Host fake of esp_event.h (the default event loop), esp_netif.h / esp_wifi_default.h and esp_wifi.h, plus its
// test-control API: a test places a network in range (or out of range), and the fake driver delivers the events
// the real one would, on a "sys_evt" task (priority 20, as ESP-IDF's), in order.
//
// Driver behaviour (ESP-IDF v5 API reference): esp_wifi_start() posts STA_START / AP_START for the enabled
// interfaces; esp_wifi_set_mode() while started posts AP_START/AP_STOP and STA_START/STA_STOP for what changed;
// esp_wifi_set_config() for an interface the mode does not enable → ESP_ERR_WIFI_MODE, an AP password of 1…7 or
// more than 63 characters with WPA2 → ESP_ERR_WIFI_PASSWORD; esp_wifi_connect() before start →
// ESP_ERR_WIFI_NOT_STARTED, without station mode → ESP_ERR_WIFI_MODE, while connected → ESP_ERR_WIFI_CONN; else it
// posts STA_CONNECTED + IP_EVENT_STA_GOT_IP (the network is reachable, SSID and password match), or
// STA_DISCONNECTED with WIFI_REASON_NO_AP_FOUND (not in range) or WIFI_REASON_4WAY_HANDSHAKE_TIMEOUT (wrong password).
// Taking the network out of range while connected posts STA_DISCONNECTED (WIFI_REASON_BEACON_TIMEOUT).
//
// RAM only: a power cycle forgets the driver, the event loop and its handlers; the network in range stays. Thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace tbg::hostcheck {

struct WifiFakeState {
    bool event_loop = false;
    std::size_t handlers = 0;
    bool netif_initialised = false;
    std::string hostname;  // set on the station netif
    bool initialised = false;
    bool storage_ram = false;
    bool started = false;
    int mode = 0;                   // wifi_mode_t
    std::vector<int> mode_history;  // every esp_wifi_set_mode() argument, in order
    std::string sta_ssid;
    std::string sta_password;
    int sta_min_authmode = 0;
    std::string ap_ssid;
    std::string ap_password;
    int ap_channel = 0;
    int ap_authmode = 0;
    int ap_max_connection = 0;
    std::uint32_t ap_configs = 0;  // esp_wifi_set_config(WIFI_IF_AP) calls
    std::uint32_t connect_calls = 0;
    bool connected = false;
    std::size_t ap_clients = 0;
};

// The network in range: SSID, password (empty = open), RSSI. Default: none.
void wifi_fake_set_network(const std::string& ssid, const std::string& password, std::int8_t rssi_dBm = -58);
// In range or not. Going out of range while connected disconnects the station.
void wifi_fake_set_reachable(bool reachable);
// A phone joins / leaves the setup access point (posts AP_STACONNECTED / AP_STADISCONNECTED; only while the AP is on).
void wifi_fake_ap_client_join();
void wifi_fake_ap_client_leave();

WifiFakeState wifi_fake_state();
// Waits until every posted event was handled (false after timeout_ms).
bool wifi_fake_wait_idle(std::uint32_t timeout_ms = 2000);

// The address the fake DHCP gives the station, and the access point's own (192.168.1.77 and 192.168.4.1).
inline constexpr std::uint8_t kFakeStationIp[4] = {192, 168, 1, 77};
inline constexpr std::uint8_t kFakeApIp[4] = {192, 168, 4, 1};

}  // namespace tbg::hostcheck
