// mDNS responder of the espressif/mdns component (ESP-IDF v5.x managed component, mdns.h). Written from
// https://docs.espressif.com/projects/esp-protocols/mdns/docs/latest/en/index.html
// (API reference: mdns_init, mdns_free, mdns_hostname_set, mdns_instance_name_set, mdns_service_add,
// mdns_txt_item_t). The responder answers on every netif that is up (station and setup access point).
// Declaration-only: exactly what platform/esp32 and targets/esp32 use.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "esp_err.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    const char* key;
    const char* value;
} mdns_txt_item_t;

esp_err_t mdns_init(void);
void mdns_free(void);
esp_err_t mdns_hostname_set(const char* hostname);
esp_err_t mdns_instance_name_set(const char* instance_name);
esp_err_t mdns_service_add(const char* instance_name, const char* service_type, const char* proto, uint16_t port,
                           mdns_txt_item_t txt[], size_t num_items);

#ifdef __cplusplus
}
#endif
