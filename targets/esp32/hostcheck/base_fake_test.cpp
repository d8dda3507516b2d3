// The base fakes behave like the FreeRTOS they stand in for: tasks run, mutexes exclude, delays wait, notifications
// wake, and a power cycle ends every task.
#include <gtest/gtest.h>

#include <atomic>

#include "esp_log.h"
#include "esp_timer.h"
#include "freertos/FreeRTOS.h"
#include "freertos/semphr.h"
#include "freertos/task.h"
#include "freertos_fake.h"

namespace {

struct Shared {
    SemaphoreHandle_t mutex = nullptr;
    std::atomic<int> loops{0};
    TaskHandle_t waiter = nullptr;
    std::atomic<int> woken{0};
};

void looping_task(void* arg) {
    auto* shared = static_cast<Shared*>(arg);
    while (true) {
        xSemaphoreTake(shared->mutex, portMAX_DELAY);
        ++shared->loops;
        xSemaphoreGive(shared->mutex);
        vTaskDelay(pdMS_TO_TICKS(5));
    }
}

void waiting_task(void* arg) {
    auto* shared = static_cast<Shared*>(arg);
    while (true) {
        if (ulTaskNotifyTake(pdTRUE, portMAX_DELAY) > 0) {
            ++shared->woken;
        }
    }
}

TEST(Esp32BaseFake, TasksRunAndEndAtPowerOff) {
    tbg::hostcheck::power_on();
    Shared shared;
    shared.mutex = xSemaphoreCreateMutex();
    ASSERT_EQ(xTaskCreatePinnedToCore(looping_task, "loop", 4096, &shared, 5, nullptr, 1), pdPASS);
    ASSERT_EQ(xTaskCreatePinnedToCore(waiting_task, "wait", 4096, &shared, 6, &shared.waiter, 0), pdPASS);
    vTaskDelay(pdMS_TO_TICKS(100));
    EXPECT_GT(shared.loops.load(), 5);
    xTaskNotifyGive(shared.waiter);
    vTaskDelay(pdMS_TO_TICKS(50));
    EXPECT_EQ(shared.woken.load(), 1);
    // The main task holds the mutex: the looping task blocks on it.
    ASSERT_EQ(xSemaphoreTake(shared.mutex, pdMS_TO_TICKS(100)), pdTRUE);
    const int before = shared.loops.load();
    vTaskDelay(pdMS_TO_TICKS(50));
    EXPECT_EQ(shared.loops.load(), before);
    EXPECT_EQ(xSemaphoreTake(shared.mutex, pdMS_TO_TICKS(10)), pdFALSE);  // not recursive
    xSemaphoreGive(shared.mutex);
    const auto tasks = tbg::hostcheck::tasks();
    ASSERT_EQ(tasks.size(), 2U);
    EXPECT_EQ(tasks[0].name, "loop");
    EXPECT_EQ(tasks[0].priority, 5U);
    EXPECT_TRUE(tasks[1].running);
    tbg::hostcheck::power_off();  // returns only when both tasks ended
    EXPECT_FALSE(tbg::hostcheck::tasks()[0].running);
    EXPECT_FALSE(tbg::hostcheck::tasks()[1].running);
    vSemaphoreDelete(shared.mutex);
}

TEST(Esp32BaseFake, ClockStartsAtPowerOnAndDelaysWait) {
    tbg::hostcheck::power_on();
    const int64_t start_us = esp_timer_get_time();
    EXPECT_LT(start_us, 50'000);
    vTaskDelay(pdMS_TO_TICKS(30));
    EXPECT_GE(esp_timer_get_time() - start_us, 30'000);
    EXPECT_GE(xTaskGetTickCount(), 30U);
    ESP_LOGI("test", "value %d", 42);
    const auto lines = tbg::hostcheck::log_lines();
    ASSERT_FALSE(lines.empty());
    EXPECT_EQ(lines.back(), "I test: value 42");
    tbg::hostcheck::power_off();
}

TEST(Esp32BaseFake, BlockingCallsThrowResetAfterARequest) {
    tbg::hostcheck::power_on();
    tbg::hostcheck::power_off();
    EXPECT_THROW(vTaskDelay(1), tbg::hostcheck::Reset);
    EXPECT_EQ(xTaskCreatePinnedToCore(looping_task, "late", 4096, nullptr, 5, nullptr, 0), pdFAIL);
}

}  // namespace
