// Wall-clock time for the full edition: the POSIX time zone (setenv("TZ") + tzset(), DST rules included, e.g.
// "CET-1CEST,M3.5.0,M10.5.0/3") and SNTP through esp_netif (esp_netif_sntp.h, ESP-IDF v5.1+).
//
// The system clock counts from 1970 at power-on and survives a software reset (esp_restart, OTA) in the RTC, so a
// clock at or after 2020-01-01 is taken as set even before the first SNTP answer; before that wall_time()
// (targets/esp32/main/wall_clock.h) has no time and the energy ledger's day boundaries wait. SNTP re-synchronises every
// hour (CONFIG_LWIP_SNTP_UPDATE_DELAY) and retries by itself while the network is down.
//
// Threading: start()/stop() from one task (the network task); synced() and last_sync_unix_s() from any
// task (the sync callback runs on the lwIP task). One TimeSync at a time (SNTP has one callback without context).
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>

namespace tbg::esp32 {

// Sets TZ and calls tzset(). false with `error` for an empty zone (the C library takes unknown text as UTC silently,
// so core/config validates the syntax).
bool apply_time_zone(const std::string& tz, std::string& error);

class TimeSync {
public:
    TimeSync() = default;
    ~TimeSync();
    TimeSync(const TimeSync&) = delete;
    TimeSync& operator=(const TimeSync&) = delete;

    // Applies `time_zone` and, unless `ntp_server` is empty, starts SNTP with it. false with `error` (the zone is
    // kept when only SNTP failed).
    bool start(const std::string& ntp_server, const std::string& time_zone, std::string& error);
    void stop();

    bool synced() const { return syncs_ > 0; }
    std::uint32_t syncs() const { return syncs_; }
    // Unix time set by the last synchronisation, nullopt before the first.
    std::optional<std::int64_t> last_sync_unix_s() const;

private:
    static void on_sync(struct timeval* tv);

    std::string server_;  // esp_netif_sntp keeps the pointer
    bool sntp_running_ = false;
    std::atomic<std::uint32_t> syncs_{0};
    std::atomic<std::int64_t> last_sync_s_{0};
};

}  // namespace tbg::esp32
