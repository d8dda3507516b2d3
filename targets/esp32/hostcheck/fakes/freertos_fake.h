// Host fakes of FreeRTOS and of the device's power: the test-control API of the host check.
//
// Tasks are std::threads. power_off() makes every blocking fake throw Reset in the task blocked in it (and in every
// task that blocks later), waits until every task thread ended, then runs the power-cycle hooks, which clear the RAM
// state of the driver fakes; flash (NVS, OTA partitions) keeps its contents. power_on() starts the clock (ticks,
// esp_timer) at zero again. The test thread plays ESP-IDF's main task: it calls app_main() after power_on().
//
// Threading: every function is thread-safe. power_off() must not be called from a task thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

namespace tbg::hostcheck {

// Thrown out of blocking fakes (and esp_restart()) to end a task the way a reset ends it.
struct Reset {};

void power_on();
void power_off();
bool powered();
// True from a reset request (power_off() or esp_restart()) until the next power_on().
bool reset_pending();
void throw_if_reset();

// While one exists (after power_off(), before power_on()), blocking fakes neither throw nor wait: the test can run
// the destructors of the powered-off firmware's objects (on the device they never run; RAM is simply gone).
class Teardown {
public:
    Teardown();
    ~Teardown();
    Teardown(const Teardown&) = delete;
    Teardown& operator=(const Teardown&) = delete;
};
bool tearing_down();
// Registers a hook run by power_off() after every task ended (drivers: clear installed state, queues, pins).
void on_power_cycle(std::function<void()> hook);

// esp_restart() calls so far (a test waits for one, then power-cycles).
std::uint32_t restart_count();
// What esp_reset_reason() reports after the next power_on(): ESP_RST_SW after esp_restart(), else ESP_RST_POWERON.
int pending_reset_reason();

// Time since the last power_on().
std::int64_t uptime_us();
std::uint64_t uptime_ms();

// A mutex and a condition variable that a reset request wakes. Fakes do every blocking wait on one of these.
class Waitable {
public:
    Waitable();
    ~Waitable();
    Waitable(const Waitable&) = delete;
    Waitable& operator=(const Waitable&) = delete;

    // With `lock` held on mutex: waits until pred() holds or timeout_ms passed (UINT32_MAX = forever); returns
    // pred(). Throws Reset when a reset is requested (before or while waiting).
    template <typename Pred>
    bool wait_for_ms(std::unique_lock<std::mutex>& lock, std::uint32_t timeout_ms, Pred pred) {
        if (tearing_down()) {
            return pred();
        }
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
        while (true) {
            throw_if_reset();
            if (pred()) {
                return true;
            }
            if (timeout_ms == UINT32_MAX) {
                cv.wait(lock);
            } else if (cv.wait_until(lock, deadline) == std::cv_status::timeout) {
                throw_if_reset();
                return pred();
            }
        }
    }
    void notify() { cv.notify_all(); }

    std::mutex mutex;
    std::condition_variable cv;
};

// Sleeps like vTaskDelay: throws Reset when a reset is requested meanwhile.
void sleep_for_ms(std::uint64_t ms);

struct TaskRecord {
    std::string name;
    std::uint32_t stack_bytes = 0;
    unsigned priority = 0;
    int core = 0;  // tskNO_AFFINITY as 0x7FFFFFFF
    bool running = false;
};
// Tasks created since the last power_on(), in creation order.
std::vector<TaskRecord> tasks();
// The name of the calling task ("main" for the test thread).
std::string current_task_name();

// Free heap that esp_get_free_heap_size() reports (the host has no such figure; a test sets it). Default 200000.
void set_free_heap_bytes(std::uint32_t bytes);

// PSRAM that heap_caps_get_total_size(MALLOC_CAP_SPIRAM) reports (0 = a board without PSRAM, the default).
void set_psram_bytes(std::size_t bytes);

// Lines written through esp_log_write since the last power_on() ("I tag: text").
std::vector<std::string> log_lines();

}  // namespace tbg::hostcheck
