# Storage and system: NVS store, persistence and its save policy, OTA updater, password hashing.
# The fakes need OpenSSL's libcrypto (Debian libssl-dev) for a real PBKDF2-HMAC-SHA256.
find_package(OpenSSL REQUIRED COMPONENTS Crypto)

add_library(tbg_esp32_storage STATIC
    ${TBG_REPO}/platform/esp32/nvs_store.cpp
    ${TBG_REPO}/platform/esp32/ota_updater.cpp
    ${TBG_REPO}/platform/esp32/esp_crypto.cpp
    ${TBG_REPO}/targets/esp32/main/persistence.cpp
    ${TBG_REPO}/targets/esp32/main/save_policy.cpp
)
target_link_libraries(tbg_esp32_storage PUBLIC tbg_esp32_idf tbg_core)

add_library(tbg_esp32_storage_fakes STATIC
    ${TBG_HOSTCHECK_DIR}/fakes/nvs_fake.cpp
    ${TBG_HOSTCHECK_DIR}/fakes/ota_fake.cpp
    ${TBG_HOSTCHECK_DIR}/fakes/mbedtls_fake.cpp
)
target_link_libraries(tbg_esp32_storage_fakes PUBLIC tbg_esp32_fake_base PRIVATE OpenSSL::Crypto)

tbg_esp32_test(esp32_storage_test
    SOURCES
        ${TBG_HOSTCHECK_DIR}/storage_save_policy_test.cpp
        ${TBG_HOSTCHECK_DIR}/storage_nvs_test.cpp
        ${TBG_HOSTCHECK_DIR}/storage_persistence_test.cpp
        ${TBG_HOSTCHECK_DIR}/storage_ota_test.cpp
        ${TBG_HOSTCHECK_DIR}/storage_crypto_test.cpp
    LIBS tbg_esp32_storage tbg_esp32_storage_fakes
)
