#include "targets/linux/log.h"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <deque>
#include <mutex>
#include <string>

#include "platform/linux/monotonic_clock.h"

namespace tbg::daemon {

namespace {

std::atomic<int> g_level{static_cast<int>(LogLevel::kInfo)};

struct Recent {
    std::mutex mutex;
    std::deque<api::LogLine> lines;
    std::uint64_t seq = 0;
};

Recent& recent() {
    static Recent instance;
    return instance;
}

std::string_view level_name(LogLevel level) {
    switch (level) {
        case LogLevel::kError:
            return "error";
        case LogLevel::kWarning:
            return "warning";
        case LogLevel::kNotice:
            return "notice";
        case LogLevel::kInfo:
            return "info";
        case LogLevel::kDebug:
            return "debug";
    }
    return "info";
}

}  // namespace

std::string escape_log_text(std::string_view message) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(message.size());
    for (const char c : message) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte == 0x7F) {
            out += "\\x";
            out += kHex[byte >> 4];
            out += kHex[byte & 0x0F];
        } else {
            out += c;
        }
    }
    return out;
}

namespace {

bool under_journald() {
    static const bool journald = std::getenv("JOURNAL_STREAM") != nullptr;
    return journald;
}

}  // namespace

void set_log_level(LogLevel level) {
    g_level = static_cast<int>(level);
}

bool parse_log_level(std::string_view text, LogLevel& level) {
    for (const LogLevel candidate :
         {LogLevel::kError, LogLevel::kWarning, LogLevel::kNotice, LogLevel::kInfo, LogLevel::kDebug}) {
        if (text == level_name(candidate)) {
            level = candidate;
            return true;
        }
    }
    return false;
}

bool log_enabled(LogLevel level) {
    return static_cast<int>(level) <= g_level.load();
}

void log(LogLevel level, std::string_view message) {
    if (!log_enabled(level)) {
        return;
    }
    const std::string text = escape_log_text(message);
    std::string line;
    if (under_journald()) {
        line += '<';
        line += std::to_string(static_cast<int>(level));
        line += '>';
    } else {
        line = std::string(level_name(level)) + ": ";
    }
    line += text;
    line += '\n';
    // One write() per line so lines from different threads never interleave.
    [[maybe_unused]] const ssize_t written = ::write(STDERR_FILENO, line.data(), line.size());
    Recent& store = recent();
    const std::lock_guard lock(store.mutex);
    store.lines.push_back(
        api::LogLine{++store.seq, platform::monotonic_now_ms(), std::string(level_name(level)), text});
    if (store.lines.size() > kRecentLines) {
        store.lines.pop_front();
    }
}

std::vector<api::LogLine> recent_log_lines() {
    Recent& store = recent();
    const std::lock_guard lock(store.mutex);
    return {store.lines.begin(), store.lines.end()};
}

}  // namespace tbg::daemon
