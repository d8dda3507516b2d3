// Mbed TLS 3.x message digests, as shipped with ESP-IDF v5.2 (Mbed TLS 3.5: the enum values follow PSA). Written
// from https://docs.espressif.com/projects/esp-idf/en/v5.2.2/esp32s3/api-reference/protocols/mbedtls.html and the
// Mbed TLS 3.5 API reference of include/mbedtls/md.h
// (https://mbed-tls.readthedocs.io/projects/api/en/development/api/file/md_8h/). Declaration-only: exactly what
// platform/esp32 and targets/esp32 use.
#pragma once

typedef enum {
    MBEDTLS_MD_SHA256 = 0x09,
} mbedtls_md_type_t;
