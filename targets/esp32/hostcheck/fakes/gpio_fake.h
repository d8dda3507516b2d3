// Host fake of driver/gpio.h: records every reset, direction and level change with its host time.
//
// Chip (survives power cycles; default ESP32-S3): which pin numbers exist (S3: 0–21, 26–48; ESP32: 0–19, 21–23,
// 25–27, 32–39) and which can output (ESP32: not 34–39). Calls on a pin that does not exist, or an output direction
// on an input-only pin, return ESP_ERR_INVALID_ARG as ESP-IDF does.
// Power cycle: every pin back to unknown (level -1, mode -1), the event log cleared.
//
// Threading: every function is thread-safe.
#pragma once

#include <cstdint>
#include <vector>

namespace tbg::hostcheck {

enum class GpioChip : std::uint8_t { kEsp32S3, kEsp32 };
void gpio_set_chip(GpioChip chip);

struct GpioEvent {
    enum class Kind : std::uint8_t { kReset, kDirection, kLevel };
    std::int64_t t_us = 0;  // uptime
    int gpio = -1;
    Kind kind = Kind::kReset;
    int value = 0;  // kDirection: gpio_mode_t; kLevel: 0/1
};

std::vector<GpioEvent> gpio_events();
// The output latch (-1 = never set since power-on) and the mode (gpio_mode_t, -1 = never configured).
int gpio_output_level(int gpio);
int gpio_mode(int gpio);
// True when the pin is an output (mode includes output) whose latch is `level`.
bool gpio_drives(int gpio, int level);

}  // namespace tbg::hostcheck
