// ESP-IDF v5.x interrupt allocation flags. Written from
// https://docs.espressif.com/projects/esp-idf/en/v5.2.2/esp32s3/api-reference/system/intr_alloc.html
// Declaration-only: exactly what platform/esp32 and targets/esp32 use (TWAI_GENERAL_CONFIG_DEFAULT expands to it).
#pragma once

#define ESP_INTR_FLAG_LEVEL1 (1 << 1)
#define ESP_INTR_FLAG_IRAM (1 << 10)
