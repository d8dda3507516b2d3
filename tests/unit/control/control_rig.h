// A simulated bank and controller on injected time for control tests: the packs set here "answer" at every step
// (their data is re-stamped with the step's time) until they are silenced. A pack answers a healthy 0x44 status
// unless status() sets another one or no_status() removes it (a pack without any 0x44 reply gets no current share).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>

#include "core/bank/bank.h"
#include "core/control/charge_controller.h"
#include "tests/unit/bank/test_packs.h"

namespace tbg::test {

// Defaults with ramps fast enough to reach any target in one 1 s step (rule tests look at targets, not ramps).
inline control::ControlConfig fast_ramps(control::ControlConfig config = {}) {
    config.ccl_ramp_per_s_dA = 10000;
    config.dcl_ramp_per_s_dA = 10000;
    config.cvl_ramp_per_s_dV = 100;
    return config;
}

class Rig {
public:
    explicit Rig(const control::ControlConfig& config = fast_ramps(), const bank::BankConfig& bank_config = {})
        : bank_(bank_config), controller_(config) {}

    Rig& pack(std::size_t address, const Analog& analog) {
        analog_[address] = analog.build();
        silent_[address] = false;
        if (!alarm_set_[address]) {
            alarm_[address] = test::status({}, analog_[address]->cell_count);
        }
        return *this;
    }
    // The pack sends no 0x44 (from now on: the bank keeps a reply it already has, whatever its age).
    Rig& no_status(std::size_t address) {
        alarm_[address].reset();
        alarm_set_[address] = true;
        return *this;
    }
    Rig& status(std::size_t address, const topband::AlarmInfo& info) {
        alarm_[address] = info;
        alarm_set_[address] = true;
        return *this;
    }
    Rig& parameters(std::size_t address, const topband::SystemParameters& parameters) {
        parameters_[address] = parameters;
        return *this;
    }
    Rig& silence(std::size_t address) {
        silent_[address] = true;
        return *this;
    }
    // The poller gives the pack up (PackState::set_link_lost): its data counts as stale at once.
    Rig& lose_link(std::size_t address) {
        silent_[address] = true;
        bank_.pack(address).set_link_lost(true);
        return *this;
    }
    // The pack stops answering 0x47 (it still answers 0x42 and 0x44); the bank keeps its last reply.
    Rig& no_parameters(std::size_t address) {
        parameters_[address].reset();
        return *this;
    }
    Rig& configure(const control::ControlConfig& config) {
        controller_.set_config(config);
        return *this;
    }

    // Advances time by dt_ms, lets every non-silent pack answer, and runs bank and controller.
    const control::ControlOutput& step(std::uint64_t dt_ms = 1000) {
        now_ += dt_ms;
        for (std::size_t a = 0; a < bank::kMaxPacks; ++a) {
            if (silent_[a]) {
                continue;
            }
            if (analog_[a]) {
                bank_.pack(a).update_analog(*analog_[a], now_);
            }
            if (alarm_[a]) {
                bank_.pack(a).update_alarm(*alarm_[a], now_);
            }
            if (parameters_[a]) {
                bank_.pack(a).update_parameters(*parameters_[a], now_);
            }
        }
        return controller_.update(bank_.update(now_), now_);
    }
    // Runs `seconds` one-second steps and returns the last output.
    const control::ControlOutput& run(int seconds) {
        for (int i = 1; i < seconds; ++i) {
            step();
        }
        return step();
    }

    std::uint64_t now() const { return now_; }
    const bank::BankSnapshot& snapshot() const { return bank_.snapshot(); }
    const control::ChargeController& controller() const { return controller_; }

private:
    bank::Bank bank_;
    control::ChargeController controller_;
    std::uint64_t now_ = 1'000'000;
    std::array<std::optional<topband::AnalogValues>, bank::kMaxPacks> analog_{};
    std::array<std::optional<topband::AlarmInfo>, bank::kMaxPacks> alarm_{};
    std::array<bool, bank::kMaxPacks> alarm_set_{};
    std::array<std::optional<topband::SystemParameters>, bank::kMaxPacks> parameters_{};
    std::array<bool, bank::kMaxPacks> silent_{};
};

}  // namespace tbg::test
