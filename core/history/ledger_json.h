// The EnergyLedger in the state file (saved by the platform about once a minute, atomically), and back.
//
// {"days": [["2026-12-01", charged_mWh, discharged_mWh], …], "months": [["2026-12", charged_mWh, discharged_mWh], …],
//  "pending": [charged_mWh, discharged_mWh]}
//
// Written oldest first; energy in mWh as non-negative JSON integers, so the round trip is exact. The baseline is
// not saved (the first update() after loading sets it). Reading is strict: an object with "days" and "months"
// (arrays) and optionally "pending" (absent: none) and no other key; each entry exactly [text, integer, integer]
// with a valid date ("YYYY-MM-DD") or month ("YYYY-MM") of 2000…2199, integers 0…kMaxEntryMilliwattHours, no
// duplicate, at most max_days / max_months of the target ledger. On any error ledger_from_json returns false, puts
// a message naming the offending element in `error` (e.g. "days[2][0]: \"2026-02-30\" is not a valid date") and
// leaves the ledger unchanged. Pure functions; call from the thread that owns the ledger.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "core/history/energy_ledger.h"

namespace tbg::history {

nlohmann::json ledger_to_json(const EnergyLedger& ledger);
bool ledger_from_json(const nlohmann::json& doc, EnergyLedger& ledger, std::string& error);

}  // namespace tbg::history
