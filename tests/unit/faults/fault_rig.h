// A Gateway and simulated packs on one simulated clock, with faults injected on the wire between them.
//
// The rig asks the simulator (platform/sim SimBus) for the clean reply to every request the gateway sends, keeps it,
// and puts a faulty copy on the wire byte by byte at 9600 baud: line noise (sim::corrupt_frame at noise_ppm), a reply
// cut short, or a collision (a second pack's reply to the same command overlapping it, merged as the wired-AND of
// the two drivers). Whenever the bank stores new analog data the rig checks it is exactly the clean reply to that
// pack's last analog request ("bad input changes nothing"), and hands it to the InvariantChecker, which checks the
// safety invariants on every frame set. Pack behaviour (dropout, slow, wrong address) comes from sim scenarios.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <random>
#include <utility>
#include <vector>

#include "core/app/gateway.h"
#include "platform/sim/sim_bus.h"
#include "tests/unit/faults/invariant_checker.h"

namespace tbg::faults {

struct FaultPlan {
    std::uint32_t noise_ppm = 0;      // share of reply bytes hit (flip, drop or insert), in 1e-6
    std::uint32_t truncate_pct = 0;   // share of replies cut at a random character, 0…100
    std::uint32_t collision_pct = 0;  // share of replies overlapped by another pack's reply, 0…100
};

struct WireStats {
    std::uint32_t requests = 0;
    std::uint32_t replies = 0;  // replies put on the wire
    std::uint32_t damaged = 0;  // of which noise, truncation or a collision changed at least one byte
    std::uint32_t truncated = 0;
    std::uint32_t collided = 0;
    std::uint32_t accepted_analog = 0;  // analog data the bank stored
    // Damaged analog replies whose checksums still held, so the gateway stored them: the Topband CHKSUM is a plain sum
    // of the characters, which two compensating bit errors (one +2^k, one -2^k in the same bit) leave unchanged. The
    // rig checks such a frame really was on the wire; the invariants are checked against what was stored.
    std::uint32_t undetectable = 0;
};

class FaultRig {
public:
    // Packs 0…packs-1 (16S, 7 sensors), each seeded by its address; `seed` drives the faults.
    FaultRig(int packs, const app::GatewaySettings& settings = {}, std::uint32_t seed = 1);

    sim::SimBus& bus() { return bus_; }
    app::Gateway& gateway() { return gateway_; }
    FaultPlan& plan() { return plan_; }
    const InvariantChecker& checker() const { return checker_; }
    const WireStats& stats() const { return stats_; }
    std::uint64_t now() const { return now_ms_; }

    // The serial adapter disappears: bytes in flight are lost, requests go nowhere, the gateway is told (as the
    // daemon does). replug_serial() tells the gateway again, as a reopen does.
    void unplug_serial();
    void replug_serial();

    // Runs the loop to now() + duration_ms; every frame set is checked and kept in sets().
    void run_for(std::uint64_t duration_ms);

    const std::vector<std::pair<std::uint64_t, SentLimits>>& sets() const { return sets_; }

    // Called after every frame set with its time, as the daemon's after_tick() feeds history and energy ledger.
    std::function<void(std::uint64_t now_ms)> after_set;

    // Sum over the packs of the poll errors (every kind) and timeouts the scheduler counted.
    std::uint64_t errors_and_timeouts() const;

private:
    void deliver(std::uint8_t byte);
    void send(const topband::EncodedFrame& request);
    void check_bank();
    std::string faulty_copy(const std::string& clean, std::uint8_t adr, std::uint8_t cid2, bool& truncated,
                            bool& collided);

    app::GatewaySettings settings_;
    sim::SimBus bus_;
    app::Gateway gateway_;
    InvariantChecker checker_;
    FaultPlan plan_;
    WireStats stats_;
    std::mt19937 rng_;
    bool unplugged_ = false;
    std::deque<std::pair<std::uint64_t, std::uint8_t>> pending_;  // (arrival ms, byte)
    std::array<std::optional<topband::AnalogValues>, app::kMaxPacks> last_clean_analog_{};
    std::array<std::string, app::kMaxPacks> last_wire_analog_{};
    std::array<std::optional<std::uint64_t>, app::kMaxPacks> seen_analog_ms_{};
    std::vector<std::pair<std::uint64_t, SentLimits>> sets_;
    std::uint64_t now_ms_ = 0;
};

// Same values, field by field (AnalogValues has no operator==).
bool same_analog(const topband::AnalogValues& a, const topband::AnalogValues& b);

}  // namespace tbg::faults
