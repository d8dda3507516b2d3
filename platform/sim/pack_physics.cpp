#include "platform/sim/pack_physics.h"

#include <algorithm>
#include <cmath>

#include "platform/sim/lfp_curve.h"
#include "platform/sim/rng.h"

namespace tbg::sim {

namespace {

constexpr double kRunnerCapacityFactor = 0.94;
constexpr double kResistanceAhMOhm = 100.0;  // cell DC resistance × capacity: 1 mΩ at 100 Ah, incl. connectors
constexpr double kBalanceCurrentA = 0.06;    // passive bleed per cell
constexpr double kBalanceStartMv = 3400.0;   // balancing only on the upper knee
constexpr double kBalanceDeltaMv = 15.0;     // cells this much above the lowest are bled
constexpr double kFaultSlewMvPerS = 20.0;
constexpr double kSecondsPerHour = 3600.0;

// Thermal time constants (s) and temperature rises at 0.5 C (K); heat scales with the square of the C-rate.
constexpr double kGroupTauS = 40.0 * 60.0;
constexpr double kBalancerTauS = 10.0 * 60.0;
constexpr double kEnvironmentTauS = 10.0 * 60.0;
constexpr double kMosfetTauS = 6.0 * 60.0;
constexpr double kGroupRiseAtHalfRateK = 6.0;
constexpr double kMosfetRiseAtHalfRateK = 12.0;
constexpr double kBalancerRiseK = 8.0;

double lag(double value, double target, double dt_s, double tau_s) {
    return value + (target - value) * (1.0 - std::exp(-dt_s / tau_s));
}

}  // namespace

PackPhysics::PackPhysics(const PhysicsSetup& setup, std::mt19937& rng)
    : cell_count_(std::clamp<std::size_t>(setup.cell_count, 1, kMaxPhysicsCells)),
      group_count_(std::clamp<std::size_t>(setup.group_count, 1, kMaxPhysicsGroups)),
      capacity_mAh_(std::max(setup.capacity_mAh, 1000.0)),
      balancer_temp_C_(setup.initial_temp_C),
      environment_temp_C_(setup.initial_temp_C),
      mosfet_temp_C_(setup.initial_temp_C) {
    const double capacity_Ah = capacity_mAh_ / 1000.0;
    for (std::size_t i = 0; i < cell_count_; ++i) {
        Cell& cell = cells_[i];
        cell.capacity_mAh = capacity_mAh_ * draw_real(rng, 0.995, 1.005);
        cell.resistance_mOhm = kResistanceAhMOhm / capacity_Ah * draw_real(rng, 0.9, 1.1);
        cell.offset_mV = draw_real(rng, -3.0, 3.0);
        const double soc = std::clamp(setup.initial_soc + draw_real(rng, -0.003, 0.003), 0.0, 1.0);
        cell.charge_mAh = soc * cell.capacity_mAh;
    }
    for (std::size_t g = 0; g < group_count_; ++g) {
        group_offset_C_[g] = draw_real(rng, -0.6, 0.6);
        group_temp_C_[g] = setup.initial_temp_C + group_offset_C_[g];
    }
    weak_cell_ = draw_below(rng, static_cast<std::uint32_t>(cell_count_));
}

void PackPhysics::set_runner(bool on) {
    runner_ = on;
}

double PackPhysics::effective_capacity_mAh(std::size_t cell) const {
    const double factor = (runner_ && cell == weak_cell_) ? kRunnerCapacityFactor : 1.0;
    return cells_[cell].capacity_mAh * factor;
}

double PackPhysics::cell_soc(std::size_t cell) const {
    return cells_[cell].charge_mAh / effective_capacity_mAh(cell);
}

double PackPhysics::model_ocv_mV(std::size_t cell) const {
    return lfp_ocv_mV(cell_soc(cell)) + cells_[cell].offset_mV;
}

double PackPhysics::cell_ocv_mV(std::size_t cell) const {
    return model_ocv_mV(cell) + (cell == weak_cell_ ? fault_offset_mV_ : 0.0);
}

double PackPhysics::cell_voltage_mV(std::size_t cell) const {
    return cell_ocv_mV(cell) + current_A_ * cells_[cell].resistance_mOhm;
}

double PackPhysics::max_cell_soc() const {
    double highest = 0.0;
    for (std::size_t i = 0; i < cell_count_; ++i) {
        highest = std::max(highest, cell_soc(i));
    }
    return highest;
}

double PackPhysics::pack_ocv_mV() const {
    double sum = 0.0;
    for (std::size_t i = 0; i < cell_count_; ++i) {
        sum += cell_ocv_mV(i);
    }
    return sum;
}

double PackPhysics::pack_resistance_mOhm() const {
    double sum = 0.0;
    for (std::size_t i = 0; i < cell_count_; ++i) {
        sum += cells_[i].resistance_mOhm;
    }
    return sum;
}

void PackPhysics::step(double current_A, double dt_s, double ambient_C) {
    current_A_ = current_A;
    const double delta_mAh = current_A * dt_s / kSecondsPerHour * 1000.0;
    for (std::size_t i = 0; i < cell_count_; ++i) {
        Cell& cell = cells_[i];
        // Bounded so a faulty profile cannot drive the model outside the curve.
        cell.charge_mAh = std::clamp(cell.charge_mAh + delta_mAh, 0.0, 1.04 * effective_capacity_mAh(i));
    }
    balance(dt_s);
    heat(dt_s, ambient_C);
    slew_fault(dt_s);
}

void PackPhysics::balance(double dt_s) {
    double lowest = model_ocv_mV(0);
    double highest = lowest;
    for (std::size_t i = 1; i < cell_count_; ++i) {
        lowest = std::min(lowest, model_ocv_mV(i));
        highest = std::max(highest, model_ocv_mV(i));
    }
    balancing_ = highest > kBalanceStartMv && highest - lowest > kBalanceDeltaMv;
    if (!balancing_) {
        return;
    }
    const double bleed_mAh = kBalanceCurrentA * dt_s / kSecondsPerHour * 1000.0;
    for (std::size_t i = 0; i < cell_count_; ++i) {
        if (model_ocv_mV(i) - lowest > kBalanceDeltaMv) {
            cells_[i].charge_mAh = std::max(0.0, cells_[i].charge_mAh - bleed_mAh);
        }
    }
}

void PackPhysics::heat(double dt_s, double ambient_C) {
    const double c_rate = std::abs(current_A_) / (capacity_mAh_ / 1000.0);
    const double load = (c_rate / 0.5) * (c_rate / 0.5);
    double group_sum = 0.0;
    for (std::size_t g = 0; g < group_count_; ++g) {
        const double target = ambient_C + group_offset_C_[g] + kGroupRiseAtHalfRateK * load;
        group_temp_C_[g] = lag(group_temp_C_[g], target, dt_s, kGroupTauS);
        group_sum += group_temp_C_[g];
    }
    const double group_mean = group_sum / static_cast<double>(group_count_);
    balancer_temp_C_ = lag(balancer_temp_C_, group_mean + (balancing_ ? kBalancerRiseK : 0.0), dt_s, kBalancerTauS);
    environment_temp_C_ = lag(environment_temp_C_, ambient_C, dt_s, kEnvironmentTauS);
    mosfet_temp_C_ = lag(mosfet_temp_C_, ambient_C + kMosfetRiseAtHalfRateK * load, dt_s, kMosfetTauS);
}

void PackPhysics::slew_fault(double dt_s) {
    const double target_offset = fault_target_mV_ ? *fault_target_mV_ - model_ocv_mV(weak_cell_) : 0.0;
    const double max_change = kFaultSlewMvPerS * dt_s;
    fault_offset_mV_ += std::clamp(target_offset - fault_offset_mV_, -max_change, max_change);
}

}  // namespace tbg::sim
