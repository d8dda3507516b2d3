// api::ApiBackend of the Linux daemon: the published view, the configuration file, the admin password and the
// dashboard layout in the state directory, and changes handed to the loop thread.
//
// Threading: every ApiBackend call runs on an HTTP worker thread. publish() runs on the loop thread. Changes that
// touch the gateway (configuration, actions) are posted to the loop through the LoopInbox and waited for (at most
// kApplyTimeoutMs); nothing here ever makes the loop wait. Files are written atomically (state_file.h): the
// configuration to --config, "auth.json" and "dashboard.json" in --state-dir. Without a state directory the
// password and the layout live in RAM only (the demo).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "core/api/api_backend.h"
#include "platform/linux/loop_inbox.h"

namespace tbg::daemon {

class WebBackend final : public api::ApiBackend {
public:
    static constexpr std::uint64_t kApplyTimeoutMs = 5000;

    struct Hooks {
        // Loop thread: apply a validated configuration to the running gateway.
        std::function<void(const config::GatewayConfig&)> apply_config;
        // Loop thread: run an action.
        std::function<void(api::Action)> run_action;
    };

    // Loads dashboard.json from `state_dir` (when set; a damaged file is logged and kept aside). auth.json is read
    // at each password_hash(), so `topband-gateway passwd` takes effect at once.
    WebBackend(config::GatewayConfig config, std::string config_path, std::string state_dir, platform::LoopInbox& inbox,
               Hooks hooks);

    // Loop thread: the newest view.
    void publish(std::shared_ptr<const api::GatewayView> view);

    std::shared_ptr<const api::GatewayView> view() const override;
    std::uint64_t now_ms() const override;
    config::GatewayConfig config() const override;
    bool apply_config(const config::GatewayConfig& next, std::string& error) override;
    bool run_action(api::Action action, std::string& error) override;
    std::optional<std::string> password_hash() const override;
    bool store_password_hash(const std::string& hash, std::string& error) override;
    nlohmann::json layout() const override;
    bool store_layout(const nlohmann::json& layout, std::string& error) override;
    std::vector<api::LogLine> log_lines() const override;

private:
    // Runs `task` on the loop thread and waits for it; false with `error` when it did not run in time.
    bool on_loop(std::function<void()> task, std::string& error);

    const std::string config_path_;
    const std::string state_dir_;
    platform::LoopInbox& inbox_;
    Hooks hooks_;

    // The loop thread takes only view_mutex_, and every holder keeps it for a pointer copy: a reader at nice +10
    // preempted while holding a longer lock must never hold up the loop (priority inversion).
    mutable std::mutex view_mutex_;
    std::shared_ptr<const api::GatewayView> view_;
    mutable std::mutex mutex_;
    config::GatewayConfig config_;
    std::optional<std::string> password_hash_;  // only without a state directory
    nlohmann::json layout_;
};

// The admin password file of a state directory: "<state_dir>/auth.json" = {"password_hash": "$argon2id$…"}.
std::string auth_file(const std::string& state_dir);
// Reads it; nullopt when absent, damaged (then `warning` says why) or empty.
// A stored hash that no password verifies: what a damaged auth.json reads as (never "no password set").
inline constexpr std::string_view kLockedPasswordHash = "!locked: auth.json is damaged";

// The admin password hash of state_dir/auth.json; nullopt when the file does not exist. A damaged file gives
// kLockedPasswordHash with `warning` set.
std::optional<std::string> load_password_hash(const std::string& state_dir, std::string& warning);
bool save_password_hash(const std::string& state_dir, const std::string& hash, std::string& error);

}  // namespace tbg::daemon
