// Host fake of driver/gpio.h (gpio_fake.h).
#include "gpio_fake.h"

#include <array>
#include <mutex>

#include "driver/gpio.h"
#include "freertos_fake.h"

namespace tbg::hostcheck {

namespace {

constexpr int kPins = 49;

struct Pin {
    int level = -1;
    int mode = -1;
};

struct Gpio {
    std::mutex mutex;  // guards everything below
    GpioChip chip = GpioChip::kEsp32S3;
    std::array<Pin, kPins> pins{};
    std::vector<GpioEvent> events;
};

Gpio& gpio() {
    static Gpio instance;
    return instance;
}

struct PowerCycleHook {
    PowerCycleHook() {
        on_power_cycle([] {
            Gpio& g = gpio();
            std::lock_guard guard(g.mutex);
            g.pins.fill(Pin{});
            g.events.clear();
        });
    }
} g_power_cycle_hook;

bool exists(GpioChip chip, int pin) {
    if (chip == GpioChip::kEsp32S3) {
        return (pin >= 0 && pin <= 21) || (pin >= 26 && pin <= 48);
    }
    return (pin >= 0 && pin <= 19) || (pin >= 21 && pin <= 23) || (pin >= 25 && pin <= 27) || (pin >= 32 && pin <= 39);
}

bool can_output(GpioChip chip, int pin) {
    return exists(chip, pin) && !(chip == GpioChip::kEsp32 && pin >= 34);
}

void record(Gpio& g, int pin, GpioEvent::Kind kind, int value) {
    g.events.push_back(GpioEvent{uptime_us(), pin, kind, value});
}

}  // namespace

void gpio_set_chip(GpioChip chip) {
    Gpio& g = gpio();
    std::lock_guard guard(g.mutex);
    g.chip = chip;
}

std::vector<GpioEvent> gpio_events() {
    Gpio& g = gpio();
    std::lock_guard guard(g.mutex);
    return g.events;
}

int gpio_output_level(int pin) {
    Gpio& g = gpio();
    std::lock_guard guard(g.mutex);
    return pin >= 0 && pin < kPins ? g.pins[static_cast<std::size_t>(pin)].level : -1;
}

int gpio_mode(int pin) {
    Gpio& g = gpio();
    std::lock_guard guard(g.mutex);
    return pin >= 0 && pin < kPins ? g.pins[static_cast<std::size_t>(pin)].mode : -1;
}

bool gpio_drives(int pin, int level) {
    Gpio& g = gpio();
    std::lock_guard guard(g.mutex);
    if (pin < 0 || pin >= kPins) {
        return false;
    }
    const Pin& state = g.pins[static_cast<std::size_t>(pin)];
    return state.mode >= 0 && (static_cast<unsigned>(state.mode) & GPIO_MODE_DEF_OUTPUT) != 0 && state.level == level;
}

}  // namespace tbg::hostcheck

extern "C" {

esp_err_t gpio_reset_pin(gpio_num_t gpio_num) {
    using namespace tbg::hostcheck;
    Gpio& g = gpio();
    std::lock_guard guard(g.mutex);
    if (!exists(g.chip, gpio_num)) {
        return ESP_ERR_INVALID_ARG;
    }
    g.pins[static_cast<std::size_t>(gpio_num)].mode = GPIO_MODE_DISABLE;
    record(g, gpio_num, GpioEvent::Kind::kReset, 0);
    return ESP_OK;
}

esp_err_t gpio_set_direction(gpio_num_t gpio_num, gpio_mode_t mode) {
    using namespace tbg::hostcheck;
    Gpio& g = gpio();
    std::lock_guard guard(g.mutex);
    const bool output = (static_cast<unsigned>(mode) & GPIO_MODE_DEF_OUTPUT) != 0;
    if (!exists(g.chip, gpio_num) || (output && !can_output(g.chip, gpio_num))) {
        return ESP_ERR_INVALID_ARG;
    }
    g.pins[static_cast<std::size_t>(gpio_num)].mode = mode;
    record(g, gpio_num, GpioEvent::Kind::kDirection, mode);
    return ESP_OK;
}

esp_err_t gpio_set_level(gpio_num_t gpio_num, uint32_t level) {
    using namespace tbg::hostcheck;
    Gpio& g = gpio();
    std::lock_guard guard(g.mutex);
    if (!can_output(g.chip, gpio_num)) {
        return ESP_ERR_INVALID_ARG;
    }
    const int value = level != 0 ? 1 : 0;
    g.pins[static_cast<std::size_t>(gpio_num)].level = value;
    record(g, gpio_num, GpioEvent::Kind::kLevel, value);
    return ESP_OK;
}

}  // extern "C"
