// Fault matrix, state file rows: a damaged or missing state.json (the previous generation takes over), kill -9 at
// random moments during saves (the counters are never torn and at most the unsaved interval is lost) and a full
// disk (the save fails with a clear error, the old file stays, the next save after space returns succeeds).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <string>

#include <nlohmann/json.hpp>

#include "targets/linux/state_file.h"

namespace tbg::daemon {
namespace {

class StateFileFaults : public ::testing::Test {
protected:
    void SetUp() override {
        char pattern[] = "/tmp/tbg-state-faults-XXXXXX";
        ASSERT_NE(::mkdtemp(pattern), nullptr);
        dir_ = pattern;
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }

    std::string path() const { return dir_ + "/state.json"; }
    static PersistentState state_for(std::uint64_t i) {
        // The ledger text carries the same number, so a torn mix of two saves would be seen.
        return PersistentState{i, 2 * i, nlohmann::json{{"days", nlohmann::json::array()}, {"seq", i}}.dump()};
    }

    std::string dir_;
};

TEST_F(StateFileFaults, ADamagedFileFallsBackToThePreviousGeneration) {
    std::string error;
    ASSERT_TRUE(save_state(dir_, state_for(10), error));
    ASSERT_TRUE(save_state(dir_, state_for(11), error));
    std::filesystem::resize_file(path(), 9);  // truncated: an SD card that lost the last blocks
    std::string warning;
    const PersistentState state = load_state(dir_, warning);
    EXPECT_EQ(state.charged_Wh, 10U);
    EXPECT_EQ(state.discharged_Wh, 20U);
    EXPECT_NE(warning.find("is damaged (kept as " + path() + ".corrupt-1)"), std::string::npos) << warning;
    EXPECT_NE(warning.find("restored the energy counters from " + path() + ".prev"), std::string::npos) << warning;
    EXPECT_EQ(std::filesystem::file_size(path() + ".corrupt-1"), 9U);
}

TEST_F(StateFileFaults, AMissingFileWithAPreviousGenerationUsesIt) {
    std::string error;
    ASSERT_TRUE(save_state(dir_, state_for(10), error));
    ASSERT_TRUE(save_state(dir_, state_for(11), error));
    std::filesystem::remove(path());  // a crash between the two renames
    std::string warning;
    EXPECT_EQ(load_state(dir_, warning).charged_Wh, 10U);
    EXPECT_NE(warning.find("is missing; restored"), std::string::npos) << warning;
}

TEST_F(StateFileFaults, BothGenerationsDamagedStartFromZeroAndSaySo) {
    std::string error;
    ASSERT_TRUE(save_state(dir_, state_for(10), error));
    ASSERT_TRUE(save_state(dir_, state_for(11), error));
    std::ofstream(path()) << "{\"charged_Wh\": -5}";
    std::ofstream(path() + ".prev") << "\x00\x00\x00";
    std::string warning;
    const PersistentState state = load_state(dir_, warning);
    EXPECT_EQ(state.charged_Wh, 0U);
    EXPECT_NE(warning.find("damaged too; energy counters start from 0"), std::string::npos) << warning;
}

// A child saves ever larger counters and reports each completed save on a pipe; the parent kills it with SIGKILL
// at a random moment, then loads. The state must be a whole save (charged, discharged and ledger of the same save),
// no older than the last completed one, at most the one in flight newer.
TEST_F(StateFileFaults, KillNineDuringSavesNeverTearsTheCounters) {
    std::mt19937 rng(4242);
    std::uint64_t next = 1;
    int rounds_in_flight = 0;
    for (int round = 0; round < 40; ++round) {
        int acks[2];
        ASSERT_EQ(::pipe(acks), 0);
        const pid_t child = ::fork();
        ASSERT_GE(child, 0);
        if (child == 0) {
            ::close(acks[0]);
            for (std::uint64_t i = next;; ++i) {
                std::string error;
                if (!save_state(dir_, state_for(i), error)) {
                    ::_exit(3);
                }
                if (::write(acks[1], &i, sizeof i) != sizeof i) {
                    ::_exit(4);
                }
            }
        }
        ::close(acks[1]);
        ::usleep(std::uniform_int_distribution<useconds_t>(20'000, 120'000)(rng));
        ASSERT_EQ(::kill(child, SIGKILL), 0);
        int status = 0;
        ASSERT_EQ(::waitpid(child, &status, 0), child);
        ASSERT_TRUE(WIFSIGNALED(status)) << "the saving child failed on its own: " << status;
        std::uint64_t acked = next - 1;
        std::uint64_t value = 0;
        while (::read(acks[0], &value, sizeof value) == sizeof value) {
            acked = value;
        }
        ::close(acks[0]);

        std::string warning;
        const PersistentState state = load_state(dir_, warning);
        EXPECT_EQ(warning.find("damaged"), std::string::npos) << "round " << round << ": " << warning;
        EXPECT_EQ(state.discharged_Wh, 2 * state.charged_Wh) << "round " << round;
        EXPECT_EQ(nlohmann::json::parse(state.energy_ledger.empty() ? "{}" : state.energy_ledger).value("seq", 0U),
                  state.charged_Wh)
            << "round " << round;
        EXPECT_GE(state.charged_Wh + 1, acked) << "round " << round << ": more than the save in flight was lost";
        EXPECT_LE(state.charged_Wh, acked + 1) << "round " << round;
        rounds_in_flight += state.charged_Wh != acked ? 1 : 0;
        next = state.charged_Wh + 1;
        if (testing::Test::HasFailure()) {
            return;
        }
    }
    RecordProperty("rounds_restored_from_prev_or_newer", rounds_in_flight);
    EXPECT_GT(next, 100U) << "the children saved often enough to be killed mid-save";
}

// Runs `body` in a child with a filesystem that fills up: a 64 KiB tmpfs mounted over `dir` in a mount namespace of
// the child's own (root, or an unprivileged user namespace). Returns the child's report ("" = passed).
std::string in_small_filesystem(const std::string& dir, const std::function<std::string()>& body) {
    int report[2];
    if (::pipe(report) != 0) {
        return "pipe failed";
    }
    const pid_t child = ::fork();
    if (child == 0) {
        ::close(report[0]);
        const bool isolated = ::unshare(CLONE_NEWNS) == 0 || ::unshare(CLONE_NEWUSER | CLONE_NEWNS) == 0;
        std::string result;
        if (!isolated || ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0 ||
            ::mount("tmpfs", dir.c_str(), "tmpfs", 0, "size=64k,mode=0700") != 0) {
            result = std::string("cannot mount a small tmpfs (needs root or user namespaces): ") + std::strerror(errno);
        } else {
            result = body();
        }
        const auto written = ::write(report[1], result.data(), result.size());
        ::_exit(written == static_cast<ssize_t>(result.size()) ? 0 : 1);
    }
    ::close(report[1]);
    std::string result;
    char buffer[512];
    ssize_t n = 0;
    while ((n = ::read(report[0], buffer, sizeof buffer)) > 0) {
        result.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(report[0]);
    int status = 0;
    ::waitpid(child, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        return "child failed: " + std::to_string(status) + " " + result;
    }
    return result;
}

TEST_F(StateFileFaults, AFullDiskFailsTheSaveClearlyAndKeepsTheOldFile) {
    const std::string dir = dir_;
    const std::string report = in_small_filesystem(dir, [dir]() -> std::string {
        std::string error;
        if (!save_state(dir, state_for(7), error)) {
            return "first save failed: " + error;
        }
        // Fill the filesystem to the last byte.
        const int filler = ::open((dir + "/filler").c_str(), O_WRONLY | O_CREAT, 0600);
        const std::string block(4096, 'x');
        while (::write(filler, block.data(), block.size()) > 0) {
        }
        while (::write(filler, "x", 1) > 0) {
        }
        ::close(filler);
        PersistentState big = state_for(8);
        big.energy_ledger = nlohmann::json{{"seq", 8}, {"pad", std::string(8000, 'p')}}.dump();
        if (save_state(dir, big, error)) {
            return "a save on a full disk reported success";
        }
        if (error.find("No space left on device") == std::string::npos) {
            return "unclear error: " + error;
        }
        if (std::filesystem::exists(dir + "/state.json.tmp")) {
            return "the partial temporary file was left behind";
        }
        std::string warning;
        const PersistentState kept = load_state(dir, warning);
        if (kept.charged_Wh != 7 || !warning.empty()) {
            return "the old state is not intact: " + std::to_string(kept.charged_Wh) + " " + warning;
        }
        std::filesystem::remove(dir + "/filler");
        if (!save_state(dir, big, error)) {
            return "no save after space returned: " + error;
        }
        if (load_state(dir, warning).charged_Wh != 8) {
            return "the save after space returned was not read back";
        }
        return "";
    });
    EXPECT_EQ(report, "");
}

}  // namespace
}  // namespace tbg::daemon
