// Sessions (constant-time lookup, idle expiry, bounded count) and the login rate limiter (per client, global,
// sliding window, bounded memory) on their own.
#include <gtest/gtest.h>

#include <string>

#include "core/api/http_types.h"
#include "core/api/login_limiter.h"
#include "core/api/session_store.h"

namespace tbg::api {
namespace {

TEST(SessionStore, ExpiresAfterIdleTimeAndIsBounded) {
    SessionStore store(3);
    store.add("a", 0, 1000);
    EXPECT_TRUE(store.touch("a", 999, 1000));
    EXPECT_TRUE(store.touch("a", 1998, 1000)) << "the touch at 999 extended it";
    EXPECT_FALSE(store.touch("a", 2998, 1000));
    EXPECT_FALSE(store.touch("", 0, 1000));
    store.add("b", 3000, 1000);
    store.add("c", 3001, 1000);
    store.add("d", 3002, 1000);
    EXPECT_TRUE(store.touch("b", 3003, 1000));
    store.add("e", 3004, 1000);  // replaces the least recently used: c
    EXPECT_FALSE(store.touch("c", 3005, 1000));
    EXPECT_TRUE(store.touch("b", 3005, 1000));
    EXPECT_TRUE(store.touch("e", 3005, 1000));
    store.remove_all_except("e");
    EXPECT_FALSE(store.touch("b", 3006, 1000));
    EXPECT_EQ(store.live(3006), 1U);
    EXPECT_FALSE(constant_time_equal("abc", "abd"));
    EXPECT_FALSE(constant_time_equal("abc", "ab"));
    EXPECT_TRUE(constant_time_equal("abc", "abc"));
}

TEST(LoginLimiter, SlidingWindowPerClientAndGlobal) {
    LoginLimiter limiter;
    for (std::uint64_t i = 0; i < 3; ++i) {
        EXPECT_EQ(limiter.wait_ms("x", 1000 + i, 3, 10'000), 0U);
        limiter.record_failure("x", 1000 + i, 3, 10'000);
    }
    EXPECT_EQ(limiter.wait_ms("x", 2000, 3, 10'000), 9000U) << "until the first failure leaves the window";
    EXPECT_EQ(limiter.wait_ms("y", 2000, 3, 10'000), 0U);
    EXPECT_EQ(limiter.wait_ms("x", 10'999, 3, 10'000), 1U);
    EXPECT_EQ(limiter.wait_ms("x", 11'000, 3, 10'000), 0U);
    limiter.record_failure("x", 11'001, 3, 10'000);
    limiter.record_success("x");
    EXPECT_EQ(limiter.wait_ms("x", 11'002, 3, 10'000), 0U) << "a success clears the client";
    for (int i = 0; i < 12; ++i) {
        limiter.record_failure("c" + std::to_string(i), 20'000, 3, 10'000);
    }
    EXPECT_GT(limiter.wait_ms("fresh", 20'001, 3, 10'000), 0U) << "4 × 3 failures across clients block all";
    EXPECT_EQ(limiter.failures_total(), 3U + 1 + 12);
}

TEST(LoginLimiter, ForgetsTheQuietestClientBeyondItsBound) {
    LoginLimiter limiter;
    for (std::size_t i = 0; i < LoginLimiter::kMaxClients + 10; ++i) {
        limiter.record_failure("client" + std::to_string(i), 1000 + i, 1000, 1'000'000);
    }
    EXPECT_EQ(limiter.clients(), LoginLimiter::kMaxClients);
}

TEST(HttpTypes, QueryCookiesAndContentType) {
    EXPECT_EQ(query_param("a=1&hours=48", "hours"), "48");
    EXPECT_EQ(query_param("xhours=5", "hours"), std::nullopt);
    EXPECT_EQ(query_param("hours=", "hours"), "");
    EXPECT_EQ(query_param("", "hours"), std::nullopt);
    EXPECT_EQ(cookie_value("theme=dark; tbg_session=abc ; x=y", "tbg_session"), "abc");
    EXPECT_EQ(cookie_value("a=b", "tbg_session"), "");
    EXPECT_TRUE(is_json_content_type("application/json"));
    EXPECT_TRUE(is_json_content_type("Application/JSON; charset=utf-8"));
    EXPECT_FALSE(is_json_content_type("text/plain"));
    EXPECT_FALSE(is_json_content_type(""));
    EXPECT_EQ(http_method_from_string("PUT"), HttpMethod::kPut);
    EXPECT_EQ(http_method_from_string("put"), HttpMethod::kOther);
}

}  // namespace
}  // namespace tbg::api
