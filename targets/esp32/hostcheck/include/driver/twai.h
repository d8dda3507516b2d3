// ESP-IDF v5.x TWAI (CAN) driver, legacy API (driver/twai.h). Written from
// https://docs.espressif.com/projects/esp-idf/en/v5.2.2/esp32s3/api-reference/peripherals/twai.html
// (API reference "Header File driver/twai.h"; "Bus Recovery": twai_initiate_recovery() moves a bus-off controller
// to the recovering state, and after 128 occurrences of 11 recessive bits it enters the stopped state and raises
// TWAI_ALERT_BUS_RECOVERED; twai_start() then resumes).
// Declaration-only: exactly what platform/esp32 and targets/esp32 use.
#pragma once

#include <stdint.h>

#include "driver/gpio.h"
#include "esp_err.h"
#include "esp_intr_alloc.h"
#include "freertos/FreeRTOS.h"
#include "hal/twai_types.h"

#ifdef __cplusplus
extern "C" {
#endif

#define TWAI_GENERAL_CONFIG_DEFAULT_V2(controller_num, tx_io_num, rx_io_num, op_mode)                    \
    {                                                                                                    \
        .controller_id = controller_num, .mode = op_mode, .tx_io = tx_io_num, .rx_io = rx_io_num,        \
        .clkout_io = TWAI_IO_UNUSED, .bus_off_io = TWAI_IO_UNUSED, .tx_queue_len = 5, .rx_queue_len = 5, \
        .alerts_enabled = TWAI_ALERT_NONE, .clkout_divider = 0, .intr_flags = ESP_INTR_FLAG_LEVEL1       \
    }
#define TWAI_GENERAL_CONFIG_DEFAULT(tx_io_num, rx_io_num, op_mode) \
    TWAI_GENERAL_CONFIG_DEFAULT_V2(0, tx_io_num, rx_io_num, op_mode)

#define TWAI_ALERT_RX_DATA 0x00000004
#define TWAI_ALERT_BELOW_ERR_WARN 0x00000008
#define TWAI_ALERT_ERR_ACTIVE 0x00000010
#define TWAI_ALERT_RECOVERY_IN_PROGRESS 0x00000020
#define TWAI_ALERT_BUS_RECOVERED 0x00000040
#define TWAI_ALERT_ABOVE_ERR_WARN 0x00000100
#define TWAI_ALERT_BUS_ERROR 0x00000200
#define TWAI_ALERT_TX_FAILED 0x00000400
#define TWAI_ALERT_RX_QUEUE_FULL 0x00000800
#define TWAI_ALERT_ERR_PASS 0x00001000
#define TWAI_ALERT_BUS_OFF 0x00002000
#define TWAI_ALERT_NONE 0x00000000

#define TWAI_IO_UNUSED ((gpio_num_t)-1)

typedef enum {
    TWAI_STATE_STOPPED,
    TWAI_STATE_RUNNING,
    TWAI_STATE_BUS_OFF,
    TWAI_STATE_RECOVERING,
} twai_state_t;

typedef struct {
    int controller_id;
    twai_mode_t mode;
    gpio_num_t tx_io;
    gpio_num_t rx_io;
    gpio_num_t clkout_io;
    gpio_num_t bus_off_io;
    uint32_t tx_queue_len;
    uint32_t rx_queue_len;
    uint32_t alerts_enabled;
    uint32_t clkout_divider;
    int intr_flags;
} twai_general_config_t;

typedef struct {
    twai_state_t state;
    uint32_t msgs_to_tx;
    uint32_t msgs_to_rx;
    uint32_t tx_error_counter;
    uint32_t rx_error_counter;
    uint32_t tx_failed_count;
    uint32_t rx_missed_count;
    uint32_t rx_overrun_count;
    uint32_t arb_lost_count;
    uint32_t bus_error_count;
} twai_status_info_t;

// Installs the driver in the stopped state. ESP_ERR_INVALID_STATE when already installed.
esp_err_t twai_driver_install(const twai_general_config_t* g_config, const twai_timing_config_t* t_config,
                              const twai_filter_config_t* f_config);
// Only in the stopped or bus-off state.
esp_err_t twai_driver_uninstall(void);
// Stopped → running (clears both queues). ESP_ERR_INVALID_STATE otherwise.
esp_err_t twai_start(void);
// Running → stopped. ESP_ERR_INVALID_STATE otherwise.
esp_err_t twai_stop(void);
// Queues a message; blocks up to ticks_to_wait for TX queue space (ESP_ERR_TIMEOUT). ESP_ERR_INVALID_STATE unless
// running.
esp_err_t twai_transmit(const twai_message_t* message, TickType_t ticks_to_wait);
// ESP_ERR_TIMEOUT when nothing arrived within ticks_to_wait.
esp_err_t twai_receive(twai_message_t* message, TickType_t ticks_to_wait);
// Reads (and clears) the raised alerts; ESP_ERR_TIMEOUT when none was raised within ticks_to_wait.
esp_err_t twai_read_alerts(uint32_t* alerts, TickType_t ticks_to_wait);
// Bus-off → recovering. ESP_ERR_INVALID_STATE when not bus-off.
esp_err_t twai_initiate_recovery(void);
esp_err_t twai_get_status_info(twai_status_info_t* status_info);

#ifdef __cplusplus
}
#endif
