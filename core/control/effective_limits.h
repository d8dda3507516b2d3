// The thresholds in force for the present bank: the configured ones, tightened by every online pack's usable 0x47
// limits (a pack's limit only ever makes a threshold stricter, never looser).
//
//  - charge cell cut-off = min(cell_charge_cut_mV, every cell_high_mV); the CCL taper moves down with it;
//  - charge temperatures = hard limits narrowed by every charge_low/high temperature;
//  - discharge cell cut-off = max(cell_discharge_cut_mV, every cell_low_mV); the DCL taper moves up with it;
//  - pack discharge cut-off = max(pack_discharge_cut_dV, every pack_low_10mV);
//  - discharge temperatures = configured limits narrowed by every discharge_low/high temperature;
//  - per-pack current caps = min(configured per-pack current, the pack's 0x47 maximum), 0 for packs not online.
// Pure function of (config, snapshot).
#pragma once

#include <array>
#include <cstdint>

#include "core/bank/bank_snapshot.h"
#include "core/control/control_config.h"

namespace tbg::control {

inline constexpr std::uint8_t kConfigured = 0xFF;  // "source" value: the configured threshold applies

struct EffectiveLimits {
    std::int32_t cell_charge_cut_mV = 0;
    std::int32_t ccl_taper_start_mV = 0;
    std::int32_t ccl_taper_end_mV = 0;
    std::int32_t charge_temp_min_dC = 0;
    std::int32_t charge_temp_max_dC = 0;
    std::int32_t cell_discharge_cut_mV = 0;
    std::int32_t dcl_taper_start_mV = 0;
    std::int32_t dcl_taper_end_mV = 0;
    std::int32_t pack_discharge_cut_10mV = 0;
    std::int32_t discharge_temp_min_dC = 0;
    std::int32_t discharge_temp_max_dC = 0;

    // Address of the pack whose 0x47 value set the threshold, or kConfigured.
    std::uint8_t cell_charge_cut_source = kConfigured;
    std::uint8_t charge_temp_min_source = kConfigured;
    std::uint8_t charge_temp_max_source = kConfigured;
    std::uint8_t cell_discharge_cut_source = kConfigured;
    std::uint8_t pack_discharge_cut_source = kConfigured;
    std::uint8_t discharge_temp_min_source = kConfigured;
    std::uint8_t discharge_temp_max_source = kConfigured;

    std::array<std::int32_t, bank::kMaxPacks> charge_cap_dA{};
    std::array<std::int32_t, bank::kMaxPacks> discharge_cap_dA{};
};

EffectiveLimits effective_limits(const ControlConfig& config, const bank::BankSnapshot& bank);

}  // namespace tbg::control
