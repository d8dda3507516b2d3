// Pure aggregation of pack states into a BankSnapshot (energy counters left at 0; Bank fills them).
//
// Rules (issue 3, item 2), over online packs only:
//  - SOC = Σ min(remaining, full) / Σ full. A pack without capacities but with a BMS SOC byte of 0…100 enters with
//    its BMS SOC, weighted by the mean full capacity of the packs that report one (equal weights when none does).
//  - SOH weighted the same way; current = Σ; voltage = mean; power = Σ pack voltage × pack current.
//  - Cell extremes over all cells; temperature extremes over cell sensors only (cell-group role, and unknown roles,
//    which safety code must treat as cell sensors); MOSFET, environment and balancer sensors never enter.
//  - Installed capacity = Σ full, available = Σ min(remaining, full).
//  - Blocking counts from the last 0x44 reply of each online pack whatever its age (blocking.h): a protection stays
//    until a newer reply clears it. A pack that has sent no 0x44 yet counts as not blocking (alarm_seen false; the
//    controller leaves it out of the current sums). 0x47 limits: the last plausible reply whatever its age.
// Ties between equal extremes go to the lowest address, then the lowest cell or sensor number.
#pragma once

#include <array>
#include <cstdint>

#include "core/bank/bank_config.h"
#include "core/bank/bank_snapshot.h"
#include "core/bank/pack_state.h"

namespace tbg::bank {

PackSummary summarize_pack(const PackState& pack, std::uint8_t address, bool expected, std::uint64_t now_ms);

BankSnapshot aggregate(const std::array<PackState, kMaxPacks>& packs, const BankConfig& config, std::uint64_t now_ms);

}  // namespace tbg::bank
