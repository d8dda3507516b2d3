#include "platform/sim/scenario.h"

#include <array>

namespace tbg::sim {

namespace {

constexpr std::array<Scenario, kScenarioCount> kScenarios = {
    Scenario::kNormal,     Scenario::kCharge,      Scenario::kDischarge,    Scenario::kCold,    Scenario::kHot,
    Scenario::kRunnerCell, Scenario::kOverVoltage, Scenario::kUnderVoltage, Scenario::kDropout, Scenario::kNoise,
    Scenario::kSlow,       Scenario::kProtection,  Scenario::kWrongAdr,
};

}  // namespace

std::string_view to_string(Scenario scenario) {
    switch (scenario) {
        case Scenario::kNormal:
            return "normal";
        case Scenario::kCharge:
            return "charge";
        case Scenario::kDischarge:
            return "discharge";
        case Scenario::kCold:
            return "cold";
        case Scenario::kHot:
            return "hot";
        case Scenario::kRunnerCell:
            return "runner_cell";
        case Scenario::kOverVoltage:
            return "over_voltage";
        case Scenario::kUnderVoltage:
            return "under_voltage";
        case Scenario::kDropout:
            return "dropout";
        case Scenario::kNoise:
            return "noise";
        case Scenario::kSlow:
            return "slow";
        case Scenario::kProtection:
            return "protection";
        case Scenario::kWrongAdr:
            return "wrong_adr";
    }
    return "unknown";
}

std::optional<Scenario> parse_scenario(std::string_view name) {
    for (const Scenario scenario : kScenarios) {
        const std::string_view id = to_string(scenario);
        if (name.size() != id.size()) {
            continue;
        }
        bool same = true;
        for (std::size_t i = 0; i < id.size() && same; ++i) {
            same = name[i] == id[i] || (name[i] == '-' && id[i] == '_');
        }
        if (same) {
            return scenario;
        }
    }
    return std::nullopt;
}

std::span<const Scenario> all_scenarios() {
    return kScenarios;
}

}  // namespace tbg::sim
