#include "core/control/effective_limits.h"

#include <algorithm>

namespace tbg::control {

namespace {

// Tightens `value` to `candidate` when the candidate is stricter, recording its source.
void lower_to(std::int32_t& value, std::uint8_t& source, std::int32_t candidate, std::uint8_t address) {
    if (candidate < value) {
        value = candidate;
        source = address;
    }
}

void raise_to(std::int32_t& value, std::uint8_t& source, std::int32_t candidate, std::uint8_t address) {
    if (candidate > value) {
        value = candidate;
        source = address;
    }
}

std::int32_t celsius(std::uint16_t raw_dK) {
    return topband::temperature_dC(raw_dK);
}

}  // namespace

EffectiveLimits effective_limits(const ControlConfig& config, const bank::BankSnapshot& bank) {
    EffectiveLimits e;
    e.cell_charge_cut_mV = config.cell_charge_cut_mV;
    e.charge_temp_min_dC = config.hard_charge_temp_min_dC;
    e.charge_temp_max_dC = config.hard_charge_temp_max_dC;
    e.cell_discharge_cut_mV = config.cell_discharge_cut_mV;
    e.pack_discharge_cut_10mV = config.pack_discharge_cut_dV * 10;
    e.discharge_temp_min_dC = config.discharge_temp_min_dC;
    e.discharge_temp_max_dC = config.discharge_temp_max_dC;

    for (const bank::PackSummary& pack : bank.packs) {
        if (!pack.online) {
            continue;
        }
        const std::size_t i = pack.address;
        e.charge_cap_dA[i] = config.pack_charge_current_dA;
        e.discharge_cap_dA[i] = config.pack_discharge_current_dA;
        if (!pack.parameters_usable) {
            continue;
        }
        const topband::SystemParameters& p = pack.parameters;
        const std::uint8_t a = pack.address;
        e.charge_cap_dA[i] = std::min(e.charge_cap_dA[i], p.charge_current_max_10mA / 10);
        e.discharge_cap_dA[i] = std::min(e.discharge_cap_dA[i], p.discharge_current_max_10mA / 10);
        lower_to(e.cell_charge_cut_mV, e.cell_charge_cut_source, p.cell_high_mV, a);
        raise_to(e.charge_temp_min_dC, e.charge_temp_min_source, celsius(p.charge_low_temp_raw_dK), a);
        lower_to(e.charge_temp_max_dC, e.charge_temp_max_source, celsius(p.charge_high_temp_raw_dK), a);
        raise_to(e.cell_discharge_cut_mV, e.cell_discharge_cut_source, p.cell_low_mV, a);
        raise_to(e.pack_discharge_cut_10mV, e.pack_discharge_cut_source, p.pack_low_10mV, a);
        raise_to(e.discharge_temp_min_dC, e.discharge_temp_min_source, celsius(p.discharge_low_temp_raw_dK), a);
        lower_to(e.discharge_temp_max_dC, e.discharge_temp_max_source, celsius(p.discharge_high_temp_raw_dK), a);
    }

    // The tapers keep their configured shape and move with their cut-off.
    const std::int32_t charge_shift = config.cell_charge_cut_mV - e.cell_charge_cut_mV;
    e.ccl_taper_start_mV = config.ccl_taper_start_cell_mV - charge_shift;
    e.ccl_taper_end_mV = config.ccl_taper_end_cell_mV - charge_shift;
    const std::int32_t discharge_shift = e.cell_discharge_cut_mV - config.cell_discharge_cut_mV;
    e.dcl_taper_start_mV = config.dcl_taper_start_cell_mV + discharge_shift;
    e.dcl_taper_end_mV = config.dcl_taper_end_cell_mV + discharge_shift;
    return e;
}

}  // namespace tbg::control
