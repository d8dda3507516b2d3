// The task watchdog (ESP-IDF Task Watchdog Timer, esp_task_wdt.h) for every firmware task: each task subscribes
// itself when it starts and feeds the watchdog once per loop; a task that does not feed within the timeout resets
// the chip (trigger_panic: panic handler, core dump if configured, reboot), which is how a hung RS485 poll, CAN tick
// or web task ends.
//
// Timeout: kTaskWatchdogTimeoutMs = 5 s (ESP-IDF's default CONFIG_ESP_TASK_WDT_TIMEOUT_S). Every loop in the
// firmware blocks for at most ~1 s (the RS485 reply timeout, the CAN tick period, the web server's select timeout),
// so 5 s means "stuck", never "busy". The idle tasks of both cores stay subscribed, so a task that never blocks
// (starving the idle task) also trips it.
//
// Threading: configure_task_watchdog() once, from app_main, before the tasks start. A TaskWatchdog object belongs
// to the task that called subscribe(); feed() must be called from that task.
#pragma once

#include <cstdint>
#include <string>

struct tskTaskControlBlock;

namespace tbg::esp32 {

inline constexpr std::uint32_t kTaskWatchdogTimeoutMs = 5'000;

struct TaskWatchdogConfig {
    std::uint32_t timeout_ms = kTaskWatchdogTimeoutMs;
    std::uint32_t idle_core_mask = 0b11;  // both cores' idle tasks (ESP32 and ESP32-S3 are dual-core)
    bool trigger_panic = true;            // reset on a timeout (false would only print the starving tasks)
};

// Applies `config`: reconfigures the TWDT the startup code initialised (CONFIG_ESP_TASK_WDT_INIT), or initialises
// it when the build turned that off. False with `error` when ESP-IDF refuses.
bool configure_task_watchdog(const TaskWatchdogConfig& config, std::string& error);

class TaskWatchdog {
public:
    TaskWatchdog() = default;
    // Unsubscribes the task it subscribed (only the fake host check ever ends a task; the firmware's never return).
    ~TaskWatchdog();
    TaskWatchdog(const TaskWatchdog&) = delete;
    TaskWatchdog& operator=(const TaskWatchdog&) = delete;

    // Subscribes the calling task. False with `error` when the TWDT is not initialised or refuses.
    bool subscribe(std::string& error);
    bool subscribed() const { return task_ != nullptr; }
    // Feeds the watchdog for the calling task; failures (not subscribed) are counted.
    void feed();
    void unsubscribe();

    std::uint32_t feed_errors() const { return feed_errors_; }

private:
    tskTaskControlBlock* task_ = nullptr;
    std::uint32_t feed_errors_ = 0;
};

}  // namespace tbg::esp32
