// Up to 16 packs on one RS485 bus (slot = address 0…15), aggregated into one BankSnapshot per update().
//
// Owns the pack states, the staleness configuration and the energy counters. The poller stores each decoded reply
// with pack(address).update_*(values, now_ms); the control tick calls update(now_ms) once and hands the snapshot to
// the charge controller. Energy is integrated between consecutive update() calls: the power of the previous
// snapshot held over the elapsed time, skipped when that snapshot had no online pack or the gap exceeds
// energy_max_gap_s. Single-threaded; no allocation after construction.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "core/bank/bank_config.h"
#include "core/bank/bank_snapshot.h"
#include "core/bank/energy_counter.h"
#include "core/bank/pack_state.h"

namespace tbg::bank {

class Bank {
public:
    // Precondition for both: config.validate() is empty.
    explicit Bank(const BankConfig& config = {});
    void set_config(const BankConfig& config);
    const BankConfig& config() const { return config_; }

    // Precondition: address < kMaxPacks.
    PackState& pack(std::size_t address);
    const PackState& pack(std::size_t address) const;

    // Aggregates at now_ms (monotonic), advances the energy counters and returns the new snapshot.
    const BankSnapshot& update(std::uint64_t now_ms);
    const BankSnapshot& snapshot() const { return snapshot_; }

    void restore_energy(std::uint64_t charged_Wh, std::uint64_t discharged_Wh);
    const EnergyCounter& energy() const { return energy_; }

private:
    BankConfig config_;
    std::array<PackState, kMaxPacks> packs_{};
    BankSnapshot snapshot_{};
    EnergyCounter energy_{};
    bool updated_ = false;
    std::uint64_t last_update_ms_ = 0;
};

}  // namespace tbg::bank
