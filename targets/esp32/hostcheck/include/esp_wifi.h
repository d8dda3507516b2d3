// ESP-IDF v5.x WiFi driver (esp_wifi.h). Written from
// https://docs.espressif.com/projects/esp-idf/en/v5.2.2/esp32s3/api-reference/network/esp_wifi.html
// (API reference "Header File esp_wifi.h": esp_wifi_init with WIFI_INIT_CONFIG_DEFAULT, set_storage, set_mode,
// set_config, start, connect, disconnect, sta_get_ap_info; the error codes ESP_ERR_WIFI_*). The driver reports on
// the default event loop (WIFI_EVENT). wifi_init_config_t lists only the members WIFI_INIT_CONFIG_DEFAULT sets here,
// in ESP-IDF's order; ESP-IDF's macro fills the rest from sdkconfig and our code never names them.
// esp_wifi_set_config() for an interface the current mode does not enable fails (ESP_ERR_WIFI_MODE): set the mode
// first.
// Declaration-only: exactly what platform/esp32 and targets/esp32 use.
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "esp_err.h"
#include "esp_wifi_default.h"
#include "esp_wifi_types.h"

#ifdef __cplusplus
extern "C" {
#endif

#define ESP_ERR_WIFI_NOT_INIT (ESP_ERR_WIFI_BASE + 1)
#define ESP_ERR_WIFI_NOT_STARTED (ESP_ERR_WIFI_BASE + 2)
#define ESP_ERR_WIFI_IF (ESP_ERR_WIFI_BASE + 4)
#define ESP_ERR_WIFI_MODE (ESP_ERR_WIFI_BASE + 5)
#define ESP_ERR_WIFI_CONN (ESP_ERR_WIFI_BASE + 7)
#define ESP_ERR_WIFI_SSID (ESP_ERR_WIFI_BASE + 10)
#define ESP_ERR_WIFI_PASSWORD (ESP_ERR_WIFI_BASE + 11)
#define ESP_ERR_WIFI_NOT_CONNECT (ESP_ERR_WIFI_BASE + 15)

typedef struct wifi_osi_funcs_t wifi_osi_funcs_t;

typedef struct {
    wifi_osi_funcs_t* osi_funcs;
    int nvs_enable;
    uint64_t feature_caps;
    int magic;
} wifi_init_config_t;

extern wifi_osi_funcs_t g_wifi_osi_funcs;
extern uint64_t g_wifi_feature_caps;

#define WIFI_INIT_CONFIG_MAGIC 0x1F2F3F4F
#define WIFI_NVS_ENABLED 1

#define WIFI_INIT_CONFIG_DEFAULT()                                                                           \
    {                                                                                                        \
        .osi_funcs = &g_wifi_osi_funcs, .nvs_enable = WIFI_NVS_ENABLED, .feature_caps = g_wifi_feature_caps, \
        .magic = WIFI_INIT_CONFIG_MAGIC                                                                      \
    }

esp_err_t esp_wifi_init(const wifi_init_config_t* config);
esp_err_t esp_wifi_set_storage(wifi_storage_t storage);
esp_err_t esp_wifi_set_mode(wifi_mode_t mode);
esp_err_t esp_wifi_get_mode(wifi_mode_t* mode);
esp_err_t esp_wifi_set_config(wifi_interface_t interface, wifi_config_t* conf);
esp_err_t esp_wifi_start(void);
esp_err_t esp_wifi_stop(void);
esp_err_t esp_wifi_connect(void);
esp_err_t esp_wifi_disconnect(void);
// ESP_ERR_WIFI_NOT_CONNECT while the station is not associated.
esp_err_t esp_wifi_sta_get_ap_info(wifi_ap_record_t* ap_info);

#ifdef __cplusplus
}
#endif
