#include "core/bank/blocking.h"

#include <iterator>

namespace tbg::bank {

namespace {

namespace b = topband::bits;

// Protection and fault bits per direction, in ascending order (the first set one is reported, before a MOSFET state).
constexpr std::uint8_t kChargeBlockingBits[] = {
    b::kCellOverVoltageProtection,    // 0
    b::kChargeOverCurrentProtection,  // 2
    b::kCellTempProtectionCharge,     // 6
    b::kShortCircuitProtection,       // 11
    14,                               // reverse connection protection
    30,                               // aerosol (fire suppression) triggered
    49,                               // balancer NTC temperature protection
    51,                               // charge MOSFET fault
    52,                               // current sensor fault
    53,                               // AFE fault
    54,                               // NTC fault
    55,                               // cell fault
    b::kPackOverVoltageProtection,    // 58
    b::kMosfetTempProtection,         // 59
    b::kChargeMosfetForcedOff,        // 61
    63,                               // environment NTC protection while charging
};

constexpr std::uint8_t kDischargeBlockingBits[] = {
    b::kDischargeOverCurrent1Protection,  // 4
    b::kCellTempProtectionDischarge,      // 5
    b::kShortCircuitProtection,           // 11
    b::kCellUnderVoltageProtection,       // 12
    b::kPackUnderVoltageProtection,       // 13
    14,                                   // reverse connection protection
    28,                                   // cell voltage low, forced protection
    30,                                   // aerosol (fire suppression) triggered
    50,                                   // discharge MOSFET fault
    52,                                   // current sensor fault
    53,                                   // AFE fault
    55,                                   // cell fault
    b::kDischargeOverCurrent2Protection,  // 56
    b::kMosfetTempProtection,             // 59
    b::kDischargeMosfetForcedOff,         // 60
    62,                                   // environment NTC protection while discharging
};

template <std::size_t N>
std::uint8_t first_set(const topband::AlarmInfo& info, const std::uint8_t (&bits)[N]) {
    for (const std::uint8_t bit : bits) {
        if (info.status_bit(bit)) {
            return bit;
        }
    }
    return kNoBit;
}

}  // namespace

PackBlocking pack_blocking(const topband::AlarmInfo& info) {
    PackBlocking out;
    std::uint8_t charge = first_set(info, kChargeBlockingBits);
    std::uint8_t discharge = first_set(info, kDischargeBlockingBits);
    // The MOSFET state bits live in status byte 1; without it their state is unknown, not "off".
    if (info.status_byte_count >= 2) {
        if (charge == kNoBit && !info.status_bit(b::kChargeMosfetOn)) {
            charge = b::kChargeMosfetOn;
        }
        if (discharge == kNoBit && !info.status_bit(b::kDischargeMosfetOn)) {
            discharge = b::kDischargeMosfetOn;
        }
    }
    out.charge = charge != kNoBit;
    out.discharge = discharge != kNoBit;
    out.charge_bit = charge;
    out.discharge_bit = discharge;
    return out;
}

std::string_view blocking_cause(std::uint8_t bit) {
    if (bit == b::kChargeMosfetOn) {
        return "charge MOSFET off";
    }
    if (bit == b::kDischargeMosfetOn) {
        return "discharge MOSFET off";
    }
    const auto* info = topband::find_status_bit(bit);
    return info != nullptr ? info->name : "unknown status bit";
}

}  // namespace tbg::bank
