// Physical model of one simulated LFP pack: a series string of cells with their own capacity, resistance and
// offset, a passive balancer, and first-order thermal lags for the cell groups, the balancer, the environment sensor
// and the MOSFETs.
//
// Internal to the simulator and the one place that computes in floating point (amperes, seconds, millivolts, °C as
// doubles); SimPack turns its state into integer protocol values. Deterministic: the only randomness is the spread
// drawn from the generator passed to the constructor.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <random>

namespace tbg::sim {

struct PhysicsSetup {
    std::size_t cell_count = 16;  // 1…kMaxPhysicsCells
    std::size_t group_count = 4;  // cell-group temperature sensors, 1…kMaxPhysicsGroups
    double capacity_mAh = 100000.0;
    double initial_soc = 0.5;  // 0…1
    double initial_temp_C = 25.0;
};

inline constexpr std::size_t kMaxPhysicsCells = 32;
inline constexpr std::size_t kMaxPhysicsGroups = 8;

class PackPhysics {
public:
    // Draws per-cell capacity (±0.5 %), resistance (±10 %), voltage offset (±3 mV), initial SOC (±0.3 %), per-group
    // temperature offsets and the weak cell's index from `rng`.
    PackPhysics(const PhysicsSetup& setup, std::mt19937& rng);

    // Advances `dt_s` seconds with `current_A` flowing through the string (+ = charge) at `ambient_C`.
    void step(double current_A, double dt_s, double ambient_C);

    // Runner cell: the weak cell has 6 % less capacity while on.
    void set_runner(bool on);
    // Fault overlay on the weak cell's voltage: its reading slews (20 mV/s) toward `target_mV`, or back to the model
    // value with nullopt.
    void set_fault_target(std::optional<double> target_mV) { fault_target_mV_ = target_mV; }

    std::size_t cell_count() const { return cell_count_; }
    std::size_t group_count() const { return group_count_; }
    std::size_t weak_cell() const { return weak_cell_; }
    double capacity_mAh() const { return capacity_mAh_; }
    double current_A() const { return current_A_; }
    bool balancing() const { return balancing_; }

    double cell_soc(std::size_t cell) const;
    double cell_ocv_mV(std::size_t cell) const;      // OCV plus the cell's fixed offset and the fault overlay
    double cell_voltage_mV(std::size_t cell) const;  // cell_ocv_mV + IR drop at the present current
    double max_cell_soc() const;
    double pack_ocv_mV() const;  // sum of cell_ocv_mV
    double pack_resistance_mOhm() const;

    double group_temp_C(std::size_t group) const { return group_temp_C_[group]; }
    double balancer_temp_C() const { return balancer_temp_C_; }
    double environment_temp_C() const { return environment_temp_C_; }
    double mosfet_temp_C() const { return mosfet_temp_C_; }

private:
    struct Cell {
        double charge_mAh = 0.0;
        double capacity_mAh = 0.0;  // without the runner factor
        double resistance_mOhm = 1.0;
        double offset_mV = 0.0;
    };

    double effective_capacity_mAh(std::size_t cell) const;
    double model_ocv_mV(std::size_t cell) const;  // without the fault overlay
    void balance(double dt_s);
    void heat(double dt_s, double ambient_C);
    void slew_fault(double dt_s);

    std::size_t cell_count_;
    std::size_t group_count_;
    double capacity_mAh_;
    std::array<Cell, kMaxPhysicsCells> cells_{};
    std::size_t weak_cell_ = 0;
    bool runner_ = false;
    std::optional<double> fault_target_mV_;
    double fault_offset_mV_ = 0.0;
    double current_A_ = 0.0;
    bool balancing_ = false;
    std::array<double, kMaxPhysicsGroups> group_offset_C_{};
    std::array<double, kMaxPhysicsGroups> group_temp_C_{};
    double balancer_temp_C_;
    double environment_temp_C_;
    double mosfet_temp_C_;
};

}  // namespace tbg::sim
