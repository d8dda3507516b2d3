// Mbed TLS 3.x PKCS#5 (PBKDF2), as shipped with ESP-IDF v5.1+ (SHA-256 in hardware on ESP32 and ESP32-S3). Written
// from https://docs.espressif.com/projects/esp-idf/en/v5.2.2/esp32s3/api-reference/protocols/mbedtls.html and the
// Mbed TLS 3.5 API reference of include/mbedtls/pkcs5.h
// (https://mbed-tls.readthedocs.io/projects/api/en/development/api/file/pkcs5_8h/). Declaration-only: exactly what
// platform/esp32 and targets/esp32 use.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "mbedtls/md.h"

#define MBEDTLS_ERR_PKCS5_BAD_INPUT_DATA -0x2f80
#define MBEDTLS_ERR_PKCS5_FEATURE_UNAVAILABLE -0x2e80

#ifdef __cplusplus
extern "C" {
#endif

// PBKDF2 with HMAC over `md_type` (RFC 8018 §5.2): writes key_length bytes to output. 0 on success, else an
// MBEDTLS_ERR_xxx code.
int mbedtls_pkcs5_pbkdf2_hmac_ext(mbedtls_md_type_t md_type, const unsigned char* password, size_t plen,
                                  const unsigned char* salt, size_t slen, unsigned int iteration_count,
                                  uint32_t key_length, unsigned char* output);

#ifdef __cplusplus
}
#endif
