// The charge and discharge current targets while the direction is allowed (before the ramp).
//
// Base = Σ per-pack caps (EffectiveLimits) over online packs that have sent a 0x44 reply (alarm_seen; a pack before
// its first one could be blocking) and do not block the direction. The base is scaled by
// the smallest of these factors (per mille, taper.h), and the reason names the one that binds:
//   CCL: highest cell (rising taper from ccl_taper_start to ccl_taper_end, then to 0 at the cut-off), lowest and
//        highest cell temperature (derating bands inside the charge limits), SOC (above soc_taper_start_centipct);
//   DCL: lowest cell (falling taper from dcl_taper_start to dcl_taper_end, then to 0 at the cut-off), lowest and
//        highest cell temperature (derating bands inside the discharge limits).
// The result is clamped to 0…kMaxCurrentDa. Pure functions.
#pragma once

#include <cstdint>

#include "core/bank/bank_snapshot.h"
#include "core/control/control_config.h"
#include "core/control/effective_limits.h"
#include "core/control/reason_text.h"

namespace tbg::control {

struct CurrentTarget {
    std::int32_t target_dA = 0;
    std::int32_t base_dA = 0;  // before the factors
    std::int32_t permille = 1000;
    ReasonText reason;  // e.g. "pack 2 cell 7 at 3.520 V" or "2 packs × 50.0 A"
};

CurrentTarget charge_current_target(const bank::BankSnapshot& bank, const ControlConfig& config,
                                    const EffectiveLimits& limits);
CurrentTarget discharge_current_target(const bank::BankSnapshot& bank, const ControlConfig& config,
                                       const EffectiveLimits& limits);

}  // namespace tbg::control
