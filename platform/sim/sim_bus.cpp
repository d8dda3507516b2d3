#include "platform/sim/sim_bus.h"

#include "platform/sim/noise.h"
#include "platform/sim/wall_clock.h"

namespace tbg::sim {

namespace {

constexpr std::uint8_t kRtnOk = static_cast<std::uint8_t>(topband::Rtn::kNormal);

}  // namespace

SimBus::SimBus(const SimBusConfig& config) : config_(config), rng_(config.seed) {}

bool SimBus::add_pack(const SimPackConfig& config) {
    if (config.adr >= kMaxPacks || packs_[config.adr]) {
        return false;
    }
    packs_[config.adr] = std::make_unique<SimPack>(config);
    return true;
}

SimPack* SimBus::pack(std::uint8_t adr) {
    return adr < kMaxPacks ? packs_[adr].get() : nullptr;
}

const SimPack* SimBus::pack(std::uint8_t adr) const {
    return adr < kMaxPacks ? packs_[adr].get() : nullptr;
}

std::size_t SimBus::pack_count() const {
    std::size_t count = 0;
    for (const auto& p : packs_) {
        count += p ? 1U : 0U;
    }
    return count;
}

void SimBus::set_scenario(Scenario scenario) {
    for (auto& p : packs_) {
        if (p) {
            p->set_scenario(scenario);
        }
    }
}

bool SimBus::set_scenario(std::uint8_t adr, Scenario scenario) {
    SimPack* p = pack(adr);
    if (p == nullptr) {
        return false;
    }
    p->set_scenario(scenario);
    return true;
}

void SimBus::set_wall_clock(const topband::DateTime& base, std::uint64_t base_ms) {
    config_.wall_clock_base = base;
    config_.wall_clock_base_ms = base_ms;
}

topband::DateTime SimBus::wall_clock(std::uint64_t now_ms) const {
    const std::int64_t delta_ms = now_ms >= config_.wall_clock_base_ms
                                      ? static_cast<std::int64_t>(now_ms - config_.wall_clock_base_ms)
                                      : -static_cast<std::int64_t>(config_.wall_clock_base_ms - now_ms);
    // Floor division, so times before the base round toward the past like a clock does.
    const std::int64_t seconds = delta_ms >= 0 ? delta_ms / 1000 : -((-delta_ms + 999) / 1000);
    return add_seconds(config_.wall_clock_base, seconds);
}

void SimBus::advance(std::uint64_t now_ms) {
    for (auto& p : packs_) {
        if (p) {
            p->advance(now_ms);
        }
    }
}

std::optional<SimReply> SimBus::on_request(std::string_view request_frame_chars, std::uint64_t now_ms) {
    advance(now_ms);
    topband::Frame request;
    if (topband::parse_frame(request_frame_chars, request) != topband::FrameStatus::kOk ||
        request.cid1 != topband::kCid1Battery) {
        return std::nullopt;
    }
    SimPack* p = pack(request.adr);
    if (p == nullptr || !p->answering()) {
        return std::nullopt;
    }
    return reply_for(*p, request, now_ms);
}

std::optional<SimReply> SimBus::reply_for(SimPack& p, const topband::Frame& request, std::uint64_t now_ms) {
    SimReply reply;
    const std::uint8_t adr =
        p.scenario() == Scenario::kWrongAdr ? static_cast<std::uint8_t>((p.adr() + 1U) % kMaxPacks) : p.adr();
    std::array<std::uint8_t, topband::kMaxInfoBytes> info{};
    bool encoded = false;
    if (request.ver != topband::kVersion) {
        encoded = topband::encode_frame(adr, static_cast<std::uint8_t>(topband::Rtn::kVerError), {}, reply.frame);
    } else {
        std::size_t size = 0;
        switch (static_cast<topband::Command>(request.cid2)) {
            case topband::Command::kAnalog:
                size = topband::build_analog_info(p.analog_values(), info);
                encoded = size > 0 && topband::encode_frame(adr, kRtnOk, {info.data(), size}, reply.frame);
                break;
            case topband::Command::kAlarm:
                size = topband::build_alarm_info(p.alarm_info(), info);
                encoded = size > 0 && topband::encode_frame(adr, kRtnOk, {info.data(), size}, reply.frame);
                break;
            case topband::Command::kSystemParameters:
                size = topband::build_system_parameters_info(p.system_parameters(), info);
                encoded = size > 0 && topband::encode_frame(adr, kRtnOk, {info.data(), size}, reply.frame);
                break;
            case topband::Command::kGetDateTime:
                size = topband::build_date_time_info(wall_clock(now_ms), info);
                encoded = size > 0 && topband::encode_frame(adr, kRtnOk, {info.data(), size}, reply.frame);
                break;
            case topband::Command::kProtocolVersion:
                encoded = topband::encode_frame(adr, kRtnOk, {}, reply.frame);
                break;
            case topband::Command::kManufacturerInfo:
                encoded = topband::encode_frame_raw_info(adr, kRtnOk, p.manufacturer_info(), reply.frame);
                break;
            default:
                encoded =
                    topband::encode_frame(adr, static_cast<std::uint8_t>(topband::Rtn::kCid2Invalid), {}, reply.frame);
                break;
        }
    }
    if (!encoded) {
        return std::nullopt;
    }
    reply.turnaround_ms = p.scenario() == Scenario::kSlow ? config_.slow_turnaround_ms : config_.turnaround_ms;
    if (p.scenario() == Scenario::kNoise) {
        reply.corrupted = corrupt_frame(reply.frame, config_.noise_ppm, rng_);
    }
    return reply;
}

}  // namespace tbg::sim
