#include "core/bank/energy_counter.h"

namespace tbg::bank {

namespace {
// Caps one step so that power × time stays far inside 64 bits (|power| < 2^40 × 0.1 mW, time < 2^22 ms ≈ 70 min).
constexpr std::uint64_t kMaxStepMs = std::uint64_t{1} << 22;
}  // namespace

void EnergyCounter::accumulate(std::uint64_t units, std::uint64_t& total_mWh, std::uint64_t& rest) {
    rest += units % kUnitsPerMilliwattHour;
    total_mWh += units / kUnitsPerMilliwattHour + rest / kUnitsPerMilliwattHour;
    rest %= kUnitsPerMilliwattHour;
}

void EnergyCounter::add(std::int64_t power_100uW, std::uint64_t elapsed_ms) {
    if (elapsed_ms > kMaxStepMs) {
        elapsed_ms = kMaxStepMs;
    }
    constexpr std::int64_t kMaxPower = std::int64_t{1} << 40;
    if (power_100uW > kMaxPower) {
        power_100uW = kMaxPower;
    } else if (power_100uW < -kMaxPower) {
        power_100uW = -kMaxPower;
    }
    if (power_100uW >= 0) {
        accumulate(static_cast<std::uint64_t>(power_100uW) * elapsed_ms, charged_mWh_, charged_rest_);
    } else {
        accumulate(static_cast<std::uint64_t>(-power_100uW) * elapsed_ms, discharged_mWh_, discharged_rest_);
    }
}

void EnergyCounter::restore(std::uint64_t charged_Wh, std::uint64_t discharged_Wh) {
    charged_mWh_ = charged_Wh * 1000;
    discharged_mWh_ = discharged_Wh * 1000;
    charged_rest_ = 0;
    discharged_rest_ = 0;
}

}  // namespace tbg::bank
