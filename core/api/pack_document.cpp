#include <string>

#include "core/api/api_documents.h"
#include "core/api/printable.h"
#include "core/api/status_json.h"
#include "core/topband/decoders.h"

namespace tbg::api {

namespace {

using nlohmann::json;
namespace tb = topband;

json temperature_C(std::uint16_t raw_dK) {
    return scaled(tb::temperature_dC(raw_dK), 10.0);
}

json alarms_document(const bank::PackState& pack, const bank::PackSummary& summary, std::uint64_t now_ms) {
    if (!pack.received(bank::DataGroup::kAlarm)) {
        return nullptr;
    }
    const tb::AlarmInfo& alarm = pack.alarm();
    json active = json::array();
    for (const tb::StatusBitInfo& bit : tb::status_bits()) {
        if (alarm.status_bit(bit.bit)) {
            active.push_back({{"bit", bit.bit},
                              {"id", bit.id},
                              {"name", bit.name},
                              {"protection", bit.protection},
                              {"state", bit.state}});
        }
    }
    json undefined = json::array();  // set bits the protocol does not name
    for (std::size_t bit = 0; bit < std::size_t{alarm.status_byte_count} * 8; ++bit) {
        if (alarm.status_bit(bit) && tb::find_status_bit(bit) == nullptr) {
            undefined.push_back(bit);
        }
    }
    json cells = json::array();
    for (std::size_t i = 0; i < alarm.cell_count && i < tb::kMaxCells; ++i) {
        cells.push_back(tb::state_byte_name(alarm.cell_state[i]));
    }
    json temps = json::array();
    for (std::size_t i = 0; i < alarm.temp_count && i < tb::kMaxTemperatures; ++i) {
        temps.push_back(tb::state_byte_name(alarm.temp_state[i]));
    }
    return {{"fresh", pack.fresh(bank::DataGroup::kAlarm, now_ms)},
            {"age_s", age_s(pack.age_ms(bank::DataGroup::kAlarm, now_ms))},
            {"active", std::move(active)},
            {"undefined_bits", std::move(undefined)},
            {"cell_states", std::move(cells)},
            {"temperature_states", std::move(temps)},
            {"charge_current_state", tb::state_byte_name(alarm.charge_current_state)},
            {"pack_voltage_state", tb::state_byte_name(alarm.pack_voltage_state)},
            {"blocking_charge", summary.blocking.charge},
            {"blocking_discharge", summary.blocking.discharge}};
}

json limits_document(const bank::PackState& pack, const bank::PackSummary& summary, std::uint64_t now_ms) {
    if (!pack.received(bank::DataGroup::kParameters)) {
        return nullptr;
    }
    const tb::SystemParameters& p = pack.parameters();
    const std::uint16_t bad = tb::implausible_parameters(p);
    json implausible = json::array();
    for (std::size_t i = 0; i < tb::kSystemParameterCount; ++i) {
        if (((static_cast<unsigned>(bad) >> i) & 1U) != 0) {
            implausible.push_back(tb::system_parameter_id(i));
        }
    }
    return {{"fresh", pack.fresh(bank::DataGroup::kParameters, now_ms)},
            {"age_s", age_s(pack.age_ms(bank::DataGroup::kParameters, now_ms))},
            {"usable", summary.parameters_usable},
            {"implausible", std::move(implausible)},
            {"cell_high_V", scaled(p.cell_high_mV, 1000.0)},
            {"cell_low_V", scaled(p.cell_low_mV, 1000.0)},
            {"cell_under_V", scaled(p.cell_under_mV, 1000.0)},
            {"charge_high_temp_C", temperature_C(p.charge_high_temp_raw_dK)},
            {"charge_low_temp_C", temperature_C(p.charge_low_temp_raw_dK)},
            {"charge_current_max_A", scaled(p.charge_current_max_10mA, 100.0)},
            {"pack_high_V", scaled(p.pack_high_10mV, 100.0)},
            {"pack_low_V", scaled(p.pack_low_10mV, 100.0)},
            {"pack_under_V", scaled(p.pack_under_10mV, 100.0)},
            {"discharge_high_temp_C", temperature_C(p.discharge_high_temp_raw_dK)},
            {"discharge_low_temp_C", temperature_C(p.discharge_low_temp_raw_dK)},
            {"discharge_current_max_A", scaled(p.discharge_current_max_10mA, 100.0)}};
}

json info_document(const bank::PackState& pack, std::uint64_t now_ms) {
    if (!pack.received(bank::DataGroup::kInfo)) {
        return nullptr;
    }
    const tb::ManufacturerInfo& info = pack.info();
    return {{"fresh", pack.fresh(bank::DataGroup::kInfo, now_ms)},
            {"age_s", age_s(pack.age_ms(bank::DataGroup::kInfo, now_ms))},
            {"hardware", printable(info.hardware())},
            {"software", printable(info.software())},
            {"id", printable(info.id())}};
}

json counters_document(const GatewayView& view, std::uint8_t adr) {
    const app::PackCounters& c = view.counters[adr];
    json by_kind = json::object();
    for (std::size_t kind = 1; kind < tb::kFrameStatusCount; ++kind) {
        by_kind[std::string(tb::to_string(static_cast<tb::FrameStatus>(kind)))] = c.errors[kind];
    }
    json last_seen = nullptr;
    if (c.last_seen_ms && *c.last_seen_ms <= view.now_ms) {
        last_seen = scaled(static_cast<std::int64_t>(view.now_ms - *c.last_seen_ms), 1000.0);
    }
    return {{"polls", c.polls},
            {"replies", c.replies},
            {"timeouts", c.timeouts},
            {"errors", c.errors_total()},
            {"errors_by_kind", std::move(by_kind)},
            {"decode_errors", view.decode_errors[adr]},
            {"consecutive_failures", c.consecutive_failures},
            {"response_mean_ms", c.response_time_mean_ms()},
            {"response_max_ms", c.response_time_max_ms},
            {"last_seen_age_s", last_seen}};
}

}  // namespace

json pack_document(const GatewayView& view, std::uint8_t adr) {
    const bank::PackState& pack = view.packs[adr];
    const bank::PackSummary& summary = view.bank.packs[adr];
    json doc = pack_status_json(summary, pack, view.counters[adr], view.presence[adr], view.now_ms);
    const bool live = summary.online;
    doc["power_W"] =
        live ? json(static_cast<std::int64_t>(summary.voltage_10mV) * summary.current_10mA / 10000) : json(nullptr);
    const bool has_analog = pack.received(bank::DataGroup::kAnalog);
    doc["temperature_roles_likely"] = has_analog ? json(pack.analog().temp_roles.likely) : json(nullptr);
    if (has_analog && pack.received(bank::DataGroup::kAlarm) && pack.alarm().temp_count == pack.analog().temp_count) {
        for (std::size_t i = 0; i < doc["temperatures"].size(); ++i) {
            doc["temperatures"][i]["state"] = tb::state_byte_name(pack.alarm().temp_state[i]);
        }
    } else if (has_analog) {
        for (auto& temp : doc["temperatures"]) {
            temp["state"] = nullptr;
        }
    }
    doc["alarms"] = alarms_document(pack, summary, view.now_ms);
    doc["limits"] = limits_document(pack, summary, view.now_ms);
    doc["info"] = info_document(pack, view.now_ms);
    doc["counters"] = counters_document(view, adr);
    json stale = json::object();
    for (const bank::DataGroup group :
         {bank::DataGroup::kAnalog, bank::DataGroup::kAlarm, bank::DataGroup::kParameters, bank::DataGroup::kInfo}) {
        stale[std::string(bank::to_string(group))] = pack.received(group) && !pack.fresh(group, view.now_ms);
    }
    doc["stale"] = std::move(stale);
    return doc;
}

json packs_document(const GatewayView& view) {
    json packs = json::array();
    for (std::uint8_t adr = 0; adr < app::kMaxPacks; ++adr) {
        if (pack_known(view, adr)) {
            packs.push_back(pack_document(view, adr));
        }
    }
    return {{"packs", std::move(packs)}};
}

}  // namespace tbg::api
