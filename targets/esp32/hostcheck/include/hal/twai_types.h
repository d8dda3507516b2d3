// ESP-IDF v5.x TWAI types (hal/twai_types.h). Written from
// https://docs.espressif.com/projects/esp-idf/en/v5.2.2/esp32s3/api-reference/peripherals/twai.html
// (API reference, "Header File hal/include/hal/twai_types.h").
// Declaration-only: exactly what platform/esp32 and targets/esp32 use.
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "sdkconfig.h"
#include "soc/clk_tree_defs.h"

#ifdef __cplusplus
extern "C" {
#endif

#define TWAI_STD_ID_MASK 0x7FF
#define TWAI_FRAME_MAX_DLC 8
#define TWAI_ERR_PASS_THRESH 128

// ESP-IDF picks the timing table by CONFIG_XTAL_FREQ; both chips we target run from a 40 MHz crystal, whose table
// gives this 500 kbit/s entry (sample point at 80 %).
#define TWAI_TIMING_CONFIG_500KBITS()                                                                           \
    {                                                                                                           \
        .clk_src = TWAI_CLK_SRC_DEFAULT, .quanta_resolution_hz = 10000000, .brp = 0, .tseg_1 = 15, .tseg_2 = 4, \
        .sjw = 3, .triple_sampling = false                                                                      \
    }

#define TWAI_FILTER_CONFIG_ACCEPT_ALL() \
    { .acceptance_code = 0, .acceptance_mask = 0xFFFFFFFF, .single_filter = true }

typedef enum {
    TWAI_MODE_NORMAL,
    TWAI_MODE_NO_ACK,
    TWAI_MODE_LISTEN_ONLY,
} twai_mode_t;

typedef struct {
    union {
        struct {
            uint32_t extd : 1;
            uint32_t rtr : 1;
            uint32_t ss : 1;
            uint32_t self : 1;
            uint32_t dlc_non_comp : 1;
            uint32_t reserved : 27;
        };
        uint32_t flags;
    };
    uint32_t identifier;
    uint8_t data_length_code;
    uint8_t data[TWAI_FRAME_MAX_DLC];
} twai_message_t;

typedef soc_periph_twai_clk_src_t twai_clock_source_t;

typedef struct {
    twai_clock_source_t clk_src;
    uint32_t quanta_resolution_hz;
    uint32_t brp;
    uint8_t tseg_1;
    uint8_t tseg_2;
    uint8_t sjw;
    bool triple_sampling;
} twai_timing_config_t;

typedef struct {
    uint32_t acceptance_code;
    uint32_t acceptance_mask;
    bool single_filter;
} twai_filter_config_t;

#ifdef __cplusplus
}
#endif
