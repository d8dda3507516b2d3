// Task watchdog wrapper (task_watchdog.h).
#include "platform/esp32/task_watchdog.h"

#include "esp_err.h"
#include "esp_task_wdt.h"
#include "freertos/FreeRTOS.h"
#include "freertos/task.h"

namespace tbg::esp32 {

bool configure_task_watchdog(const TaskWatchdogConfig& config, std::string& error) {
    esp_task_wdt_config_t wdt{};
    wdt.timeout_ms = config.timeout_ms;
    wdt.idle_core_mask = config.idle_core_mask;
    wdt.trigger_panic = config.trigger_panic;
    esp_err_t err = esp_task_wdt_reconfigure(&wdt);
    if (err == ESP_ERR_INVALID_STATE) {
        err = esp_task_wdt_init(&wdt);  // not initialised by the startup code
    }
    if (err != ESP_OK) {
        error = std::string("task watchdog: ") + esp_err_to_name(err);
        return false;
    }
    return true;
}

TaskWatchdog::~TaskWatchdog() {
    unsubscribe();
}

bool TaskWatchdog::subscribe(std::string& error) {
    if (task_ != nullptr) {
        return true;
    }
    const esp_err_t err = esp_task_wdt_add(nullptr);
    if (err != ESP_OK) {
        error = std::string("esp_task_wdt_add: ") + esp_err_to_name(err);
        return false;
    }
    task_ = xTaskGetCurrentTaskHandle();
    return true;
}

void TaskWatchdog::feed() {
    if (task_ == nullptr || esp_task_wdt_reset() != ESP_OK) {
        ++feed_errors_;
    }
}

void TaskWatchdog::unsubscribe() {
    if (task_ == nullptr) {
        return;
    }
    esp_task_wdt_delete(task_);
    task_ = nullptr;
}

}  // namespace tbg::esp32
