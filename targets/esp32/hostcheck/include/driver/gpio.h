// ESP-IDF v5.x GPIO driver (driver/gpio.h). Written from
// https://docs.espressif.com/projects/esp-idf/en/v5.2.2/esp32s3/api-reference/peripherals/gpio.html
// Declaration-only: exactly what platform/esp32 and targets/esp32 use.
#pragma once

#include <stdint.h>

#include "esp_err.h"
#include "hal/gpio_types.h"

#ifdef __cplusplus
extern "C" {
#endif

// Selects the GPIO function, enables the pull-up and disables input and output.
esp_err_t gpio_reset_pin(gpio_num_t gpio_num);
esp_err_t gpio_set_direction(gpio_num_t gpio_num, gpio_mode_t mode);
// level 0 = low, anything else = high. ESP_ERR_INVALID_ARG for a pin that is not a GPIO (or cannot output).
esp_err_t gpio_set_level(gpio_num_t gpio_num, uint32_t level);

#ifdef __cplusplus
}
#endif
