// The chart document of GET /api/history (docs/api.md, "History"), columnar, oldest point first.
//
// {"interval_s": 60, "hours": H, "points": N, "t": […], "power_W": […], "voltage_V": […], "current_A": […],
//  "soc_pct": […], "temperature_min_C": […], "temperature_max_C": […], "cell_min_V": […], "cell_max_V": […]}
//
// Every array has N entries: the finished minutes followed by the minute in progress (when add() was called at
// least once), limited to the most recent max_points (the caller passes hours × 60). A gap is null in every value
// series; soc_pct and the temperatures are also null for a minute without a valid value; "t" (unix seconds) is null
// when the minute has no wall time. Values are exact decimals of the integers (5283 × 10 mV → 52.83). "hours" is
// max_points / 60, rounded up. A pure function of the history; the document is a value for any thread.
#pragma once

#include <cstddef>

#include <nlohmann/json.hpp>

#include "core/history/minute_history.h"

namespace tbg::history {

nlohmann::json history_json(const MinuteHistory& history, std::size_t max_points);

}  // namespace tbg::history
