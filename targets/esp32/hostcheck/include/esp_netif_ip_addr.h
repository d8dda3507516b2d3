// ESP-IDF v5.x esp_netif IP address types (esp_netif_ip_addr.h). Written from
// https://docs.espressif.com/projects/esp-idf/en/v5.2.2/esp32s3/api-reference/network/esp_netif.html
// (API reference "Header File esp_netif_ip_addr.h": esp_ip4_addr_t holds the address in network byte order, so on
// the little-endian ESP32 the first octet is the lowest byte of `addr`).
// Declaration-only: exactly what platform/esp32 and targets/esp32 use.
#pragma once

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct esp_ip4_addr {
    uint32_t addr;
};
typedef struct esp_ip4_addr esp_ip4_addr_t;

#ifdef __cplusplus
}
#endif
