// espressif/led_strip 2.x (Espressif component registry): the RMT backend. Written from
// https://components.espressif.com/components/espressif/led_strip/versions/2.5.5/api (include/led_strip_rmt.h)
// Declaration-only: exactly what platform/esp32 and targets/esp32 use.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "driver/rmt_types.h"
#include "esp_err.h"
#include "led_strip_types.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    rmt_clock_source_t clk_src;  // 0 = the default clock source
    uint32_t resolution_hz;      // 0 = 10 MHz
    size_t mem_block_symbols;    // 0 = the default size
    struct {
        uint32_t with_dma : 1;
    } flags;
} led_strip_rmt_config_t;

esp_err_t led_strip_new_rmt_device(const led_strip_config_t* led_config, const led_strip_rmt_config_t* rmt_config,
                                   led_strip_handle_t* ret_strip);

#ifdef __cplusplus
}
#endif
