// ESP-IDF v5.x application description (the esp_app_desc_t record at the start of every app image). Written from
// https://docs.espressif.com/projects/esp-idf/en/v5.2.2/esp32s3/api-reference/system/misc_system_api.html (App
// Version) and https://docs.espressif.com/projects/esp-idf/en/v5.2.2/esp32s3/api-reference/system/app_image_format.html
// (the record follows the 24-byte image header and the first 8-byte segment header: image offset 32).
// Declaration-only: exactly what platform/esp32 and targets/esp32 use.
#pragma once

#include <stdint.h>

#include "esp_err.h"

#define ESP_APP_DESC_MAGIC_WORD (0xABCD5432)

typedef struct {
    uint32_t magic_word;
    uint32_t secure_version;
    uint32_t reserv1[2];
    char version[32];
    char project_name[32];
    char time[16];
    char date[16];
    char idf_ver[32];
    uint8_t app_elf_sha256[32];
    uint16_t min_efuse_blk_rev_full;
    uint16_t max_efuse_blk_rev_full;
    uint8_t mmu_page_size;
    uint8_t reserv3[3];
    uint32_t reserv2[18];
} esp_app_desc_t;

#ifdef __cplusplus
static_assert(sizeof(esp_app_desc_t) == 256, "esp_app_desc_t is 256 bytes");
extern "C" {
#endif

// The description of the running app.
const esp_app_desc_t* esp_app_get_description(void);

#ifdef __cplusplus
}
#endif
