// The mDNS responder on the host (mdns_fake.h).
#include "mdns_fake.h"

#include <mutex>

#include "freertos_fake.h"
#include "mdns.h"

namespace tbg::hostcheck {

namespace {

struct World {
    std::mutex mutex;
    MdnsFakeState state;
    esp_err_t next_init_error = ESP_OK;
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
            w.state = MdnsFakeState{};
            w.next_init_error = ESP_OK;
        });
    }
} g_power_hook;

}  // namespace

MdnsFakeState mdns_fake_state() {
    World& w = world();
    const std::lock_guard lock(w.mutex);
    return w.state;
}

void mdns_fake_fail_next_init(esp_err_t error) {
    World& w = world();
    const std::lock_guard lock(w.mutex);
    w.next_init_error = error;
}

}  // namespace tbg::hostcheck

using tbg::hostcheck::world;

extern "C" {

esp_err_t mdns_init(void) {
    auto& w = world();
    const std::lock_guard lock(w.mutex);
    if (w.next_init_error != ESP_OK) {
        const esp_err_t error = w.next_init_error;
        w.next_init_error = ESP_OK;
        return error;
    }
    if (w.state.running) {
        return ESP_ERR_INVALID_STATE;
    }
    w.state.running = true;
    ++w.state.inits;
    return ESP_OK;
}

void mdns_free(void) {
    auto& w = world();
    const std::lock_guard lock(w.mutex);
    if (w.state.running) {
        ++w.state.frees;
    }
    w.state.running = false;
    w.state.hostname.clear();
    w.state.instance_name.clear();
    w.state.services.clear();
}

esp_err_t mdns_hostname_set(const char* hostname) {
    auto& w = world();
    const std::lock_guard lock(w.mutex);
    if (!w.state.running) {
        return ESP_ERR_INVALID_STATE;
    }
    if (hostname == nullptr || hostname[0] == '\0') {
        return ESP_ERR_INVALID_ARG;
    }
    w.state.hostname = hostname;
    return ESP_OK;
}

esp_err_t mdns_instance_name_set(const char* instance_name) {
    auto& w = world();
    const std::lock_guard lock(w.mutex);
    if (!w.state.running) {
        return ESP_ERR_INVALID_STATE;
    }
    if (instance_name == nullptr) {
        return ESP_ERR_INVALID_ARG;
    }
    w.state.instance_name = instance_name;
    return ESP_OK;
}

esp_err_t mdns_service_add(const char* instance_name, const char* service_type, const char* proto, uint16_t port,
                           mdns_txt_item_t txt[], size_t num_items) {
    auto& w = world();
    const std::lock_guard lock(w.mutex);
    if (!w.state.running) {
        return ESP_ERR_INVALID_STATE;
    }
    if (service_type == nullptr || proto == nullptr || port == 0) {
        return ESP_ERR_INVALID_ARG;
    }
    tbg::hostcheck::MdnsFakeService service;
    service.instance_name = instance_name != nullptr ? instance_name : "";
    service.service_type = service_type;
    service.proto = proto;
    service.port = port;
    for (size_t i = 0; i < num_items; ++i) {
        service.txt.emplace_back(txt[i].key != nullptr ? txt[i].key : "", txt[i].value != nullptr ? txt[i].value : "");
    }
    w.state.services.push_back(std::move(service));
    return ESP_OK;
}

}  // extern "C"
