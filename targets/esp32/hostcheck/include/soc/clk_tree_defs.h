// ESP-IDF v5.x clock tree: the module clock IDs and the default clock sources of the peripherals we use. Written from
// https://docs.espressif.com/projects/esp-idf/en/v5.2.2/esp32s3/api-reference/peripherals/clk_tree.html
// (soc/clk_tree_defs.h of the ESP32-S3; the classic ESP32 numbers the same four module clocks alike and also makes
// APB the default of UART, TWAI and RMT).
// Declaration-only: exactly what platform/esp32 and targets/esp32 use.
#pragma once

#ifdef __cplusplus
extern "C" {
#endif

// The enum starts at 1 (0 means "default" in driver configurations); only its first members are declared here.
typedef enum {
    SOC_MOD_CLK_CPU = 1,
    SOC_MOD_CLK_RTC_FAST,
    SOC_MOD_CLK_RTC_SLOW,
    SOC_MOD_CLK_APB,
} soc_module_clk_t;

typedef enum {
    RMT_CLK_SRC_APB = SOC_MOD_CLK_APB,
    RMT_CLK_SRC_DEFAULT = SOC_MOD_CLK_APB,
} soc_periph_rmt_clk_src_t;

typedef enum {
    UART_SCLK_APB = SOC_MOD_CLK_APB,
    UART_SCLK_DEFAULT = SOC_MOD_CLK_APB,
} soc_periph_uart_clk_src_legacy_t;

typedef enum {
    TWAI_CLK_SRC_APB = SOC_MOD_CLK_APB,
    TWAI_CLK_SRC_DEFAULT = SOC_MOD_CLK_APB,
} soc_periph_twai_clk_src_t;

#ifdef __cplusplus
}
#endif
