// Atomic state file: round trip, damaged files kept aside, 0600 permissions, the old file kept when a write fails.
#include "targets/linux/state_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

namespace tbg::daemon {
namespace {

class StateFile : public ::testing::Test {
protected:
    void SetUp() override {
        char pattern[] = "/tmp/tbg-state-XXXXXX";
        ASSERT_NE(::mkdtemp(pattern), nullptr);
        dir_ = pattern;
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }

    void write_raw(const std::string& name, const std::string& content) { std::ofstream(dir_ + "/" + name) << content; }

    std::string dir_;
};

TEST_F(StateFile, MissingFileIsAFreshStart) {
    std::string warning;
    const PersistentState state = load_state(dir_, warning);
    EXPECT_EQ(state.charged_Wh, 0U);
    EXPECT_EQ(state.discharged_Wh, 0U);
    EXPECT_TRUE(warning.empty());
}

TEST_F(StateFile, RoundTripWithOwnerOnlyPermissions) {
    std::string error;
    const nlohmann::json ledger = {{"days", {{"2026-12-01", 1500, 700}}}, {"months", nlohmann::json::array()}};
    ASSERT_TRUE(save_state(dir_, PersistentState{123456789012ULL, 42, ledger.dump()}, error)) << error;
    struct stat info {};
    ASSERT_EQ(::stat((dir_ + "/state.json").c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 0777, 0600U);
    EXPECT_FALSE(std::filesystem::exists(dir_ + "/state.json.tmp"));
    std::string warning;
    const PersistentState state = load_state(dir_, warning);
    EXPECT_EQ(state.charged_Wh, 123456789012ULL);
    EXPECT_EQ(state.discharged_Wh, 42U);
    EXPECT_EQ(nlohmann::json::parse(state.energy_ledger), ledger) << "kept as written, for ledger_from_json";
    EXPECT_TRUE(warning.empty());
}

TEST_F(StateFile, AFileWithoutLedgerFromAnOlderVersionLoads) {
    write_raw("state.json", R"({"charged_Wh": 5, "discharged_Wh": 6})");
    std::string warning;
    const PersistentState state = load_state(dir_, warning);
    EXPECT_EQ(state.charged_Wh, 5U);
    EXPECT_TRUE(state.energy_ledger.empty());
    EXPECT_TRUE(warning.empty());
}

TEST_F(StateFile, DamagedFileIsKeptAsideAndReported) {
    write_raw("state.json", "{\"charged_Wh\": 12, \"discharged");
    std::string warning;
    const PersistentState state = load_state(dir_, warning);
    EXPECT_EQ(state.charged_Wh, 0U);
    EXPECT_NE(warning.find("damaged"), std::string::npos) << warning;
    EXPECT_TRUE(std::filesystem::exists(dir_ + "/state.json.corrupt-1"));
    EXPECT_FALSE(std::filesystem::exists(dir_ + "/state.json"));
    write_raw("state.json", "[]");
    load_state(dir_, warning);
    EXPECT_TRUE(std::filesystem::exists(dir_ + "/state.json.corrupt-2")) << "earlier copies are not overwritten";
}

TEST_F(StateFile, NegativeOrWrongTypedCountersAreDamage) {
    write_raw("state.json", "{\"charged_Wh\": -5, \"discharged_Wh\": 1}");
    std::string warning;
    EXPECT_EQ(load_state(dir_, warning).charged_Wh, 0U);
    EXPECT_FALSE(warning.empty());
}

TEST_F(StateFile, FailedWriteLeavesTheOldFile) {
    std::string error;
    ASSERT_TRUE(save_state(dir_, PersistentState{7, 8, ""}, error));
    ASSERT_FALSE(write_atomic(dir_ + "/missing-dir/state.json", "{}", error));
    EXPECT_NE(error.find("cannot create"), std::string::npos) << error;
    std::string warning;
    EXPECT_EQ(load_state(dir_, warning).charged_Wh, 7U);
}

}  // namespace
}  // namespace tbg::daemon
