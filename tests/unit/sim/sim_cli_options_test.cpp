// topband-sim's value and control-line parsers (targets/linux/sim/options.h).
#include <gtest/gtest.h>

#include <string>

#include "targets/linux/sim/options.h"

namespace tbg::sim::cli {
namespace {

TEST(sim_cli_options, PackSpecsWithDefaultsAndOptionalFields) {
    std::string error;
    const auto packs = parse_pack_specs("0:16S7T, 1:16s6t ,2:15S7T:30:80", error);
    ASSERT_TRUE(packs) << error;
    ASSERT_EQ(packs->size(), 3U);
    EXPECT_EQ((*packs)[0].adr, 0);
    EXPECT_EQ((*packs)[0].preset, Preset::k16S7T);
    EXPECT_EQ((*packs)[0].capacity_Ah, 100U);
    EXPECT_EQ((*packs)[0].soc_pct, 60);
    EXPECT_EQ((*packs)[1].preset, Preset::k16S6T);
    EXPECT_EQ((*packs)[2].adr, 2);
    EXPECT_EQ((*packs)[2].capacity_Ah, 30U);
    EXPECT_EQ((*packs)[2].soc_pct, 80);
}

TEST(sim_cli_options, PackSpecErrors) {
    std::string error;
    for (const char* bad : {"", "16:16S7T", "0:16S8T", "0:16S7T,0:15S7T", "0", "0:16S7T:0", "0:16S7T:100:101",
                            "0:16S7T:100:50:1", "x:16S7T", "0:16S7T:656"}) {
        error.clear();
        EXPECT_FALSE(parse_pack_specs(bad, error)) << bad;
        EXPECT_FALSE(error.empty()) << bad;
    }
}

TEST(sim_cli_options, ScenarioAssignmentAndBitList) {
    std::string error;
    const auto assignment = parse_scenario_assignment("12=runner_cell", error);
    ASSERT_TRUE(assignment) << error;
    EXPECT_EQ(assignment->adr, 12);
    EXPECT_EQ(assignment->scenario, Scenario::kRunnerCell);
    EXPECT_FALSE(parse_scenario_assignment("12", error));
    EXPECT_FALSE(parse_scenario_assignment("16=normal", error));
    EXPECT_FALSE(parse_scenario_assignment("1=boiling", error));
    EXPECT_EQ(parse_bit_list("2,4,63", error), (1ULL << 2) | (1ULL << 4) | (1ULL << 63));
    EXPECT_FALSE(parse_bit_list("64", error));
    EXPECT_FALSE(parse_bit_list("2,,4", error));
}

TEST(sim_cli_options, ControlLines) {
    using Kind = ControlCommand::Kind;
    ControlCommand c = parse_control_line("scenario charge");
    EXPECT_EQ(c.kind, Kind::kScenario);
    EXPECT_EQ(c.scenario, Scenario::kCharge);
    EXPECT_FALSE(c.adr);
    c = parse_control_line("  scenario dropout 3\r");
    EXPECT_EQ(c.kind, Kind::kScenario);
    EXPECT_EQ(c.scenario, Scenario::kDropout);
    EXPECT_EQ(c.adr, 3);
    c = parse_control_line("unplug 5");
    EXPECT_EQ(c.kind, Kind::kUnplug);
    EXPECT_EQ(c.seconds, 5U);
    EXPECT_EQ(parse_control_line("quit").kind, Kind::kQuit);
    EXPECT_EQ(parse_control_line("status").kind, Kind::kStatus);
    EXPECT_EQ(parse_control_line("").kind, Kind::kNone);
    for (const char* bad :
         {"scenario", "scenario lukewarm", "scenario charge 16", "unplug", "unplug -1", "quit now", "reboot"}) {
        c = parse_control_line(bad);
        EXPECT_EQ(c.kind, Kind::kInvalid) << bad;
        EXPECT_FALSE(c.error.empty()) << bad;
    }
}

}  // namespace
}  // namespace tbg::sim::cli
