// The packs of the 30-day soak: a light analytic model of a solar home battery, answering the gateway's requests
// with real Topband frames (core/topband encoders).
//
// Why not platform/sim's SimPack: its physics integrates every simulated second (an OCV curve per cell), which costs
// about 1 s per simulated hour in the ASan build; 30 days would take minutes. Here each pack is coulomb-counted from
// a current set by the local time of day (charge 09:00…15:00, discharge 18:00…06:00, idle otherwise, limited by
// SOC), cell voltages follow a piecewise-linear curve of SOC plus IR drop and a fixed offset per cell. 0x42 replies
// come from this model; every other command (0x44, 0x47, 0x51, …) is answered by a SimBus that is never advanced
// (its packs stay at their initial, healthy state), so those replies are the simulator's.
//
// Time: advance(now_ms, local) integrates from the previous call in steps of at most 10 s, with the local time
// `local` applying to the whole step (the caller steps across hour boundaries in finer steps when it cares).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "core/topband/encoders.h"
#include "platform/sim/sim_bus.h"
#include "tests/unit/soak/berlin_clock.h"

namespace tbg::soak {

inline constexpr std::size_t kSoakMaxPacks = 4;

class DayCycleBank {
public:
    // Packs at addresses 0 … packs − 1 (at most kSoakMaxPacks), 16 cells, 100 Ah, starting at 60 % SOC.
    explicit DayCycleBank(int packs);

    // Integrates every pack from the previous call up to now_ms; `local_of` gives the local time at a monotonic ms.
    template <typename LocalOf>
    void advance(std::uint64_t now_ms, const LocalOf& local_of) {
        if (!started_) {
            started_ = true;
            last_ms_ = now_ms;
            return;
        }
        while (last_ms_ < now_ms) {
            const std::uint64_t step = std::min<std::uint64_t>(now_ms - last_ms_, 10'000);
            integrate(step, local_of(last_ms_).second_of_day);
            last_ms_ += step;
        }
    }

    // The reply to one request ('~' … CR), or nullopt for silence (no such pack, pack not answering, not a frame).
    // The text stays valid until the next call.
    std::optional<std::string_view> reply(std::string_view request);

    void set_answering(std::uint8_t adr, bool answering);
    bool answering(std::uint8_t adr) const { return adr < packs_ && packs_state_[adr].answering; }
    int packs() const { return packs_; }

    // Requests answered per pack and command (0x42 analog, 0x44 alarm).
    std::uint64_t analog_replies(std::uint8_t adr) const { return packs_state_[adr].analog_replies; }
    std::uint64_t alarm_replies(std::uint8_t adr) const { return packs_state_[adr].alarm_replies; }

    // Energy the model moved in and out (mWh, exact integration of V × I over time).
    double charged_mWh() const { return charged_mWh_; }
    double discharged_mWh() const { return discharged_mWh_; }
    std::uint16_t soc_centipct(std::uint8_t adr) const;

private:
    struct Pack {
        double soc_mAh = 60'000;
        double current_mA = 0;
        bool answering = true;
        std::uint64_t analog_replies = 0;
        std::uint64_t alarm_replies = 0;
    };

    void integrate(std::uint64_t step_ms, std::int32_t local_second_of_day);
    std::uint16_t cell_mV(std::uint8_t adr, std::size_t cell) const;
    topband::AnalogValues analog(std::uint8_t adr) const;

    int packs_;
    std::array<Pack, kSoakMaxPacks> packs_state_{};
    sim::SimBus frozen_;  // never advanced: answers everything but 0x42
    topband::EncodedFrame out_;
    std::array<std::uint8_t, topband::kMaxInfoBytes> info_{};
    std::array<topband::AnalogValues, kSoakMaxPacks> shape_{};  // the simulator's temperatures and layout
    bool started_ = false;
    std::uint64_t last_ms_ = 0;
    double charged_mWh_ = 0;
    double discharged_mWh_ = 0;
};

}  // namespace tbg::soak
