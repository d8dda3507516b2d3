// Builders for decoded pack data in tests (bank and control): a 16-cell pack with 7 sensors (4 cell groups,
// balancer, environment, MOSFET), capacities and a healthy 0x44 status by default.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>

#include "core/topband/decoders.h"

namespace tbg::test {

inline constexpr std::uint16_t raw_dK(std::int32_t dC) {
    return static_cast<std::uint16_t>(dC + topband::kTemperatureZeroRaw);
}

class Analog {
public:
    explicit Analog(std::uint8_t cells = 16, std::uint16_t cell_mV = 3300) {
        v_.cell_count = cells;
        for (std::size_t i = 0; i < cells; ++i) {
            v_.cell_mV[i] = cell_mV;
        }
        sensors(7, 250);
        v_.current_10mA = 0;
        v_.remaining_10mAh = 5000;
        v_.full_10mAh = 10000;
        v_.udi = 5;
        v_.cycles = 12;
        v_.bms_soc_pct = 50;
        v_.soh_pct = 100;
    }

    // `count` sensors at dC: the first count − 3 are cell groups, then balancer, environment, MOSFET (count ≥ 4);
    // for count < 4 all are cell groups.
    Analog& sensors(std::uint8_t count, std::int32_t dC) {
        v_.temp_count = count;
        for (std::size_t j = 0; j < count; ++j) {
            v_.temp_raw_dK[j] = raw_dK(dC);
            v_.temp_roles.role[j] = topband::TemperatureRole::kCellGroup;
        }
        if (count >= 4) {
            v_.temp_roles.role[count - 3U] = topband::TemperatureRole::kBalancer;
            v_.temp_roles.role[count - 2U] = topband::TemperatureRole::kEnvironment;
            v_.temp_roles.role[count - 1U] = topband::TemperatureRole::kMosfet;
        }
        v_.temp_roles.likely = count == 7;
        return *this;
    }
    Analog& cells(std::uint16_t mV) {
        for (std::size_t i = 0; i < v_.cell_count; ++i) {
            v_.cell_mV[i] = mV;
        }
        return *this;
    }
    Analog& cell(std::size_t number, std::uint16_t mV) {  // 1-based
        v_.cell_mV[number - 1] = mV;
        return *this;
    }
    Analog& temps(std::int32_t dC) {  // every cell-group sensor
        for (std::size_t j = 0; j < v_.temp_count; ++j) {
            if (v_.temp_roles.role[j] == topband::TemperatureRole::kCellGroup) {
                v_.temp_raw_dK[j] = raw_dK(dC);
            }
        }
        return *this;
    }
    Analog& temp(std::size_t number, std::int32_t dC) {  // 1-based, any role
        v_.temp_raw_dK[number - 1] = raw_dK(dC);
        return *this;
    }
    Analog& role(std::size_t number, topband::TemperatureRole role) {
        v_.temp_roles.role[number - 1] = role;
        return *this;
    }
    Analog& current_10mA(std::int16_t value) {
        v_.current_10mA = value;
        return *this;
    }
    Analog& current_dA(std::int32_t value) { return current_10mA(static_cast<std::int16_t>(value * 10)); }
    Analog& capacity(std::uint32_t remaining_10mAh, std::uint32_t full_10mAh) {
        v_.remaining_10mAh = remaining_10mAh;
        v_.full_10mAh = full_10mAh;
        return *this;
    }
    Analog& no_capacity() {
        v_.remaining_10mAh.reset();
        v_.full_10mAh.reset();
        return *this;
    }
    Analog& bms_soc(std::uint8_t pct) {
        v_.bms_soc_pct = pct;
        return *this;
    }
    Analog& soh(std::uint8_t pct) {
        v_.soh_pct = pct;
        return *this;
    }
    Analog& voltage_10mV(std::uint16_t value) {
        voltage_ = value;
        has_voltage_ = true;
        return *this;
    }
    Analog& no_voltage() {
        omit_voltage_ = true;
        return *this;
    }

    // Pack voltage = Σ cells unless set.
    topband::AnalogValues build() const {
        topband::AnalogValues v = v_;
        std::uint32_t sum = 0;
        for (std::size_t i = 0; i < v.cell_count; ++i) {
            sum += v.cell_mV[i];
        }
        if (omit_voltage_) {
            v.pack_voltage_10mV.reset();
        } else {
            v.pack_voltage_10mV = has_voltage_ ? voltage_ : static_cast<std::uint16_t>(sum / 10);
        }
        return v;
    }

private:
    topband::AnalogValues v_{};
    std::uint16_t voltage_ = 0;
    bool has_voltage_ = false;
    bool omit_voltage_ = false;
};

// A 0x44 reply with 8 status bytes, both MOSFETs on, plus `bits` set.
inline topband::AlarmInfo status(std::initializer_list<std::size_t> bits = {}, std::uint8_t cells = 16) {
    topband::AlarmInfo a{};
    a.cell_count = cells;
    a.temp_count = 7;
    a.status_byte_count = 8;
    a.status_bytes[1] = 0x06;  // bits 9 and 10: charge and discharge MOSFET on
    for (const std::size_t bit : bits) {
        a.status_bytes[bit / 8] = static_cast<std::uint8_t>(a.status_bytes[bit / 8] | (1U << (bit % 8)));
    }
    return a;
}

inline topband::AlarmInfo clear_bits(topband::AlarmInfo a, std::initializer_list<std::size_t> bits) {
    for (const std::size_t bit : bits) {
        a.status_bytes[bit / 8] = static_cast<std::uint8_t>(a.status_bytes[bit / 8] & ~(1U << (bit % 8)));
    }
    return a;
}

// Plausible 0x47 limits all looser than the controller's defaults (so they change nothing unless edited).
inline topband::SystemParameters loose_parameters() {
    topband::SystemParameters p{};
    p.cell_high_mV = 3650;
    p.cell_low_mV = 2600;
    p.cell_under_mV = 2500;
    p.charge_high_temp_raw_dK = raw_dK(550);
    p.charge_low_temp_raw_dK = raw_dK(-50);
    p.charge_current_max_10mA = 10000;  // 100 A
    p.pack_high_10mV = 5800;
    p.pack_low_10mV = 4200;
    p.pack_under_10mV = 4000;
    p.discharge_high_temp_raw_dK = raw_dK(650);
    p.discharge_low_temp_raw_dK = raw_dK(-250);
    p.discharge_current_max_10mA = 15000;  // 150 A
    return p;
}

}  // namespace tbg::test
