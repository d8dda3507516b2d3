// The bank's recent history in RAM, one HistorySample per minute (48 h by default), for the dashboard's charts.
//
// add() is called about once a second with the newest BankSnapshot, the monotonic time now_ms and, when the wall
// clock is set, unix seconds wall_s. Minutes are consecutive 60 000 ms buckets of monotonic time, the first one
// starting at the first add(). A finished minute goes into a fixed-capacity ring (oldest dropped); each wholly
// skipped minute (no add at all) goes in as a gap with wall time estimated as the previous minute's + 60 s per
// minute; at most `capacity` of them, so a very long stall leaves a ring of gaps. An add with now_ms before the
// current minute's start is ignored and counted, as is a wall_s outside 0…kMaxWallSeconds (taken as missing).
//
// Means are integer sums (int64) divided with rounding to nearest (halves away from zero). Single-threaded: owned
// by the platform's loop thread; samples are values and may be copied to other threads. No allocation after
// construction.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "core/bank/bank_snapshot.h"
#include "core/history/history_sample.h"

namespace tbg::history {

class MinuteHistory {
public:
    static constexpr std::size_t kDefaultCapacity = 2880;  // 48 h
    static constexpr std::uint64_t kMinuteMs = 60'000;
    static constexpr std::int64_t kMaxWallSeconds = std::int64_t{1} << 40;

    // capacity: finished minutes kept (0 keeps none; current() still works).
    explicit MinuteHistory(std::size_t capacity = kDefaultCapacity);

    void add(const bank::BankSnapshot& bank, std::uint64_t now_ms, std::optional<std::int64_t> wall_s);

    // Finished minutes, oldest first. Precondition of sample(): i < size().
    std::size_t size() const { return size_; }
    std::size_t capacity() const { return ring_.size(); }
    const HistorySample& sample(std::size_t i) const;

    // The minute in progress: the values so far (a gap until an online add). Empty before the first add().
    HistorySample current() const;
    bool started() const { return started_; }

    std::uint64_t rejected_adds() const { return rejected_adds_; }              // now_ms before the current minute
    std::uint64_t rejected_wall_times() const { return rejected_wall_times_; }  // wall_s out of range

private:
    void push(const HistorySample& sample);
    void finish_minute(std::uint64_t now_ms);
    void start_minute(std::uint64_t start_ms, std::optional<std::int64_t> wall_s);

    std::vector<HistorySample> ring_;  // sized at construction
    std::size_t head_ = 0;             // index of the oldest sample
    std::size_t size_ = 0;

    bool started_ = false;
    std::uint64_t minute_start_ms_ = 0;
    HistorySample current_{};  // extremes, last SOC, wall time and count; the means are in the sums
    std::int64_t power_sum_W_ = 0;
    std::int64_t voltage_sum_10mV_ = 0;
    std::int64_t current_sum_dA_ = 0;

    std::uint64_t rejected_adds_ = 0;
    std::uint64_t rejected_wall_times_ = 0;
};

}  // namespace tbg::history
