// ESP-IDF v5.x logging. Written from
// https://docs.espressif.com/projects/esp-idf/en/v5.2.2/esp32s3/api-reference/system/log.html Declaration-only: exactly
// what platform/esp32 and targets/esp32 use. The ESP_LOGx macros expand here to one esp_log_write() call with the
// caller's format and arguments; ESP-IDF's own expansion adds the level letter, the timestamp and the tag to the
// format, which changes nothing at the call site (a literal format, printf arguments).
#pragma once

#include <stdarg.h>
#include <stdint.h>

typedef enum {
    ESP_LOG_NONE,
    ESP_LOG_ERROR,
    ESP_LOG_WARN,
    ESP_LOG_INFO,
    ESP_LOG_DEBUG,
    ESP_LOG_VERBOSE
} esp_log_level_t;

typedef int (*vprintf_like_t)(const char*, va_list);

#ifdef __cplusplus
extern "C" {
#endif

void esp_log_write(esp_log_level_t level, const char* tag, const char* format, ...)
    __attribute__((format(printf, 3, 4)));
uint32_t esp_log_timestamp(void);
vprintf_like_t esp_log_set_vprintf(vprintf_like_t func);
void esp_log_level_set(const char* tag, esp_log_level_t level);

#ifdef __cplusplus
}
#endif

#define ESP_LOGE(tag, format, ...) esp_log_write(ESP_LOG_ERROR, tag, format __VA_OPT__(, ) __VA_ARGS__)
#define ESP_LOGW(tag, format, ...) esp_log_write(ESP_LOG_WARN, tag, format __VA_OPT__(, ) __VA_ARGS__)
#define ESP_LOGI(tag, format, ...) esp_log_write(ESP_LOG_INFO, tag, format __VA_OPT__(, ) __VA_ARGS__)
#define ESP_LOGD(tag, format, ...) esp_log_write(ESP_LOG_DEBUG, tag, format __VA_OPT__(, ) __VA_ARGS__)
