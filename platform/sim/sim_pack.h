// One simulated Topband pack: configuration, dynamics and the values its replies carry.
//
// Contract: pure logic, no I/O, no clock. Time is injected: advance(now_ms) integrates the model from the previous
// call up to `now_ms` (monotonic milliseconds; the first call only sets the origin, earlier times are ignored) in
// steps of at most one simulated second. Everything random comes from a std::mt19937 seeded with config.seed, so the
// same configuration and the same sequence of calls give the same values. Outputs are integer protocol values
// (mV, 10 mA, 10 mV, 10 mAh, 0.1 K); the floating-point model stays inside (PackPhysics).
//
// Per step: current from the scenario's profile (current_profile.h), limited by the BMS's MOSFETs; SOC by coulomb
// counting in mAh (calibrated to full when the charger finishes); cell voltages from an LFP OCV curve per cell with
// capacity spread, offsets and IR drop; temperatures drifting toward the scenario's ambient plus self-heating; the BMS
// logic (bms_logic.h) deciding alarm/protection bits and MOSFETs; a cycle counted per full capacity discharged.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <random>
#include <string_view>

#include "core/topband/decoders.h"
#include "platform/sim/bms_logic.h"
#include "platform/sim/pack_physics.h"
#include "platform/sim/preset.h"
#include "platform/sim/scenario.h"

namespace tbg::sim {

inline constexpr std::size_t kManufacturerInfoChars = 64;  // 0x51 reply: hardware 20, software 4, id 40 (§8.8)

struct SimPackConfig {
    std::uint8_t adr = 0;  // 0…15
    Preset preset = Preset::k16S7T;
    std::uint32_t capacity_mAh = 100000;  // 1 000 … 655 350 (the 0x42 capacity field holds 655.35 Ah)
    std::uint16_t initial_soc_centipct = 6000;
    std::int16_t initial_temp_dC = 250;
    std::uint16_t cycles = 37;
    std::uint8_t soh_pct = 98;
    std::uint32_t seed = 1;
    Scenario scenario = Scenario::kNormal;
    // Bits (§9) the protection scenario sets; default: charge over-current protection (charge MOSFET off).
    std::uint64_t protection_bits = std::uint64_t{1} << topband::bits::kChargeOverCurrentProtection;
};

class SimPack {
public:
    explicit SimPack(const SimPackConfig& config);

    void advance(std::uint64_t now_ms);

    // Takes effect at once (the next step uses the new profile; fault overlays slew from where they are).
    void set_scenario(Scenario scenario);
    void set_protection_bits(std::uint64_t bits) { config_.protection_bits = bits; }

    std::uint8_t adr() const { return config_.adr; }
    Preset preset() const { return config_.preset; }
    Scenario scenario() const { return config_.scenario; }
    bool answering() const { return config_.scenario != Scenario::kDropout; }
    std::uint64_t elapsed_ms() const { return elapsed_ms_; }

    // Measured values (with sensor noise), as of the last advance().
    std::uint8_t cell_count() const { return shape_.cell_count; }
    std::uint8_t temp_count() const { return shape_.temp_count; }
    std::uint16_t cell_mV(std::size_t cell) const { return cell_mV_[cell]; }
    std::uint16_t temp_raw_dK(std::size_t sensor) const { return temp_raw_dK_[sensor]; }
    std::int16_t current_10mA() const { return current_10mA_; }
    std::uint16_t pack_voltage_10mV() const { return pack_voltage_10mV_; }
    std::uint32_t remaining_10mAh() const { return remaining_10mAh_; }
    std::uint32_t full_10mAh() const { return config_.capacity_mAh / 10U; }
    std::uint16_t soc_centipct() const { return soc_centipct_; }
    std::uint16_t cycles() const { return cycles_; }
    std::uint64_t status_bits() const { return bms_.status_bits(); }
    bool fully_charged() const { return fully_charged_; }
    // The cell that runs away (runner_cell) or carries the over/under-voltage fault; drawn from the seed.
    std::size_t weak_cell() const { return physics_.weak_cell(); }

    // Reply contents: 0x42, 0x44, 0x47, 0x51 (64 raw characters).
    topband::AnalogValues analog_values() const;
    topband::AlarmInfo alarm_info() const;
    topband::SystemParameters system_parameters() const { return to_system_parameters(limits_); }
    std::string_view manufacturer_info() const { return {manufacturer_info_.data(), manufacturer_info_.size()}; }

private:
    void step(std::uint32_t dt_ms);
    void evaluate_bms();
    void sample();
    double ambient_C() const;
    std::uint8_t bms_soc_pct() const;

    SimPackConfig config_;
    PresetShape shape_;
    BmsLimits limits_;
    std::mt19937 rng_;
    PackPhysics physics_;
    BmsLogic bms_;
    std::array<char, kManufacturerInfoChars> manufacturer_info_{};

    bool started_ = false;
    std::uint64_t last_ms_ = 0;
    std::uint64_t elapsed_ms_ = 0;
    double counter_mAh_ = 0.0;     // the BMS's coulomb counter
    double discharged_mAh_ = 0.0;  // throughput toward the next cycle
    bool fully_charged_ = false;
    std::uint16_t cycles_ = 0;

    std::array<std::uint16_t, topband::kMaxCells> cell_mV_{};
    std::array<std::uint16_t, topband::kMaxTemperatures> temp_raw_dK_{};
    std::int16_t current_10mA_ = 0;
    std::uint16_t pack_voltage_10mV_ = 0;
    std::uint32_t remaining_10mAh_ = 0;
    std::uint16_t soc_centipct_ = 0;
};

}  // namespace tbg::sim
