// Task watchdog wrapper against the TWDT fake: configuration, every task subscribing itself and feeding, a starving
// task reported.
#include <gtest/gtest.h>

#include <atomic>
#include <string>

#include "esp_task_wdt.h"
#include "freertos/FreeRTOS.h"
#include "freertos/task.h"
#include "freertos_fake.h"
#include "platform/esp32/task_watchdog.h"
#include "task_wdt_fake.h"

namespace {

using tbg::esp32::TaskWatchdog;

struct TaskArgs {
    std::uint32_t feed_every_ms = 10;
    std::atomic<bool> feed{true};
    std::atomic<bool> subscribed{false};
};

class TaskWatchdogTest : public ::testing::Test {
protected:
    void SetUp() override {
        tbg::hostcheck::task_wdt_set_startup_init(true);
        tbg::hostcheck::power_on();
    }
    void TearDown() override {
        tbg::hostcheck::power_off();
        tbg::hostcheck::task_wdt_set_startup_init(true);
    }

    // Members, so that they outlive the tasks (power_off in TearDown ends them).
    TaskArgs rs485_;
    TaskArgs can_;
    TaskArgs stuck_;
};

void watched_task(void* arg) {
    auto* args = static_cast<TaskArgs*>(arg);
    TaskWatchdog watchdog;
    std::string error;
    args->subscribed = watchdog.subscribe(error);
    while (true) {
        if (args->feed) {
            watchdog.feed();
        }
        vTaskDelay(pdMS_TO_TICKS(args->feed_every_ms));
    }
}

TEST_F(TaskWatchdogTest, ConfigureReconfiguresTheStartupWatchdog) {
    std::string error;
    ASSERT_TRUE(tbg::esp32::configure_task_watchdog({}, error)) << error;
    const auto info = tbg::hostcheck::task_wdt_info();
    EXPECT_TRUE(info.initialized);
    EXPECT_EQ(info.reconfigures, 1U);
    EXPECT_EQ(info.inits, 0U);
    EXPECT_EQ(info.timeout_ms, tbg::esp32::kTaskWatchdogTimeoutMs);
    EXPECT_EQ(info.idle_core_mask, 0b11U);
    EXPECT_TRUE(info.trigger_panic);
}

TEST_F(TaskWatchdogTest, ConfigureInitialisesWhenTheStartupCodeDidNot) {
    tbg::hostcheck::power_off();
    tbg::hostcheck::task_wdt_set_startup_init(false);
    tbg::hostcheck::power_on();
    EXPECT_FALSE(tbg::hostcheck::task_wdt_info().initialized);
    std::string error;
    ASSERT_TRUE(tbg::esp32::configure_task_watchdog({}, error)) << error;
    const auto info = tbg::hostcheck::task_wdt_info();
    EXPECT_TRUE(info.initialized);
    EXPECT_EQ(info.inits, 1U);
    EXPECT_EQ(info.timeout_ms, 5000U);
    tbg::esp32::TaskWatchdogConfig bad;
    bad.timeout_ms = 0;
    EXPECT_FALSE(tbg::esp32::configure_task_watchdog(bad, error));
    EXPECT_NE(error.find("ESP_ERR_INVALID_ARG"), std::string::npos) << error;
}

TEST_F(TaskWatchdogTest, TasksSubscribeThemselvesAndFeed) {
    std::string error;
    ASSERT_TRUE(tbg::esp32::configure_task_watchdog({}, error)) << error;
    TaskArgs& rs485 = rs485_;
    TaskArgs& can = can_;
    ASSERT_EQ(xTaskCreatePinnedToCore(watched_task, "rs485", 4096, &rs485, 10, nullptr, 1), pdPASS);
    ASSERT_EQ(xTaskCreatePinnedToCore(watched_task, "can", 4096, &can, 12, nullptr, 0), pdPASS);
    vTaskDelay(pdMS_TO_TICKS(150));
    EXPECT_TRUE(rs485.subscribed.load());
    EXPECT_TRUE(can.subscribed.load());
    const auto subscriptions = tbg::hostcheck::task_wdt_subscriptions();
    ASSERT_EQ(subscriptions.size(), 2U);
    for (const auto& subscription : subscriptions) {
        EXPECT_TRUE(subscription.subscribed) << subscription.task;
        EXPECT_GE(subscription.feeds, 3U) << subscription.task;
        EXPECT_LT(subscription.max_gap_us, 1'000'000) << subscription.task;  // far below the 5 s timeout
    }
    EXPECT_TRUE(subscriptions[0].task == "rs485" || subscriptions[1].task == "rs485");
    EXPECT_FALSE(tbg::hostcheck::task_wdt_starved_task().has_value());
    tbg::hostcheck::power_off();  // ends both tasks; their TaskWatchdog objects unsubscribe on the way out
    EXPECT_TRUE(tbg::hostcheck::task_wdt_subscriptions().empty());
    tbg::hostcheck::power_on();
}

TEST_F(TaskWatchdogTest, AStarvingTaskIsReported) {
    tbg::esp32::TaskWatchdogConfig config;
    config.timeout_ms = 200;
    std::string error;
    ASSERT_TRUE(tbg::esp32::configure_task_watchdog(config, error)) << error;
    TaskArgs& stuck = stuck_;
    stuck.feed = false;
    ASSERT_EQ(xTaskCreatePinnedToCore(watched_task, "web", 4096, &stuck, 3, nullptr, 0), pdPASS);
    vTaskDelay(pdMS_TO_TICKS(30));
    EXPECT_FALSE(tbg::hostcheck::task_wdt_starved_task().has_value());
    vTaskDelay(pdMS_TO_TICKS(300));
    EXPECT_EQ(tbg::hostcheck::task_wdt_starved_task(), std::optional<std::string>("web"));
}

TEST_F(TaskWatchdogTest, FeedingUnsubscribedIsCountedAndSubscribingTwiceIsHarmless) {
    TaskWatchdog watchdog;  // the test thread plays the main task
    watchdog.feed();
    EXPECT_EQ(watchdog.feed_errors(), 1U);
    std::string error;
    ASSERT_TRUE(watchdog.subscribe(error)) << error;
    ASSERT_TRUE(watchdog.subscribe(error)) << error;
    watchdog.feed();
    EXPECT_EQ(watchdog.feed_errors(), 1U);
    const auto subscriptions = tbg::hostcheck::task_wdt_subscriptions();
    ASSERT_EQ(subscriptions.size(), 1U);
    EXPECT_EQ(subscriptions[0].task, "main");
    EXPECT_EQ(subscriptions[0].feeds, 1U);
    watchdog.unsubscribe();
    EXPECT_FALSE(tbg::hostcheck::task_wdt_subscriptions()[0].subscribed);
    EXPECT_EQ(tbg::hostcheck::task_wdt_info().refused_calls, 0U);  // the unsubscribed feed never reached the TWDT
}

}  // namespace
