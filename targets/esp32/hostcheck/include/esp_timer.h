// ESP-IDF v5.x high resolution timer. Written from
// https://docs.espressif.com/projects/esp-idf/en/v5.2.2/esp32s3/api-reference/system/esp_timer.html Declaration-only:
// exactly what platform/esp32 and targets/esp32 use.
#pragma once

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

// Microseconds since the boot (start of the esp_timer), monotonic.
int64_t esp_timer_get_time(void);

#ifdef __cplusplus
}
#endif
