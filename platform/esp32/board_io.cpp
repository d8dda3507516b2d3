// Boot pin levels (board_io.h).
#include "platform/esp32/board_io.h"

#include "driver/gpio.h"
#include "esp_err.h"

namespace tbg::esp32 {

bool apply_boot_levels(std::span<const GpioLevel> levels, std::string& error) {
    bool ok = true;
    for (const GpioLevel& entry : levels) {
        esp_err_t err = ESP_ERR_INVALID_ARG;
        if (entry.gpio >= 0 && entry.gpio < GPIO_NUM_MAX) {
            const auto pin = static_cast<gpio_num_t>(entry.gpio);
            err = gpio_reset_pin(pin);
            if (err == ESP_OK) {
                err = gpio_set_level(pin, entry.level != 0 ? 1U : 0U);
            }
            if (err == ESP_OK) {
                err = gpio_set_direction(pin, GPIO_MODE_OUTPUT);
            }
        }
        if (err != ESP_OK && ok) {
            ok = false;
            error = "boot level of GPIO" + std::to_string(entry.gpio) + ": " + esp_err_to_name(err);
        }
    }
    return ok;
}

}  // namespace tbg::esp32
