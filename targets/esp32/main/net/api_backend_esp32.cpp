#include "targets/esp32/main/net/api_backend_esp32.h"

#include "esp_log.h"

namespace tbg::esp32 {

void ApiBackendEsp32::publish(std::shared_ptr<const api::GatewayView> view) {
    const std::lock_guard lock(mutex_);
    view_ = std::move(view);
}

std::shared_ptr<const api::GatewayView> ApiBackendEsp32::view() const {
    const std::lock_guard lock(mutex_);
    return view_;
}

std::optional<std::string> ApiBackendEsp32::password_hash() const {
    std::string error;
    std::optional<std::string> hash = firmware_.persistence().load_password_hash(error);
    if (!error.empty()) {
        ESP_LOGE("api", "password hash: %s", error.c_str());
    }
    return hash;
}

nlohmann::json ApiBackendEsp32::layout() const {
    std::string error;
    nlohmann::json stored = firmware_.persistence().load_layout(error);
    if (!error.empty()) {
        ESP_LOGW("api", "dashboard layout: %s", error.c_str());
    }
    return stored;
}

}  // namespace tbg::esp32
