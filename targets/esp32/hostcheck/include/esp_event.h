// ESP-IDF v5.x event loop library (esp_event.h, esp_event_base.h): the default event loop that WiFi and esp_netif
// post to. Written from
// https://docs.espressif.com/projects/esp-idf/en/v5.2.2/esp32s3/api-reference/system/esp_event.html (API reference:
// esp_event_loop_create_default, esp_event_handler_instance_register/unregister, ESP_EVENT_DECLARE_BASE,
// ESP_EVENT_ANY_ID). Handlers of the default loop run on its task ("sys_evt"). Declaration-only: exactly what
// platform/esp32 and targets/esp32 use.
#pragma once

#include <stdint.h>

#include "esp_err.h"
#include "freertos/FreeRTOS.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef const char* esp_event_base_t;
typedef void* esp_event_loop_handle_t;
typedef void (*esp_event_handler_t)(void* event_handler_arg, esp_event_base_t event_base, int32_t event_id,
                                    void* event_data);
typedef void* esp_event_handler_instance_t;

#define ESP_EVENT_DECLARE_BASE(id) extern esp_event_base_t const id
#define ESP_EVENT_DEFINE_BASE(id) esp_event_base_t const id = #id

#define ESP_EVENT_ANY_BASE NULL
#define ESP_EVENT_ANY_ID -1

// ESP_ERR_INVALID_STATE when the default loop already exists.
esp_err_t esp_event_loop_create_default(void);
esp_err_t esp_event_handler_instance_register(esp_event_base_t event_base, int32_t event_id,
                                              esp_event_handler_t event_handler, void* event_handler_arg,
                                              esp_event_handler_instance_t* instance);
esp_err_t esp_event_handler_instance_unregister(esp_event_base_t event_base, int32_t event_id,
                                                esp_event_handler_instance_t instance);

#ifdef __cplusplus
}
#endif
