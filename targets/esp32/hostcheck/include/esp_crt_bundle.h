// ESP-IDF v5.x x509 certificate bundle (esp_crt_bundle.h, CONFIG_MBEDTLS_CERTIFICATE_BUNDLE): the Mozilla root
// certificates built into the firmware, for TLS to public servers. Written from
// https://docs.espressif.com/projects/esp-idf/en/v5.2.2/esp32s3/api-reference/protocols/esp_crt_bundle.html
// (API reference: esp_crt_bundle_attach, passed as crt_bundle_attach to esp-tls based clients such as esp-mqtt).
// Declaration-only: exactly what platform/esp32 and targets/esp32 use.
#pragma once

#include "esp_err.h"

#ifdef __cplusplus
extern "C" {
#endif

esp_err_t esp_crt_bundle_attach(void* conf);

#ifdef __cplusplus
}
#endif
