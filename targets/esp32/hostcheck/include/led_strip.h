// espressif/led_strip 2.x (Espressif component registry, `idf.py add-dependency "espressif/led_strip^2"`): addressable
// LEDs (WS2812) on the RMT peripheral. Written from
// https://components.espressif.com/components/espressif/led_strip/versions/2.5.5/api (include/led_strip.h)
// Declaration-only: exactly what platform/esp32 and targets/esp32 use.
#pragma once

#include <stdint.h>

#include "esp_err.h"
#include "led_strip_rmt.h"
#include "led_strip_types.h"

#ifdef __cplusplus
extern "C" {
#endif

// Sets one pixel in the strip's memory; led_strip_refresh() sends it.
esp_err_t led_strip_set_pixel(led_strip_handle_t strip, uint32_t index, uint32_t red, uint32_t green, uint32_t blue);
esp_err_t led_strip_refresh(led_strip_handle_t strip);
// Turns every LED off (writes zeros and sends them).
esp_err_t led_strip_clear(led_strip_handle_t strip);
esp_err_t led_strip_del(led_strip_handle_t strip);

#ifdef __cplusplus
}
#endif
