// Configuration of the bank: how old each data group of a pack may be before it is stale, which packs are expected,
// and the energy integration gap. Every key has a safe default and validated bounds (bank_config_fields()).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "core/bank/config_error.h"

namespace tbg::bank {

inline constexpr std::size_t kMaxPacks = 16;  // RS485 addresses 0…15

struct BankConfig {
    // A pack is online while its 0x42 analog values are at most this old; older data contributes nothing.
    std::int32_t analog_max_age_s = 20;
    // 0x44 alarm/status data older than this is stale: its status bits are no longer reported, but its blocking
    // stays until a newer reply clears it (docs/charge-control.md §2).
    std::int32_t alarm_max_age_s = 60;
    // 0x47 replies older than this are shown as stale; the last plausible limits still apply (they only tighten).
    std::int32_t parameters_max_age_s = 900;
    // 0x51 manufacturer information older than this is not shown as current.
    std::int32_t info_max_age_s = 86400;
    // Bit a set = a pack is expected at address a and counts as offline until it answers. 0 = only packs that have
    // answered at least once are known.
    std::int32_t expected_packs_mask = 0;
    // Energy is integrated only across gaps between two Bank::update() calls of at most this length.
    std::int32_t energy_max_gap_s = 10;

    // Every key outside its bounds; empty when the configuration is usable.
    ConfigErrors validate() const;
};

std::span<const ConfigField<BankConfig>> bank_config_fields();

}  // namespace tbg::bank
