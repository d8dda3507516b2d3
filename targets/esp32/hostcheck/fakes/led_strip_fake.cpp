// Host fake of espressif/led_strip 2.x (led_strip_fake.h).
#include "led_strip_fake.h"

#include <array>
#include <deque>
#include <memory>
#include <mutex>

#include "freertos_fake.h"
#include "led_strip.h"

struct led_strip_t {
    std::uint64_t generation = 0;
    bool deleted = false;
    tbg::hostcheck::LedStripInfo info;
    std::vector<std::array<std::uint8_t, 3>> pixels;
};

namespace tbg::hostcheck {

namespace {

struct Strips {
    std::mutex mutex;  // guards everything below
    std::uint64_t generation = 1;
    std::deque<std::unique_ptr<led_strip_t>> all;  // never freed: stale handles stay readable
    led_strip_t* last = nullptr;
    std::vector<LedStripFrame> frames;
    esp_err_t create_error = ESP_OK;
    esp_err_t refresh_error = ESP_OK;
};

Strips& strips() {
    static Strips instance;
    return instance;
}

struct PowerCycleHook {
    PowerCycleHook() {
        on_power_cycle([] {
            Strips& s = strips();
            std::lock_guard guard(s.mutex);
            ++s.generation;
            s.last = nullptr;
            s.frames.clear();
            s.create_error = ESP_OK;
            s.refresh_error = ESP_OK;
        });
    }
} g_power_cycle_hook;

bool live(const Strips& s, const led_strip_t* strip) {
    return strip != nullptr && !strip->deleted && strip->generation == s.generation;
}

void record(Strips& s, led_strip_t& strip) {
    ++strip.info.refreshes;
    const auto& pixel = strip.pixels.front();
    s.frames.push_back(LedStripFrame{uptime_us(), strip.info.gpio, pixel[0], pixel[1], pixel[2]});
}

}  // namespace

std::vector<LedStripFrame> led_strip_frames() {
    Strips& s = strips();
    std::lock_guard guard(s.mutex);
    return s.frames;
}

std::optional<LedStripInfo> led_strip_info() {
    Strips& s = strips();
    std::lock_guard guard(s.mutex);
    if (!live(s, s.last)) {
        return std::nullopt;
    }
    return s.last->info;
}

void led_strip_set_create_error(esp_err_t err) {
    Strips& s = strips();
    std::lock_guard guard(s.mutex);
    s.create_error = err;
}

void led_strip_set_refresh_error(esp_err_t err) {
    Strips& s = strips();
    std::lock_guard guard(s.mutex);
    s.refresh_error = err;
}

}  // namespace tbg::hostcheck

using tbg::hostcheck::Strips;
using tbg::hostcheck::strips;

extern "C" {

esp_err_t led_strip_new_rmt_device(const led_strip_config_t* led_config, const led_strip_rmt_config_t* rmt_config,
                                   led_strip_handle_t* ret_strip) {
    if (led_config == nullptr || rmt_config == nullptr || ret_strip == nullptr || led_config->max_leds == 0 ||
        led_config->strip_gpio_num < 0 || led_config->strip_gpio_num > 48 ||
        led_config->led_pixel_format >= LED_PIXEL_FORMAT_INVALID || led_config->led_model >= LED_MODEL_INVALID) {
        return ESP_ERR_INVALID_ARG;
    }
    Strips& s = strips();
    std::lock_guard guard(s.mutex);
    if (s.create_error != ESP_OK) {
        return s.create_error;
    }
    auto strip = std::make_unique<led_strip_t>();
    strip->generation = s.generation;
    strip->info.gpio = led_config->strip_gpio_num;
    strip->info.max_leds = led_config->max_leds;
    strip->info.led_model = led_config->led_model;
    strip->info.pixel_format = led_config->led_pixel_format;
    strip->info.resolution_hz = rmt_config->resolution_hz != 0 ? rmt_config->resolution_hz : 10'000'000;
    strip->pixels.assign(led_config->max_leds, {0, 0, 0});
    s.last = strip.get();
    *ret_strip = strip.get();
    s.all.push_back(std::move(strip));
    return ESP_OK;
}

esp_err_t led_strip_set_pixel(led_strip_handle_t strip, uint32_t index, uint32_t red, uint32_t green, uint32_t blue) {
    Strips& s = strips();
    std::lock_guard guard(s.mutex);
    if (!tbg::hostcheck::live(s, strip) || index >= strip->info.max_leds || red > 255 || green > 255 || blue > 255) {
        return ESP_ERR_INVALID_ARG;
    }
    strip->pixels[index] = {static_cast<std::uint8_t>(red), static_cast<std::uint8_t>(green),
                            static_cast<std::uint8_t>(blue)};
    return ESP_OK;
}

esp_err_t led_strip_refresh(led_strip_handle_t strip) {
    Strips& s = strips();
    std::lock_guard guard(s.mutex);
    if (!tbg::hostcheck::live(s, strip)) {
        return ESP_ERR_INVALID_ARG;
    }
    if (s.refresh_error != ESP_OK) {
        return s.refresh_error;
    }
    tbg::hostcheck::record(s, *strip);
    return ESP_OK;
}

esp_err_t led_strip_clear(led_strip_handle_t strip) {
    Strips& s = strips();
    std::lock_guard guard(s.mutex);
    if (!tbg::hostcheck::live(s, strip)) {
        return ESP_ERR_INVALID_ARG;
    }
    for (auto& pixel : strip->pixels) {
        pixel = {0, 0, 0};
    }
    tbg::hostcheck::record(s, *strip);
    return ESP_OK;
}

esp_err_t led_strip_del(led_strip_handle_t strip) {
    Strips& s = strips();
    std::lock_guard guard(s.mutex);
    if (!tbg::hostcheck::live(s, strip)) {
        return ESP_ERR_INVALID_ARG;
    }
    strip->deleted = true;
    return ESP_OK;
}

}  // extern "C"
