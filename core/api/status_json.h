// The status documents shared by MQTT, the REST API and the WebSocket: the bank as a whole and one pack in detail.
//
// Pure functions of copies of the gateway's state (BankSnapshot, ControlOutput, PackState, PackCounters); no clock,
// no I/O. Units are in the key names (_V, _A, _W, _C, _pct, _Ah, _kWh, _s, _ms); a value that is not known is JSON
// null rather than 0 (no pack online, no SOC, no temperature sensor). Positions are labelled "pack P cell C" with the
// RS485 address P and 1-based cell and sensor numbers. Called from the thread that owns the Gateway; the documents
// are values and may be handed to other threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/app/poll_scheduler.h"
#include "core/bank/bank_snapshot.h"
#include "core/bank/pack_state.h"
#include "core/control/control_output.h"

namespace tbg::api {

std::string_view to_string(app::Presence presence);            // "unknown", "absent", "online", "offline"
std::string_view to_string(bank::SocBasis basis);              // "none", "capacity", "bms", "mixed"
std::string cell_label(std::uint8_t pack, std::uint8_t cell);  // "pack 2 cell 7"

// value / divisor as a JSON number (the shortest text that reads back as this double, e.g. 52.8).
nlohmann::json scaled(std::int64_t value, double divisor);
// An age in ms as seconds, or null when not known.
nlohmann::json age_s(std::optional<std::uint64_t> age_ms);

// {"online": bool, "soc_pct", "soc_basis", "soh_pct", "voltage_V", "current_A", "power_W",
//  "temperature_min_C", "temperature_max_C", "temperature_min_at", "temperature_max_at",
//  "cell_min": {"V", "pack", "cell", "label"}, "cell_max": {…}, "cell_spread_mV", "cells_in_series",
//  "limits": {"cvl_V", "ccl_A", "dcl_A", "dvl_V", "cvl_reason", "ccl_reason", "dcl_reason", "dvl_reason"},
//  "charge_state", "charge_phase", "state_reason", "charge_stopped", "discharge_stopped", "failsafe",
//  "alarms": {"general": "ok", …}, "alarms_active": ["high_voltage", …],
//  "modules": {"online", "offline", "blocking_charge", "blocking_discharge"},
//  "capacity": {"installed_Ah", "available_Ah"}, "energy": {"charged_kWh", "discharged_kWh"}}
nlohmann::json bank_status_json(const bank::BankSnapshot& bank, const control::ControlOutput& output);

// The four limits with their reasons: {"cvl_V", "ccl_A", "dcl_A", "dvl_V", "cvl_reason", …}.
nlohmann::json limits_json(const control::ControlOutput& output);
// Every 0x35A condition by name with its level: {"general": "ok", "high_voltage": "warning", …}.
nlohmann::json alarms_json(const control::ControlOutput& output);
// {"charged_kWh", "discharged_kWh", "charged_Wh", "discharged_Wh"}.
nlohmann::json energy_json(const bank::BankSnapshot& bank);

// One pack: {"address", "presence", "online", "cell_count", "cells_V": […], "cell_min", "cell_max",
//  "cell_spread_mV", "voltage_V", "current_A", "soc_pct", "soh_pct", "cycles", "remaining_Ah", "full_Ah",
//  "temperatures": [{"sensor", "role", "C"}, …], "blocking_charge", "blocking_discharge",
//  "counters": {"polls", "replies", "timeouts", "errors", "response_mean_ms", "response_max_ms"},
//  "data_age_s": {"analog", "alarm", "parameters", "info"}}.
// Cells and temperatures come from the last 0x42 reply whatever its age (see data_age_s.analog); null when none.
nlohmann::json pack_status_json(const bank::PackSummary& summary, const bank::PackState& pack,
                                const app::PackCounters& counters, app::Presence presence, std::uint64_t now_ms);

}  // namespace tbg::api
