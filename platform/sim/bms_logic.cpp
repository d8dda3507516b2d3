#include "platform/sim/bms_logic.h"

#include <algorithm>
#include <initializer_list>

namespace tbg::sim {

namespace bit = topband::bits;

namespace {

// Bits of §9 used here beyond those named in topband::bits.
constexpr std::uint8_t kCellUnderVoltageAlarm = 1;
constexpr std::uint8_t kCellOverVoltageAlarm = 3;
constexpr std::uint8_t kPackUnderVoltageAlarm = 7;
constexpr std::uint8_t kSocLowAlarm = 15;
constexpr std::uint8_t kChargerConnected = 20;
constexpr std::uint8_t kDischarging = 22;
constexpr std::uint8_t kCharging = 23;
constexpr std::uint8_t kPackOverVoltageAlarm = 40;
constexpr std::uint8_t kMosfetTempAlarm = 41;
constexpr std::uint8_t kEnvironmentLowTempAlarm = 42;
constexpr std::uint8_t kEnvironmentHighTempAlarm = 43;
constexpr std::uint8_t kCellLowTempAlarm = 44;
constexpr std::uint8_t kCellHighTempAlarm = 45;
constexpr std::uint8_t kDischargeCurrentAlarm = 46;
constexpr std::uint8_t kChargeCurrentAlarm = 47;
constexpr std::int16_t kEnvironmentHighTempDc = 500;
constexpr std::int16_t kCurrentDeadband10mA = 50;  // below 0.5 A the pack is idle

constexpr std::uint64_t mask(std::initializer_list<std::uint8_t> numbers) {
    std::uint64_t result = 0;
    for (const std::uint8_t number : numbers) {
        result |= std::uint64_t{1} << number;
    }
    return result;
}

// §9 protections and faults by the MOSFET they open: charge side, discharge side, both.
constexpr std::uint64_t kChargeBlocking =
    mask({bit::kCellOverVoltageProtection, bit::kChargeOverCurrentProtection, bit::kCellTempProtectionCharge, 51,
          bit::kPackOverVoltageProtection, bit::kChargeMosfetForcedOff, 63});
constexpr std::uint64_t kDischargeBlocking = mask(
    {bit::kDischargeOverCurrent1Protection, bit::kCellTempProtectionDischarge, bit::kCellUnderVoltageProtection,
     bit::kPackUnderVoltageProtection, 50, bit::kDischargeOverCurrent2Protection, bit::kDischargeMosfetForcedOff, 62});
constexpr std::uint64_t kBothBlocking =
    mask({bit::kShortCircuitProtection, 14, 52, 53, 54, 55, bit::kMosfetTempProtection});

// Latch with hysteresis: set when `trip`, cleared only when `release`.
bool latch(bool state, bool trip, bool release) {
    if (trip) {
        return true;
    }
    return state && !release;
}

}  // namespace

BmsLimits lfp_limits(std::uint8_t cell_count, std::uint32_t capacity_mAh) {
    BmsLimits limits;
    const auto pack_10mV = [cell_count](std::uint16_t cell_mV) {
        return static_cast<std::uint16_t>(std::min<unsigned>(65535U, unsigned{cell_mV} * cell_count / 10U));
    };
    limits.pack_high_10mV = pack_10mV(limits.cell_high_mV);
    limits.pack_low_10mV = pack_10mV(limits.cell_low_mV);
    limits.pack_under_10mV = pack_10mV(limits.cell_under_mV);
    const std::uint32_t one_c_10mA = capacity_mAh / 10U;
    limits.charge_current_max_10mA = static_cast<std::int16_t>(std::min<std::uint32_t>(one_c_10mA / 2U, 32000U));
    limits.discharge_current_max_10mA = static_cast<std::int16_t>(std::min<std::uint32_t>(one_c_10mA, 32000U));
    return limits;
}

topband::SystemParameters to_system_parameters(const BmsLimits& limits) {
    const auto raw_dK = [](std::int16_t temp_dC) {
        return static_cast<std::uint16_t>(static_cast<int>(topband::kTemperatureZeroRaw) + temp_dC);
    };
    topband::SystemParameters p;
    p.cell_high_mV = limits.cell_high_mV;
    p.cell_low_mV = limits.cell_low_mV;
    p.cell_under_mV = limits.cell_under_mV;
    p.charge_high_temp_raw_dK = raw_dK(limits.charge_high_dC);
    p.charge_low_temp_raw_dK = raw_dK(limits.charge_low_dC);
    p.charge_current_max_10mA = limits.charge_current_max_10mA;
    p.pack_high_10mV = limits.pack_high_10mV;
    p.pack_low_10mV = limits.pack_low_10mV;
    p.pack_under_10mV = limits.pack_under_10mV;
    p.discharge_high_temp_raw_dK = raw_dK(limits.discharge_high_dC);
    p.discharge_low_temp_raw_dK = raw_dK(limits.discharge_low_dC);
    p.discharge_current_max_10mA = limits.discharge_current_max_10mA;
    return p;
}

bool blocks_charge(std::uint64_t bits) {
    return (bits & (kChargeBlocking | kBothBlocking)) != 0;
}

bool blocks_discharge(std::uint64_t bits) {
    return (bits & (kDischargeBlocking | kBothBlocking)) != 0;
}

void BmsLogic::update(const BmsReadings& r, const BmsLimits& limits, std::uint64_t forced_bits) {
    const std::int16_t margin = limits.temp_release_margin_dC;
    cell_ov_protection_ =
        latch(cell_ov_protection_, r.max_cell_mV >= limits.cell_trip_mV, r.max_cell_mV <= limits.cell_ov_release_mV);
    cell_uv_protection_ =
        latch(cell_uv_protection_, r.min_cell_mV <= limits.cell_under_mV, r.min_cell_mV >= limits.cell_uv_release_mV);
    pack_uv_protection_ =
        latch(pack_uv_protection_, r.pack_10mV <= limits.pack_under_10mV, r.pack_10mV >= limits.pack_low_10mV);
    charge_temp_protection_ = latch(
        charge_temp_protection_,
        r.min_cell_temp_dC < limits.charge_low_dC || r.max_cell_temp_dC >= limits.charge_high_dC,
        r.min_cell_temp_dC >= limits.charge_low_dC + margin && r.max_cell_temp_dC <= limits.charge_high_dC - margin);
    discharge_temp_protection_ =
        latch(discharge_temp_protection_,
              r.min_cell_temp_dC <= limits.discharge_low_dC || r.max_cell_temp_dC >= limits.discharge_high_dC,
              r.min_cell_temp_dC >= limits.discharge_low_dC + margin &&
                  r.max_cell_temp_dC <= limits.discharge_high_dC - margin);

    // MOSFET states come from the decisions below, never from outside.
    std::uint64_t bits = forced_bits & ~mask({bit::kChargeMosfetOn, bit::kDischargeMosfetOn});
    const auto set = [&bits](std::uint8_t number, bool on) {
        if (on) {
            bits |= std::uint64_t{1} << number;
        }
    };
    set(bit::kCellOverVoltageProtection, cell_ov_protection_);
    set(bit::kCellUnderVoltageProtection, cell_uv_protection_);
    set(bit::kPackUnderVoltageProtection, pack_uv_protection_);
    set(bit::kCellTempProtectionCharge, charge_temp_protection_);
    set(bit::kCellTempProtectionDischarge, discharge_temp_protection_);
    set(kCellOverVoltageAlarm, r.max_cell_mV >= limits.cell_high_mV);
    set(kCellUnderVoltageAlarm, r.min_cell_mV <= limits.cell_low_mV);
    set(kPackOverVoltageAlarm, r.pack_10mV >= limits.pack_high_10mV);
    set(kPackUnderVoltageAlarm, r.pack_10mV <= limits.pack_low_10mV);
    set(kCellHighTempAlarm, r.max_cell_temp_dC >= limits.cell_temp_high_alarm_dC);
    set(kCellLowTempAlarm, r.min_cell_temp_dC <= limits.cell_temp_low_alarm_dC);
    set(kEnvironmentHighTempAlarm, r.environment_temp_dC >= kEnvironmentHighTempDc);
    set(kEnvironmentLowTempAlarm, r.environment_temp_dC < 0);
    set(kMosfetTempAlarm, r.mosfet_temp_dC >= limits.mosfet_temp_alarm_dC);
    set(kChargeCurrentAlarm, r.current_10mA > limits.charge_current_max_10mA);
    set(kDischargeCurrentAlarm, -r.current_10mA > limits.discharge_current_max_10mA);
    set(kSocLowAlarm, r.soc_pct < limits.soc_low_alarm_pct);
    set(bit::kFullyCharged, r.fully_charged);
    set(kCharging, r.current_10mA > kCurrentDeadband10mA);
    set(kChargerConnected, r.current_10mA > kCurrentDeadband10mA);
    set(kDischarging, r.current_10mA < -kCurrentDeadband10mA);

    charge_mosfet_on_ = !blocks_charge(bits);
    discharge_mosfet_on_ = !blocks_discharge(bits);
    set(bit::kChargeMosfetOn, charge_mosfet_on_);
    set(bit::kDischargeMosfetOn, discharge_mosfet_on_);
    status_bits_ = bits;
}

}  // namespace tbg::sim
