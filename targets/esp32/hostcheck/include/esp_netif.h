// ESP-IDF v5.x network interface abstraction (esp_netif.h). Written from
// https://docs.espressif.com/projects/esp-idf/en/v5.2.2/esp32s3/api-reference/network/esp_netif.html
// (API reference: esp_netif_init, esp_netif_get_ip_info, esp_netif_set_hostname; the default WiFi netifs are
// created by esp_wifi_default.h). The hostname must be set before the interface starts (it goes into DHCP).
// Declaration-only: exactly what platform/esp32 and targets/esp32 use.
#pragma once

#include "esp_err.h"
#include "esp_netif_ip_addr.h"
#include "esp_netif_types.h"

#ifdef __cplusplus
extern "C" {
#endif

esp_err_t esp_netif_init(void);
esp_err_t esp_netif_get_ip_info(esp_netif_t* esp_netif, esp_netif_ip_info_t* ip_info);
esp_err_t esp_netif_set_hostname(esp_netif_t* esp_netif, const char* hostname);

#ifdef __cplusplus
}
#endif
