#include "platform/linux/reopen_policy.h"

#include <cstdint>
#include <vector>

#include <gtest/gtest.h>

namespace tbg::platform {
namespace {

TEST(platform_reopen_policy, DueAtOnceBeforeAnyFailure) {
    const ReopenPolicy policy;
    EXPECT_TRUE(policy.due(0));
    EXPECT_TRUE(policy.due(123456));
    EXPECT_EQ(policy.delay_ms(), 500u);
    EXPECT_EQ(policy.consecutive_failures(), 0u);
}

TEST(platform_reopen_policy, DelaysDoubleFromHalfASecondAndCapAtTenSeconds) {
    ReopenPolicy policy;
    std::uint64_t now_ms = 1000;
    std::vector<std::uint64_t> waits;
    for (int attempt = 0; attempt < 8; ++attempt) {
        policy.on_failure(now_ms);
        const std::uint64_t next_ms = policy.next_attempt_ms();
        EXPECT_FALSE(policy.due(next_ms - 1));
        EXPECT_TRUE(policy.due(next_ms));
        waits.push_back(next_ms - now_ms);
        now_ms = next_ms + 3;  // the attempt runs a little after it became due
    }
    EXPECT_EQ(waits, (std::vector<std::uint64_t>{500, 1000, 2000, 4000, 8000, 10000, 10000, 10000}));
    EXPECT_EQ(policy.consecutive_failures(), 8u);
}

TEST(platform_reopen_policy, SuccessResetsTheDelay) {
    ReopenPolicy policy;
    policy.on_failure(0);
    policy.on_failure(500);
    policy.on_failure(1500);
    EXPECT_EQ(policy.delay_ms(), 4000u);
    policy.on_success();
    EXPECT_TRUE(policy.due(1600));
    EXPECT_EQ(policy.consecutive_failures(), 0u);
    policy.on_failure(5000);  // lost again later: starts over at half a second
    EXPECT_EQ(policy.next_attempt_ms(), 5500u);
}

TEST(platform_reopen_policy, CustomAndDegenerateConfigs) {
    ReopenPolicy fast({100, 350});
    fast.on_failure(0);
    EXPECT_EQ(fast.next_attempt_ms(), 100u);
    fast.on_failure(100);
    EXPECT_EQ(fast.next_attempt_ms(), 300u);
    fast.on_failure(300);
    EXPECT_EQ(fast.next_attempt_ms(), 650u);  // capped at 350

    ReopenPolicy zero({0, 0});  // raised to 1 ms, never a zero-delay spin
    zero.on_failure(10);
    EXPECT_EQ(zero.next_attempt_ms(), 11u);
    zero.on_failure(11);
    EXPECT_EQ(zero.next_attempt_ms(), 12u);
}

}  // namespace
}  // namespace tbg::platform
