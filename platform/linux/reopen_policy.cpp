#include "platform/linux/reopen_policy.h"

#include <algorithm>

namespace tbg::platform {

namespace {

ReopenPolicyConfig sanitised(ReopenPolicyConfig config) {
    config.initial_delay_ms = std::max<std::uint32_t>(config.initial_delay_ms, 1);
    config.max_delay_ms = std::max(config.max_delay_ms, config.initial_delay_ms);
    return config;
}

}  // namespace

ReopenPolicy::ReopenPolicy(ReopenPolicyConfig config)
    : config_(sanitised(config)), delay_ms_(config_.initial_delay_ms) {}

void ReopenPolicy::on_failure(std::uint64_t now_ms) {
    next_attempt_ms_ = now_ms + delay_ms_;
    delay_ms_ = delay_ms_ > config_.max_delay_ms / 2 ? config_.max_delay_ms : delay_ms_ * 2;
    if (consecutive_failures_ != UINT32_MAX) {
        ++consecutive_failures_;
    }
}

void ReopenPolicy::on_success() {
    delay_ms_ = config_.initial_delay_ms;
    next_attempt_ms_ = 0;
    consecutive_failures_ = 0;
}

}  // namespace tbg::platform
