// Host fake of esp_task_wdt.h (task_wdt_fake.h).
#include "task_wdt_fake.h"

#include <algorithm>
#include <mutex>

#include "esp_task_wdt.h"
#include "freertos_fake.h"

namespace tbg::hostcheck {

namespace {

constexpr std::uint32_t kStartupTimeoutMs = 5'000;  // CONFIG_ESP_TASK_WDT_TIMEOUT_S default
constexpr std::uint32_t kStartupIdleMask = 0b11;

struct Entry {
    TaskHandle_t handle = nullptr;
    TaskWdtSubscription record;
};

struct Wdt {
    std::mutex mutex;  // guards everything below
    bool startup_init = true;
    TaskWdtInfo info;
    std::vector<Entry> entries;

    Wdt() { reset(); }

    void reset() {
        info = TaskWdtInfo{};
        if (startup_init) {
            info.initialized = true;
            info.timeout_ms = kStartupTimeoutMs;
            info.idle_core_mask = kStartupIdleMask;
            info.trigger_panic = false;
        }
        entries.clear();
    }
};

Wdt& wdt() {
    static Wdt instance;
    return instance;
}

struct PowerCycleHook {
    PowerCycleHook() {
        on_power_cycle([] {
            Wdt& w = wdt();
            std::lock_guard guard(w.mutex);
            w.reset();
        });
    }
} g_power_cycle_hook;

Entry* find(Wdt& w, TaskHandle_t handle) {
    for (Entry& entry : w.entries) {
        if (entry.handle == handle && entry.record.subscribed) {
            return &entry;
        }
    }
    return nullptr;
}

esp_err_t refuse(Wdt& w, esp_err_t err) {
    ++w.info.refused_calls;
    return err;
}

}  // namespace

void task_wdt_set_startup_init(bool initialized_at_startup) {
    Wdt& w = wdt();
    std::lock_guard guard(w.mutex);
    w.startup_init = initialized_at_startup;
    if (w.entries.empty() && w.info.inits == 0 && w.info.reconfigures == 0) {
        w.reset();
    }
}

TaskWdtInfo task_wdt_info() {
    Wdt& w = wdt();
    std::lock_guard guard(w.mutex);
    return w.info;
}

std::vector<TaskWdtSubscription> task_wdt_subscriptions() {
    Wdt& w = wdt();
    std::lock_guard guard(w.mutex);
    std::vector<TaskWdtSubscription> out;
    out.reserve(w.entries.size());
    for (const Entry& entry : w.entries) {
        out.push_back(entry.record);
    }
    return out;
}

std::optional<std::string> task_wdt_starved_task() {
    Wdt& w = wdt();
    std::lock_guard guard(w.mutex);
    const std::int64_t now = uptime_us();
    for (const Entry& entry : w.entries) {
        if (entry.record.subscribed && now - entry.record.last_feed_us > std::int64_t{w.info.timeout_ms} * 1000) {
            return entry.record.task;
        }
    }
    return std::nullopt;
}

}  // namespace tbg::hostcheck

using tbg::hostcheck::Wdt;
using tbg::hostcheck::wdt;

extern "C" {

esp_err_t esp_task_wdt_init(const esp_task_wdt_config_t* config) {
    Wdt& w = wdt();
    std::lock_guard guard(w.mutex);
    if (config == nullptr || config->timeout_ms == 0) {
        return tbg::hostcheck::refuse(w, ESP_ERR_INVALID_ARG);
    }
    if (w.info.initialized) {
        return tbg::hostcheck::refuse(w, ESP_ERR_INVALID_STATE);
    }
    w.info.initialized = true;
    w.info.timeout_ms = config->timeout_ms;
    w.info.idle_core_mask = config->idle_core_mask;
    w.info.trigger_panic = config->trigger_panic;
    ++w.info.inits;
    return ESP_OK;
}

esp_err_t esp_task_wdt_reconfigure(const esp_task_wdt_config_t* config) {
    Wdt& w = wdt();
    std::lock_guard guard(w.mutex);
    if (config == nullptr || config->timeout_ms == 0) {
        return tbg::hostcheck::refuse(w, ESP_ERR_INVALID_ARG);
    }
    if (!w.info.initialized) {
        return tbg::hostcheck::refuse(w, ESP_ERR_INVALID_STATE);
    }
    w.info.timeout_ms = config->timeout_ms;
    w.info.idle_core_mask = config->idle_core_mask;
    w.info.trigger_panic = config->trigger_panic;
    ++w.info.reconfigures;
    return ESP_OK;
}

esp_err_t esp_task_wdt_add(TaskHandle_t task_handle) {
    const TaskHandle_t self = xTaskGetCurrentTaskHandle();
    const TaskHandle_t handle = task_handle != nullptr ? task_handle : self;
    const std::string name = handle == self ? tbg::hostcheck::current_task_name() : std::string("?");
    Wdt& w = wdt();
    std::lock_guard guard(w.mutex);
    if (!w.info.initialized) {
        return tbg::hostcheck::refuse(w, ESP_ERR_INVALID_STATE);
    }
    if (tbg::hostcheck::find(w, handle) != nullptr) {
        return tbg::hostcheck::refuse(w, ESP_ERR_INVALID_ARG);  // already subscribed
    }
    tbg::hostcheck::Entry entry;
    entry.handle = handle;
    entry.record.task = name;
    entry.record.subscribed = true;
    entry.record.subscribed_us = tbg::hostcheck::uptime_us();
    entry.record.last_feed_us = entry.record.subscribed_us;
    w.entries.push_back(std::move(entry));
    return ESP_OK;
}

esp_err_t esp_task_wdt_reset(void) {
    const TaskHandle_t self = xTaskGetCurrentTaskHandle();
    Wdt& w = wdt();
    std::lock_guard guard(w.mutex);
    if (!w.info.initialized) {
        return tbg::hostcheck::refuse(w, ESP_ERR_INVALID_STATE);
    }
    tbg::hostcheck::Entry* entry = tbg::hostcheck::find(w, self);
    if (entry == nullptr) {
        return tbg::hostcheck::refuse(w, ESP_ERR_NOT_FOUND);
    }
    const std::int64_t now = tbg::hostcheck::uptime_us();
    entry->record.max_gap_us = std::max(entry->record.max_gap_us, now - entry->record.last_feed_us);
    entry->record.last_feed_us = now;
    ++entry->record.feeds;
    return ESP_OK;
}

esp_err_t esp_task_wdt_delete(TaskHandle_t task_handle) {
    const TaskHandle_t handle = task_handle != nullptr ? task_handle : xTaskGetCurrentTaskHandle();
    Wdt& w = wdt();
    std::lock_guard guard(w.mutex);
    if (!w.info.initialized) {
        return tbg::hostcheck::refuse(w, ESP_ERR_INVALID_STATE);
    }
    tbg::hostcheck::Entry* entry = tbg::hostcheck::find(w, handle);
    if (entry == nullptr) {
        return tbg::hostcheck::refuse(w, ESP_ERR_INVALID_ARG);
    }
    entry->record.subscribed = false;
    return ESP_OK;
}

}  // extern "C"
