#include "core/bank/bank.h"

#include <cassert>

#include "core/bank/aggregate.h"

namespace tbg::bank {

Bank::Bank(const BankConfig& config) {
    set_config(config);
}

void Bank::set_config(const BankConfig& config) {
    config_ = config;
    const StalenessLimits limits = staleness_limits(config);
    for (PackState& pack : packs_) {
        pack.set_limits(limits);
    }
}

PackState& Bank::pack(std::size_t address) {
    assert(address < kMaxPacks);
    return packs_[address];
}

const PackState& Bank::pack(std::size_t address) const {
    assert(address < kMaxPacks);
    return packs_[address];
}

const BankSnapshot& Bank::update(std::uint64_t now_ms) {
    if (updated_ && now_ms > last_update_ms_ && snapshot_.modules_online > 0) {
        const std::uint64_t elapsed_ms = now_ms - last_update_ms_;
        const auto max_gap_ms = static_cast<std::uint64_t>(config_.energy_max_gap_s) * 1000U;
        if (elapsed_ms <= max_gap_ms) {
            energy_.add(snapshot_.power_100uW, elapsed_ms);
        }
    }
    snapshot_ = aggregate(packs_, config_, now_ms);
    snapshot_.charged_Wh = energy_.charged_Wh();
    snapshot_.discharged_Wh = energy_.discharged_Wh();
    updated_ = true;
    last_update_ms_ = now_ms;
    return snapshot_;
}

void Bank::restore_energy(std::uint64_t charged_Wh, std::uint64_t discharged_Wh) {
    energy_.restore(charged_Wh, discharged_Wh);
    snapshot_.charged_Wh = charged_Wh;
    snapshot_.discharged_Wh = discharged_Wh;
}

}  // namespace tbg::bank
