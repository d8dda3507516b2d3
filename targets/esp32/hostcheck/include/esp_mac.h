// ESP-IDF v5.x MAC addresses. Written from
// https://docs.espressif.com/projects/esp-idf/en/v5.2.2/esp32s3/api-reference/system/misc_system_api.html#mac-address
// Declaration-only: exactly what platform/esp32 and targets/esp32 use.
#pragma once

#include <stdint.h>

#include "esp_err.h"

typedef enum {
    ESP_MAC_WIFI_STA,
    ESP_MAC_WIFI_SOFTAP,
    ESP_MAC_BT,
    ESP_MAC_ETH,
} esp_mac_type_t;

#ifdef __cplusplus
extern "C" {
#endif

esp_err_t esp_read_mac(uint8_t* mac, esp_mac_type_t type);

#ifdef __cplusplus
}
#endif
