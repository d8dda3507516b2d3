#include "core/api/session_store.h"

#include <algorithm>

namespace tbg::api {

bool constant_time_equal(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) {
        return false;
    }
    unsigned difference = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        difference |= static_cast<unsigned>(static_cast<unsigned char>(a[i]) ^ static_cast<unsigned char>(b[i]));
    }
    return difference == 0;
}

std::size_t SessionStore::find(std::string_view token, std::uint64_t now_ms) const {
    std::size_t found = sessions_.size();
    for (std::size_t i = 0; i < sessions_.size(); ++i) {  // every entry is compared: no early exit
        if (constant_time_equal(sessions_[i].token, token) && sessions_[i].expires_ms > now_ms) {
            found = i;
        }
    }
    return found;
}

void SessionStore::add(std::string token, std::uint64_t now_ms, std::uint64_t timeout_ms) {
    const std::lock_guard lock(mutex_);
    std::erase_if(sessions_, [&](const Session& s) { return s.expires_ms <= now_ms; });
    if (sessions_.size() >= max_sessions_ && !sessions_.empty()) {
        const auto oldest =
            std::min_element(sessions_.begin(), sessions_.end(),
                             [](const Session& a, const Session& b) { return a.last_used_ms < b.last_used_ms; });
        sessions_.erase(oldest);
    }
    sessions_.push_back(Session{std::move(token), now_ms + timeout_ms, now_ms});
}

bool SessionStore::touch(std::string_view token, std::uint64_t now_ms, std::uint64_t timeout_ms) {
    if (token.empty()) {
        return false;
    }
    const std::lock_guard lock(mutex_);
    const std::size_t index = find(token, now_ms);
    if (index == sessions_.size()) {
        return false;
    }
    sessions_[index].expires_ms = now_ms + timeout_ms;
    sessions_[index].last_used_ms = now_ms;
    return true;
}

void SessionStore::remove(std::string_view token) {
    const std::lock_guard lock(mutex_);
    std::erase_if(sessions_, [&](const Session& s) { return constant_time_equal(s.token, token); });
}

void SessionStore::remove_all_except(std::string_view keep) {
    const std::lock_guard lock(mutex_);
    std::erase_if(sessions_, [&](const Session& s) { return !constant_time_equal(s.token, keep); });
}

std::size_t SessionStore::live(std::uint64_t now_ms) const {
    const std::lock_guard lock(mutex_);
    return static_cast<std::size_t>(
        std::count_if(sessions_.begin(), sessions_.end(), [&](const Session& s) { return s.expires_ms > now_ms; }));
}

}  // namespace tbg::api
