// Host implementation of mbedtls/pkcs5.h: PBKDF2-HMAC-SHA256 computed for real with OpenSSL's libcrypto
// (PKCS5_PBKDF2_HMAC, Debian libssl-dev), so a hash made here is the hash an ESP32 makes. Only SHA-256 is offered
// (the one digest the firmware uses); anything else returns MBEDTLS_ERR_PKCS5_FEATURE_UNAVAILABLE like an mbedTLS
// build without that digest. esp32_storage_test checks it against the RFC 7914 §11 test vectors.
#include <climits>

#include <openssl/evp.h>

#include "mbedtls/pkcs5.h"

extern "C" int mbedtls_pkcs5_pbkdf2_hmac_ext(mbedtls_md_type_t md_type, const unsigned char* password, size_t plen,
                                             const unsigned char* salt, size_t slen, unsigned int iteration_count,
                                             uint32_t key_length, unsigned char* output) {
    if (md_type != MBEDTLS_MD_SHA256) {
        return MBEDTLS_ERR_PKCS5_FEATURE_UNAVAILABLE;
    }
    if (plen > INT_MAX || slen > INT_MAX || iteration_count == 0 || iteration_count > INT_MAX || key_length > INT_MAX ||
        (output == nullptr && key_length > 0) || (password == nullptr && plen > 0) || (salt == nullptr && slen > 0)) {
        return MBEDTLS_ERR_PKCS5_BAD_INPUT_DATA;
    }
    const int ok =
        PKCS5_PBKDF2_HMAC(reinterpret_cast<const char*>(password), static_cast<int>(plen), salt, static_cast<int>(slen),
                          static_cast<int>(iteration_count), EVP_sha256(), static_cast<int>(key_length), output);
    return ok == 1 ? 0 : MBEDTLS_ERR_PKCS5_BAD_INPUT_DATA;
}
