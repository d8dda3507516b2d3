// A simulated RS485 bus of up to 16 Topband packs answering the master's ASCII requests.
//
// Contract: pure logic, no I/O, no clock; time is injected as monotonic `now_ms`. on_request() behaves like the bus:
// it returns nothing (silence) for text that is not one valid frame (parse_frame), for CID1 other than 0x46, for an
// address without a pack and for a pack in the dropout scenario. Otherwise the addressed pack answers:
//   0x42 analog values, 0x44 alarm/status, 0x47 system parameters, 0x4D date/time (from the wall clock below),
//   0x4F bare OK reply, 0x51 64 raw ASCII characters; any other CID2 gets a bare RTN 0x04 (CID2 invalid) reply;
//   a VER other than 0x21 gets RTN 0x01 (VER error). The INFO of requests (ADR echo) is not checked.
// The pack's scenario shapes the reply: wrong_adr puts ADR + 1 (mod 16) in the header, noise corrupts bytes at the
// bus's noise rate, slow replaces the turnaround with the slow turnaround. Deterministic given the seeds.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <random>
#include <string_view>

#include "core/topband/decoders.h"
#include "core/topband/encoders.h"
#include "platform/sim/sim_pack.h"

namespace tbg::sim {

inline constexpr std::size_t kMaxPacks = 16;

struct SimBusConfig {
    std::uint32_t turnaround_ms = 20;        // request end → first reply byte
    std::uint32_t slow_turnaround_ms = 550;  // slow scenario: just below a 600 ms master timeout
    std::uint32_t noise_ppm = 5000;          // noise scenario: share of corrupted reply bytes (0.5 %)
    std::uint32_t seed = 1;                  // the noise generator's seed
    // Wall clock of the packs: `wall_clock_base` holds at monotonic `wall_clock_base_ms`.
    topband::DateTime wall_clock_base{2026, 1, 1, 0, 0, 0};
    std::uint64_t wall_clock_base_ms = 0;
};

struct SimReply {
    // The bytes to send, '~' to CR. After corruption (noise) no longer a valid frame, possibly longer or shorter.
    topband::EncodedFrame frame;
    std::uint32_t turnaround_ms = 0;
    bool corrupted = false;
};

class SimBus {
public:
    explicit SimBus(const SimBusConfig& config = {});

    // Adds a pack at config.adr. False when the address is above 15 or already taken.
    bool add_pack(const SimPackConfig& config);
    SimPack* pack(std::uint8_t adr);
    const SimPack* pack(std::uint8_t adr) const;
    std::size_t pack_count() const;

    void set_scenario(Scenario scenario);                    // every pack
    bool set_scenario(std::uint8_t adr, Scenario scenario);  // one pack; false when absent
    void set_noise_ppm(std::uint32_t ppm) { config_.noise_ppm = ppm; }
    void set_turnaround_ms(std::uint32_t ms) { config_.turnaround_ms = ms; }
    void set_slow_turnaround_ms(std::uint32_t ms) { config_.slow_turnaround_ms = ms; }
    void set_wall_clock(const topband::DateTime& base, std::uint64_t base_ms);
    const SimBusConfig& config() const { return config_; }

    // Wall-clock time at `now_ms` (earlier than the base counts backwards).
    topband::DateTime wall_clock(std::uint64_t now_ms) const;

    // Advances every pack to `now_ms`.
    void advance(std::uint64_t now_ms);

    // Advances every pack to `now_ms`, then answers `request_frame_chars` (one frame, '~' first, CR optional).
    std::optional<SimReply> on_request(std::string_view request_frame_chars, std::uint64_t now_ms);

private:
    std::optional<SimReply> reply_for(SimPack& pack, const topband::Frame& request, std::uint64_t now_ms);

    SimBusConfig config_;
    std::mt19937 rng_;
    std::array<std::unique_ptr<SimPack>, kMaxPacks> packs_{};
};

}  // namespace tbg::sim
