// The ports of core/api for fuzz_api: an in-memory ApiBackend (after tests/unit/api/memory_backend.h) that counts
// every write to its state, and a fast deterministic Crypto.
//
// FastCrypto is not a password hash: it stands in for Argon2id (tens of ms per call), which would cut the fuzzer to
// a few requests per second. Its hashes are "$fuzzhash$<n>$<hex of the password>" and its tokens are 64 hex digits
// from a counter, so the harness can recognise both in a response. Single-threaded (libFuzzer runs one input at a
// time).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/api/api_backend.h"

namespace tbg::api::fuzzing {

inline constexpr std::string_view kHashMark = "$fuzzhash$";

class FuzzBackend final : public ApiBackend {
public:
    std::shared_ptr<const GatewayView> view() const override { return view_; }
    std::uint64_t now_ms() const override { return view_ ? view_->now_ms : 0; }
    config::GatewayConfig config() const override { return config_; }
    bool apply_config(const config::GatewayConfig& next, std::string& /*error*/) override {
        config_ = next;
        ++state_.configs;
        return true;
    }
    bool run_action(Action /*action*/, std::string& /*error*/) override {
        ++state_.actions;
        return true;
    }
    std::optional<std::string> password_hash() const override { return hash_; }
    bool store_password_hash(const std::string& hash, std::string& /*error*/) override {
        hash_ = hash;
        ++state_.hashes;
        return true;
    }
    nlohmann::json layout() const override { return layout_; }
    bool store_layout(const nlohmann::json& layout, std::string& /*error*/) override {
        layout_ = layout;
        ++state_.layouts;
        return true;
    }
    std::vector<LogLine> log_lines() const override { return lines_; }

    void set_view(std::shared_ptr<const GatewayView> view) { view_ = std::move(view); }
    config::GatewayConfig& mutable_config() { return config_; }
    std::vector<LogLine>& mutable_lines() { return lines_; }

    // How often each part of the stored state was written: any write is a change, even of an equal value.
    struct State {
        int configs = 0;
        int hashes = 0;
        int layouts = 0;
        int actions = 0;
        friend bool operator==(const State&, const State&) = default;
    };
    State state() const { return state_; }

private:
    std::shared_ptr<const GatewayView> view_;
    config::GatewayConfig config_;
    std::optional<std::string> hash_;
    nlohmann::json layout_ = nullptr;
    std::vector<LogLine> lines_;
    State state_;
};

class FastCrypto final : public Crypto {
public:
    std::string hash_password(std::string_view password) override {
        return std::string(kHashMark) + std::to_string(++hashes_) + "$" + hex(password);
    }
    bool verify_password(std::string_view stored_hash, std::string_view password) override {
        if (!stored_hash.starts_with(kHashMark)) {
            return false;
        }
        const std::size_t dollar = stored_hash.find('$', kHashMark.size());
        return dollar != std::string_view::npos && stored_hash.substr(dollar + 1) == hex(password);
    }
    std::string random_hex(std::size_t bytes) override {
        std::string out;
        while (out.size() < 2 * bytes) {
            // splitmix64: distinct, well-mixed values, so no token is a substring of another by accident.
            state_ += 0x9E3779B97F4A7C15ULL;
            std::uint64_t z = state_;
            z = (z ^ (z >> 30U)) * 0xBF58476D1CE4E5B9ULL;
            z = (z ^ (z >> 27U)) * 0x94D049BB133111EBULL;
            z ^= z >> 31U;
            for (int shift = 60; shift >= 0; shift -= 4) {
                out += "0123456789abcdef"[(z >> static_cast<unsigned>(shift)) & 0xFU];
            }
        }
        out.resize(2 * bytes);
        issued_.push_back(out);
        return out;
    }

    // Every token handed out, oldest first.
    const std::vector<std::string>& issued() const { return issued_; }

private:
    static std::string hex(std::string_view text) {
        std::string out;
        for (const char c : text) {
            const auto byte = static_cast<unsigned char>(c);
            out += "0123456789abcdef"[byte >> 4U];
            out += "0123456789abcdef"[byte & 0xFU];
        }
        return out;
    }

    std::uint64_t state_ = 0x5EED;
    std::uint64_t hashes_ = 0;
    std::vector<std::string> issued_;
};

}  // namespace tbg::api::fuzzing
