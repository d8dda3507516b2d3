// The cut-offs with hysteresis that stop charging or discharging, and the words for the first cause in force.
//
// Charge stops (CCL 0, CVL pulled down to the pack voltage), in reporting order:
//   any pack above hard_pack_voltage_max_dV (hard) · any cell sensor below the charge minimum or above the charge
//   maximum (hard; hard_charge_temp_*, narrowed by 0x47) · highest cell at or above the charge cut-off · an online
//   pack without a cell sensor (temperature unknown) · every online pack blocks charge.
// Discharge stops (DCL 0): lowest cell at or below the discharge cut-off · any pack below the pack cut-off · any
// cell sensor below the discharge minimum or above the discharge maximum · every online pack blocks discharge.
// Each cut-off releases only once its value is back past the release threshold (the hysteresis keys). Latches are
// updated only while a pack is online; with no data they hold (the controller stops both directions then anyway).
#pragma once

#include "core/bank/bank_snapshot.h"
#include "core/control/control_config.h"
#include "core/control/effective_limits.h"
#include "core/control/latch.h"
#include "core/control/reason_text.h"

namespace tbg::control {

struct CutoffLatches {
    Latch pack_over_voltage;
    Latch charge_cold;
    Latch charge_hot;
    Latch cell_over_voltage;
    Latch cell_under_voltage;
    Latch pack_under_voltage;
    Latch discharge_cold;
    Latch discharge_hot;
};

struct Cutoffs {
    bool hard = false;  // pack over-voltage or a charge temperature cut-off (the always-on rules)
    bool charge_stop = false;
    bool discharge_stop = false;
    ReasonText charge_reason;  // e.g. "pack 3 at 56.62 V, above 56.5 V; resumes at 55.5 V"
    ReasonText discharge_reason;
};

Cutoffs evaluate_cutoffs(const bank::BankSnapshot& bank, const ControlConfig& config, const EffectiveLimits& limits,
                         CutoffLatches& latches);

}  // namespace tbg::control
