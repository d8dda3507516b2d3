// One minute of the bank's history: means, last value and extremes over the adds of that minute.
//
// A plain value. online_adds == 0 makes the minute a gap: every value field is then absent (zero). Otherwise
// power_W, voltage_10mV, current_dA, cell_min_mV and cell_max_mV are valid, soc_centipct when soc_valid and the
// temperatures when temp_valid. wall_s is unix seconds (UTC), from the caller's wall clock, when wall_valid.
#pragma once

#include <cstdint>

namespace tbg::history {

struct HistorySample {
    bool wall_valid = false;
    std::int64_t wall_s = 0;  // the first add of the minute; for a skipped minute estimated from the one before

    std::uint32_t online_adds = 0;  // adds with modules_online > 0

    std::int32_t power_W = 0;        // mean, + = charging
    std::uint16_t voltage_10mV = 0;  // mean of the bank's mean pack voltage
    std::int32_t current_dA = 0;     // mean, + = charging

    bool soc_valid = false;
    std::uint16_t soc_centipct = 0;  // the last valid value of the minute, 0…10000

    bool temp_valid = false;
    std::int16_t temp_min_dC = 0;  // lowest cell-sensor temperature of the minute
    std::int16_t temp_max_dC = 0;  // highest

    std::uint16_t cell_min_mV = 0;  // lowest cell voltage of the minute
    std::uint16_t cell_max_mV = 0;  // highest

    bool gap() const { return online_adds == 0; }

    friend bool operator==(const HistorySample&, const HistorySample&) = default;
};

}  // namespace tbg::history
