// The level of every 0x35A condition (victron-can-bms.md §3.4) from the bank, the thresholds and the cut-offs.
//
//   general              alarm: failsafe or no pack online · warning: a known pack offline, packs with different
//                        cell counts, or a pack's 0x47 limits implausible
//   high_voltage         alarm: pack over-voltage or cell charge cut-off in force, BMS bits 0/58 · warning:
//                        highest cell at the CCL taper end, a pack within the hysteresis of the hard limit, bits 3/40
//   low_voltage          alarm: cell or pack discharge cut-off in force, bits 12/13/28 · warning: lowest cell at the
//                        DCL taper end, a pack within the hysteresis of the pack cut-off, bits 1/7
//   high_temperature     alarm: discharge maximum cut-off, bits 59/66/69, bit 5 on a warm pack · warning: in the
//                        discharge hot derating band, bits 41/43/45/68
//   low_temperature      alarm: discharge minimum cut-off, bit 65, bit 5 on a cold pack · warning: in the discharge
//                        cold derating band, bits 42/44
//   high_temperature_charge / low_temperature_charge: the charge temperature cut-offs, bit 6 on a warm / cold pack;
//                        warning in the charge derating bands
//   high_discharge_current  alarm: bits 4/56 · warning: bit 46
//   high_charge_current     alarm: bit 2 · warning: bit 47
//   contactor            not supported (Topband reports none)
//   short_circuit        alarm: bit 11
//   bms_internal         alarm: failsafe, bits 14/30/50–55, an online pack without cell temperature
//   cell_imbalance       alarm: spread at imbalance_alarm_mV, bit 72 · warning: at imbalance_warning_mV, bit 67
// A pack is "cold" for bits 5/6 when its lowest cell sensor lies below the middle of that direction's temperature
// window. Bits come only from online packs with fresh 0x44 data. In failsafe or with no pack online, general and
// bms_internal (failsafe) are alarms and every other detectable condition reads OK: nothing is known about it.
#pragma once

#include <array>

#include "core/bank/bank_snapshot.h"
#include "core/control/control_config.h"
#include "core/control/control_output.h"
#include "core/control/cutoffs.h"
#include "core/control/effective_limits.h"

namespace tbg::control {

struct AlarmInputs {
    bool failsafe = false;
    bool imbalance_warning = false;  // spread latches with imbalance_hysteresis_mV
    bool imbalance_alarm = false;
};

std::array<AlarmLevel, kAlarmConditionCount> evaluate_alarms(const bank::BankSnapshot& bank,
                                                             const ControlConfig& config, const EffectiveLimits& limits,
                                                             const CutoffLatches& latches, const AlarmInputs& in);

}  // namespace tbg::control
