#include "core/api/login_limiter.h"

#include <algorithm>

namespace tbg::api {

void LoginLimiter::prune(std::deque<std::uint64_t>& times, std::uint64_t now_ms, std::uint64_t window_ms) {
    while (!times.empty() && times.front() + window_ms <= now_ms) {
        times.pop_front();
    }
}

// With `limit` failures inside the window the client waits until the oldest of the last `limit` leaves it.
std::uint64_t LoginLimiter::wait_for(const std::deque<std::uint64_t>& times, std::size_t limit, std::uint64_t now_ms,
                                     std::uint64_t window_ms) {
    if (limit == 0 || times.size() < limit) {
        return 0;
    }
    const std::uint64_t frees_at = times[times.size() - limit] + window_ms;
    return frees_at > now_ms ? frees_at - now_ms : 0;
}

std::uint64_t LoginLimiter::wait_ms(std::string_view client, std::uint64_t now_ms, std::uint32_t max_failures,
                                    std::uint64_t window_ms) {
    const std::lock_guard lock(mutex_);
    prune(all_, now_ms, window_ms);
    std::uint64_t wait = wait_for(all_, std::size_t{max_failures} * kGlobalFactor, now_ms, window_ms);
    if (const auto it = clients_.find(client); it != clients_.end()) {
        prune(it->second, now_ms, window_ms);
        wait = std::max(wait, wait_for(it->second, max_failures, now_ms, window_ms));
        if (it->second.empty()) {
            clients_.erase(it);
        }
    }
    return wait;
}

void LoginLimiter::record_failure(std::string_view client, std::uint64_t now_ms, std::uint32_t max_failures,
                                  std::uint64_t window_ms) {
    const std::lock_guard lock(mutex_);
    ++failures_total_;
    all_.push_back(now_ms);
    while (all_.size() > std::size_t{max_failures} * kGlobalFactor) {
        all_.pop_front();
    }
    auto it = clients_.find(client);
    if (it == clients_.end()) {
        if (clients_.size() >= kMaxClients) {
            // Forget the client whose newest failure is oldest.
            const auto quietest = std::min_element(clients_.begin(), clients_.end(), [](const auto& a, const auto& b) {
                return (a.second.empty() ? 0 : a.second.back()) < (b.second.empty() ? 0 : b.second.back());
            });
            clients_.erase(quietest);
        }
        it = clients_.emplace(std::string(client), std::deque<std::uint64_t>{}).first;
    }
    prune(it->second, now_ms, window_ms);
    it->second.push_back(now_ms);
    while (it->second.size() > max_failures) {
        it->second.pop_front();
    }
}

void LoginLimiter::record_success(std::string_view client) {
    const std::lock_guard lock(mutex_);
    if (const auto it = clients_.find(client); it != clients_.end()) {
        clients_.erase(it);
    }
}

std::size_t LoginLimiter::clients() const {
    const std::lock_guard lock(mutex_);
    return clients_.size();
}

std::uint64_t LoginLimiter::failures_total() const {
    const std::lock_guard lock(mutex_);
    return failures_total_;
}

}  // namespace tbg::api
