#include "core/can/bms_inputs.h"

#include <array>
#include <cstddef>
#include <string_view>

namespace tbg::can {

std::string_view condition_id(Condition condition) {
    static constexpr std::array<std::string_view, kConditionCount> kIds{
        "general",
        "high_voltage",
        "low_voltage",
        "high_temperature",
        "low_temperature",
        "high_temperature_charge",
        "low_temperature_charge",
        "high_discharge_current",
        "high_charge_current",
        "contactor",
        "short_circuit",
        "bms_internal",
        "cell_imbalance",
    };
    const auto index = static_cast<std::size_t>(condition);
    return index < kIds.size() ? kIds[index] : std::string_view{"unknown"};
}

}  // namespace tbg::can
