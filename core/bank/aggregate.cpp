#include "core/bank/aggregate.h"

#include <algorithm>

namespace tbg::bank {

namespace {

using topband::TemperatureRole;

bool is_cell_sensor(TemperatureRole role) {
    return role == TemperatureRole::kCellGroup || role == TemperatureRole::kUnknown;
}

std::uint16_t clamp_u16(std::int64_t value) {
    return static_cast<std::uint16_t>(std::clamp<std::int64_t>(value, 0, 0xFFFF));
}

// Rounded quotient, halves away from zero; den > 0.
std::int64_t round_div(std::int64_t num, std::int64_t den) {
    return num >= 0 ? (num + den / 2) / den : -((-num + den / 2) / den);
}

void summarize_cells(const topband::AnalogValues& a, PackSummary& s) {
    std::uint32_t sum_mV = 0;
    for (std::uint8_t i = 0; i < a.cell_count; ++i) {
        const std::uint16_t cell_mV = a.cell_mV[i];
        sum_mV += cell_mV;
        const auto number = static_cast<std::uint8_t>(i + 1);
        if (i == 0 || cell_mV < s.min_cell.voltage_mV) {
            s.min_cell = {cell_mV, s.address, number};
        }
        if (i == 0 || cell_mV > s.max_cell.voltage_mV) {
            s.max_cell = {cell_mV, s.address, number};
        }
    }
    if (a.pack_voltage_10mV.has_value()) {
        s.voltage_10mV = *a.pack_voltage_10mV;
    } else {
        s.voltage_10mV = clamp_u16((sum_mV + 5) / 10);
        s.voltage_from_cells = true;
    }
}

void summarize_temperatures(const topband::AnalogValues& a, PackSummary& s) {
    for (std::uint8_t j = 0; j < a.temp_count; ++j) {
        if (!is_cell_sensor(a.temp_roles.role[j])) {
            continue;
        }
        const std::int16_t temp_dC = a.temperature_dC(j);
        const auto number = static_cast<std::uint8_t>(j + 1);
        if (s.cell_temp_count == 0 || temp_dC < s.min_temp.temp_dC) {
            s.min_temp = {temp_dC, s.address, number};
        }
        if (s.cell_temp_count == 0 || temp_dC > s.max_temp.temp_dC) {
            s.max_temp = {temp_dC, s.address, number};
        }
        ++s.cell_temp_count;
    }
}

void summarize_charge(const topband::AnalogValues& a, PackSummary& s) {
    if (a.remaining_10mAh.has_value() && a.full_10mAh.has_value() && *a.full_10mAh > 0) {
        s.has_capacity = true;
        s.full_10mAh = *a.full_10mAh;
        s.remaining_10mAh = std::min(*a.remaining_10mAh, *a.full_10mAh);
        s.soc_basis = SocBasis::kCapacity;
        s.soc_centipct = static_cast<std::uint16_t>(std::uint64_t{s.remaining_10mAh} * 10000U / s.full_10mAh);
    } else if (a.bms_soc_pct.has_value() && *a.bms_soc_pct <= 100) {
        s.soc_basis = SocBasis::kBms;
        s.soc_centipct = static_cast<std::uint16_t>(*a.bms_soc_pct * 100U);
    }
    if (a.soh_pct.has_value() && *a.soh_pct <= 100) {
        s.soh_valid = true;
        s.soh_pct = *a.soh_pct;
    }
    s.cycles = a.cycles.value_or(0);
}

}  // namespace

PackSummary summarize_pack(const PackState& pack, std::uint8_t address, bool expected, std::uint64_t now_ms) {
    PackSummary s;
    s.address = address;
    s.seen = pack.received(DataGroup::kAnalog);
    s.known = s.seen || expected;
    if (s.seen) {
        s.analog_age_ms = pack.age_ms(DataGroup::kAnalog, now_ms).value_or(0);
        s.cell_count = pack.analog().cell_count;
    }
    const topband::AnalogValues* analog = pack.fresh_analog(now_ms);
    if (analog == nullptr) {
        return s;
    }
    s.online = true;
    summarize_cells(*analog, s);
    summarize_temperatures(*analog, s);
    s.current_10mA = analog->current_10mA.value_or(0);
    summarize_charge(*analog, s);

    // Blocking from the last 0x44 reply whatever its age: a protection or fault stays until a newer reply clears
    // it (forgetting it when the reply ages out would raise CCL/DCL on missing data). The status bits themselves
    // (0x35A alarms, request flags) only while fresh.
    if (pack.received(DataGroup::kAlarm)) {
        const topband::AlarmInfo& alarm = pack.alarm();
        s.alarm_seen = true;
        s.alarm_fresh = pack.fresh(DataGroup::kAlarm, now_ms);
        s.alarm_age_ms = pack.age_ms(DataGroup::kAlarm, now_ms).value_or(0);
        s.blocking = pack_blocking(alarm);
        if (s.alarm_fresh) {
            s.status_byte_count = alarm.status_byte_count;
            s.status_bytes = alarm.status_bytes;
        }
    }
    // The last plausible 0x47 limits whatever their age: they only tighten, so an old one must not be forgotten.
    if (pack.received(DataGroup::kParameters)) {
        s.parameters_fresh = pack.fresh(DataGroup::kParameters, now_ms);
        s.parameters_age_ms = pack.age_ms(DataGroup::kParameters, now_ms).value_or(0);
        s.parameters_implausible = s.parameters_fresh && topband::implausible_parameters(pack.parameters()) != 0;
    }
    if (const topband::SystemParameters* parameters = pack.last_plausible_parameters()) {
        s.parameters_usable = true;
        s.parameters = *parameters;
    }
    return s;
}

BankSnapshot aggregate(const std::array<PackState, kMaxPacks>& packs, const BankConfig& config, std::uint64_t now_ms) {
    BankSnapshot b;
    b.now_ms = now_ms;

    std::int64_t voltage_sum = 0;
    std::int64_t current_sum = 0;
    std::uint64_t full_sum = 0;  // packs with capacities
    std::uint64_t remaining_sum = 0;
    std::uint32_t capacity_packs = 0;

    for (std::size_t i = 0; i < kMaxPacks; ++i) {
        const auto address = static_cast<std::uint8_t>(i);
        const bool expected = ((static_cast<std::uint32_t>(config.expected_packs_mask) >> i) & 1U) != 0;
        PackSummary& s = b.packs[i] = summarize_pack(packs[i], address, expected, now_ms);

        if (s.seen) {
            const std::uint64_t at = packs[i].received_ms(DataGroup::kAnalog).value_or(0);
            b.last_analog_ms = b.any_analog ? std::max(b.last_analog_ms, at) : at;
            b.any_analog = true;
        }
        if (!s.online) {
            if (s.known) {
                ++b.modules_offline;
            }
            continue;
        }

        const bool first = b.modules_online == 0;
        ++b.modules_online;
        if (!first && s.cell_count != b.cells_in_series) {
            b.mixed_cell_counts = true;
        }
        b.cells_in_series = first ? s.cell_count : std::min(b.cells_in_series, s.cell_count);
        b.modules_blocking_charge = static_cast<std::uint8_t>(b.modules_blocking_charge + (s.blocking.charge ? 1 : 0));
        b.modules_blocking_discharge =
            static_cast<std::uint8_t>(b.modules_blocking_discharge + (s.blocking.discharge ? 1 : 0));

        voltage_sum += s.voltage_10mV;
        if (first || s.voltage_10mV < b.min_pack_voltage_10mV) {
            b.min_pack_voltage_10mV = s.voltage_10mV;
            b.min_pack_voltage_address = address;
        }
        if (first || s.voltage_10mV > b.max_pack_voltage_10mV) {
            b.max_pack_voltage_10mV = s.voltage_10mV;
            b.max_pack_voltage_address = address;
        }
        current_sum += s.current_10mA;
        b.power_100uW += std::int64_t{s.voltage_10mV} * s.current_10mA;

        if (first || s.min_cell.voltage_mV < b.min_cell.voltage_mV) {
            b.min_cell = s.min_cell;
        }
        if (first || s.max_cell.voltage_mV > b.max_cell.voltage_mV) {
            b.max_cell = s.max_cell;
        }
        if (s.cell_temp_count == 0) {
            ++b.packs_without_cell_temp;
        } else {
            if (!b.temp_valid || s.min_temp.temp_dC < b.min_temp.temp_dC) {
                b.min_temp = s.min_temp;
            }
            if (!b.temp_valid || s.max_temp.temp_dC > b.max_temp.temp_dC) {
                b.max_temp = s.max_temp;
            }
            b.temp_valid = true;
        }
        if (s.has_capacity) {
            ++capacity_packs;
            full_sum += s.full_10mAh;
            remaining_sum += s.remaining_10mAh;
        }
        for (std::size_t k = 0; k < s.status_byte_count; ++k) {
            b.status_bytes[k] = static_cast<std::uint8_t>(b.status_bytes[k] | s.status_bytes[k]);
        }
        b.status_byte_count = std::max(b.status_byte_count, s.status_byte_count);
    }

    if (b.modules_online == 0) {
        return b;
    }
    b.voltage_10mV = clamp_u16(round_div(voltage_sum, b.modules_online));
    b.current_10mA = static_cast<std::int32_t>(current_sum);
    b.current_dA = static_cast<std::int32_t>(round_div(current_sum, 10));
    b.power_W = static_cast<std::int32_t>(round_div(b.power_100uW, 10000));
    b.cell_spread_mV = static_cast<std::uint16_t>(b.max_cell.voltage_mV - b.min_cell.voltage_mV);
    b.installed_capacity_10mAh = static_cast<std::uint32_t>(std::min<std::uint64_t>(full_sum, 0xFFFFFFFFU));
    b.available_capacity_10mAh = static_cast<std::uint32_t>(std::min<std::uint64_t>(remaining_sum, 0xFFFFFFFFU));

    // SOC and SOH: capacity weights; packs without capacities weigh as the mean pack (or 1 when no pack has one).
    const std::uint64_t mean_full = capacity_packs > 0 ? full_sum / capacity_packs : 1;
    std::uint64_t soc_num = 0;
    std::uint64_t soc_den = 0;
    std::uint64_t soh_num = 0;
    std::uint64_t soh_den = 0;
    bool any_capacity_soc = false;
    bool any_bms_soc = false;
    for (const PackSummary& s : b.packs) {
        if (!s.online) {
            continue;
        }
        const std::uint64_t weight = s.has_capacity ? s.full_10mAh : mean_full;
        if (s.soc_basis == SocBasis::kCapacity) {
            soc_num += std::uint64_t{s.remaining_10mAh} * 10000U;
            soc_den += s.full_10mAh;
            any_capacity_soc = true;
        } else if (s.soc_basis == SocBasis::kBms) {
            soc_num += std::uint64_t{s.soc_centipct} * weight;
            soc_den += weight;
            any_bms_soc = true;
        }
        if (s.soh_valid) {
            soh_num += std::uint64_t{s.soh_pct} * weight;
            soh_den += weight;
        }
    }
    if (soc_den > 0) {
        b.soc_valid = true;
        b.soc_centipct = static_cast<std::uint16_t>(std::min<std::uint64_t>((soc_num + soc_den / 2) / soc_den, 10000));
        b.soc_basis = any_capacity_soc && any_bms_soc ? SocBasis::kMixed
                      : any_capacity_soc              ? SocBasis::kCapacity
                                                      : SocBasis::kBms;
    }
    if (soh_den > 0) {
        b.soh_valid = true;
        b.soh_pct = static_cast<std::uint8_t>(std::min<std::uint64_t>((soh_num + soh_den / 2) / soh_den, 100));
    }
    return b;
}

}  // namespace tbg::bank
