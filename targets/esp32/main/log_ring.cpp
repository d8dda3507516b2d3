#include "targets/esp32/main/log_ring.h"

#include <cstdio>

#include "esp_log.h"
#include "esp_timer.h"

namespace tbg::esp32 {

namespace {

LogRing* g_ring = nullptr;            // the installed ring
vprintf_like_t g_previous = nullptr;  // the console output before install()

std::string level_name(char letter) {
    switch (letter) {
        case 'E':
            return "error";
        case 'W':
            return "warning";
        case 'I':
            return "info";
        default:
            return "debug";
    }
}

}  // namespace

void LogRing::install() {
    g_ring = this;
    const vprintf_like_t previous = esp_log_set_vprintf(&LogRing::hook);
    if (previous != &LogRing::hook) {
        g_previous = previous;
    }
}

int LogRing::hook(const char* format, va_list args) {
    va_list copy;
    va_copy(copy, args);
    int written = 0;
    if (g_previous != nullptr) {
        written = g_previous(format, copy);
    }
    va_end(copy);
    char text[kMaxChars + 1];
    std::vsnprintf(text, sizeof text, format, args);
    if (g_ring != nullptr) {
        g_ring->add(text);
    }
    return written;
}

void LogRing::add(const char* text) {
    const std::lock_guard lock(mutex_);
    partial_ += text;
    std::size_t newline = 0;
    while ((newline = partial_.find('\n')) != std::string::npos) {
        std::string line = partial_.substr(0, newline);
        partial_.erase(0, newline + 1);
        if (line.empty()) {
            continue;
        }
        api::LogLine entry;
        entry.seq = ++seq_;
        entry.t_ms = static_cast<std::uint64_t>(esp_timer_get_time() / 1000);
        entry.level = level_name(line[0]);
        entry.text = line.size() > kMaxChars ? line.substr(0, kMaxChars) : line;
        lines_.push_back(std::move(entry));
        if (lines_.size() > kCapacity) {
            lines_.pop_front();
        }
    }
    if (partial_.size() > kMaxChars) {
        partial_.clear();  // no newline in sight: not a log line
    }
}

std::vector<api::LogLine> LogRing::lines() const {
    const std::lock_guard lock(mutex_);
    return {lines_.begin(), lines_.end()};
}

}  // namespace tbg::esp32
