// The newest log lines of the firmware, for the dashboard's diagnostics (GET /api/log), captured from ESP-IDF's
// logging (esp_log_set_vprintf) and passed on to the previous output (the USB/UART console).
//
// Lines are "E (1234) tag: text" as ESP-IDF formats them (colours off, sdkconfig.defaults); the level letter maps
// to "error", "warning", "info", "debug". At most kCapacity lines of at most kMaxChars characters are kept.
// Threading: the hook runs in whatever task logs; lines() may be called from any task.
#pragma once

#include <cstdarg>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

#include "core/api/api_backend.h"

namespace tbg::esp32 {

class LogRing {
public:
    static constexpr std::size_t kCapacity = 100;
    static constexpr std::size_t kMaxChars = 200;

    // Installs the hook (once per boot). The ring must outlive every later log call.
    void install();
    std::vector<api::LogLine> lines() const;

    // One formatted line (the hook's job; public for tests).
    void add(const char* text);

private:
    static int hook(const char* format, va_list args);

    mutable std::mutex mutex_;
    std::deque<api::LogLine> lines_;
    std::uint64_t seq_ = 0;
    std::string partial_;  // a line written in pieces, until its newline
};

}  // namespace tbg::esp32
