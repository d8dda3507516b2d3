// Host fakes of esp_err, esp_log, esp_timer, esp_system and esp_random.
#include <cstdarg>
#include <cstdio>
#include <map>
#include <mutex>
#include <random>
#include <string>

#include "esp_err.h"
#include "esp_heap_caps.h"
#include "esp_log.h"
#include "esp_mac.h"
#include "esp_random.h"
#include "esp_system.h"
#include "esp_timer.h"
#include "freertos_fake.h"

namespace tbg::hostcheck {
void append_log_line(std::string line);
std::uint32_t free_heap_bytes();
std::size_t psram_bytes();
[[noreturn]] void restart_from_task();
}  // namespace tbg::hostcheck

namespace {

std::mutex g_log_mutex;
vprintf_like_t g_vprintf = nullptr;  // set by esp_log_set_vprintf
int g_reset_reason = ESP_RST_POWERON;

int call_vprintf(vprintf_like_t function, const char* format, ...) __attribute__((format(printf, 2, 3)));
int call_vprintf(vprintf_like_t function, const char* format, ...) {
    va_list args;
    va_start(args, format);
    const int written = function(format, args);
    va_end(args);
    return written;
}

char level_letter(esp_log_level_t level) {
    switch (level) {
        case ESP_LOG_ERROR:
            return 'E';
        case ESP_LOG_WARN:
            return 'W';
        case ESP_LOG_INFO:
            return 'I';
        case ESP_LOG_DEBUG:
            return 'D';
        default:
            return 'V';
    }
}

// The reset reason of the current power-on: what the previous power cycle left.
struct ReasonHook {
    ReasonHook() {
        tbg::hostcheck::on_power_cycle([] {
            g_reset_reason = tbg::hostcheck::pending_reset_reason();
            const std::lock_guard guard(g_log_mutex);
            g_vprintf = nullptr;  // RAM: the log output is ESP-IDF's own again after a reset
        });
    }
} g_reason_hook;

}  // namespace

extern "C" {

const char* esp_err_to_name(esp_err_t code) {
    static const std::map<esp_err_t, const char*> names = {
        {ESP_OK, "ESP_OK"},
        {ESP_FAIL, "ESP_FAIL"},
        {ESP_ERR_NO_MEM, "ESP_ERR_NO_MEM"},
        {ESP_ERR_INVALID_ARG, "ESP_ERR_INVALID_ARG"},
        {ESP_ERR_INVALID_STATE, "ESP_ERR_INVALID_STATE"},
        {ESP_ERR_INVALID_SIZE, "ESP_ERR_INVALID_SIZE"},
        {ESP_ERR_NOT_FOUND, "ESP_ERR_NOT_FOUND"},
        {ESP_ERR_NOT_SUPPORTED, "ESP_ERR_NOT_SUPPORTED"},
        {ESP_ERR_TIMEOUT, "ESP_ERR_TIMEOUT"},
        {ESP_ERR_INVALID_RESPONSE, "ESP_ERR_INVALID_RESPONSE"},
        {ESP_ERR_INVALID_CRC, "ESP_ERR_INVALID_CRC"},
        {ESP_ERR_INVALID_VERSION, "ESP_ERR_INVALID_VERSION"},
    };
    const auto found = names.find(code);
    return found != names.end() ? found->second : "UNKNOWN ERROR";
}

void esp_log_write(esp_log_level_t level, const char* tag, const char* format, ...) {
    char text[512];
    va_list args;
    va_start(args, format);
    std::vsnprintf(text, sizeof text, format, args);
    va_end(args);
    const std::string line = std::string(1, level_letter(level)) + " " + tag + ": " + text;
    tbg::hostcheck::append_log_line(line);
    vprintf_like_t function = nullptr;
    {
        std::lock_guard guard(g_log_mutex);
        function = g_vprintf;
    }
    if (function != nullptr) {
        call_vprintf(function, "%c (%u) %s: %s\n", level_letter(level), esp_log_timestamp(), tag, text);
    } else if (level <= ESP_LOG_WARN) {
        std::fprintf(stderr, "%s\n", line.c_str());
    }
}

uint32_t esp_log_timestamp(void) {
    return static_cast<uint32_t>(tbg::hostcheck::uptime_ms());
}

vprintf_like_t esp_log_set_vprintf(vprintf_like_t func) {
    std::lock_guard guard(g_log_mutex);
    const vprintf_like_t previous = g_vprintf;
    g_vprintf = func;
    return previous;
}

void esp_log_level_set(const char* /*tag*/, esp_log_level_t /*level*/) {}

esp_err_t esp_read_mac(uint8_t* mac, esp_mac_type_t type) {
    // Espressif's OUI and a fixed device part; the soft-AP address is the station's + 1, as on the chip.
    const uint8_t station[6] = {0x24, 0x0a, 0xc4, 0x12, 0x34, 0x56};
    for (int i = 0; i < 6; ++i) {
        mac[i] = station[i];
    }
    if (type == ESP_MAC_WIFI_SOFTAP) {
        mac[5] = static_cast<uint8_t>(mac[5] + 1);
    }
    return ESP_OK;
}

int64_t esp_timer_get_time(void) {
    return tbg::hostcheck::uptime_us();
}

void esp_restart(void) {
    tbg::hostcheck::restart_from_task();
}

esp_reset_reason_t esp_reset_reason(void) {
    return static_cast<esp_reset_reason_t>(g_reset_reason);
}

uint32_t esp_get_free_heap_size(void) {
    return tbg::hostcheck::free_heap_bytes();
}
uint32_t esp_get_minimum_free_heap_size(void) {
    return tbg::hostcheck::free_heap_bytes();
}

size_t heap_caps_get_total_size(uint32_t caps) {
    return (caps & MALLOC_CAP_SPIRAM) != 0 ? tbg::hostcheck::psram_bytes() : 512 * 1024;
}

uint32_t esp_random(void) {
    static std::mutex mutex;
    static std::random_device device;
    std::lock_guard guard(mutex);
    return device();
}

void esp_fill_random(void* buf, size_t len) {
    auto* bytes = static_cast<unsigned char*>(buf);
    for (size_t i = 0; i < len; i += 4) {
        const uint32_t word = esp_random();
        for (size_t k = 0; k < 4 && i + k < len; ++k) {
            bytes[i + k] = static_cast<unsigned char>(word >> (8 * k));
        }
    }
}

}  // extern "C"
