// A bank described in JSON, for `topband-gateway frames --bank FILE` and tests: each pack either as decoded values
// (the field names of `topband-gateway decode`) or as captured reply frames.
//
//   {"packs": [
//      {"adr": 0, "cells_mV": [3300, …], "temperatures_C": [25.0, …], "current_A": -12.5, "voltage_V": 52.8,
//       "remaining_Ah": 50, "full_Ah": 100, "cycles": 12, "soc_pct": 50, "soh_pct": 99,
//       "status_active": ["charge_mosfet_on", "discharge_mosfet_on"],
//       "parameters": {"cell_high_V": 3.6, …, "discharge_current_max_A": 100},
//       "age_s": 0},
//      {"adr": 1, "replies": {"0x42": "~2101…", "0x44": "~2101…"}}
//   ]}
//
// Optional keys may be left out; "age_s" (default 0) makes the pack's data that old at `now_ms`. Every problem is
// reported with the pack and key; a pack with an error is not applied.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/bank/bank.h"

namespace tbg::api {

// Stores every valid pack of `doc` into `bank` at now_ms − age. Returns the problems found (empty = all applied).
std::vector<std::string> apply_bank_description(const nlohmann::json& doc, bank::Bank& bank, std::uint64_t now_ms);

}  // namespace tbg::api
