// The network side of the full edition (network_side.h): WiFi with the setup access point and its captive DNS,
// mDNS, SNTP with the time zone, the HTTP API and dashboard with the WebSocket and OTA upload, and MQTT. One task
// (kNetworkTask, priority 5 on core 0) starts and polls them; the servers have their own tasks at the same priority.
#include <memory>
#include <mutex>

#include "core/api/api_service.h"
#include "core/api/web_assets.h"
#include "esp_log.h"
#include "esp_timer.h"
#include "freertos/FreeRTOS.h"
#include "freertos/task.h"
#include "platform/esp32/esp_crypto.h"
#include "platform/esp32/net/captive_dns.h"
#include "platform/esp32/net/http_server.h"
#include "platform/esp32/net/mdns_service.h"
#include "platform/esp32/net/time_sync.h"
#include "platform/esp32/net/wifi_manager.h"
#include "platform/esp32/ota_updater.h"
#include "platform/esp32/task_watchdog.h"
#include "targets/esp32/main/edition.h"
#include "targets/esp32/main/net/api_backend_esp32.h"
#include "targets/esp32/main/net/mqtt_service_esp32.h"
#include "targets/esp32/main/network_side.h"
#include "targets/esp32/main/task_layout.h"

#if !TBG_EDITION_STEALTH
namespace tbg::esp32 {

namespace {

constexpr const char* kTag = "net";
constexpr std::uint64_t kMqttTickMs = 1000;
constexpr std::uint32_t kMaxPollWaitMs = 250;  // WifiManager wants a poll at least this often

std::uint64_t monotonic_ms() {
    return static_cast<std::uint64_t>(esp_timer_get_time() / 1000);
}

// OTA uploads from the dashboard into the next slot; the restart after the answer goes through the firmware, which
// saves the energy counters first.
class FirmwareOtaSink final : public OtaSink {
public:
    explicit FirmwareOtaSink(FirmwareControl& firmware) : firmware_(firmware) {}
    bool begin(std::size_t image_bytes, std::string& error) override { return updater_.begin(image_bytes, error); }
    bool write(std::span<const std::uint8_t> chunk, std::string& error) override {
        return updater_.write(chunk, error);
    }
    bool finish(std::string& error) override { return updater_.finish(error); }
    void abort() override { updater_.abort(); }
    void on_answered() override { firmware_.request_restart("firmware update installed"); }

private:
    FirmwareControl& firmware_;
    OtaUpdater updater_;
};

class FullNetworkSide final : public NetworkSide {
public:
    FullNetworkSide(FirmwareControl& firmware, const config::GatewayConfig& config)
        : config_(config),
          backend_(firmware),
          api_(backend_, crypto_, api::embedded_web_bundle().assets, api::ConfigScope::kEmbedded),
          http_(api_),
          ota_(firmware) {}

    void start() override {
        if (xTaskCreatePinnedToCore(&FullNetworkSide::entry, kNetworkTask.name, kNetworkTask.stack_bytes, this,
                                    kNetworkTask.priority, nullptr, kNetworkTask.core) != pdPASS) {
            ESP_LOGE(kTag, "cannot start the network task (out of memory)");
        }
    }

    void publish(std::shared_ptr<const api::GatewayView> view) override {
        backend_.publish(view);
        http_.publish(view);
        const std::lock_guard lock(mutex_);
        latest_ = std::move(view);
    }

    void fill_links(api::LinkHealth& links) const override {
        const std::lock_guard lock(mutex_);
        links.mqtt_enabled = mqtt_enabled_;
        links.mqtt_connected = mqtt_stats_.connected;
        links.mqtt_published = mqtt_stats_.published;
        links.mqtt_dropped = mqtt_stats_.dropped;
        links.mqtt_last_error = mqtt_stats_.last_error;
    }

    bool serving() const override { return http_.stats().running; }

private:
    static void entry(void* self) { static_cast<FullNetworkSide*>(self)->run(); }

    void run() {
        TaskWatchdog watchdog;
        std::string error;
        if (!watchdog.subscribe(error)) {
            ESP_LOGE(kTag, "task watchdog: %s", error.c_str());
        }
        start_services();
        std::uint64_t next_mqtt_ms = monotonic_ms() + kMqttTickMs;
        while (true) {
            watchdog.feed();
            const std::uint64_t now = monotonic_ms();
            wifi_.poll(now);
            follow_access_point();
            if (now >= next_mqtt_ms) {
                next_mqtt_ms = now + kMqttTickMs;
                mqtt_tick(now);
            }
            const std::uint64_t next = std::min(wifi_.next_poll_ms(), next_mqtt_ms);
            const std::uint64_t after = monotonic_ms();
            const std::uint64_t wait = next > after ? std::min<std::uint64_t>(next - after, kMaxPollWaitMs) : 1;
            vTaskDelay(pdMS_TO_TICKS(wait));
        }
    }

    void start_services() {
        std::string error;
        if (!wifi_.start(config_.network, monotonic_ms(), error)) {
            ESP_LOGE(kTag, "wifi: %s", error.c_str());
        }
        HttpServerOptions http;
        http.ota = &ota_;
        if (!http_.start(http, error)) {
            ESP_LOGE(kTag, "http: %s", error.c_str());
        }
        MdnsOptions mdns;
        mdns.hostname = config_.network.hostname;
        if (!mdns_.start(mdns, error)) {
            ESP_LOGW(kTag, "mdns: %s", error.c_str());
        }
        if (!time_.start(config_.network.ntp_server, config_.network.timezone, error)) {
            ESP_LOGW(kTag, "time: %s", error.c_str());
        }
        if (config_.mqtt.enabled) {
            mqtt_ = MqttServiceEsp32::create(config_.mqtt, error);
            if (!mqtt_) {
                ESP_LOGE(kTag, "mqtt: %s; running without MQTT", error.c_str());
            }
        }
        const std::lock_guard lock(mutex_);
        mqtt_enabled_ = mqtt_ != nullptr;
    }

    // The captive DNS and the portal redirect run exactly while the setup access point is on.
    void follow_access_point() {
        const bool active = wifi_.access_point_active();
        if (active == portal_active_) {
            return;
        }
        portal_active_ = active;
        if (active) {
            const WifiStats stats = wifi_.stats();
            std::string error;
            if (!dns_.start(CaptiveDnsOptions{}, error)) {
                ESP_LOGW(kTag, "captive dns: %s", error.c_str());
            }
            http_.set_captive_portal(stats.ap_ip.empty() ? "192.168.4.1" : stats.ap_ip);
            ESP_LOGI(kTag, "setup access point %s is on", stats.ap_ssid.c_str());
        } else {
            dns_.stop();
            http_.set_captive_portal("");
            ESP_LOGI(kTag, "setup access point is off");
        }
    }

    void mqtt_tick(std::uint64_t now_ms) {
        if (!mqtt_) {
            return;
        }
        std::shared_ptr<const api::GatewayView> view;
        {
            const std::lock_guard lock(mutex_);
            view = latest_;
        }
        mqtt_->on_timer(view, now_ms);
        const MqttLinkStats stats = mqtt_->stats();
        const std::lock_guard lock(mutex_);
        mqtt_stats_ = stats;
    }

    config::GatewayConfig config_;  // as at boot: the network keys apply at the next restart
    EspCrypto crypto_;
    ApiBackendEsp32 backend_;
    api::ApiService api_;
    HttpServer http_;
    FirmwareOtaSink ota_;
    WifiManager wifi_;
    MdnsService mdns_;
    TimeSync time_;
    CaptiveDns dns_;
    std::unique_ptr<MqttServiceEsp32> mqtt_;
    bool portal_active_ = false;

    mutable std::mutex mutex_;  // guards the members below
    std::shared_ptr<const api::GatewayView> latest_;
    bool mqtt_enabled_ = false;
    MqttLinkStats mqtt_stats_;
};

}  // namespace

std::unique_ptr<NetworkSide> make_network_side(FirmwareControl& firmware, const config::GatewayConfig& config) {
    return std::make_unique<FullNetworkSide>(firmware, config);
}

}  // namespace tbg::esp32
#endif
