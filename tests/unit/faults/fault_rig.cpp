#include "tests/unit/faults/fault_rig.h"

#include <algorithm>
#include <string>

#include "core/topband/frame.h"
#include "platform/sim/noise.h"

namespace tbg::faults {
namespace {

std::uint64_t char_ms(std::size_t chars) {
    return (chars * 10000 + 9599) / 9600;  // 10 bits a character at 9600 baud, rounded up
}

// The analog values a clean reply carries; nullopt for any other reply.
std::optional<topband::AnalogValues> analog_of(const std::string& reply) {
    topband::Frame frame;
    if (topband::parse_frame(reply, frame) != topband::FrameStatus::kOk || frame.cid2 != 0) {
        return std::nullopt;
    }
    topband::InfoBytes info;
    topband::AnalogValues values;
    if (topband::decode_info_hex(frame.info, info) != topband::FrameStatus::kOk ||
        topband::decode_analog(info.bytes(), values) != topband::DecodeError::kNone) {
        return std::nullopt;
    }
    return values;
}

// The first '~'…CR frame in `wire` ("" when there is none).
std::string first_frame(const std::string& wire) {
    const std::size_t start = wire.find('~');
    if (start == std::string::npos) {
        return {};
    }
    const std::size_t end = wire.find('\r', start);
    return wire.substr(start, end == std::string::npos ? std::string::npos : end - start + 1);
}

// Both checksums of a "~…CR" frame recomputed here, independently of core/topband: LENGTH's top nibble against its
// 12-bit LENID, and the last four characters against the two's complement of the character sum (§3).
bool checksums_hold(const std::string& frame) {
    const auto hex = [&](std::size_t at, std::size_t count) -> std::optional<unsigned> {
        if (at + count > frame.size()) {
            return std::nullopt;
        }
        unsigned value = 0;
        for (std::size_t i = at; i < at + count; ++i) {
            const char c = frame[i];
            const int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (digit < 0) {
                return std::nullopt;
            }
            value = value * 16 + static_cast<unsigned>(digit);
        }
        return value;
    };
    const std::size_t body_end = frame.size() - (frame.ends_with('\r') ? 5 : 4);  // index of the CHKSUM
    const auto length = hex(9, 4);
    const auto sent_sum = hex(body_end, 4);
    if (frame.size() < 18 || !length || !sent_sum) {
        return false;
    }
    const unsigned lenid = *length & 0xFFFU;
    if (((16 - ((lenid >> 8) + ((lenid >> 4) & 0xFU) + (lenid & 0xFU)) % 16) % 16) != (*length >> 12) ||
        13 + lenid != body_end) {
        return false;
    }
    unsigned sum = 0;
    for (std::size_t i = 1; i < body_end; ++i) {
        sum += static_cast<unsigned char>(frame[i]);
    }
    return ((~sum + 1) & 0xFFFFU) == *sent_sum;
}

}  // namespace

bool same_analog(const topband::AnalogValues& a, const topband::AnalogValues& b) {
    return a.cell_count == b.cell_count && a.cell_mV == b.cell_mV && a.temp_count == b.temp_count &&
           a.temp_raw_dK == b.temp_raw_dK && a.current_10mA == b.current_10mA &&
           a.pack_voltage_10mV == b.pack_voltage_10mV && a.remaining_10mAh == b.remaining_10mAh &&
           a.full_10mAh == b.full_10mAh && a.cycles == b.cycles && a.bms_soc_pct == b.bms_soc_pct;
}

FaultRig::FaultRig(int packs, const app::GatewaySettings& settings, std::uint32_t seed)
    : settings_(settings), gateway_(settings, 0), checker_(settings), rng_(seed) {
    for (int adr = 0; adr < packs; ++adr) {
        sim::SimPackConfig pack;
        pack.adr = static_cast<std::uint8_t>(adr);
        pack.seed = static_cast<std::uint32_t>(adr + 1);
        bus_.add_pack(pack);
    }
}

void FaultRig::unplug_serial() {
    unplugged_ = true;
    pending_.clear();
    gateway_.on_serial_reset(now_ms_);
}

void FaultRig::replug_serial() {
    unplugged_ = false;
    gateway_.on_serial_reset(now_ms_);
}

std::uint64_t FaultRig::errors_and_timeouts() const {
    std::uint64_t total = 0;
    for (std::uint8_t adr = 0; adr < app::kMaxPacks; ++adr) {
        const app::PackCounters& c = gateway_.scheduler().counters(adr);
        total += c.errors_total() + c.timeouts;
    }
    return total;
}

std::string FaultRig::faulty_copy(const std::string& clean, std::uint8_t adr, std::uint8_t cid2, bool& truncated,
                                  bool& collided) {
    std::string wire = clean;
    std::uniform_int_distribution<int> percent(0, 99);
    if (plan_.collision_pct > 0 && percent(rng_) < static_cast<int>(plan_.collision_pct) && bus_.pack_count() > 1) {
        // Another pack drives the bus at the same time: its reply to the same command, a few characters off.
        std::uint8_t other = adr;
        while (other == adr || bus_.pack(other) == nullptr) {
            other = static_cast<std::uint8_t>(std::uniform_int_distribution<int>(0, app::kMaxPacks - 1)(rng_));
        }
        topband::EncodedFrame request;
        const std::array<std::uint8_t, 1> info{other};
        topband::encode_frame(other, cid2, info, request);
        if (const auto second = bus_.on_request(request.view(), now_ms_)) {
            const std::string overlap(second->frame.view());
            const auto offset = static_cast<std::size_t>(std::uniform_int_distribution<int>(0, 20)(rng_));
            wire.resize(std::max(wire.size(), offset + overlap.size()), '\xFF');
            for (std::size_t i = 0; i < overlap.size(); ++i) {
                wire[offset + i] = static_cast<char>(wire[offset + i] & overlap[i]);
            }
            collided = true;
        }
    }
    if (plan_.noise_ppm > 0) {
        topband::EncodedFrame frame;
        const std::size_t size = std::min(wire.size(), frame.chars.size() - 1);
        std::copy_n(wire.begin(), size, frame.chars.begin());
        frame.size = size;
        sim::corrupt_frame(frame, plan_.noise_ppm, rng_);
        wire.assign(frame.view());
    }
    if (plan_.truncate_pct > 0 && percent(rng_) < static_cast<int>(plan_.truncate_pct) && wire.size() > 2) {
        wire.resize(static_cast<std::size_t>(std::uniform_int_distribution<std::size_t>(1, wire.size() - 2)(rng_)));
        truncated = true;
    }
    return wire;
}

void FaultRig::send(const topband::EncodedFrame& request) {
    ++stats_.requests;
    if (unplugged_) {
        return;
    }
    topband::Frame parsed;
    const bool valid = topband::parse_frame(request.view(), parsed) == topband::FrameStatus::kOk;
    const auto reply = bus_.on_request(request.view(), now_ms_);
    if (!reply) {
        return;
    }
    const std::string clean(reply->frame.view());
    bool truncated = false;
    bool collided = false;
    const std::string wire = faulty_copy(clean, parsed.adr, parsed.cid2, truncated, collided);
    if (valid && parsed.cid2 == static_cast<std::uint8_t>(topband::Command::kAnalog)) {
        last_clean_analog_[parsed.adr % app::kMaxPacks] = analog_of(clean);
        last_wire_analog_[parsed.adr % app::kMaxPacks] = wire;
    }
    ++stats_.replies;
    stats_.truncated += truncated ? 1U : 0U;
    stats_.collided += collided ? 1U : 0U;
    stats_.damaged += wire != clean ? 1U : 0U;
    const std::uint64_t start = now_ms_ + char_ms(request.size) + reply->turnaround_ms;
    for (std::size_t i = 0; i < wire.size(); ++i) {
        pending_.emplace_back(start + char_ms(i + 1), static_cast<std::uint8_t>(wire[i]));
    }
}

void FaultRig::check_bank() {
    for (std::uint8_t adr = 0; adr < app::kMaxPacks; ++adr) {
        const bank::PackState& pack = gateway_.bank().pack(adr);
        const std::optional<std::uint64_t> at = pack.received_ms(bank::DataGroup::kAnalog);
        if (!at || at == seen_analog_ms_[adr]) {
            continue;
        }
        seen_analog_ms_[adr] = at;
        ++stats_.accepted_analog;
        const std::optional<topband::AnalogValues>& sent = last_clean_analog_[adr];
        if (!sent || !same_analog(*sent, pack.analog())) {
            const std::string on_wire_frame = first_frame(last_wire_analog_[adr]);
            if (const auto on_wire = analog_of(on_wire_frame);
                sent && on_wire && checksums_hold(on_wire_frame) && same_analog(*on_wire, pack.analog())) {
                // The damage left a frame whose checksums hold: no receiver can tell (see WireStats).
                ++stats_.undetectable;
                checker_.on_accepted(adr, pack.analog(), *at);
                continue;
            }
            checker_.add_violation(now_ms_, "pack " + std::to_string(adr) +
                                                ": the bank stored analog data that is not the clean reply to its "
                                                "last analog request");
        }
        checker_.on_accepted(adr, pack.analog(), *at);
    }
}

void FaultRig::deliver(std::uint8_t byte) {
    gateway_.on_serial_bytes(std::span(&byte, 1), now_ms_);
    check_bank();
}

void FaultRig::run_for(std::uint64_t duration_ms) {
    const std::uint64_t end_ms = now_ms_ + duration_ms;
    while (true) {
        std::uint64_t next = gateway_.next_wakeup_ms();
        if (!pending_.empty()) {
            next = std::min(next, pending_.front().first);
        }
        next = std::max(next, now_ms_);
        if (next > end_ms) {
            now_ms_ = end_ms;
            return;
        }
        now_ms_ = next;
        while (!pending_.empty() && pending_.front().first <= now_ms_) {
            const std::uint8_t byte = pending_.front().second;
            pending_.pop_front();
            deliver(byte);
        }
        if (const can::FrameSet* frames = gateway_.can_tick(now_ms_)) {
            checker_.on_frame_set(*frames, gateway_.output(), now_ms_);
            if (const auto limits = limits_of(*frames)) {
                sets_.emplace_back(now_ms_, *limits);
            }
            if (after_set) {
                after_set(now_ms_);
            }
        }
        if (const topband::EncodedFrame* request = gateway_.poll(now_ms_)) {
            send(*request);
        }
    }
}

}  // namespace tbg::faults
