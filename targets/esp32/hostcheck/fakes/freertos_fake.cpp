// FreeRTOS on std::thread, and the device power (freertos_fake.h).
#include "freertos_fake.h"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <set>
#include <thread>

#include "esp_system.h"
#include "freertos/FreeRTOS.h"
#include "freertos/semphr.h"
#include "freertos/task.h"

struct tskTaskControlBlock {
    std::string name;
    tbg::hostcheck::Waitable notify;
    std::uint32_t notify_count = 0;
};

struct QueueDefinition {
    tbg::hostcheck::Waitable waitable;
    bool taken = false;
};

namespace tbg::hostcheck {

namespace {

struct TaskDeleted {};

struct World {
    std::mutex mutex;  // guards everything below
    std::set<Waitable*> waitables;
    std::vector<std::function<void()>> hooks;
    std::vector<std::unique_ptr<tskTaskControlBlock>> tcbs;
    std::vector<std::thread> threads;
    std::vector<TaskRecord> records;
    std::vector<std::string> log;
    std::uint32_t restarts = 0;
    int next_reason = ESP_RST_POWERON;
    std::uint32_t free_heap = 200000;
    std::size_t psram = 0;
};

World& world() {
    static World instance;
    return instance;
}

std::atomic<bool> g_reset{false};
std::atomic<bool> g_powered{false};
std::atomic<std::int64_t> g_boot_ns{0};
thread_local tskTaskControlBlock* t_current = nullptr;
tskTaskControlBlock g_main_tcb{"main", {}, 0};

std::int64_t steady_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

void wake_all() {
    World& w = world();
    std::lock_guard guard(w.mutex);
    for (Waitable* waitable : w.waitables) {
        { std::lock_guard inner(waitable->mutex); }  // a waiter between its check and its wait sees the flag
        waitable->notify();
    }
}

void request_reset() {
    g_reset = true;
    wake_all();
}

std::uint32_t ticks_to_ms(TickType_t ticks) {
    if (ticks == portMAX_DELAY) {
        return UINT32_MAX;
    }
    return static_cast<std::uint32_t>(std::uint64_t{ticks} * 1000 / configTICK_RATE_HZ);
}

tskTaskControlBlock* current_tcb() {
    return t_current != nullptr ? t_current : &g_main_tcb;
}

}  // namespace

Waitable::Waitable() {
    World& w = world();
    std::lock_guard guard(w.mutex);
    w.waitables.insert(this);
}

Waitable::~Waitable() {
    World& w = world();
    std::lock_guard guard(w.mutex);
    w.waitables.erase(this);
}

void power_on() {
    World& w = world();
    {
        std::lock_guard guard(w.mutex);
        w.records.clear();
        w.log.clear();
    }
    g_boot_ns = steady_ns();
    g_reset = false;
    g_powered = true;
}

void power_off() {
    request_reset();
    World& w = world();
    std::vector<std::thread> threads;
    {
        std::lock_guard guard(w.mutex);
        threads.swap(w.threads);
    }
    for (std::thread& thread : threads) {
        thread.join();
    }
    std::vector<std::function<void()>> hooks;
    std::vector<std::unique_ptr<tskTaskControlBlock>> tcbs;
    {
        std::lock_guard guard(w.mutex);
        hooks = w.hooks;
        tcbs.swap(w.tcbs);
    }
    tcbs.clear();  // outside the lock: their Waitables unregister themselves
    for (const auto& hook : hooks) {
        hook();
    }
    g_powered = false;
}

bool powered() {
    return g_powered;
}
bool reset_pending() {
    return g_reset;
}

namespace {
std::atomic<int> g_teardown{0};
}  // namespace

Teardown::Teardown() {
    ++g_teardown;
}
Teardown::~Teardown() {
    --g_teardown;
}
bool tearing_down() {
    return g_teardown > 0;
}

void throw_if_reset() {
    if (g_reset && g_teardown == 0) {
        throw Reset{};
    }
}

void on_power_cycle(std::function<void()> hook) {
    World& w = world();
    std::lock_guard guard(w.mutex);
    w.hooks.push_back(std::move(hook));
}

std::uint32_t restart_count() {
    World& w = world();
    std::lock_guard guard(w.mutex);
    return w.restarts;
}

int pending_reset_reason() {
    World& w = world();
    std::lock_guard guard(w.mutex);
    return w.next_reason;
}

std::int64_t uptime_us() {
    return (steady_ns() - g_boot_ns) / 1000;
}
std::uint64_t uptime_ms() {
    return static_cast<std::uint64_t>(uptime_us() / 1000);
}

void sleep_for_ms(std::uint64_t ms) {
    Waitable waitable;
    std::unique_lock lock(waitable.mutex);
    waitable.wait_for_ms(lock, static_cast<std::uint32_t>(std::min<std::uint64_t>(ms, UINT32_MAX - 1)),
                         [] { return false; });
}

std::vector<TaskRecord> tasks() {
    World& w = world();
    std::lock_guard guard(w.mutex);
    return w.records;
}

std::string current_task_name() {
    return current_tcb()->name;
}

void set_free_heap_bytes(std::uint32_t bytes) {
    World& w = world();
    std::lock_guard guard(w.mutex);
    w.free_heap = bytes;
}

std::vector<std::string> log_lines() {
    World& w = world();
    std::lock_guard guard(w.mutex);
    return w.log;
}

void append_log_line(std::string line) {
    World& w = world();
    std::lock_guard guard(w.mutex);
    w.log.push_back(std::move(line));
}

void set_psram_bytes(std::size_t bytes) {
    World& w = world();
    std::lock_guard guard(w.mutex);
    w.psram = bytes;
}

std::size_t psram_bytes() {
    World& w = world();
    std::lock_guard guard(w.mutex);
    return w.psram;
}

std::uint32_t free_heap_bytes() {
    World& w = world();
    std::lock_guard guard(w.mutex);
    return w.free_heap;
}

void note_restart() {
    World& w = world();
    std::lock_guard guard(w.mutex);
    ++w.restarts;
    w.next_reason = ESP_RST_SW;
}

[[noreturn]] void restart_from_task() {
    note_restart();
    request_reset();
    throw Reset{};
}

}  // namespace tbg::hostcheck

using tbg::hostcheck::Waitable;

extern "C" {

BaseType_t xTaskCreatePinnedToCore(TaskFunction_t pxTaskCode, const char* const pcName, const uint32_t ulStackDepth,
                                   void* const pvParameters, UBaseType_t uxPriority, TaskHandle_t* const pxCreatedTask,
                                   const BaseType_t xCoreID) {
    using namespace tbg::hostcheck;
    if (g_reset || !g_powered) {
        return pdFAIL;
    }
    auto tcb = std::make_unique<tskTaskControlBlock>();  // its Waitable registers itself: before the lock
    tcb->name = pcName != nullptr ? pcName : "";
    tskTaskControlBlock* raw = tcb.get();
    World& w = world();
    std::lock_guard guard(w.mutex);
    w.tcbs.push_back(std::move(tcb));
    const std::size_t index = w.records.size();
    w.records.push_back(TaskRecord{raw->name, ulStackDepth, uxPriority, xCoreID, true});
    w.threads.emplace_back([pxTaskCode, pvParameters, raw, index] {
        t_current = raw;
        try {
            pxTaskCode(pvParameters);
            std::fprintf(stderr, "hostcheck: task %s returned from its function (FreeRTOS aborts)\n",
                         raw->name.c_str());
            std::abort();
        } catch (const Reset&) {
        } catch (const TaskDeleted&) {
        }
        World& world_ref = world();
        std::lock_guard done(world_ref.mutex);
        if (index < world_ref.records.size()) {
            world_ref.records[index].running = false;
        }
    });
    if (pxCreatedTask != nullptr) {
        *pxCreatedTask = raw;
    }
    return pdPASS;
}

void vTaskDelete(TaskHandle_t xTaskToDelete) {
    if (xTaskToDelete != nullptr && xTaskToDelete != tbg::hostcheck::t_current) {
        std::fprintf(stderr, "hostcheck: vTaskDelete of another task is not supported by the fake\n");
        std::abort();
    }
    if (tbg::hostcheck::t_current == nullptr) {
        return;  // the main task ends when app_main returns to the test
    }
    throw tbg::hostcheck::TaskDeleted{};
}

void vTaskDelay(const TickType_t xTicksToDelay) {
    tbg::hostcheck::sleep_for_ms(tbg::hostcheck::ticks_to_ms(xTicksToDelay));
}

TickType_t xTaskGetTickCount(void) {
    return static_cast<TickType_t>(tbg::hostcheck::uptime_ms() * configTICK_RATE_HZ / 1000);
}

TaskHandle_t xTaskGetCurrentTaskHandle(void) {
    return tbg::hostcheck::current_tcb();
}

BaseType_t xTaskGenericNotify(TaskHandle_t xTaskToNotify, UBaseType_t /*uxIndexToNotify*/, uint32_t ulValue,
                              eNotifyAction eAction, uint32_t* pulPreviousNotificationValue) {
    std::lock_guard guard(xTaskToNotify->notify.mutex);
    if (pulPreviousNotificationValue != nullptr) {
        *pulPreviousNotificationValue = xTaskToNotify->notify_count;
    }
    if (eAction == eIncrement) {
        ++xTaskToNotify->notify_count;
    } else if (eAction == eSetValueWithOverwrite || eAction == eSetValueWithoutOverwrite) {
        xTaskToNotify->notify_count = ulValue;
    } else if (eAction == eSetBits) {
        xTaskToNotify->notify_count |= ulValue;
    }
    xTaskToNotify->notify.notify();
    return pdPASS;
}

uint32_t ulTaskGenericNotifyTake(UBaseType_t /*uxIndexToWaitOn*/, BaseType_t xClearCountOnExit,
                                 TickType_t xTicksToWait) {
    tskTaskControlBlock* self = tbg::hostcheck::current_tcb();
    std::unique_lock lock(self->notify.mutex);
    self->notify.wait_for_ms(lock, tbg::hostcheck::ticks_to_ms(xTicksToWait),
                             [self] { return self->notify_count > 0; });
    const std::uint32_t value = self->notify_count;
    if (value > 0) {
        self->notify_count = xClearCountOnExit != pdFALSE ? 0 : value - 1;
    }
    return value;
}

QueueHandle_t xQueueCreateMutex(const uint8_t ucQueueType) {
    if (ucQueueType != queueQUEUE_TYPE_MUTEX) {
        return nullptr;
    }
    return new QueueDefinition;  // NOLINT(cppcoreguidelines-owning-memory): a FreeRTOS handle, freed by vQueueDelete
}

BaseType_t xQueueSemaphoreTake(QueueHandle_t xQueue, TickType_t xTicksToWait) {
    std::unique_lock lock(xQueue->waitable.mutex);
    if (!xQueue->waitable.wait_for_ms(lock, tbg::hostcheck::ticks_to_ms(xTicksToWait),
                                      [xQueue] { return !xQueue->taken; })) {
        return pdFALSE;
    }
    xQueue->taken = true;
    return pdTRUE;
}

BaseType_t xQueueGenericSend(QueueHandle_t xQueue, const void* const /*pvItemToQueue*/, TickType_t /*xTicksToWait*/,
                             const BaseType_t /*xCopyPosition*/) {
    std::lock_guard guard(xQueue->waitable.mutex);
    if (!xQueue->taken) {
        return pdFALSE;  // giving a mutex nobody holds
    }
    xQueue->taken = false;
    xQueue->waitable.notify();
    return pdTRUE;
}

void vQueueDelete(QueueHandle_t xQueue) {
    delete xQueue;  // NOLINT(cppcoreguidelines-owning-memory)
}

}  // extern "C"
