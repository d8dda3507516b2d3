// Charged and discharged energy, integrated exactly in integers from power held over elapsed time.
//
// Power is in 0.1 mW (pack 10 mV × pack 10 mA), time in ms; one unit of power × time is 0.1 µJ and 36,000,000 of
// them make 1 mWh. The remainder below 1 mWh is carried, so no energy is lost or invented by rounding, whatever the
// step. Counters are 64-bit mWh (no overflow in any realistic lifetime). No floats, no allocation.
#pragma once

#include <cstdint>

namespace tbg::bank {

class EnergyCounter {
public:
    static constexpr std::uint64_t kUnitsPerMilliwattHour = 36'000'000;  // 0.1 mW × ms per mWh

    // Adds `power_100uW` held for `elapsed_ms`: positive power to the charged counter, negative to the discharged.
    void add(std::int64_t power_100uW, std::uint64_t elapsed_ms);

    // Sets both counters (e.g. from persistent storage) and drops the carried remainders.
    void restore(std::uint64_t charged_Wh, std::uint64_t discharged_Wh);

    std::uint64_t charged_mWh() const { return charged_mWh_; }
    std::uint64_t discharged_mWh() const { return discharged_mWh_; }
    std::uint64_t charged_Wh() const { return charged_mWh_ / 1000; }
    std::uint64_t discharged_Wh() const { return discharged_mWh_ / 1000; }

private:
    static void accumulate(std::uint64_t units, std::uint64_t& total_mWh, std::uint64_t& rest);

    std::uint64_t charged_mWh_ = 0;
    std::uint64_t discharged_mWh_ = 0;
    std::uint64_t charged_rest_ = 0;  // < kUnitsPerMilliwattHour
    std::uint64_t discharged_rest_ = 0;
};

}  // namespace tbg::bank
