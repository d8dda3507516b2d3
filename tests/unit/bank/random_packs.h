// Random pack data for property tests: a seeded std::mt19937 drives every choice, so a failing seed reproduces.
#pragma once

#include <cstdint>
#include <random>

#include "core/topband/decoders.h"
#include "tests/unit/bank/test_packs.h"

namespace tbg::test {

class RandomPacks {
public:
    explicit RandomPacks(std::uint32_t seed) : rng_(seed) {}

    std::mt19937& rng() { return rng_; }
    int uniform(int low, int high) { return std::uniform_int_distribution<int>(low, high)(rng_); }
    bool chance(int percent) { return uniform(1, 100) <= percent; }

    // Cells 2.5…3.7 V (mostly near 3.3 V), sensors −30…70 °C with any role, currents ±150 A, capacities sometimes
    // missing, occasional missing pack voltage.
    topband::AnalogValues analog() {
        const auto cells = static_cast<std::uint8_t>(chance(70) ? 16 : uniform(chance(50) ? 15 : 4, 16));
        const int centre = uniform(2600, 3650);
        Analog a(cells, static_cast<std::uint16_t>(centre));
        for (std::size_t i = 1; i <= cells; ++i) {
            a.cell(i, static_cast<std::uint16_t>(std::clamp(centre + uniform(-60, 60), 2500, 3700)));
        }
        if (chance(15)) {
            a.cell(static_cast<std::size_t>(uniform(1, cells)), static_cast<std::uint16_t>(uniform(2500, 3700)));
        }
        const auto sensors = static_cast<std::uint8_t>(chance(80) ? 7 : uniform(0, 8));
        const int base_dC = uniform(-300, 700);
        a.sensors(sensors, base_dC);
        for (std::size_t j = 1; j <= sensors; ++j) {
            a.temp(j, std::clamp(base_dC + uniform(-50, 50), -400, 900));
            if (chance(10)) {
                a.role(j, static_cast<topband::TemperatureRole>(uniform(0, 4)));
            }
        }
        a.current_10mA(static_cast<std::int16_t>(uniform(-15000, 15000)));
        if (chance(85)) {
            const auto full = static_cast<std::uint32_t>(uniform(1000, 30000));
            a.capacity(static_cast<std::uint32_t>(uniform(0, static_cast<int>(full) + 200)), full);
        } else {
            a.no_capacity();
        }
        a.bms_soc(static_cast<std::uint8_t>(uniform(0, 110)));
        a.soh(static_cast<std::uint8_t>(uniform(50, 105)));
        if (chance(5)) {
            a.no_voltage();
        } else if (chance(30)) {
            // Measured pack voltage off the cell sum by up to ±0.5 V.
            const topband::AnalogValues v = a.build();
            a.voltage_10mV(static_cast<std::uint16_t>(std::max(1, *v.pack_voltage_10mV + uniform(-50, 50))));
        }
        return a.build();
    }

    // Healthy most of the time; otherwise a few random status bits (protection, alarms, MOSFET states).
    topband::AlarmInfo alarm() {
        topband::AlarmInfo a = status();
        if (chance(60)) {
            return a;
        }
        const int n = uniform(1, 3);
        for (int i = 0; i < n; ++i) {
            const auto bit = static_cast<std::size_t>(uniform(0, 63));
            a.status_bytes[bit / 8] = static_cast<std::uint8_t>(a.status_bytes[bit / 8] ^ (1U << (bit % 8)));
        }
        if (chance(5)) {
            a.status_byte_count = static_cast<std::uint8_t>(uniform(0, 1));
        }
        return a;
    }

    // Plausible 0x47 limits around typical values (some stricter than the controller defaults), sometimes
    // implausible.
    topband::SystemParameters parameters() {
        topband::SystemParameters p = loose_parameters();
        p.cell_high_mV = static_cast<std::uint16_t>(uniform(3450, 3700));
        p.cell_low_mV = static_cast<std::uint16_t>(uniform(2500, 3050));
        p.charge_high_temp_raw_dK = raw_dK(uniform(400, 600));
        p.charge_low_temp_raw_dK = raw_dK(uniform(-100, 80));
        p.charge_current_max_10mA = static_cast<std::int16_t>(uniform(100, 20000));
        p.pack_low_10mV = static_cast<std::uint16_t>(uniform(4000, 4800));
        p.discharge_high_temp_raw_dK = raw_dK(uniform(450, 700));
        p.discharge_low_temp_raw_dK = raw_dK(uniform(-300, 0));
        p.discharge_current_max_10mA = static_cast<std::int16_t>(uniform(100, 30000));
        if (chance(10)) {
            p.cell_high_mV = 9999;  // implausible: the pack's limits are ignored
        }
        return p;
    }

private:
    std::mt19937 rng_;
};

}  // namespace tbg::test
