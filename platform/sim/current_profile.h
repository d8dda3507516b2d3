// Current the outside world draws from or pushes into a simulated pack, per scenario: what the charger and the
// inverter want before the BMS's MOSFETs have their say. Part of the floating-point physical model.
//
// Every profile respects two external limits, as real equipment does: the charger holds the pack at its CV voltage
// (3.45 V per cell), the inverter stops discharging at its low-voltage cut-off (2.90 V per cell under load).
#pragma once

#include <cstddef>
#include <cstdint>

#include "platform/sim/scenario.h"

namespace tbg::sim {

inline constexpr double kChargerCvCellMv = 3450.0;
inline constexpr double kInverterCutoffCellMv = 2900.0;

struct ProfileInput {
    Scenario scenario = Scenario::kNormal;
    std::uint64_t elapsed_ms = 0;  // simulated time since the pack started
    double capacity_mAh = 100000.0;
    std::size_t cell_count = 16;
    double pack_ocv_mV = 0.0;
    double pack_resistance_mOhm = 1.0;
    bool fully_charged = false;  // the charger has finished: no more charge current
};

struct ProfileOutput {
    double current_A = 0.0;    // + = charge
    bool charge_tail = false;  // charging in CV and the current has fallen below the termination tail (0.02 C)
};

ProfileOutput requested_current(const ProfileInput& input);

}  // namespace tbg::sim
