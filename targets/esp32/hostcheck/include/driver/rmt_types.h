// ESP-IDF v5.x RMT types (driver/rmt_types.h): the clock source type that led_strip's RMT configuration holds.
// Written from https://docs.espressif.com/projects/esp-idf/en/v5.2.2/esp32s3/api-reference/peripherals/rmt.html
// Declaration-only: exactly what platform/esp32 and targets/esp32 use.
#pragma once

#include "soc/clk_tree_defs.h"

typedef soc_periph_rmt_clk_src_t rmt_clock_source_t;
