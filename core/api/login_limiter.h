// Rate limit of failed logins: at most `max_failures` per client address within a sliding window, and four times
// that across all clients (so many addresses cannot guess together). A success clears the client's failures.
//
// Bounded memory: failures are kept for at most kMaxClients addresses (the quietest is forgotten first). Time is
// the caller's monotonic ms. Thread-safe (one mutex).
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

namespace tbg::api {

class LoginLimiter {
public:
    static constexpr std::size_t kMaxClients = 256;
    static constexpr std::uint32_t kGlobalFactor = 4;

    // ms `client` must wait before its next attempt; 0 = it may try now.
    std::uint64_t wait_ms(std::string_view client, std::uint64_t now_ms, std::uint32_t max_failures,
                          std::uint64_t window_ms);
    void record_failure(std::string_view client, std::uint64_t now_ms, std::uint32_t max_failures,
                        std::uint64_t window_ms);
    void record_success(std::string_view client);
    std::uint64_t failures_total() const;
    std::size_t clients() const;  // addresses with failures on record

private:
    static void prune(std::deque<std::uint64_t>& times, std::uint64_t now_ms, std::uint64_t window_ms);
    static std::uint64_t wait_for(const std::deque<std::uint64_t>& times, std::size_t limit, std::uint64_t now_ms,
                                  std::uint64_t window_ms);

    mutable std::mutex mutex_;
    std::map<std::string, std::deque<std::uint64_t>, std::less<>> clients_;
    std::deque<std::uint64_t> all_;
    std::uint64_t failures_total_ = 0;
};

}  // namespace tbg::api
