#include "core/api/status_json.h"

#include <cmath>

namespace tbg::api {

using nlohmann::json;

json scaled(std::int64_t value, double divisor) {
    return static_cast<double>(value) / divisor;
}

json age_s(std::optional<std::uint64_t> age_ms) {
    return age_ms ? scaled(static_cast<std::int64_t>(*age_ms), 1000.0) : json(nullptr);
}

namespace {

json cell_json(const bank::CellExtreme& cell) {
    return {{"V", scaled(cell.voltage_mV, 1000.0)},
            {"pack", cell.pack},
            {"cell", cell.cell},
            {"label", cell_label(cell.pack, cell.cell)}};
}

std::string sensor_label(const bank::TemperatureExtreme& temp) {
    return "pack " + std::to_string(temp.pack) + " sensor " + std::to_string(temp.sensor);
}

json age_json(const bank::PackState& pack, bank::DataGroup group, std::uint64_t now_ms) {
    const auto age = pack.age_ms(group, now_ms);
    return age ? scaled(static_cast<std::int64_t>(*age), 1000.0) : json(nullptr);
}

}  // namespace

std::string_view to_string(app::Presence presence) {
    switch (presence) {
        case app::Presence::kUnknown:
            return "unknown";
        case app::Presence::kAbsent:
            return "absent";
        case app::Presence::kOnline:
            return "online";
        case app::Presence::kOffline:
            return "offline";
    }
    return "unknown";
}

std::string_view to_string(bank::SocBasis basis) {
    switch (basis) {
        case bank::SocBasis::kNone:
            return "none";
        case bank::SocBasis::kCapacity:
            return "capacity";
        case bank::SocBasis::kBms:
            return "bms";
        case bank::SocBasis::kMixed:
            return "mixed";
    }
    return "none";
}

std::string cell_label(std::uint8_t pack, std::uint8_t cell) {
    return "pack " + std::to_string(pack) + " cell " + std::to_string(cell);
}

json limits_json(const control::ControlOutput& output) {
    return {{"cvl_V", scaled(output.cvl_dV, 10.0)},   {"ccl_A", scaled(output.ccl_dA, 10.0)},
            {"dcl_A", scaled(output.dcl_dA, 10.0)},   {"dvl_V", scaled(output.dvl_dV, 10.0)},
            {"cvl_reason", output.cvl_reason.view()}, {"ccl_reason", output.ccl_reason.view()},
            {"dcl_reason", output.dcl_reason.view()}, {"dvl_reason", output.dvl_reason.view()}};
}

json alarms_json(const control::ControlOutput& output) {
    json alarms = json::object();
    for (std::size_t i = 0; i < control::kAlarmConditionCount; ++i) {
        const auto condition = static_cast<control::AlarmCondition>(i);
        alarms[std::string(control::to_string(condition))] = control::to_string(output.alarm(condition));
    }
    return alarms;
}

json energy_json(const bank::BankSnapshot& bank) {
    return {{"charged_kWh", scaled(static_cast<std::int64_t>(bank.charged_Wh), 1000.0)},
            {"discharged_kWh", scaled(static_cast<std::int64_t>(bank.discharged_Wh), 1000.0)},
            {"charged_Wh", bank.charged_Wh},
            {"discharged_Wh", bank.discharged_Wh}};
}

json bank_status_json(const bank::BankSnapshot& bank, const control::ControlOutput& output) {
    const bool online = bank.modules_online > 0;
    json doc;
    doc["online"] = online;
    doc["soc_pct"] = online && bank.soc_valid ? scaled(bank.soc_centipct, 100.0) : json(nullptr);
    doc["soc_basis"] = to_string(online ? bank.soc_basis : bank::SocBasis::kNone);
    doc["soh_pct"] = online && bank.soh_valid ? json(bank.soh_pct) : json(nullptr);
    doc["voltage_V"] = online ? scaled(bank.voltage_10mV, 100.0) : json(nullptr);
    doc["current_A"] = online ? scaled(bank.current_dA, 10.0) : json(nullptr);
    doc["power_W"] = online ? json(bank.power_W) : json(nullptr);
    const bool temps = online && bank.temp_valid;
    doc["temperature_min_C"] = temps ? scaled(bank.min_temp.temp_dC, 10.0) : json(nullptr);
    doc["temperature_max_C"] = temps ? scaled(bank.max_temp.temp_dC, 10.0) : json(nullptr);
    doc["temperature_min_at"] = temps ? json(sensor_label(bank.min_temp)) : json(nullptr);
    doc["temperature_max_at"] = temps ? json(sensor_label(bank.max_temp)) : json(nullptr);
    doc["cell_min"] = online ? cell_json(bank.min_cell) : json(nullptr);
    doc["cell_max"] = online ? cell_json(bank.max_cell) : json(nullptr);
    doc["cell_spread_mV"] = online ? json(bank.cell_spread_mV) : json(nullptr);
    doc["cells_in_series"] = online ? json(bank.cells_in_series) : json(nullptr);
    doc["limits"] = limits_json(output);
    doc["charge_state"] = control::to_string(output.state);
    doc["charge_phase"] = control::to_string(output.phase);
    doc["state_reason"] = output.state_reason.view();
    doc["charge_stopped"] = output.charge_stopped;
    doc["discharge_stopped"] = output.discharge_stopped;
    doc["failsafe"] = output.failsafe;
    doc["alarms"] = alarms_json(output);
    json active = json::array();
    for (std::size_t i = 0; i < control::kAlarmConditionCount; ++i) {
        const auto condition = static_cast<control::AlarmCondition>(i);
        if (output.alarm(condition) == control::AlarmLevel::kWarning ||
            output.alarm(condition) == control::AlarmLevel::kAlarm) {
            active.push_back(control::to_string(condition));
        }
    }
    doc["alarms_active"] = active;
    doc["modules"] = {{"online", bank.modules_online},
                      {"offline", bank.modules_offline},
                      {"blocking_charge", bank.modules_blocking_charge},
                      {"blocking_discharge", bank.modules_blocking_discharge}};
    doc["capacity"] = {{"installed_Ah", scaled(bank.installed_capacity_10mAh, 100.0)},
                       {"available_Ah", scaled(bank.available_capacity_10mAh, 100.0)}};
    doc["energy"] = energy_json(bank);
    return doc;
}

json pack_status_json(const bank::PackSummary& summary, const bank::PackState& pack, const app::PackCounters& counters,
                      app::Presence presence, std::uint64_t now_ms) {
    json doc;
    doc["address"] = summary.address;
    doc["presence"] = to_string(presence);
    doc["online"] = summary.online;
    const bool has_analog = pack.received(bank::DataGroup::kAnalog);
    const topband::AnalogValues& analog = pack.analog();
    if (has_analog) {
        doc["cell_count"] = analog.cell_count;
        json cells = json::array();
        for (std::size_t i = 0; i < analog.cell_count && i < topband::kMaxCells; ++i) {
            cells.push_back(scaled(analog.cell_mV[i], 1000.0));
        }
        doc["cells_V"] = cells;
        json temps = json::array();
        for (std::size_t i = 0; i < analog.temp_count && i < topband::kMaxTemperatures; ++i) {
            temps.push_back({{"sensor", i + 1},
                             {"role", topband::to_string(analog.temp_roles.role[i])},
                             {"C", scaled(analog.temperature_dC(i), 10.0)}});
        }
        doc["temperatures"] = temps;
    } else {
        doc["cell_count"] = nullptr;
        doc["cells_V"] = nullptr;
        doc["temperatures"] = nullptr;
    }
    const bool live = summary.online;
    doc["cell_min"] = live ? cell_json(summary.min_cell) : json(nullptr);
    doc["cell_max"] = live ? cell_json(summary.max_cell) : json(nullptr);
    doc["cell_spread_mV"] = live ? json(summary.max_cell.voltage_mV - summary.min_cell.voltage_mV) : json(nullptr);
    doc["voltage_V"] = live ? scaled(summary.voltage_10mV, 100.0) : json(nullptr);
    doc["current_A"] = live ? scaled(summary.current_10mA, 100.0) : json(nullptr);
    doc["soc_pct"] =
        live && summary.soc_basis != bank::SocBasis::kNone ? scaled(summary.soc_centipct, 100.0) : json(nullptr);
    doc["soh_pct"] = live && summary.soh_valid ? json(summary.soh_pct) : json(nullptr);
    doc["cycles"] = live ? json(summary.cycles) : json(nullptr);
    doc["remaining_Ah"] = live && summary.has_capacity ? scaled(summary.remaining_10mAh, 100.0) : json(nullptr);
    doc["full_Ah"] = live && summary.has_capacity ? scaled(summary.full_10mAh, 100.0) : json(nullptr);
    doc["blocking_charge"] = summary.blocking.charge;
    doc["blocking_discharge"] = summary.blocking.discharge;
    doc["counters"] = {{"polls", counters.polls},
                       {"replies", counters.replies},
                       {"timeouts", counters.timeouts},
                       {"errors", counters.errors_total()},
                       {"response_mean_ms", counters.response_time_mean_ms()},
                       {"response_max_ms", counters.response_time_max_ms}};
    doc["data_age_s"] = {{"analog", age_json(pack, bank::DataGroup::kAnalog, now_ms)},
                         {"alarm", age_json(pack, bank::DataGroup::kAlarm, now_ms)},
                         {"parameters", age_json(pack, bank::DataGroup::kParameters, now_ms)},
                         {"info", age_json(pack, bank::DataGroup::kInfo, now_ms)}};
    return doc;
}

}  // namespace tbg::api
