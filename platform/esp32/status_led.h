// The status LED: a WS2812 RGB LED (espressif/led_strip 2.x on the RMT peripheral), a plain one-colour LED on a GPIO
// (active high, on for any colour that is not black), or none. The pattern logic is in led_pattern.h.
//
// Contracts: show() writes to the LED only when the colour (or, for a plain LED, the on/off level) changes, so it
// can be called every few tens of milliseconds; failures are counted, never fatal (the gateway runs without an LED).
// Threading: one task (the one that drives the pattern) calls open(), show() and close(); stats() from any task
// while that task is not inside open()/close().
#pragma once

#include <cstdint>
#include <string>

#include "platform/esp32/led_pattern.h"

struct led_strip_t;

namespace tbg::esp32 {

enum class LedKind : std::uint8_t { kNone, kWs2812, kGpio };

std::string_view to_string(LedKind kind);  // "off", "ws2812", "gpio"

struct StatusLedStats {
    std::uint32_t writes = 0;  // colour changes sent to the LED
    std::uint32_t errors = 0;  // driver calls that failed
    std::string last_error;
};

class StatusLed {
public:
    StatusLed() = default;
    ~StatusLed();
    StatusLed(const StatusLed&) = delete;
    StatusLed& operator=(const StatusLed&) = delete;

    // kNone always succeeds (nothing to drive). Otherwise `gpio` is the LED's data (WS2812) or anode (plain) pin,
    // validated by the board profile. False with `error` when the driver refuses; the LED is then off and show()
    // does nothing.
    bool open(LedKind kind, int gpio, std::string& error);
    void close();  // the LED is turned off
    LedKind kind() const { return kind_; }

    void show(const Rgb& colour);
    Rgb shown() const { return shown_; }  // what the LED shows now (as last written successfully)

    const StatusLedStats& stats() const { return stats_; }

private:
    bool write(const Rgb& colour);
    void note_error(const char* what, int err);

    LedKind kind_ = LedKind::kNone;
    int gpio_ = -1;
    led_strip_t* strip_ = nullptr;
    bool written_ = false;  // shown_ reflects the hardware
    Rgb shown_{};
    StatusLedStats stats_;
};

}  // namespace tbg::esp32
