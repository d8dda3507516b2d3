// Host fake of the espressif/led_strip 2.x API (led_strip.h): strips in memory; every refresh (and clear) records
// pixel 0 with its host time, so a test reads the colour the LED showed over time.
//
// Handles stay valid memory for the whole process; after a power cycle (or led_strip_del) they are stale and every
// call with them returns ESP_ERR_INVALID_ARG. Power cycle: strips, history and failure settings cleared.
//
// Threading: every function is thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "esp_err.h"

namespace tbg::hostcheck {

struct LedStripFrame {
    std::int64_t t_us = 0;  // uptime
    int gpio = -1;
    std::uint8_t r = 0;
    std::uint8_t g = 0;
    std::uint8_t b = 0;
};

struct LedStripInfo {
    int gpio = -1;
    std::uint32_t max_leds = 0;
    int led_model = -1;     // led_model_t
    int pixel_format = -1;  // led_pixel_format_t
    std::uint32_t resolution_hz = 0;
    std::uint32_t refreshes = 0;
};

std::vector<LedStripFrame> led_strip_frames();
// The live strip created last (nullopt when none or deleted).
std::optional<LedStripInfo> led_strip_info();
// led_strip_new_rmt_device / led_strip_refresh return `err` while it is not ESP_OK.
void led_strip_set_create_error(esp_err_t err);
void led_strip_set_refresh_error(esp_err_t err);

}  // namespace tbg::hostcheck
