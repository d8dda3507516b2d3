// Status LED driver (status_led.h).
#include "platform/esp32/status_led.h"

#include "driver/gpio.h"
#include "esp_err.h"
#include "led_strip.h"

namespace tbg::esp32 {

std::string_view to_string(LedKind kind) {
    switch (kind) {
        case LedKind::kWs2812:
            return "ws2812";
        case LedKind::kGpio:
            return "gpio";
        case LedKind::kNone:
            break;
    }
    return "off";
}

StatusLed::~StatusLed() {
    close();
}

void StatusLed::note_error(const char* what, int err) {
    ++stats_.errors;
    stats_.last_error = std::string(what) + ": " + esp_err_to_name(err);
}

bool StatusLed::open(LedKind kind, int gpio, std::string& error) {
    close();
    if (kind == LedKind::kNone) {
        return true;
    }
    if (gpio < 0 || gpio >= GPIO_NUM_MAX) {
        error = "status LED pin invalid";
        return false;
    }
    if (kind == LedKind::kWs2812) {
        led_strip_config_t strip_config{};
        strip_config.strip_gpio_num = gpio;
        strip_config.max_leds = 1;
        strip_config.led_pixel_format = LED_PIXEL_FORMAT_GRB;
        strip_config.led_model = LED_MODEL_WS2812;
        strip_config.flags.invert_out = 0;
        led_strip_rmt_config_t rmt_config{};
        rmt_config.clk_src = RMT_CLK_SRC_DEFAULT;
        rmt_config.resolution_hz = 10'000'000;  // 0.1 µs steps for the WS2812 bit timing
        rmt_config.mem_block_symbols = 0;       // the driver's default
        rmt_config.flags.with_dma = 0;
        led_strip_handle_t strip = nullptr;
        const esp_err_t err = led_strip_new_rmt_device(&strip_config, &rmt_config, &strip);
        if (err != ESP_OK || strip == nullptr) {
            note_error("led_strip_new_rmt_device", err != ESP_OK ? err : ESP_FAIL);
            error = stats_.last_error;
            return false;
        }
        strip_ = strip;
    } else {
        const auto pin = static_cast<gpio_num_t>(gpio);
        esp_err_t err = gpio_reset_pin(pin);
        if (err == ESP_OK) {
            err = gpio_set_level(pin, 0);
        }
        if (err == ESP_OK) {
            err = gpio_set_direction(pin, GPIO_MODE_OUTPUT);
        }
        if (err != ESP_OK) {
            note_error("status LED gpio", err);
            error = stats_.last_error;
            return false;
        }
    }
    kind_ = kind;
    gpio_ = gpio;
    written_ = false;
    write(kLedOff);
    return true;
}

void StatusLed::close() {
    if (kind_ == LedKind::kWs2812 && strip_ != nullptr) {
        led_strip_clear(strip_);
        led_strip_del(strip_);
        strip_ = nullptr;
    } else if (kind_ == LedKind::kGpio) {
        gpio_set_level(static_cast<gpio_num_t>(gpio_), 0);
    }
    kind_ = LedKind::kNone;
    gpio_ = -1;
    written_ = false;
    shown_ = kLedOff;
}

bool StatusLed::write(const Rgb& colour) {
    if (kind_ == LedKind::kWs2812) {
        esp_err_t err = led_strip_set_pixel(strip_, 0, colour.r, colour.g, colour.b);
        if (err == ESP_OK) {
            err = led_strip_refresh(strip_);
        }
        if (err != ESP_OK) {
            note_error("led_strip", err);
            return false;
        }
    } else if (kind_ == LedKind::kGpio) {
        const esp_err_t err = gpio_set_level(static_cast<gpio_num_t>(gpio_), colour.off() ? 0U : 1U);
        if (err != ESP_OK) {
            note_error("gpio_set_level", err);
            return false;
        }
    } else {
        return false;
    }
    ++stats_.writes;
    shown_ = colour;
    written_ = true;
    return true;
}

void StatusLed::show(const Rgb& colour) {
    if (kind_ == LedKind::kNone) {
        return;
    }
    if (written_) {
        const bool same = kind_ == LedKind::kGpio ? shown_.off() == colour.off() : shown_ == colour;
        if (same) {
            return;
        }
    }
    write(colour);
}

}  // namespace tbg::esp32
