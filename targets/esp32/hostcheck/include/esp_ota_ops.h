// ESP-IDF v5.x over-the-air updates (app_update component). Written from
// https://docs.espressif.com/projects/esp-idf/en/v5.2.2/esp32s3/api-reference/system/ota.html
// Declaration-only: exactly what platform/esp32 and targets/esp32 use.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "esp_app_desc.h"
#include "esp_err.h"
#include "esp_flash_partitions.h"
#include "esp_partition.h"

#define OTA_SIZE_UNKNOWN 0xffffffff

#define ESP_ERR_OTA_BASE 0x1500
#define ESP_ERR_OTA_PARTITION_CONFLICT (ESP_ERR_OTA_BASE + 0x01)
#define ESP_ERR_OTA_SELECT_INFO_INVALID (ESP_ERR_OTA_BASE + 0x02)
#define ESP_ERR_OTA_VALIDATE_FAILED (ESP_ERR_OTA_BASE + 0x03)
#define ESP_ERR_OTA_SMALL_SEC_VER (ESP_ERR_OTA_BASE + 0x04)
#define ESP_ERR_OTA_ROLLBACK_FAILED (ESP_ERR_OTA_BASE + 0x05)
#define ESP_ERR_OTA_ROLLBACK_INVALID_STATE (ESP_ERR_OTA_BASE + 0x06)

typedef uint32_t esp_ota_handle_t;

#ifdef __cplusplus
extern "C" {
#endif

// Erases `image_size` bytes of `partition` (all of it for 0 or OTA_SIZE_UNKNOWN) and starts writing to it.
esp_err_t esp_ota_begin(const esp_partition_t* partition, size_t image_size, esp_ota_handle_t* out_handle);
// Appends to the image; ESP_ERR_OTA_VALIDATE_FAILED when the first byte is not the image magic byte.
esp_err_t esp_ota_write(esp_ota_handle_t handle, const void* data, size_t size);
// Finishes and verifies the image (ESP_ERR_OTA_VALIDATE_FAILED: not a valid app image); frees the handle whatever
// the result.
esp_err_t esp_ota_end(esp_ota_handle_t handle);
esp_err_t esp_ota_abort(esp_ota_handle_t handle);
// Verifies the image and makes `partition` the one the bootloader starts next.
esp_err_t esp_ota_set_boot_partition(const esp_partition_t* partition);
const esp_partition_t* esp_ota_get_boot_partition(void);
const esp_partition_t* esp_ota_get_running_partition(void);
// NULL: no OTA app slot (e.g. a partition table without OTA slots) or invalid otadata.
const esp_partition_t* esp_ota_get_next_update_partition(const esp_partition_t* start_from);
esp_err_t esp_ota_get_partition_description(const esp_partition_t* partition, esp_app_desc_t* app_desc);
esp_err_t esp_ota_mark_app_valid_cancel_rollback(void);
// Marks the running app invalid, selects the previous one and restarts; returns only on failure
// (ESP_ERR_OTA_ROLLBACK_FAILED: no other valid app).
esp_err_t esp_ota_mark_app_invalid_rollback_and_reboot(void);
// ESP_ERR_NOT_SUPPORTED: not an OTA slot (the factory app); ESP_ERR_NOT_FOUND: no otadata state for it.
esp_err_t esp_ota_get_state_partition(const esp_partition_t* partition, esp_ota_img_states_t* ota_state);

#ifdef __cplusplus
}
#endif
