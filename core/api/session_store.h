// Login sessions of the one admin user, kept in RAM (a restart logs everyone out).
//
// Tokens come from the platform's cryptographic random source (Crypto::random_hex, 256 bits); they are compared in
// constant time. A session ends `timeout_ms` after its last use. At most `max_sessions` live at once; a new one
// replaces the one used least recently. Thread-safe: every call takes one mutex for a few vector operations.
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace tbg::api {

class SessionStore {
public:
    explicit SessionStore(std::size_t max_sessions = 32) : max_sessions_(max_sessions) {}

    void add(std::string token, std::uint64_t now_ms, std::uint64_t timeout_ms);
    // true when `token` names a live session; its end moves to now + timeout_ms.
    bool touch(std::string_view token, std::uint64_t now_ms, std::uint64_t timeout_ms);
    void remove(std::string_view token);
    // Ends every session but `keep` (e.g. after a password change).
    void remove_all_except(std::string_view keep);
    std::size_t live(std::uint64_t now_ms) const;

private:
    struct Session {
        std::string token;
        std::uint64_t expires_ms;
        std::uint64_t last_used_ms;
    };
    std::size_t find(std::string_view token, std::uint64_t now_ms) const;  // index or sessions_.size()

    std::size_t max_sessions_;
    mutable std::mutex mutex_;
    std::vector<Session> sessions_;
};

// Equality in time independent of where the strings differ (lengths are not secret).
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace tbg::api
