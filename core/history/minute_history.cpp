#include "core/history/minute_history.h"

#include <algorithm>

namespace tbg::history {

namespace {

// sum / count rounded to nearest, halves away from zero. Precondition: count > 0.
std::int64_t rounded_mean(std::int64_t sum, std::int64_t count) {
    return sum >= 0 ? (sum + count / 2) / count : -((-sum + count / 2) / count);
}

}  // namespace

MinuteHistory::MinuteHistory(std::size_t capacity) : ring_(capacity) {}

const HistorySample& MinuteHistory::sample(std::size_t i) const {
    return ring_[(head_ + i) % ring_.size()];
}

HistorySample MinuteHistory::current() const {
    HistorySample sample = current_;
    if (sample.online_adds > 0) {
        const auto count = static_cast<std::int64_t>(sample.online_adds);
        sample.power_W = static_cast<std::int32_t>(rounded_mean(power_sum_W_, count));
        sample.voltage_10mV = static_cast<std::uint16_t>(rounded_mean(voltage_sum_10mV_, count));
        sample.current_dA = static_cast<std::int32_t>(rounded_mean(current_sum_dA_, count));
    }
    return sample;
}

void MinuteHistory::push(const HistorySample& sample) {
    if (ring_.empty()) {
        return;
    }
    if (size_ < ring_.size()) {
        ring_[(head_ + size_) % ring_.size()] = sample;
        ++size_;
    } else {
        ring_[head_] = sample;
        head_ = (head_ + 1) % ring_.size();
    }
}

void MinuteHistory::start_minute(std::uint64_t start_ms, std::optional<std::int64_t> wall_s) {
    minute_start_ms_ = start_ms;
    current_ = HistorySample{};
    current_.wall_valid = wall_s.has_value();
    current_.wall_s = wall_s.value_or(0);
    power_sum_W_ = 0;
    voltage_sum_10mV_ = 0;
    current_sum_dA_ = 0;
}

void MinuteHistory::finish_minute(std::uint64_t now_ms) {
    const std::uint64_t elapsed_minutes = (now_ms - minute_start_ms_) / kMinuteMs;  // ≥ 1
    const HistorySample finished = current();
    push(finished);
    const std::uint64_t skipped = elapsed_minutes - 1;
    const std::uint64_t kept = std::min<std::uint64_t>(skipped, ring_.size());
    for (std::uint64_t minute = skipped - kept + 1; minute <= skipped; ++minute) {
        HistorySample gap{};
        if (finished.wall_valid) {
            gap.wall_valid = true;
            gap.wall_s = finished.wall_s + static_cast<std::int64_t>(minute) * 60;
        }
        push(gap);
    }
    minute_start_ms_ += elapsed_minutes * kMinuteMs;
}

void MinuteHistory::add(const bank::BankSnapshot& bank, std::uint64_t now_ms, std::optional<std::int64_t> wall_s) {
    if (started_ && now_ms < minute_start_ms_) {
        ++rejected_adds_;
        return;
    }
    if (wall_s && (*wall_s < 0 || *wall_s > kMaxWallSeconds)) {
        ++rejected_wall_times_;
        wall_s.reset();
    }
    if (!started_) {
        started_ = true;
        start_minute(now_ms, wall_s);
    } else if (now_ms - minute_start_ms_ >= kMinuteMs) {
        finish_minute(now_ms);
        start_minute(minute_start_ms_, wall_s);
    }
    if (bank.modules_online == 0) {
        return;
    }
    const bool first = current_.online_adds == 0;
    ++current_.online_adds;
    power_sum_W_ += bank.power_W;
    voltage_sum_10mV_ += bank.voltage_10mV;
    current_sum_dA_ += bank.current_dA;
    if (bank.soc_valid) {
        current_.soc_valid = true;
        current_.soc_centipct = bank.soc_centipct;
    }
    if (bank.temp_valid) {
        if (!current_.temp_valid || bank.min_temp.temp_dC < current_.temp_min_dC) {
            current_.temp_min_dC = bank.min_temp.temp_dC;
        }
        if (!current_.temp_valid || bank.max_temp.temp_dC > current_.temp_max_dC) {
            current_.temp_max_dC = bank.max_temp.temp_dC;
        }
        current_.temp_valid = true;
    }
    if (first || bank.min_cell.voltage_mV < current_.cell_min_mV) {
        current_.cell_min_mV = bank.min_cell.voltage_mV;
    }
    if (first || bank.max_cell.voltage_mV > current_.cell_max_mV) {
        current_.cell_max_mV = bank.max_cell.voltage_mV;
    }
}

}  // namespace tbg::history
