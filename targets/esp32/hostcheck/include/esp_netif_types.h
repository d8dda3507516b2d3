// ESP-IDF v5.x esp_netif types (esp_netif_types.h): the netif handle, IP information and the IP events. Written from
// https://docs.espressif.com/projects/esp-idf/en/v5.2.2/esp32s3/api-reference/network/esp_netif.html
// (API reference "Header File esp_netif_types.h": ip_event_t, ip_event_got_ip_t, esp_netif_ip_info_t, IP_EVENT).
// Declaration-only: exactly what platform/esp32 and targets/esp32 use.
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "esp_event.h"
#include "esp_netif_ip_addr.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct esp_netif_obj esp_netif_t;

typedef enum {
    IP_EVENT_STA_GOT_IP,
    IP_EVENT_STA_LOST_IP,
    IP_EVENT_AP_STAIPASSIGNED,
} ip_event_t;

ESP_EVENT_DECLARE_BASE(IP_EVENT);

typedef struct {
    esp_ip4_addr_t ip;
    esp_ip4_addr_t netmask;
    esp_ip4_addr_t gw;
} esp_netif_ip_info_t;

typedef struct {
    esp_netif_t* esp_netif;
    esp_netif_ip_info_t ip_info;
    bool ip_changed;
} ip_event_got_ip_t;

#ifdef __cplusplus
}
#endif
