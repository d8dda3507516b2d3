// The document of GET /api/energy (docs/api.md, "Energy"): kWh per day and per month, oldest first.
//
// {"clock_valid": bool, "today": "YYYY-MM-DD",
//  "days": [{"date": "YYYY-MM-DD", "charged_kWh", "discharged_kWh"}, …],
//  "months": [{"month": "YYYY-MM", "charged_kWh", "discharged_kWh"}, …],
//  "total": {"charged_kWh", "discharged_kWh"}}
//
// "days" are the `days` calendar days ending with `today`, "months" the `months` months ending with today's month,
// each 0 where the ledger has no entry. `days` is clamped to 0…ledger.max_days(), `months` to 0…max_months(). Day
// and month energy is rounded to whole Wh (halves up) and written as an exact decimal of kWh (3 decimals at most);
// total_*_Wh are the bank's lifetime counters. When `today` is not a valid date (no clock and no last known date),
// "today" is null and both lists are empty. A pure function; the document is a value for any thread.
#pragma once

#include <cstdint>

#include <nlohmann/json.hpp>

#include "core/history/civil_date.h"
#include "core/history/energy_ledger.h"

namespace tbg::history {

nlohmann::json energy_json(const EnergyLedger& ledger, CivilDate today, int days, int months,
                           std::uint64_t total_charged_Wh, std::uint64_t total_discharged_Wh, bool clock_valid);

}  // namespace tbg::history
