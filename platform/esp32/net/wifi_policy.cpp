#include "platform/esp32/net/wifi_policy.h"

#include <algorithm>
#include <limits>

namespace tbg::esp32 {

const char* to_string(WifiMode mode) {
    switch (mode) {
        case WifiMode::kStation:
            return "station";
        case WifiMode::kAccessPoint:
            return "access_point";
        case WifiMode::kStationAndAccessPoint:
            return "station+access_point";
        case WifiMode::kOff:
            break;
    }
    return "off";
}

bool has_access_point(WifiMode mode) {
    return mode == WifiMode::kAccessPoint || mode == WifiMode::kStationAndAccessPoint;
}

bool has_station(WifiMode mode) {
    return mode == WifiMode::kStation || mode == WifiMode::kStationAndAccessPoint;
}

WifiPolicy::WifiPolicy(bool station_configured, std::uint64_t now_ms, WifiPolicyTimings timings)
    : timings_(timings),
      station_configured_(station_configured),
      ap_on_(!station_configured),
      down_since_ms_(now_ms),
      next_attempt_ms_(now_ms) {}

void WifiPolicy::on_connected(std::uint64_t now_ms) {
    if (!station_configured_) {
        return;
    }
    if (!connected_) {
        connected_since_ms_ = now_ms;
    }
    connected_ = true;
    attempting_ = false;
    backoff_ms_ = 0;
}

void WifiPolicy::on_disconnected(std::uint64_t now_ms) {
    if (!station_configured_ || (!connected_ && !attempting_)) {
        return;  // a repeated report of the same failure
    }
    if (connected_) {
        down_since_ms_ = now_ms;
    }
    connected_ = false;
    attempting_ = false;
    ++disconnects_;
    backoff_ms_ =
        backoff_ms_ == 0 ? timings_.min_backoff_ms : std::min<std::uint32_t>(backoff_ms_ * 2, timings_.max_backoff_ms);
    next_attempt_ms_ = now_ms + backoff_ms_;
}

WifiDecision WifiPolicy::decide(std::uint64_t now_ms, bool station_started) {
    if (!station_configured_) {
        return WifiDecision{WifiMode::kAccessPoint, false};
    }
    if (connected_) {
        const std::uint64_t up_ms = now_ms - connected_since_ms_;
        if (ap_on_ && up_ms >= timings_.ap_grace_ms && (ap_clients_ == 0 || up_ms >= timings_.ap_max_grace_ms)) {
            ap_on_ = false;
        }
    } else if (!ap_on_ && now_ms - down_since_ms_ >= timings_.ap_fallback_ms) {
        ap_on_ = true;
    }
    WifiDecision decision;
    decision.mode = ap_on_ ? WifiMode::kStationAndAccessPoint : WifiMode::kStation;
    if (station_started && !connected_ && !attempting_ && now_ms >= next_attempt_ms_) {
        attempting_ = true;
        ++attempts_;
        decision.connect = true;
    }
    return decision;
}

std::uint64_t WifiPolicy::next_check_ms() const {
    std::uint64_t next = std::numeric_limits<std::uint64_t>::max();
    if (!station_configured_) {
        return next;
    }
    if (connected_) {
        if (ap_on_) {
            const std::uint64_t grace_end = connected_since_ms_ + timings_.ap_grace_ms;
            const std::uint64_t max_end = connected_since_ms_ + timings_.ap_max_grace_ms;
            next = ap_clients_ == 0 ? grace_end : max_end;
        }
        return next;
    }
    if (!ap_on_) {
        next = down_since_ms_ + timings_.ap_fallback_ms;
    }
    if (!attempting_) {
        next = std::min(next, next_attempt_ms_);
    }
    return next;
}

}  // namespace tbg::esp32
