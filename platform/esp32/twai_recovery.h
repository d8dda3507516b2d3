// The bus-off recovery policy of the TWAI adapter, as pure logic: what to do now, given the controller's state, the
// alerts read since the last call and the time. No ESP-IDF types; the adapter (twai_can.h) maps them and executes the
// action.
//
// The controller's way back from bus-off (ESP-IDF TWAI "Bus Recovery"): bus-off → twai_initiate_recovery() →
// recovering → (128 × 11 recessive bits seen on the bus) → stopped + TWAI_ALERT_BUS_RECOVERED → twai_start() →
// running. Decisions:
// - Bus-off: initiate recovery once at once — unless the previous episode ended less than kStableMs ago, in which case
//   the first attempt waits the current back-off (a bus that keeps failing is not hammered).
// - Still bus-off or still recovering after an attempt: the attempt is repeated after the back-off interval, which
//   doubles from kFirstRetryMs up to kMaxRetryMs. (While the controller is recovering, the driver refuses the repeat
//   with ESP_ERR_INVALID_STATE, harmlessly; it matters when the controller fell back to bus-off or the attempt was
//   refused.) A recovery never completes while the bus stays dominant (short circuit): then the retries continue at
//   kMaxRetryMs.
// - Stopped after a recovery (alert or state): start, on every call until the controller runs.
// - Running: nothing. After kStableMs of running the back-off returns to its first step.
// The caller decides whether the bus should run at all (it does not call step() after close()).
//
// Threading: not thread-safe; one instance per controller, driven by one task.
#pragma once

#include <cstdint>

namespace tbg::esp32 {

enum class TwaiBusState : std::uint8_t { kStopped, kRunning, kBusOff, kRecovering };

struct TwaiRecoveryInput {
    TwaiBusState state = TwaiBusState::kStopped;
    bool bus_off_alert = false;    // TWAI_ALERT_BUS_OFF raised since the last step()
    bool recovered_alert = false;  // TWAI_ALERT_BUS_RECOVERED raised since the last step()
};

enum class TwaiRecoveryAction : std::uint8_t { kNone, kInitiateRecovery, kStart };

struct TwaiRecoveryCounters {
    std::uint32_t bus_off_events = 0;     // episodes: bus-off seen while the previous episode had ended
    std::uint32_t recovery_attempts = 0;  // kInitiateRecovery returned
    std::uint32_t recoveries = 0;         // episodes that ended with the controller running again
};

class TwaiRecovery {
public:
    static constexpr std::uint32_t kFirstRetryMs = 100;
    static constexpr std::uint32_t kMaxRetryMs = 5'000;
    static constexpr std::uint32_t kStableMs = 10'000;

    // One decision. Call every 10–100 ms with monotonic `now_ms`.
    TwaiRecoveryAction step(const TwaiRecoveryInput& input, std::uint64_t now_ms);

    bool in_episode() const { return in_episode_; }
    // The wait before the next repeated attempt (kFirstRetryMs … kMaxRetryMs).
    std::uint32_t retry_interval_ms() const { return retry_interval_ms_; }
    const TwaiRecoveryCounters& counters() const { return counters_; }

private:
    TwaiRecoveryAction attempt(std::uint64_t now_ms);
    void grow_interval();

    bool in_episode_ = false;
    bool attempted_ = false;             // an attempt was made in this episode
    std::uint64_t next_attempt_ms_ = 0;  // when the next attempt is due (episode only)
    std::uint32_t retry_interval_ms_ = kFirstRetryMs;
    bool ever_ended_ = false;
    std::uint64_t running_since_ms_ = 0;  // the last episode's end (valid when ever_ended_)
    TwaiRecoveryCounters counters_;
};

}  // namespace tbg::esp32
