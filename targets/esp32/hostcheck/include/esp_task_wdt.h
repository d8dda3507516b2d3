// ESP-IDF v5.x Task Watchdog Timer (esp_task_wdt.h). Written from
// https://docs.espressif.com/projects/esp-idf/en/v5.2.2/esp32s3/api-reference/system/wdts.html
// (Task Watchdog Timer; API reference "Header File esp_task_wdt.h"). With CONFIG_ESP_TASK_WDT_INIT (the default) the
// startup code has initialised the TWDT already: esp_task_wdt_init() then returns ESP_ERR_INVALID_STATE and
// esp_task_wdt_reconfigure() applies a new configuration.
// Declaration-only: exactly what platform/esp32 and targets/esp32 use.
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "esp_err.h"
#include "freertos/FreeRTOS.h"
#include "freertos/task.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    uint32_t timeout_ms;
    uint32_t idle_core_mask;
    bool trigger_panic;
} esp_task_wdt_config_t;

// ESP_ERR_INVALID_STATE: already initialised.
esp_err_t esp_task_wdt_init(const esp_task_wdt_config_t* config);
// ESP_ERR_INVALID_STATE: not initialised yet.
esp_err_t esp_task_wdt_reconfigure(const esp_task_wdt_config_t* config);
// NULL subscribes the calling task.
esp_err_t esp_task_wdt_add(TaskHandle_t task_handle);
// Feeds the TWDT on behalf of the calling task.
esp_err_t esp_task_wdt_reset(void);
// NULL unsubscribes the calling task.
esp_err_t esp_task_wdt_delete(TaskHandle_t task_handle);

#ifdef __cplusplus
}
#endif
