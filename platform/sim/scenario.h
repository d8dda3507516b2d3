// Scenarios of the pack simulator: what a simulated pack does (current profile, temperature, faults, bus behaviour).
//
// The snake_case names are the interface of the topband-sim command line and its stdin control protocol: never
// rename one.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace tbg::sim {

enum class Scenario : std::uint8_t {
    kNormal,        // gentle charge/discharge cycle around the current SOC, 25 °C
    kCharge,        // CC/CV charge at 0.3 C up to full
    kDischarge,     // 0.3 C discharge down to the inverter's low-voltage cut-off
    kCold,          // ambient −10 °C: cells cross 0 °C, charge temperature protection
    kHot,           // ambient 58 °C: cells cross 50 °C (alarm) and 55 °C (charge protection)
    kRunnerCell,    // one cell has 6 % less capacity: it runs away near full while charging
    kOverVoltage,   // one cell climbs to 3.70 V while charging: alarm, then protection (bit 0, charge MOSFET off)
    kUnderVoltage,  // one cell falls to 2.40 V while discharging: alarm, then protection (bit 12, discharge MOSFET off)
    kDropout,       // the pack stops answering (its model keeps running)
    kNoise,         // a fraction of the reply bytes is corrupted (bit flips, dropped and inserted bytes)
    kSlow,          // replies come after the slow turnaround, close to the master's timeout
    kProtection,    // the configured 0x44 protection bits are set and the matching MOSFETs are off
    kWrongAdr,      // the pack answers with another ADR in the reply header
};

inline constexpr std::size_t kScenarioCount = static_cast<std::size_t>(Scenario::kWrongAdr) + 1;

std::string_view to_string(Scenario scenario);                  // "normal", "charge", …, "wrong_adr"
std::optional<Scenario> parse_scenario(std::string_view name);  // snake_case name; '-' may stand for '_'
std::span<const Scenario> all_scenarios();

}  // namespace tbg::sim
