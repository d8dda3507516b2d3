// The ESP32's api::ApiBackend: the latest view published by the control task, the configuration and actions of the
// firmware (FirmwareControl), the password hash and dashboard layout in NVS (Persistence).
//
// Threading: every member may be called from the HTTP server's task; publish() from the control task. The view
// pointer is swapped under a short lock; nothing here waits for the gateway's tasks.
#pragma once

#include <memory>
#include <mutex>

#include "core/api/api_backend.h"
#include "targets/esp32/main/firmware_control.h"

namespace tbg::esp32 {

class ApiBackendEsp32 final : public api::ApiBackend {
public:
    explicit ApiBackendEsp32(FirmwareControl& firmware) : firmware_(firmware) {}

    void publish(std::shared_ptr<const api::GatewayView> view);

    std::shared_ptr<const api::GatewayView> view() const override;
    std::uint64_t now_ms() const override { return firmware_.now_ms(); }
    config::GatewayConfig config() const override { return firmware_.config(); }
    bool apply_config(const config::GatewayConfig& next, std::string& error) override {
        return firmware_.apply_config(next, error);
    }
    bool run_action(api::Action action, std::string& error) override { return firmware_.run_action(action, error); }
    std::optional<std::string> password_hash() const override;
    bool store_password_hash(const std::string& hash, std::string& error) override {
        return firmware_.persistence().store_password_hash(hash, error);
    }
    nlohmann::json layout() const override;
    bool store_layout(const nlohmann::json& layout, std::string& error) override {
        return firmware_.persistence().store_layout(layout, error);
    }
    std::vector<api::LogLine> log_lines() const override { return firmware_.log_lines(); }

private:
    FirmwareControl& firmware_;
    mutable std::mutex mutex_;  // guards view_
    std::shared_ptr<const api::GatewayView> view_;
};

}  // namespace tbg::esp32
