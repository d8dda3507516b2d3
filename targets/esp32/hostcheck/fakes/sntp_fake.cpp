// SNTP on the host (sntp_fake.h).
#include "sntp_fake.h"

#include <mutex>

#include "esp_netif_sntp.h"
#include "freertos_fake.h"

namespace tbg::hostcheck {

namespace {

struct World {
    std::mutex mutex;
    SntpFakeState state;
    esp_sntp_time_cb_t callback = nullptr;
};

World& world() {
    static World instance;
    return instance;
}

struct PowerHook {
    PowerHook() {
        on_power_cycle([] {
            World& w = world();
            const std::lock_guard lock(w.mutex);
            w.state = SntpFakeState{};
            w.callback = nullptr;
        });
    }
} g_power_hook;

}  // namespace

SntpFakeState sntp_fake_state() {
    World& w = world();
    const std::lock_guard lock(w.mutex);
    return w.state;
}

bool sntp_fake_sync(std::int64_t unix_s) {
    esp_sntp_time_cb_t callback = nullptr;
    {
        World& w = world();
        const std::lock_guard lock(w.mutex);
        if (!w.state.initialised) {
            return false;
        }
        callback = w.callback;
    }
    if (callback == nullptr) {
        return false;
    }
    timeval tv{};
    tv.tv_sec = static_cast<time_t>(unix_s);
    callback(&tv);
    return true;
}

}  // namespace tbg::hostcheck

using tbg::hostcheck::world;

extern "C" {

esp_err_t esp_netif_sntp_init(const esp_sntp_config_t* config) {
    if (config == nullptr || config->num_of_servers > CONFIG_LWIP_SNTP_MAX_SERVERS) {
        return ESP_ERR_INVALID_ARG;
    }
    auto& w = world();
    const std::lock_guard lock(w.mutex);
    if (w.state.initialised) {
        return ESP_ERR_INVALID_STATE;
    }
    w.state.initialised = true;
    ++w.state.inits;
    w.state.server = config->num_of_servers > 0 && config->servers[0] != nullptr ? config->servers[0] : "";
    w.state.start = config->start;
    w.state.smooth_sync = config->smooth_sync;
    w.state.wait_for_sync = config->wait_for_sync;
    w.state.has_callback = config->sync_cb != nullptr;
    w.callback = config->sync_cb;
    return ESP_OK;
}

esp_err_t esp_netif_sntp_start(void) {
    auto& w = world();
    const std::lock_guard lock(w.mutex);
    if (!w.state.initialised) {
        return ESP_ERR_INVALID_STATE;
    }
    w.state.start = true;
    return ESP_OK;
}

void esp_netif_sntp_deinit(void) {
    auto& w = world();
    const std::lock_guard lock(w.mutex);
    if (w.state.initialised) {
        ++w.state.deinits;
    }
    w.state.initialised = false;
    w.callback = nullptr;
}

}  // extern "C"
