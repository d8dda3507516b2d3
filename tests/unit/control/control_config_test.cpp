#include "core/control/control_config.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "core/bank/bank_config.h"

namespace tbg::control {
namespace {

TEST(control_config, DefaultsAreValid) {
    const ConfigErrors errors = ControlConfig{}.validate();
    for (const ConfigError& e : errors) {
        ADD_FAILURE() << e.message;
    }
}

TEST(control_config, DefaultsLieWithinTheirBounds) {
    const ControlConfig defaults;
    std::set<std::string> keys;
    for (const auto& field : control_config_fields()) {
        EXPECT_GE(defaults.*field.member, field.min) << field.key;
        EXPECT_LE(defaults.*field.member, field.max) << field.key;
        EXPECT_LT(field.min, field.max) << field.key;
        EXPECT_FALSE(field.help.empty()) << field.key;
        EXPECT_TRUE(keys.insert(std::string(field.key)).second) << "duplicate " << field.key;
    }
    EXPECT_EQ(keys.size(), 50U);
}

TEST(control_config, EveryKeyRejectsValuesJustOutsideItsBounds) {
    for (const auto& field : control_config_fields()) {
        for (const std::int32_t value : {field.min - 1, field.max + 1}) {
            ControlConfig config;
            config.*field.member = value;
            const ConfigErrors errors = config.validate();
            ASSERT_EQ(errors.size(), 1U) << field.key << " = " << value;
            EXPECT_EQ(errors[0].key, field.key);
            EXPECT_EQ(errors[0].value, value);
            EXPECT_EQ(errors[0].min, field.min);
            EXPECT_EQ(errors[0].max, field.max);
            EXPECT_NE(errors[0].message.find(std::string(field.key)), std::string::npos);
            EXPECT_NE(errors[0].message.find(std::to_string(field.min) + "…" + std::to_string(field.max)),
                      std::string::npos);
        }
    }
}

TEST(control_config, MessageNamesKeyValueAndRange) {
    ControlConfig config;
    config.bulk_cell_mV = 3700;
    const ConfigErrors errors = config.validate();
    ASSERT_EQ(errors.size(), 1U);
    EXPECT_EQ(errors[0].message, "bulk_cell_mV = 3700 is outside 3300…3550");
}

TEST(control_config, RulesBetweenKeys) {
    struct Case {
        void (*edit)(ControlConfig&);
        const char* key;
        std::int64_t min;
        std::int64_t max;
    };
    const Case cases[] = {
        {[](ControlConfig& c) { c.cells_in_series = 2; }, "cells_in_series", 4, 32},
        {[](ControlConfig& c) {
             c.float_cell_mV = 3450;
             c.bulk_cell_mV = 3400;
         },
         "float_cell_mV", 3300, 3400},
        {[](ControlConfig& c) {
             c.bulk_cell_mV = 3550;
             c.ccl_taper_end_cell_mV = 3500;
         },
         "bulk_cell_mV", 3300, 3500},
        {[](ControlConfig& c) { c.cvl_max_dV = 565; }, "cvl_max_dV", 400, 564},
        {[](ControlConfig& c) { c.ccl_taper_start_cell_mV = 3550; }, "ccl_taper_start_cell_mV", 3300, 3549},
        {[](ControlConfig& c) { c.ccl_taper_end_cell_mV = 3600; }, "ccl_taper_end_cell_mV", 3350, 3599},
        {[](ControlConfig& c) { c.dcl_taper_start_cell_mV = 3000; }, "dcl_taper_start_cell_mV", 3001, 3300},
        {[](ControlConfig& c) { c.dcl_taper_end_cell_mV = 2900; }, "dcl_taper_end_cell_mV", 2901, 3200},
        {[](ControlConfig& c) {
             c.hard_charge_temp_min_dC = 100;
             c.hard_charge_temp_max_dC = 300;
             c.charge_temp_hysteresis_dC = 100;
         },
         "hard_charge_temp_max_dC", 301, 550},
        {[](ControlConfig& c) {
             c.rebulk_spread_mV = 20;
             c.float_spread_mV = 20;
         },
         "rebulk_spread_mV", 21, 500},
        {[](ControlConfig& c) { c.imbalance_alarm_mV = 100; }, "imbalance_alarm_mV", 101, 1000},
    };
    for (const Case& c : cases) {
        ControlConfig config;
        c.edit(config);
        const ConfigErrors errors = config.validate();
        ASSERT_EQ(errors.size(), 1U) << c.key;
        EXPECT_EQ(errors[0].key, c.key);
        EXPECT_EQ(errors[0].min, c.min) << c.key;
        EXPECT_EQ(errors[0].max, c.max) << c.key;
        EXPECT_NE(errors[0].message.find('('), std::string::npos) << errors[0].message;
    }
}

TEST(control_config, CrossRuleMessageExplainsTheOtherKey) {
    ControlConfig config;
    config.cvl_max_dV = 570;
    config.hard_pack_voltage_max_dV = 565;
    const ConfigErrors errors = config.validate();
    ASSERT_EQ(errors.size(), 1U);
    EXPECT_EQ(errors[0].message,
              "cvl_max_dV = 570 is outside 400…564 (must stay below hard_pack_voltage_max_dV = 565)");
}

// docs/charge-control.md §5 lists every key with its default and bounds; this keeps the tables equal to the code.
template <typename Config>
void expect_documented(const std::string& doc, std::span<const ConfigField<Config>> fields) {
    const Config defaults;
    for (const auto& field : fields) {
        const std::string row = "| `" + std::string(field.key) + "` | " + std::to_string(defaults.*field.member) +
                                " | " + std::to_string(field.min) + "…" + std::to_string(field.max) + " | ";
        EXPECT_NE(doc.find(row), std::string::npos) << "docs/charge-control.md lacks the row " << row;
    }
}

TEST(control_config, EveryKeyIsDocumentedWithItsDefaultAndBounds) {
    std::ifstream file(std::string(TBG_SOURCE_DIR) + "/docs/charge-control.md");
    ASSERT_TRUE(file.good());
    std::stringstream text;
    text << file.rdbuf();
    expect_documented(text.str(), control_config_fields());
    expect_documented(text.str(), bank::bank_config_fields());
    EXPECT_NE(text.str().find("| `failsafe_silence` | false |"), std::string::npos);
}

}  // namespace
}  // namespace tbg::control
