#include "core/history/history_json.h"

#include <algorithm>

namespace tbg::history {

namespace {

using nlohmann::json;

// value / divisor: both exact in a double, so the quotient is the double nearest the decimal (52.83, not 52.830001).
json scaled(std::int64_t value, double divisor) {
    return static_cast<double>(value) / divisor;
}

}  // namespace

json history_json(const MinuteHistory& history, std::size_t max_points) {
    const std::size_t available = history.size() + (history.started() ? 1 : 0);
    const std::size_t points = std::min(available, max_points);
    const std::size_t first = available - points;

    json t = json::array();
    json power = json::array();
    json voltage = json::array();
    json current = json::array();
    json soc = json::array();
    json temp_min = json::array();
    json temp_max = json::array();
    json cell_min = json::array();
    json cell_max = json::array();
    for (std::size_t i = first; i < available; ++i) {
        const HistorySample s = i < history.size() ? history.sample(i) : history.current();
        t.push_back(s.wall_valid ? json(s.wall_s) : json(nullptr));
        const bool online = !s.gap();
        const bool temps = online && s.temp_valid;
        power.push_back(online ? json(s.power_W) : json(nullptr));
        voltage.push_back(online ? scaled(s.voltage_10mV, 100.0) : json(nullptr));
        current.push_back(online ? scaled(s.current_dA, 10.0) : json(nullptr));
        soc.push_back(online && s.soc_valid ? scaled(s.soc_centipct, 100.0) : json(nullptr));
        temp_min.push_back(temps ? scaled(s.temp_min_dC, 10.0) : json(nullptr));
        temp_max.push_back(temps ? scaled(s.temp_max_dC, 10.0) : json(nullptr));
        cell_min.push_back(online ? scaled(s.cell_min_mV, 1000.0) : json(nullptr));
        cell_max.push_back(online ? scaled(s.cell_max_mV, 1000.0) : json(nullptr));
    }
    return {{"interval_s", MinuteHistory::kMinuteMs / 1000},
            {"hours", max_points / 60 + (max_points % 60 != 0 ? 1 : 0)},
            {"points", points},
            {"t", std::move(t)},
            {"power_W", std::move(power)},
            {"voltage_V", std::move(voltage)},
            {"current_A", std::move(current)},
            {"soc_pct", std::move(soc)},
            {"temperature_min_C", std::move(temp_min)},
            {"temperature_max_C", std::move(temp_max)},
            {"cell_min_V", std::move(cell_min)},
            {"cell_max_V", std::move(cell_max)}};
}

}  // namespace tbg::history
