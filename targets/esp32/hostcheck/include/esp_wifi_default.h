// ESP-IDF v5.x default WiFi network interfaces (esp_wifi_default.h). Written from
// https://docs.espressif.com/projects/esp-idf/en/v5.2.2/esp32s3/api-reference/network/esp_wifi.html
// (API reference "Header File esp_wifi_default.h": esp_netif_create_default_wifi_sta/ap create the netif, attach it
// to the driver and register the default handlers: DHCP client on the station, DHCP server on the AP).
// Declaration-only: exactly what platform/esp32 and targets/esp32 use.
#pragma once

#include "esp_netif_types.h"

#ifdef __cplusplus
extern "C" {
#endif

esp_netif_t* esp_netif_create_default_wifi_sta(void);
esp_netif_t* esp_netif_create_default_wifi_ap(void);

#ifdef __cplusplus
}
#endif
