// Fault matrix, configuration rows: a missing, truncated, corrupted or out-of-range config.json. Each case must give
// a clear error, a safe configuration (the previous generation, else the defaults with CAN off) and keep the
// original file.
#include "targets/linux/config_file.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "core/config/config_json.h"

namespace tbg::daemon {
namespace {

class ConfigFile : public ::testing::Test {
protected:
    void SetUp() override {
        char pattern[] = "/tmp/tbg-config-XXXXXX";
        ASSERT_NE(::mkdtemp(pattern), nullptr);
        dir_ = pattern;
        path_ = dir_ + "/config.json";
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }

    void write_raw(const std::string& path, const std::string& content) { std::ofstream(path) << content; }
    std::string read(const std::string& path) {
        std::stringstream text;
        text << std::ifstream(path).rdbuf();
        return text.str();
    }
    // A valid configuration that differs from the defaults in a limit.
    config::GatewayConfig custom(std::int32_t pack_charge_current_dA) {
        config::GatewayConfig config;
        config.control.pack_charge_current_dA = pack_charge_current_dA;
        return config;
    }
    std::string joined(const LoadedConfig& loaded) {
        std::string text;
        for (const std::string& line : loaded.errors) {
            text += line + "\n";
        }
        return text;
    }

    std::string dir_;
    std::string path_;
};

TEST_F(ConfigFile, MissingFileGetsTheDefaults) {
    const LoadedConfig loaded = load_config_file(path_);
    EXPECT_TRUE(loaded.usable);
    EXPECT_FALSE(loaded.monitoring_only);
    EXPECT_TRUE(loaded.errors.empty());
    EXPECT_EQ(loaded.config.control.pack_charge_current_dA, config::GatewayConfig{}.control.pack_charge_current_dA);
    EXPECT_TRUE(std::filesystem::exists(path_));
}

TEST_F(ConfigFile, SaveKeepsThePreviousGeneration) {
    std::string error;
    ASSERT_TRUE(save_config_file(path_, custom(200), error)) << error;
    ASSERT_TRUE(save_config_file(path_, custom(300), error)) << error;
    EXPECT_EQ(load_config_file(path_).config.control.pack_charge_current_dA, 300);
    EXPECT_EQ(load_config_file(path_ + ".prev").config.control.pack_charge_current_dA, 200);
    EXPECT_EQ(std::filesystem::status(path_).permissions() & std::filesystem::perms::all,
              std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
}

// A crash between the two renames of a save leaves only config.json.prev.
TEST_F(ConfigFile, MissingFileWithAPreviousGenerationRestoresIt) {
    std::string error;
    ASSERT_TRUE(save_config_file(path_, custom(200), error));
    ASSERT_TRUE(save_config_file(path_, custom(300), error));
    std::filesystem::remove(path_);
    const LoadedConfig loaded = load_config_file(path_);
    EXPECT_TRUE(loaded.errors.empty());
    ASSERT_EQ(loaded.notices.size(), 1U);
    EXPECT_NE(loaded.notices[0].find("restored"), std::string::npos);
    EXPECT_EQ(loaded.config.control.pack_charge_current_dA, 200);
    EXPECT_EQ(load_config_file(path_).config.control.pack_charge_current_dA, 200);
}

class DamagedConfig : public ConfigFile, public testing::WithParamInterface<const char*> {
protected:
    // The damage: a truncated file, garbage, a value out of range, a wrong type, an empty file.
    std::string damaged() {
        const std::string valid = config::config_to_json(custom(300)).dump(2);
        const std::string kind = GetParam();
        if (kind == "truncated") {
            return valid.substr(0, valid.size() / 2);
        }
        if (kind == "garbage") {
            return "\x01\xFF\xFE{{{ not json";
        }
        if (kind == "out_of_range") {
            return R"({"control": {"pack_charge_current_dA": 999999}})";
        }
        if (kind == "wrong_type") {
            return R"({"control": {"pack_charge_current_dA": "lots"}})";
        }
        return "";
    }
};

// With a previous generation: the damaged file is kept aside, the previous configuration runs (CAN on) and is
// written back.
TEST_P(DamagedConfig, FallsBackToThePreviousGenerationAndKeepsTheDamagedFile) {
    std::string error;
    ASSERT_TRUE(save_config_file(path_, custom(200), error));
    ASSERT_TRUE(save_config_file(path_, custom(300), error));
    const std::string damage = damaged();
    write_raw(path_, damage);
    const LoadedConfig loaded = load_config_file(path_);
    EXPECT_TRUE(loaded.usable);
    EXPECT_FALSE(loaded.monitoring_only);
    ASSERT_GE(loaded.errors.size(), 2U) << "the problem and what was done";
    EXPECT_NE(joined(loaded).find("is damaged (kept as " + path_ + ".corrupt-1)"), std::string::npos) << joined(loaded);
    EXPECT_EQ(loaded.config.control.pack_charge_current_dA, 200);
    EXPECT_EQ(read(path_ + ".corrupt-1"), damage);
    EXPECT_EQ(load_config_file(path_).config.control.pack_charge_current_dA, 200) << "written back";
}

// Without one: the defaults run with CAN off, the damaged file stays where it is (and a copy is kept), and a
// restart comes to the same decision without another copy.
TEST_P(DamagedConfig, WithoutAnEarlierGenerationRunsTheDefaultsWithCanOff) {
    const std::string damage = damaged();
    write_raw(path_, damage);
    const LoadedConfig loaded = load_config_file(path_);
    EXPECT_TRUE(loaded.usable);
    EXPECT_TRUE(loaded.monitoring_only);
    EXPECT_NE(joined(loaded).find("CAN transmission OFF"), std::string::npos) << joined(loaded);
    EXPECT_EQ(read(path_), damage);
    EXPECT_EQ(read(path_ + ".corrupt-1"), damage);
    const LoadedConfig again = load_config_file(path_);
    EXPECT_TRUE(again.monitoring_only);
    EXPECT_FALSE(std::filesystem::exists(path_ + ".corrupt-2"));
    // A configuration saved from the dashboard ends it: the next start uses it with CAN on.
    std::string error;
    ASSERT_TRUE(save_config_file(path_, custom(250), error));
    const LoadedConfig fixed = load_config_file(path_);
    EXPECT_FALSE(fixed.monitoring_only);
    EXPECT_EQ(fixed.config.control.pack_charge_current_dA, 250);
}

INSTANTIATE_TEST_SUITE_P(daemon, DamagedConfig,
                         testing::Values("truncated", "garbage", "out_of_range", "wrong_type", "empty"));

TEST_F(ConfigFile, AnUnwritableDirectoryStopsTheStart) {
    const LoadedConfig loaded = load_config_file(dir_ + "/missing-dir/config.json");
    EXPECT_FALSE(loaded.usable);
    ASSERT_EQ(loaded.errors.size(), 1U);
    EXPECT_NE(loaded.errors[0].find("cannot create"), std::string::npos) << loaded.errors[0];
}

}  // namespace
}  // namespace tbg::daemon
