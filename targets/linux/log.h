// Log lines for the daemon: one line per event on stderr. Under systemd (JOURNAL_STREAM set) each line starts with
// the syslog priority prefix "<N>" that journald turns into the entry's priority; on a terminal it starts with the
// level name. No timestamps: the journal or the terminal adds them. Thread-safe (one write per line). The last
// kRecentLines lines logged are also kept in RAM for the dashboard (GET /api/log). Control characters in a message
// (newline, ESC, …) are written as \xHH, so one call is always one line and outside text cannot forge a line.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/api/api_backend.h"

namespace tbg::daemon {

enum class LogLevel : int { kError = 3, kWarning = 4, kNotice = 5, kInfo = 6, kDebug = 7 };

void set_log_level(LogLevel level);
// "error", "warning", "notice", "info", "debug"; false for anything else.
bool parse_log_level(std::string_view text, LogLevel& level);
bool log_enabled(LogLevel level);
void log(LogLevel level, std::string_view message);

// `message` with every control character (0x00…0x1F, 0x7F) written as \xHH; what log() writes and keeps.
std::string escape_log_text(std::string_view message);

inline constexpr std::size_t kRecentLines = 200;
// The most recent lines, oldest first (times from platform::monotonic_now_ms()).
std::vector<api::LogLine> recent_log_lines();

inline void log_error(std::string_view message) {
    log(LogLevel::kError, message);
}
inline void log_warning(std::string_view message) {
    log(LogLevel::kWarning, message);
}
inline void log_notice(std::string_view message) {
    log(LogLevel::kNotice, message);
}
inline void log_info(std::string_view message) {
    log(LogLevel::kInfo, message);
}
inline void log_debug(std::string_view message) {
    log(LogLevel::kDebug, message);
}

}  // namespace tbg::daemon
