// ESP-IDF v5.x heap capabilities. Written from
// https://docs.espressif.com/projects/esp-idf/en/v5.2.2/esp32s3/api-reference/system/mem_alloc.html Declaration-only:
// exactly what platform/esp32 and targets/esp32 use.
#pragma once

#include <stddef.h>
#include <stdint.h>

#define MALLOC_CAP_SPIRAM (1 << 10)

#ifdef __cplusplus
extern "C" {
#endif

size_t heap_caps_get_total_size(uint32_t caps);

#ifdef __cplusplus
}
#endif
