#include "core/history/energy_json.h"

#include <algorithm>

namespace tbg::history {

namespace {

using nlohmann::json;

// Wh / 1000: both exact in a double, so the quotient is the double nearest the decimal (3.2, not 3.2000000001).
json kwh_of_wh(std::uint64_t energy_Wh) {
    return static_cast<double>(energy_Wh) / 1000.0;
}
json kwh_of_mwh(std::uint64_t energy_mWh) {
    return kwh_of_wh(energy_mWh / 1000 + (energy_mWh % 1000 >= 500 ? 1 : 0));
}

int clamp_count(int count, std::size_t max) {
    return static_cast<int>(std::clamp<std::int64_t>(count, 0, static_cast<std::int64_t>(max)));
}

}  // namespace

json energy_json(const EnergyLedger& ledger, CivilDate today, int days, int months, std::uint64_t total_charged_Wh,
                 std::uint64_t total_discharged_Wh, bool clock_valid) {
    json day_list = json::array();
    json month_list = json::array();
    const bool dated = is_valid(today);
    if (dated) {
        const int day_count = clamp_count(days, ledger.max_days());
        for (int back = day_count - 1; back >= 0; --back) {
            const CivilDate date = add_days(today, -back);
            const EnergyTotals energy = ledger.day(date);
            day_list.push_back({{"date", to_string(date)},
                                {"charged_kWh", kwh_of_mwh(energy.charged_mWh)},
                                {"discharged_kWh", kwh_of_mwh(energy.discharged_mWh)}});
        }
        const int month_count = clamp_count(months, ledger.max_months());
        for (int back = month_count - 1; back >= 0; --back) {
            const CivilMonth month = add_months(month_of(today), -back);
            const EnergyTotals energy = ledger.month(month.year, month.month);
            month_list.push_back({{"month", to_string(month)},
                                  {"charged_kWh", kwh_of_mwh(energy.charged_mWh)},
                                  {"discharged_kWh", kwh_of_mwh(energy.discharged_mWh)}});
        }
    }
    return {
        {"clock_valid", clock_valid},
        {"today", dated ? json(to_string(today)) : json(nullptr)},
        {"days", std::move(day_list)},
        {"months", std::move(month_list)},
        {"total", {{"charged_kWh", kwh_of_wh(total_charged_Wh)}, {"discharged_kWh", kwh_of_wh(total_discharged_Wh)}}}};
}

}  // namespace tbg::history
