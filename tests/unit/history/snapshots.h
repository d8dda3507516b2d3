// Bank snapshots for the history tests: only the aggregate fields MinuteHistory reads are set.
#pragma once

#include <cstdint>

#include "core/bank/bank_snapshot.h"

namespace tbg::history::test {

// One online pack with the given means, cells 3300…3310 mV, no SOC and no temperature.
inline bank::BankSnapshot online(std::int32_t power_W, std::uint16_t voltage_10mV, std::int32_t current_dA) {
    bank::BankSnapshot s;
    s.modules_online = 1;
    s.power_W = power_W;
    s.voltage_10mV = voltage_10mV;
    s.current_dA = current_dA;
    s.min_cell.voltage_mV = 3300;
    s.max_cell.voltage_mV = 3310;
    return s;
}

inline bank::BankSnapshot with_soc(bank::BankSnapshot s, std::uint16_t soc_centipct) {
    s.soc_valid = true;
    s.soc_centipct = soc_centipct;
    return s;
}

inline bank::BankSnapshot with_temps(bank::BankSnapshot s, std::int16_t min_dC, std::int16_t max_dC) {
    s.temp_valid = true;
    s.min_temp.temp_dC = min_dC;
    s.max_temp.temp_dC = max_dC;
    return s;
}

inline bank::BankSnapshot with_cells(bank::BankSnapshot s, std::uint16_t min_mV, std::uint16_t max_mV) {
    s.min_cell.voltage_mV = min_mV;
    s.max_cell.voltage_mV = max_mV;
    return s;
}

// No pack online; the aggregate fields hold leftovers that must not be used.
inline bank::BankSnapshot offline() {
    bank::BankSnapshot s = with_temps(with_soc(online(9999, 9999, 9999), 1), -400, 900);
    s.modules_online = 0;
    s.modules_offline = 1;
    return s;
}

}  // namespace tbg::history::test
