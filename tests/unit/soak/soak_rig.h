// The 30-day soak rig: app::Gateway (scheduler, bank, charge controller, CAN encoder) polling DayCycleBank packs at
// reply level, with the frame log, minute history and energy ledger fed as targets/linux/daemon.cpp feeds them
// (after every CAN tick: history.add(snapshot, now, unix s), ledger.update(counters, local date)), on an injected
// monotonic clock and a Europe/Berlin wall clock. Every CAN tick is checked against the safety invariants.
//
// Two ways to move time, both continuous (no jump of the clock the gateway does not see):
//   run_dense(end)   every event in order: requests, whole replies after their 9600-baud wire time + 20 ms, every
//                    CAN deadline exactly on time (the cadence is checked to the millisecond);
//   run_coarse(end)  steps of coarse_step_ms (120 s): a burst of dense operation until every answering pack has
//                    given a fresh 0x42 reply (at most 30 s; 0x44 comes as the scheduler orders it), then the bus
//                    stays quiet until the step's end, with one late CAN tick every coarse_tick_ms (60 s, so that
//                    every history minute gets an update) skipping the deadlines in between: the gateway counts them
//                    as missed_ticks, the rig checks that they are counted exactly and that the deadline grid holds.
// Coarse steps need bank staleness, the energy gap and the comm-loss timeout above the step; soak_settings() raises
// them within their validated ranges.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/api/frame_log.h"
#include "core/app/gateway.h"
#include "core/history/energy_ledger.h"
#include "core/history/minute_history.h"
#include "tests/unit/soak/berlin_clock.h"
#include "tests/unit/soak/day_cycle_bank.h"

namespace tbg::soak {

// Gateway defaults, except: packs 0 … packs − 1 plus one empty address polled (every 10 min), 0x44 every 60 s, analog
// and alarm staleness, energy gap and comm-loss timeout 300 s (the coarse steps are 120 s; all within their
// validated ranges).
app::GatewaySettings soak_settings(int packs);

struct SoakOptions {
    int packs = 3;
    std::uint64_t start_mono_ms = 0;
    std::int64_t start_unix_s = 0;
    std::uint32_t coarse_step_ms = 120'000;  // one burst of polling per step
    std::uint32_t coarse_tick_ms = 60'000;   // one CAN tick (and history/ledger update) per this, at least
};

// The first and last monotonic ms of the after-tick updates that saw a local date, and how many there were.
struct DateSpan {
    std::uint64_t first_ms = 0;
    std::uint64_t last_ms = 0;
    std::uint64_t updates = 0;
};

class SoakRig {
public:
    explicit SoakRig(const SoakOptions& options);

    void run_dense(std::uint64_t end_ms);
    void run_coarse(std::uint64_t end_ms);

    app::Gateway& gateway() { return gateway_; }
    DayCycleBank& packs() { return packs_; }
    const history::MinuteHistory& history() const { return history_; }
    history::EnergyLedger& ledger() { return ledger_; }
    const api::FrameLog& frames() const { return frames_; }
    std::uint64_t now_ms() const { return now_ms_; }
    std::int64_t unix_s(std::uint64_t mono_ms) const;
    LocalTime local(std::uint64_t mono_ms) const { return berlin_local(unix_s(mono_ms)); }

    // Invariant violations seen so far (the first 50 described; count() has all).
    const std::vector<std::string>& violations() const { return violations_; }
    std::uint64_t violation_count() const { return violation_count_; }

    std::uint64_t ticks() const { return ticks_; }              // CAN ticks (sets encoded + silenced)
    std::uint64_t dense_ticks() const { return dense_ticks_; }  // of them on time in run_dense
    std::uint64_t coarse_steps() const { return coarse_steps_; }
    std::uint64_t after_ticks() const { return after_ticks_; }
    std::uint64_t failsafe_ticks() const { return failsafe_ticks_; }
    std::uint64_t transactions() const { return transactions_; }
    std::optional<std::uint64_t> first_can_ms() const { return first_can_ms_; }
    const std::map<history::CivilDate, DateSpan>& dates() const { return dates_; }

private:
    // Runs events until end_ms. With burst_until_ms (a coarse step's burst) it stops, before the next request and
    // with no reply on the wire, once every answering pack has a fresh 0x42 reply or burst_until_ms passed.
    void events(std::uint64_t end_ms, bool dense, std::optional<std::uint64_t> burst_until_ms);
    void on_tick(std::uint64_t now_ms, const can::FrameSet* set, bool dense);
    void after_tick(std::uint64_t now_ms);
    void coarse_tick();  // a late CAN tick at now_ms, if one is due
    void violation(std::string text);

    SoakOptions options_;
    app::GatewaySettings settings_;
    app::Gateway gateway_;
    DayCycleBank packs_;
    api::FrameLog frames_;
    history::MinuteHistory history_;
    history::EnergyLedger ledger_;
    std::deque<std::pair<std::uint64_t, std::string>> replies_;  // (arrival ms, '~' … CR)
    std::uint64_t now_ms_;

    std::vector<std::string> violations_;
    std::uint64_t violation_count_ = 0;
    std::uint64_t ticks_ = 0;
    std::uint64_t dense_ticks_ = 0;
    std::uint64_t coarse_steps_ = 0;
    std::uint64_t after_ticks_ = 0;
    std::uint64_t failsafe_ticks_ = 0;
    std::uint64_t transactions_ = 0;
    std::optional<std::uint64_t> first_can_ms_;
    std::optional<std::pair<std::uint64_t, control::ControlOutput>> last_output_;  // (tick ms, output)
    std::uint64_t last_charged_mWh_ = 0;
    std::uint64_t last_discharged_mWh_ = 0;
    std::map<history::CivilDate, DateSpan> dates_;
};

}  // namespace tbg::soak
