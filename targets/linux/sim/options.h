// Parsers for topband-sim's command-line values and stdin control lines. Pure: no I/O.
//
//   pack spec      ADR:PRESET[:CAPACITY_AH[:SOC_PCT]][,…]   e.g. "0:16S7T,1:16S7T,2:15S7T:30:80"
//   scenario pack  ADR=NAME                                  e.g. "1=runner_cell"
//   bit list       BIT[,BIT…] (0…63)                         e.g. "2,4"
//   control line   "scenario NAME [ADR]" | "unplug SECONDS" | "status" | "quit"   (blank lines are ignored)
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/sim/preset.h"
#include "platform/sim/scenario.h"

namespace tbg::sim::cli {

struct PackSpec {
    std::uint8_t adr = 0;
    Preset preset = Preset::k16S7T;
    std::uint32_t capacity_Ah = 100;  // 1…655
    std::uint8_t soc_pct = 60;        // 0…100
};

// Each address at most once. On failure returns nullopt and sets `error`.
std::optional<std::vector<PackSpec>> parse_pack_specs(std::string_view text, std::string& error);

struct ScenarioAssignment {
    std::uint8_t adr = 0;
    Scenario scenario = Scenario::kNormal;
};

std::optional<ScenarioAssignment> parse_scenario_assignment(std::string_view text, std::string& error);
std::optional<std::uint64_t> parse_bit_list(std::string_view text, std::string& error);

struct ControlCommand {
    enum class Kind : std::uint8_t { kNone, kScenario, kUnplug, kStatus, kQuit, kInvalid };
    Kind kind = Kind::kNone;
    Scenario scenario = Scenario::kNormal;
    std::optional<std::uint8_t> adr;  // kScenario: one pack, or every pack when absent
    std::uint32_t seconds = 0;        // kUnplug: 0…86400
    std::string error;                // kInvalid
};

ControlCommand parse_control_line(std::string_view line);

}  // namespace tbg::sim::cli
