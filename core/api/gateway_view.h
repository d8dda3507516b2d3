// An immutable copy of everything the API shows, taken on the loop thread and handed to the server's threads.
//
// The loop thread fills one with capture_gateway() plus the platform's link health after each CAN tick (and at
// least once a second), then publishes it as std::shared_ptr<const GatewayView>; readers never touch the live
// Gateway. The history, the energy ledger and the frame log are shared pointers replaced only when they changed, so
// a capture copies a few tens of kB, not the 48 h history.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "core/api/frame_log.h"
#include "core/app/gateway.h"
#include "core/bank/bank_snapshot.h"
#include "core/bank/pack_state.h"
#include "core/control/control_output.h"
#include "core/history/energy_ledger.h"
#include "core/history/minute_history.h"

namespace tbg::api {

// What the platform knows about its devices and services (not part of the sans-I/O core).
struct LinkHealth {
    std::string serial_device;  // "/dev/ttyUSB0", "demo"
    bool serial_open = false;
    std::uint64_t serial_write_errors = 0;
    std::string can_backend;  // "slcan:/dev/ttyACM0", "socketcan:can0", "none"
    bool can_open = false;
    std::uint64_t can_frames_sent = 0;
    std::uint64_t can_write_errors = 0;
    std::string can_last_error;
    bool mqtt_enabled = false;
    bool mqtt_connected = false;
    std::uint64_t mqtt_published = 0;
    std::uint64_t mqtt_dropped = 0;
    std::string mqtt_last_error;
    // The platform loop's worst lateness of a timer (time a callback started − its deadline) since start.
    std::uint64_t loop_max_lateness_ms = 0;
};

struct PollTotals {
    bool discovering = false;
    std::uint32_t last_sweep_ms = 0;
    std::uint32_t unsolicited_frames = 0;
    std::uint32_t echoes = 0;
    std::uint32_t discarded_bytes = 0;
};

struct GatewayView {
    std::uint64_t seq = 0;                    // publication number, 1, 2, …
    std::uint64_t now_ms = 0;                 // monotonic time of the capture
    std::uint64_t uptime_ms = 0;              // since the gateway started
    std::optional<std::int64_t> wall_s;       // unix time of the capture; nullopt when the clock is not set
    std::optional<history::CivilDate> today;  // local date of the capture
    std::string version;
    std::string edition = "full";
    std::string platform;  // "linux", "esp32": what the target can do (e.g. firmware updates on "esp32")
    bool demo = false;
    bool monitoring = false;  // no CAN output configured

    bank::BankSnapshot bank;
    control::ControlOutput output;
    std::array<bank::PackState, app::kMaxPacks> packs{};
    std::array<app::PackCounters, app::kMaxPacks> counters{};
    std::array<app::Presence, app::kMaxPacks> presence{};
    std::array<std::uint32_t, app::kMaxPacks> decode_errors{};
    PollTotals poll;
    app::CanCounters can;
    can::Protocol protocol = can::Protocol::kVictron;
    std::uint32_t can_interval_ms = 1000;
    std::string manufacturer;  // 0x35E
    std::string bms_name;      // 0x370/0x371
    std::uint32_t baud = 9600;
    LinkHealth links;

    std::shared_ptr<const history::MinuteHistory> history;
    std::shared_ptr<const history::EnergyLedger> energy;
    std::shared_ptr<const FrameLog> frames;
};

// Copies the Gateway's state at now_ms into `view` (everything but seq, uptime, wall time, identity, links and the
// shared parts).
void capture_gateway(const app::Gateway& gateway, std::uint64_t now_ms, GatewayView& view);

}  // namespace tbg::api
