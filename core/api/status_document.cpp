#include "core/api/api_documents.h"
#include "core/api/status_json.h"

namespace tbg::api {

namespace {

using nlohmann::json;

// Active fault bits of a pack's fresh 0x44 reply (states such as "charge MOSFET on" are not counted).
int active_alarm_bits(const bank::PackSummary& summary) {
    int count = 0;
    for (const topband::StatusBitInfo& bit : topband::status_bits()) {
        if (!bit.state && summary.status_bit(bit.bit)) {
            ++count;
        }
    }
    return count;
}

json pack_summary(const GatewayView& view, std::uint8_t adr) {
    const bank::PackSummary& s = view.bank.packs[adr];
    const bool live = s.online;
    json doc;
    doc["address"] = adr;
    doc["presence"] = to_string(view.presence[adr]);
    doc["online"] = live;
    doc["soc_pct"] = live && s.soc_basis != bank::SocBasis::kNone ? scaled(s.soc_centipct, 100.0) : json(nullptr);
    doc["voltage_V"] = live ? scaled(s.voltage_10mV, 100.0) : json(nullptr);
    doc["current_A"] = live ? scaled(s.current_10mA, 100.0) : json(nullptr);
    doc["power_W"] = live ? json(static_cast<std::int64_t>(s.voltage_10mV) * s.current_10mA / 10000) : json(nullptr);
    doc["cell_min_V"] = live ? scaled(s.min_cell.voltage_mV, 1000.0) : json(nullptr);
    doc["cell_max_V"] = live ? scaled(s.max_cell.voltage_mV, 1000.0) : json(nullptr);
    doc["cell_spread_mV"] = live ? json(s.max_cell.voltage_mV - s.min_cell.voltage_mV) : json(nullptr);
    doc["temperature_max_C"] = live && s.cell_temp_count > 0 ? scaled(s.max_temp.temp_dC, 10.0) : json(nullptr);
    doc["blocking_charge"] = s.blocking.charge;
    doc["blocking_discharge"] = s.blocking.discharge;
    doc["alarms_active"] = s.alarm_fresh ? json(active_alarm_bits(s)) : json(nullptr);
    doc["data_age_s"] = age_s(view.packs[adr].age_ms(bank::DataGroup::kAnalog, view.now_ms));
    return doc;
}

json rs485_document(const GatewayView& view) {
    std::uint64_t polls = 0;
    std::uint64_t replies = 0;
    std::uint64_t timeouts = 0;
    std::uint64_t errors = 0;
    for (std::size_t adr = 0; adr < app::kMaxPacks; ++adr) {
        polls += view.counters[adr].polls;
        replies += view.counters[adr].replies;
        timeouts += view.counters[adr].timeouts;
        errors += view.counters[adr].errors_total() + view.decode_errors[adr];
    }
    return {{"device", view.links.serial_device},
            {"open", view.links.serial_open},
            {"baud", view.baud},
            {"discovering", view.poll.discovering},
            {"packs_online", view.bank.modules_online},
            {"packs_offline", view.bank.modules_offline},
            {"last_sweep_ms", view.poll.last_sweep_ms},
            {"polls", polls},
            {"replies", replies},
            {"timeouts", timeouts},
            {"errors", errors},
            {"unsolicited_frames", view.poll.unsolicited_frames},
            {"echoes", view.poll.echoes},
            {"discarded_bytes", view.poll.discarded_bytes},
            {"write_errors", view.links.serial_write_errors}};
}

json can_document(const GatewayView& view) {
    json gx_age = nullptr;
    if (view.can.last_gx_ms && *view.can.last_gx_ms <= view.now_ms) {
        gx_age = scaled(static_cast<std::int64_t>(view.now_ms - *view.can.last_gx_ms), 1000.0);
    }
    return {{"backend", view.links.can_backend},
            {"open", view.links.can_open},
            {"protocol", can::to_string(view.protocol)},
            {"interval_ms", view.can_interval_ms},
            {"manufacturer", view.manufacturer},
            {"bms_name", view.bms_name},
            {"sets_sent", view.can.sets_encoded},
            {"sets_silenced", view.can.sets_silenced},
            {"missed_ticks", view.can.missed_ticks},
            {"frames_sent", view.links.can_frames_sent},
            {"write_errors", view.links.can_write_errors},
            {"gx_keepalive", view.can.gx_keepalive},
            {"gx_seen_age_s", gx_age},
            {"last_error", view.links.can_last_error}};
}

}  // namespace

bool pack_known(const GatewayView& view, std::uint8_t address) {
    return address < app::kMaxPacks && view.bank.packs[address].known;
}

json status_document(const GatewayView& view) {
    json doc;
    doc["seq"] = view.seq;
    doc["version"] = view.version;
    doc["edition"] = view.edition;
    doc["platform"] = view.platform;
    doc["demo"] = view.demo;
    doc["monitoring"] = view.monitoring;
    doc["uptime_s"] = view.uptime_ms / 1000;
    doc["monotonic_ms"] = view.now_ms;
    doc["time"] = view.wall_s ? json(*view.wall_s) : json(nullptr);
    doc["bank"] = bank_status_json(view.bank, view.output);
    json today = nullptr;
    if (view.today && view.energy) {
        const auto day = view.energy->day(*view.today);
        today = {{"date", date_text(*view.today)},
                 {"charged_kWh", scaled(static_cast<std::int64_t>((day.charged_mWh + 500) / 1000), 1000.0)},
                 {"discharged_kWh", scaled(static_cast<std::int64_t>((day.discharged_mWh + 500) / 1000), 1000.0)}};
    }
    doc["energy_today"] = today;
    json packs = json::array();
    for (std::uint8_t adr = 0; adr < app::kMaxPacks; ++adr) {
        if (pack_known(view, adr)) {
            packs.push_back(pack_summary(view, adr));
        }
    }
    doc["packs"] = std::move(packs);
    doc["rs485"] = rs485_document(view);
    doc["can"] = can_document(view);
    doc["mqtt"] = {{"enabled", view.links.mqtt_enabled},
                   {"connected", view.links.mqtt_connected},
                   {"published", view.links.mqtt_published},
                   {"dropped", view.links.mqtt_dropped},
                   {"last_error", view.links.mqtt_last_error}};
    return doc;
}

}  // namespace tbg::api
