// What the charge controller decides at one tick: the four 0x351 limits with a reason each, the charge state, the
// 0x35A condition levels, the Pylontech 0x35C request flags and whether to transmit at all.
//
// Guarantees (tested as properties, docs/charge-control.md): 0 < cvl_dV ≤ cvl_max_dV; ccl_dA and dcl_dA lie in
// 0…kMaxCurrentDa; when charging must stop, ccl_dA = 0 and cvl_dV ≤ the present pack voltage rounded up to 0.1 V;
// when discharging must stop, dcl_dA = 0.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/control/reason_text.h"

namespace tbg::control {

inline constexpr std::int32_t kMaxCurrentDa = 32767;  // s16 field of 0x351, 3276.7 A

// Reported state: failsafe and blocked override the charge phase underneath.
enum class ChargeState : std::uint8_t { kBulk, kAbsorption, kFloat, kBlocked, kFailsafe };
enum class ChargePhase : std::uint8_t { kBulk, kAbsorption, kFloat };
std::string_view to_string(ChargeState state);  // "bulk", "absorption", "float", "blocked", "failsafe"
std::string_view to_string(ChargePhase phase);

// The 0x35A conditions in wire order (victron-can-bms.md §3.4; ids as in victron-can-vectors.json).
enum class AlarmCondition : std::uint8_t {
    kGeneral,
    kHighVoltage,
    kLowVoltage,
    kHighTemperature,
    kLowTemperature,
    kHighTemperatureCharge,
    kLowTemperatureCharge,
    kHighDischargeCurrent,
    kHighChargeCurrent,
    kContactor,
    kShortCircuit,
    kBmsInternal,
    kCellImbalance,
};
inline constexpr std::size_t kAlarmConditionCount = 13;
std::string_view to_string(AlarmCondition condition);  // "general", "high_voltage", …, "cell_imbalance"

// kNotSupported: cannot be detected from Topband data (only the contactor). kWarning: the warning is raised, the
// alarm is OK. kAlarm: the alarm is raised (a condition with a warning stage then has its warning raised too).
enum class AlarmLevel : std::uint8_t { kNotSupported, kOk, kWarning, kAlarm };
std::string_view to_string(AlarmLevel level);  // "not_supported", "ok", "warning", "alarm"

// Pylontech 0x35C byte 0 (victron-can-bms.md §9).
struct RequestFlags {
    bool charge_enable = false;     // bit 7
    bool discharge_enable = false;  // bit 6
    bool force_charge_1 = false;    // bit 5: discharge stopped by under-voltage, the battery may shut down
    bool force_charge_2 = false;    // bit 4: SOC or lowest cell low, charge before shutdown
    bool full_charge = false;       // bit 3: a periodic full charge is due and not yet completed
};

struct ControlOutput {
    std::int32_t cvl_dV = 0;  // charge voltage limit, 0.1 V
    std::int32_t ccl_dA = 0;  // charge current limit, 0.1 A
    std::int32_t dcl_dA = 0;  // discharge current limit, 0.1 A (positive)
    std::int32_t dvl_dV = 0;  // discharge voltage limit, 0.1 V (the GX ignores it)
    ReasonText cvl_reason;    // e.g. "CVL 55.2 V: bulk, 16 × 3.450 V"
    ReasonText ccl_reason;    // e.g. "CCL 12.0 A: pack 2 cell 7 at 3.520 V"
    ReasonText dcl_reason;
    ReasonText dvl_reason;

    ChargeState state = ChargeState::kFailsafe;
    ChargePhase phase = ChargePhase::kBulk;
    ReasonText state_reason;  // why the state or phase was entered

    bool charge_stopped = true;     // a cut-off, blocking packs, no data or failsafe: CCL 0, CVL pulled down
    bool discharge_stopped = true;  // DCL 0
    bool hard_cutoff = false;       // one of the always-on rules (pack voltage, cell temperature) holds
    bool failsafe = true;
    bool transmit = true;  // false only in failsafe with failsafe_silence: send nothing

    std::array<AlarmLevel, kAlarmConditionCount> alarms{};
    RequestFlags requests;

    std::uint64_t since_full_charge_ms = 0;  // time since the last completed absorption (or controller start)

    AlarmLevel alarm(AlarmCondition condition) const { return alarms[static_cast<std::size_t>(condition)]; }
    AlarmLevel& alarm(AlarmCondition condition) { return alarms[static_cast<std::size_t>(condition)]; }
};

}  // namespace tbg::control
