// ESP-IDF v5.x NVS partition initialisation. Written from
// https://docs.espressif.com/projects/esp-idf/en/v5.2.2/esp32s3/api-reference/storage/nvs_flash.html
// Declaration-only: exactly what platform/esp32 and targets/esp32 use.
#pragma once

#include "esp_err.h"
#include "nvs.h"

#ifdef __cplusplus
extern "C" {
#endif

// Initialises the default NVS partition (label "nvs"). ESP_ERR_NVS_NO_FREE_PAGES or ESP_ERR_NVS_NEW_VERSION_FOUND:
// the partition must be erased (nvs_flash_erase) before it can be initialised.
esp_err_t nvs_flash_init(void);
// Erases the whole default NVS partition (every namespace and key); deinitialises it first when initialised.
esp_err_t nvs_flash_erase(void);

#ifdef __cplusplus
}
#endif
