// An in-memory api::ApiBackend for the API tests: the configuration, password hash and layout live in RAM, changes
// are applied at once (there is no loop thread) and recorded.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/api/api_backend.h"

namespace tbg::api::testing {

class MemoryBackend final : public ApiBackend {
public:
    std::shared_ptr<const GatewayView> view() const override { return view_; }
    std::uint64_t now_ms() const override { return view_ ? view_->now_ms : 0; }
    config::GatewayConfig config() const override { return config_; }
    bool apply_config(const config::GatewayConfig& next, std::string& error) override {
        if (fail_storage) {
            error = "disk full";
            return false;
        }
        config_ = next;
        ++applied;
        return true;
    }
    bool run_action(Action action, std::string& /*error*/) override {
        actions.push_back(action);
        return true;
    }
    std::optional<std::string> password_hash() const override { return hash_; }
    bool store_password_hash(const std::string& hash, std::string& /*error*/) override {
        hash_ = hash;
        return true;
    }
    nlohmann::json layout() const override { return layout_; }
    bool store_layout(const nlohmann::json& layout, std::string& /*error*/) override {
        layout_ = layout;
        return true;
    }
    std::vector<LogLine> log_lines() const override { return lines; }

    void set_view(std::shared_ptr<const GatewayView> view) { view_ = std::move(view); }
    config::GatewayConfig& mutable_config() { return config_; }

    int applied = 0;
    bool fail_storage = false;
    std::vector<Action> actions;
    std::vector<LogLine> lines;

private:
    std::shared_ptr<const GatewayView> view_;
    config::GatewayConfig config_;
    std::optional<std::string> hash_;
    nlohmann::json layout_ = nullptr;
};

}  // namespace tbg::api::testing
