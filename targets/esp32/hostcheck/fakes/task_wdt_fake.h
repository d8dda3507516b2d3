// Host fake of esp_task_wdt.h: records the configuration, which tasks subscribed, and when each fed last; reports a
// starving task instead of resetting the device.
//
// Startup (a build setting, survives power cycles; default on): with CONFIG_ESP_TASK_WDT_INIT the TWDT is already
// initialised at power-on with ESP-IDF's default 5 s timeout, so esp_task_wdt_init() returns ESP_ERR_INVALID_STATE
// and esp_task_wdt_reconfigure() works; off, it is the other way round until esp_task_wdt_init().
// Power cycle: subscriptions and configuration cleared (back to the startup state).
//
// Threading: every function is thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tbg::hostcheck {

struct TaskWdtSubscription {
    std::string task;  // the FreeRTOS task name
    bool subscribed = false;
    std::int64_t subscribed_us = 0;  // uptime
    std::int64_t last_feed_us = 0;   // uptime of the last esp_task_wdt_reset (subscribed_us before the first)
    std::uint64_t feeds = 0;
    std::int64_t max_gap_us = 0;  // the longest time between subscription/feeds so far
};

struct TaskWdtInfo {
    bool initialized = false;
    std::uint32_t timeout_ms = 0;
    std::uint32_t idle_core_mask = 0;
    bool trigger_panic = false;
    std::uint32_t inits = 0;          // successful esp_task_wdt_init calls since power-on
    std::uint32_t reconfigures = 0;   // successful esp_task_wdt_reconfigure calls
    std::uint32_t refused_calls = 0;  // calls that returned an error
};

void task_wdt_set_startup_init(bool initialized_at_startup);
TaskWdtInfo task_wdt_info();
// Every task that ever subscribed since power-on, in subscription order.
std::vector<TaskWdtSubscription> task_wdt_subscriptions();
// The name of the first subscribed task that has not fed for longer than the timeout, or nullopt.
std::optional<std::string> task_wdt_starved_task();

}  // namespace tbg::hostcheck
