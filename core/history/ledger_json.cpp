#include "core/history/ledger_json.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace tbg::history {

namespace {

using nlohmann::json;

json energy_pair(EnergyTotals energy) {
    return json::array({energy.charged_mWh, energy.discharged_mWh});
}

// A JSON integer 0…kMaxEntryMilliwattHours (signed or unsigned storage); nullopt for anything else.
std::optional<std::uint64_t> energy_value(const json& value) {
    std::uint64_t result = 0;
    if (value.is_number_unsigned()) {
        result = value.get<std::uint64_t>();
    } else if (value.is_number_integer()) {
        const auto signed_value = value.get<std::int64_t>();
        if (signed_value < 0) {
            return std::nullopt;
        }
        result = static_cast<std::uint64_t>(signed_value);
    } else {
        return std::nullopt;
    }
    if (result > EnergyLedger::kMaxEntryMilliwattHours) {
        return std::nullopt;
    }
    return result;
}

std::string value_error(const std::string& path) {
    return path + ": not an integer 0…" + std::to_string(EnergyLedger::kMaxEntryMilliwattHours) + " (mWh)";
}

// values[first], values[first + 1] as charged and discharged mWh.
bool parse_energy(const json& values, std::size_t first, const std::string& path, EnergyTotals& energy,
                  std::string& error) {
    const auto charged = energy_value(values[first]);
    if (!charged) {
        error = value_error(path + "[" + std::to_string(first) + "]");
        return false;
    }
    const auto discharged = energy_value(values[first + 1]);
    if (!discharged) {
        error = value_error(path + "[" + std::to_string(first + 1) + "]");
        return false;
    }
    energy = {*charged, *discharged};
    return true;
}

// Parses a list of [key text, charged, discharged]; `parse_key` turns the text into the key or nullopt.
template <typename Entry, typename ParseKey>
bool parse_list(const json& doc, const char* name, std::size_t max, const char* key_kind, ParseKey parse_key,
                std::vector<Entry>& out, std::string& error) {
    const auto found = doc.find(name);
    if (found == doc.end()) {
        error = std::string("\"") + name + "\" is missing";
        return false;
    }
    if (!found->is_array()) {
        error = std::string("\"") + name + "\" is not an array";
        return false;
    }
    if (found->size() > max) {
        error = std::string(name) + ": " + std::to_string(found->size()) + " entries, at most " + std::to_string(max);
        return false;
    }
    out.reserve(found->size());
    for (std::size_t i = 0; i < found->size(); ++i) {
        const json& item = (*found)[i];
        const std::string path = std::string(name) + "[" + std::to_string(i) + "]";
        if (!item.is_array() || item.size() != 3) {
            error = path + ": not [" + key_kind + ", charged_mWh, discharged_mWh]";
            return false;
        }
        if (!item[0].is_string()) {
            error = path + "[0]: not a " + key_kind + " text";
            return false;
        }
        const auto key = parse_key(item[0].get_ref<const std::string&>());
        if (!key) {
            error = path + "[0]: " + item[0].dump() + " is not a valid " + key_kind;
            return false;
        }
        Entry entry{*key, {}};
        if (!parse_energy(item, 1, path, entry.energy, error)) {
            return false;
        }
        out.push_back(entry);
    }
    return true;
}

}  // namespace

json ledger_to_json(const EnergyLedger& ledger) {
    json days = json::array();
    for (const DayEnergy& entry : ledger.days()) {
        days.push_back({to_string(entry.date), entry.energy.charged_mWh, entry.energy.discharged_mWh});
    }
    json months = json::array();
    for (const MonthEnergy& entry : ledger.months()) {
        months.push_back({to_string(entry.month), entry.energy.charged_mWh, entry.energy.discharged_mWh});
    }
    return {{"days", std::move(days)}, {"months", std::move(months)}, {"pending", energy_pair(ledger.pending())}};
}

bool ledger_from_json(const json& doc, EnergyLedger& ledger, std::string& error) {
    if (!doc.is_object()) {
        error = "not an object";
        return false;
    }
    for (const auto& item : doc.items()) {
        if (item.key() != "days" && item.key() != "months" && item.key() != "pending") {
            error = "unknown key \"" + item.key() + "\"";
            return false;
        }
    }
    std::vector<DayEnergy> days;
    std::vector<MonthEnergy> months;
    const auto date_key = [](const std::string& text) { return parse_civil_date(text); };
    const auto month_key = [](const std::string& text) { return parse_civil_month(text); };
    if (!parse_list(doc, "days", ledger.max_days(), "date", date_key, days, error) ||
        !parse_list(doc, "months", ledger.max_months(), "month", month_key, months, error)) {
        return false;
    }
    EnergyTotals pending{};
    if (const auto found = doc.find("pending"); found != doc.end()) {
        if (!found->is_array() || found->size() != 2) {
            error = "pending: not [charged_mWh, discharged_mWh]";
            return false;
        }
        if (!parse_energy(*found, 0, "pending", pending, error)) {
            return false;
        }
    }
    return ledger.restore(days, months, pending, error);
}

}  // namespace tbg::history
