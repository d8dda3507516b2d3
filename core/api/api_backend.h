// The ports through which core/api reaches the platform: the published state, configuration storage, actions on
// the loop thread, credentials and the dashboard layout (ApiBackend), and cryptography (Crypto).
//
// Threading: the server calls these from its worker threads, concurrently. Implementations are thread-safe and
// never block the platform's loop thread (they may wait for it, briefly, to apply a change).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/api/gateway_view.h"
#include "core/config/gateway_config.h"

namespace tbg::api {

enum class Action : std::uint8_t { kRescan, kResetCounters };

struct LogLine {
    std::uint64_t seq = 0;
    std::uint64_t t_ms = 0;  // monotonic
    std::string level;       // "error", "warning", "notice", "info", "debug"
    std::string text;
};

class ApiBackend {
public:
    virtual ~ApiBackend() = default;

    // The latest published view; nullptr before the first.
    virtual std::shared_ptr<const GatewayView> view() const = 0;
    virtual std::uint64_t now_ms() const = 0;  // monotonic, same clock as the view

    virtual config::GatewayConfig config() const = 0;
    // Stores `next` (already validated) atomically and applies it. Calls are serialized by the caller. false with
    // `error` when it cannot be stored (the running configuration is then unchanged).
    virtual bool apply_config(const config::GatewayConfig& next, std::string& error) = 0;
    virtual bool run_action(Action action, std::string& error) = 0;

    // The admin password's hash; nullopt when none is set.
    virtual std::optional<std::string> password_hash() const = 0;
    virtual bool store_password_hash(const std::string& hash, std::string& error) = 0;

    // The Custom Dashboard layout, null when none was saved.
    virtual nlohmann::json layout() const = 0;
    virtual bool store_layout(const nlohmann::json& layout, std::string& error) = 0;

    virtual std::vector<LogLine> log_lines() const = 0;  // oldest first
};

class Crypto {
public:
    virtual ~Crypto() = default;
    // A self-describing slow hash with its own random salt (Argon2id on Linux); "" on failure (out of memory).
    virtual std::string hash_password(std::string_view password) = 0;
    virtual bool verify_password(std::string_view stored_hash, std::string_view password) = 0;
    // `bytes` bytes from a cryptographic random source, as lowercase hex (2 × bytes characters).
    virtual std::string random_hex(std::size_t bytes) = 0;
};

}  // namespace tbg::api
