// Bus-off recovery policy (twai_recovery.h).
#include "platform/esp32/twai_recovery.h"

#include <algorithm>

namespace tbg::esp32 {

TwaiRecoveryAction TwaiRecovery::attempt(std::uint64_t now_ms) {
    attempted_ = true;
    ++counters_.recovery_attempts;
    next_attempt_ms_ = now_ms + retry_interval_ms_;
    grow_interval();
    return TwaiRecoveryAction::kInitiateRecovery;
}

void TwaiRecovery::grow_interval() {
    retry_interval_ms_ = std::min(retry_interval_ms_ * 2, kMaxRetryMs);
}

TwaiRecoveryAction TwaiRecovery::step(const TwaiRecoveryInput& input, std::uint64_t now_ms) {
    const bool bus_off = input.state == TwaiBusState::kBusOff || input.bus_off_alert;
    if (!in_episode_ && bus_off) {
        in_episode_ = true;
        attempted_ = false;
        ++counters_.bus_off_events;
        const bool recently_ended = ever_ended_ && now_ms - running_since_ms_ < kStableMs;
        if (!recently_ended) {
            retry_interval_ms_ = kFirstRetryMs;
            next_attempt_ms_ = now_ms;
        } else {
            next_attempt_ms_ = now_ms + retry_interval_ms_;
            grow_interval();
        }
    }
    if (!in_episode_) {
        if (input.state == TwaiBusState::kRunning && ever_ended_ && now_ms - running_since_ms_ >= kStableMs) {
            retry_interval_ms_ = kFirstRetryMs;
        }
        return TwaiRecoveryAction::kNone;
    }
    switch (input.state) {
        case TwaiBusState::kRunning:
            in_episode_ = false;
            ever_ended_ = true;
            running_since_ms_ = now_ms;
            ++counters_.recoveries;
            return TwaiRecoveryAction::kNone;
        case TwaiBusState::kStopped:
            // Recovered (the alert may have been missed: the state is the truth), or never bus-off at all.
            return TwaiRecoveryAction::kStart;
        case TwaiBusState::kBusOff:
        case TwaiBusState::kRecovering:
            if (input.recovered_alert && input.state == TwaiBusState::kRecovering) {
                return TwaiRecoveryAction::kNone;  // the state catches up at the next call
            }
            if (now_ms >= next_attempt_ms_) {
                return attempt(now_ms);
            }
            return TwaiRecoveryAction::kNone;
    }
    return TwaiRecoveryAction::kNone;
}

}  // namespace tbg::esp32
