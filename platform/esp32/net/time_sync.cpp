#include "platform/esp32/net/time_sync.h"

#include <cstdlib>
#include <ctime>

#include "esp_log.h"
#include "esp_netif_sntp.h"

namespace tbg::esp32 {

namespace {

constexpr const char* kTag = "time";

std::atomic<TimeSync*> g_instance{nullptr};

}  // namespace

bool apply_time_zone(const std::string& tz, std::string& error) {
    if (tz.empty()) {
        error = "the time zone is empty";
        return false;
    }
    if (setenv("TZ", tz.c_str(), 1) != 0) {
        error = "setenv(TZ) failed";
        return false;
    }
    tzset();
    return true;
}

TimeSync::~TimeSync() {
    stop();
}

bool TimeSync::start(const std::string& ntp_server, const std::string& time_zone, std::string& error) {
    if (!apply_time_zone(time_zone, error)) {
        return false;
    }
    if (ntp_server.empty() || sntp_running_) {
        return true;
    }
    TimeSync* expected = nullptr;
    if (!g_instance.compare_exchange_strong(expected, this)) {
        error = "SNTP is already used by another TimeSync";
        return false;
    }
    server_ = ntp_server;
    esp_sntp_config_t config = ESP_NETIF_SNTP_DEFAULT_CONFIG(server_.c_str());
    config.wait_for_sync = false;  // nobody waits: on_sync records it
    config.sync_cb = &TimeSync::on_sync;
    const esp_err_t err = esp_netif_sntp_init(&config);
    if (err != ESP_OK) {
        g_instance = nullptr;
        error = std::string("SNTP: esp_netif_sntp_init failed: ") + esp_err_to_name(err);
        return false;
    }
    sntp_running_ = true;
    ESP_LOGI(kTag, "SNTP with %s, time zone %s", server_.c_str(), time_zone.c_str());
    return true;
}

void TimeSync::stop() {
    if (!sntp_running_) {
        return;
    }
    esp_netif_sntp_deinit();
    sntp_running_ = false;
    TimeSync* self = this;
    g_instance.compare_exchange_strong(self, nullptr);
}

std::optional<std::int64_t> TimeSync::last_sync_unix_s() const {
    if (syncs_ == 0) {
        return std::nullopt;
    }
    return last_sync_s_.load();
}

void TimeSync::on_sync(struct timeval* tv) {
    TimeSync* self = g_instance.load();
    if (self == nullptr) {
        return;
    }
    self->last_sync_s_ =
        tv != nullptr ? static_cast<std::int64_t>(tv->tv_sec) : static_cast<std::int64_t>(std::time(nullptr));
    ++self->syncs_;
}

}  // namespace tbg::esp32
