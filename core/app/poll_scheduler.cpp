#include "core/app/poll_scheduler.h"

#include <algorithm>
#include <limits>

namespace tbg::app {

namespace {

using topband::Command;

constexpr std::uint8_t kProbe = 0;  // cycle entry: one discovery or re-probe transaction, chosen when reached

constexpr std::uint8_t cid(Command command) {
    return static_cast<std::uint8_t>(command);
}

// Expected reply length in characters on the wire, for timeouts. Unknown 0x42 layouts assume 16 cells and
// 8 sensors; the measured size replaces the guess after the first reply.
constexpr std::uint16_t expected_reply_chars(std::uint8_t command, std::uint16_t known_analog_chars) {
    switch (static_cast<Command>(command)) {
        case Command::kAnalog:
            return known_analog_chars != 0 ? known_analog_chars : 18 + 2 * (18 + 2 * 16 + 2 * 8);
        case Command::kAlarm:
            return 18 + 2 * (16 + 8 + 10 + 6);
        case Command::kSystemParameters:
            return 18 + 2 * 24;
        case Command::kManufacturerInfo:
            return 18 + 64;
        default:
            return 18 + 2 * 8;
    }
}

topband::EncodedFrame encode(std::uint8_t adr, std::uint8_t command) {
    topband::EncodedFrame frame;
    topband::encode_request(adr, command, frame);
    return frame;
}

}  // namespace

std::uint32_t PackCounters::errors_total() const {
    std::uint32_t total = 0;
    for (const std::uint32_t count : errors) {
        total += count;
    }
    return total;
}

PollScheduler::PollScheduler(const PollConfig& config) : config_(config) {
    rescan(0);
}

void PollScheduler::rescan(std::uint64_t now_ms) {
    discovery_pending_ = 0;
    for (std::size_t adr = 0; adr < kMaxPacks; ++adr) {
        PackSlot& slot = packs_[adr];
        const PackCounters counters = slot.counters;
        slot = PackSlot{};
        slot.counters = counters;
        slot.counters.consecutive_failures = 0;
        if (config_.addresses[adr] && config_.discovery_attempts > 0) {
            slot.discovery_attempts_left = config_.discovery_attempts;
            ++discovery_pending_;
        } else {
            slot.presence = config_.addresses[adr] ? Presence::kAbsent : Presence::kUnknown;
            slot.next_probe_ms = now_ms + config_.absent_probe_interval_ms;
        }
    }
    cycle_size_ = 0;
    cycle_pos_ = 0;
    next_wakeup_ms_ = now_ms;
}

void PollScheduler::reset_counters() {
    for (auto& slot : packs_) {
        const std::uint32_t failures = slot.counters.consecutive_failures;
        const auto last_seen = slot.counters.last_seen_ms;
        slot.counters = PackCounters{};
        slot.counters.consecutive_failures = failures;
        slot.counters.last_seen_ms = last_seen;
    }
    unsolicited_frames_ = 0;
}

std::size_t PollScheduler::online_count() const {
    return static_cast<std::size_t>(
        std::count_if(packs_.begin(), packs_.end(), [](const PackSlot& s) { return s.presence == Presence::kOnline; }));
}

std::uint32_t PollScheduler::wire_ms(std::size_t chars) const {
    // 10 bits per character (8N1), rounded up.
    const std::uint64_t bits = std::uint64_t{chars} * 10U * 1000U;
    return static_cast<std::uint32_t>((bits + config_.baud - 1) / std::max<std::uint32_t>(config_.baud, 1));
}

std::uint32_t PollScheduler::timeout_ms(std::uint8_t adr, std::uint8_t command) const {
    const std::uint16_t reply_chars = expected_reply_chars(command, packs_[adr % kMaxPacks].last_analog_chars);
    // The reply's own wire time plus the pack's turnaround; the request's wire time is added by the caller.
    const std::uint32_t timeout = wire_ms(reply_chars) + config_.turnaround_allowance_ms;
    return std::clamp(timeout, config_.min_timeout_ms, config_.max_timeout_ms);
}

void PollScheduler::build_cycle(std::uint64_t now_ms) {
    cycle_size_ = 0;
    cycle_pos_ = 0;
    // 0x47 lands somewhere in this cycle and the next chance is a cycle later: schedule it when waiting for the
    // next cycle could overrun its interval. Two cycle lengths of margin cover its position in the cycle.
    const std::uint64_t margin_ms = 2ULL * last_sweep_ms_;
    auto due = [&](const std::optional<std::uint64_t>& last, std::uint32_t interval_ms) {
        return !last || now_ms + margin_ms >= *last + interval_ms;
    };
    for (std::uint8_t adr = 0; adr < kMaxPacks; ++adr) {
        if (packs_[adr].presence == Presence::kOnline) {
            cycle_[cycle_size_++] = {adr, cid(Command::kAnalog)};
        }
    }
    for (std::uint8_t adr = 0; adr < kMaxPacks; ++adr) {
        const PackSlot& slot = packs_[adr];
        if (slot.presence != Presence::kOnline) {
            continue;
        }
        if (due(slot.last_parameters_ms, config_.parameters_interval_ms)) {
            cycle_[cycle_size_++] = {adr, cid(Command::kSystemParameters)};
        }
        if (!slot.info_done) {
            cycle_[cycle_size_++] = {adr, cid(Command::kManufacturerInfo)};
        }
    }
    // One probe per cycle keeps absent addresses from slowing live packs; during discovery four, so a full bank is
    // found in a few cycles (a silent address costs its timeout once per probe).
    const std::size_t probes = discovery_pending_ > 0 ? 4 : 1;
    for (std::size_t i = 0; i < probes; ++i) {
        cycle_[cycle_size_++] = {0, kProbe};
    }
    if (sweep_wire_accum_ms_ > 0) {  // the previous cycle completed transactions: record it
        last_sweep_ms_ = static_cast<std::uint32_t>(now_ms - sweep_start_ms_);
        last_sweep_wire_ms_ = static_cast<std::uint32_t>(sweep_wire_accum_ms_);
        last_sweep_replies_ = sweep_replies_;
    }
    sweep_replies_ = 0;
    sweep_start_ms_ = now_ms;
    sweep_wire_accum_ms_ = 0;
}

std::optional<std::pair<std::uint8_t, std::uint8_t>> PollScheduler::next_transaction(std::uint64_t now_ms) {
    // 0x44 is deadline-driven, earliest deadline first: a pack's alarm poll goes out when waiting behind one more
    // transaction could make it late. This spreads alarm polls over the cycle instead of bunching them.
    // Horizon: two transactions, because at most one alarm poll runs between two analog polls (below).
    const std::uint64_t horizon_ms =
        2 * (std::uint64_t{timeout_ms(0, cid(Command::kAnalog))} + wire_ms(40) + config_.guard_ms);
    std::optional<std::uint8_t> urgent;
    for (std::uint8_t adr = 0; adr < kMaxPacks; ++adr) {
        const PackSlot& slot = packs_[adr];
        if (slot.presence != Presence::kOnline) {
            continue;
        }
        const std::uint64_t last = slot.last_alarm_ms.value_or(0);
        const bool due = !slot.last_alarm_ms || last + config_.alarm_interval_ms <= now_ms + horizon_ms;
        if (due && (!urgent || last < packs_[*urgent].last_alarm_ms.value_or(0))) {
            urgent = adr;
        }
    }
    // At most one alarm poll between two analog polls: on a slow, full bus analog data must not starve (its
    // staleness takes packs offline); the alarm interval then stretches instead.
    if (urgent && alarms_since_analog_ == 0) {
        ++alarms_since_analog_;
        return std::make_pair(*urgent, cid(Command::kAlarm));
    }
    // At most one full pass over a fresh cycle: online tasks, then the probe slot.
    for (int pass = 0; pass < 2; ++pass) {
        if (cycle_pos_ >= cycle_size_) {
            build_cycle(now_ms);
        }
        while (cycle_pos_ < cycle_size_) {
            const auto [adr, command] = cycle_[cycle_pos_++];
            if (command != kProbe) {
                if (packs_[adr].presence == Presence::kOnline) {
                    if (command == cid(Command::kAnalog)) {
                        alarms_since_analog_ = 0;
                    }
                    return std::make_pair(adr, command);
                }
                continue;
            }
            // Discovery first (most attempts left, lowest address), then the most overdue re-probe.
            std::optional<std::uint8_t> best;
            for (std::uint8_t a = 0; a < kMaxPacks; ++a) {
                const PackSlot& slot = packs_[a];
                if (slot.presence == Presence::kUnknown && slot.discovery_attempts_left > 0 &&
                    (!best || slot.discovery_attempts_left > packs_[*best].discovery_attempts_left)) {
                    best = a;
                }
            }
            if (!best) {
                for (std::uint8_t a = 0; a < kMaxPacks; ++a) {
                    const PackSlot& slot = packs_[a];
                    const bool probeable = config_.addresses[a] &&
                                           (slot.presence == Presence::kAbsent || slot.presence == Presence::kOffline);
                    if (probeable && slot.next_probe_ms <= now_ms &&
                        (!best || slot.next_probe_ms < packs_[*best].next_probe_ms)) {
                        best = a;
                    }
                }
            }
            if (best) {
                return std::make_pair(*best, cid(Command::kAnalog));
            }
        }
        if (online_count() == 0) {
            break;  // nothing live and no probe due: wait for the earliest probe
        }
    }
    return std::nullopt;
}

void PollScheduler::update_wakeup(std::uint64_t now_ms) {
    if (outstanding_) {
        next_wakeup_ms_ = outstanding_->deadline_ms;
        return;
    }
    if (now_ms < idle_from_ms_) {
        next_wakeup_ms_ = idle_from_ms_;
        return;
    }
    std::uint64_t earliest = std::numeric_limits<std::uint64_t>::max();
    for (std::size_t a = 0; a < kMaxPacks; ++a) {
        const PackSlot& slot = packs_[a];
        if (config_.addresses[a] && (slot.presence == Presence::kAbsent || slot.presence == Presence::kOffline)) {
            earliest = std::min(earliest, slot.next_probe_ms);
        }
    }
    next_wakeup_ms_ = std::max(earliest, now_ms);
}

const topband::EncodedFrame* PollScheduler::poll(std::uint64_t now_ms) {
    if (outstanding_ && now_ms >= outstanding_->deadline_ms && assembler_.in_frame() && !outstanding_->extended) {
        // A reply is arriving as the timeout expires (a slow pack): let it finish rather than talk over it and take
        // its tail for the answer to the next request.
        outstanding_->extended = true;
        outstanding_->deadline_ms = now_ms + wire_ms(topband::kMaxFrameChars);
    }
    if (outstanding_ && now_ms >= outstanding_->deadline_ms) {
        PackSlot& slot = packs_[outstanding_->adr];
        const topband::AssemblerEvent partial = assembler_.flush();
        if (partial.kind == topband::AssemblerEvent::Kind::kFrame) {
            ++slot.counters.errors[static_cast<std::size_t>(partial.status)];
        } else {
            ++slot.counters.timeouts;
        }
        const bool was_online = slot.presence == Presence::kOnline;
        finish(false, now_ms);
        if (was_online) {
            // A pack that answers normally may only be slow: its late reply must arrive while no request is
            // outstanding (then it is only counted), not be taken for the answer to the next one.
            idle_from_ms_ += config_.turnaround_allowance_ms + wire_ms(expected_reply_chars(cid(Command::kAnalog), 0));
        }
    }
    if (outstanding_ || now_ms < idle_from_ms_) {
        update_wakeup(now_ms);
        return nullptr;
    }
    const auto next = next_transaction(now_ms);
    if (!next) {
        update_wakeup(now_ms);
        return nullptr;
    }
    const auto [adr, command] = *next;
    request_ = encode(adr, command);
    const std::uint64_t wire_done = now_ms + wire_ms(request_.size);
    outstanding_ = Outstanding{adr,
                               command,
                               now_ms,
                               wire_done,
                               wire_done + timeout_ms(adr, command),
                               static_cast<std::uint16_t>(request_.size),
                               false};
    ++packs_[adr].counters.polls;
    PackSlot& slot = packs_[adr];
    if (command == cid(Command::kAlarm)) {
        slot.last_alarm_ms = now_ms;
    } else if (command == cid(Command::kSystemParameters)) {
        slot.last_parameters_ms = now_ms;
    }
    assembler_.reset();
    update_wakeup(now_ms);
    return &request_;
}

std::optional<Reply> PollScheduler::on_byte(std::uint8_t byte, std::uint64_t now_ms) {
    const topband::AssemblerEvent event = assembler_.push(byte);
    if (event.kind != topband::AssemblerEvent::Kind::kFrame) {
        return std::nullopt;
    }
    if (!outstanding_) {
        ++unsolicited_frames_;
        return std::nullopt;
    }
    const Outstanding request = *outstanding_;
    PackSlot& slot = packs_[request.adr];
    if (event.status == topband::FrameStatus::kOk && event.frame.cid2 == request.command &&
        event.frame.adr == request.adr && event.frame.cid1 == topband::kCid1Battery) {
        ++echoes_;  // our own request (adapter echo, or a loop-back): keep waiting for the reply
        return std::nullopt;
    }
    topband::FrameStatus status = event.status;
    if (status == topband::FrameStatus::kOk) {
        status = topband::check_reply(event.frame, topband::ReplyExpectation{request.adr, topband::kVersion});
    }
    if (status != topband::FrameStatus::kOk) {
        ++slot.counters.errors[static_cast<std::size_t>(status)];
    }
    // An RTN error from §4 is still an answer from the right pack: it is present, only the command was refused. An
    // unknown RTN is not an answer.
    const bool known_rtn = status == topband::FrameStatus::kRtnError && topband::rtn_id(event.frame.cid2) != "unknown";
    const bool answered = status == topband::FrameStatus::kOk || known_rtn;
    if (!answered) {
        finish(false, now_ms);
        return std::nullopt;
    }
    const auto response = static_cast<std::uint32_t>(now_ms > request.wire_done_ms ? now_ms - request.wire_done_ms : 0);
    slot.counters.response_time_sum_ms += response;
    slot.counters.response_time_max_ms = std::max(slot.counters.response_time_max_ms, response);
    const std::size_t reply_chars = topband::kFrameOverheadChars + event.frame.lenid;
    if (request.command == cid(Command::kAnalog) && status == topband::FrameStatus::kOk) {
        slot.last_analog_chars = static_cast<std::uint16_t>(reply_chars);
    }
    if (request.command == cid(Command::kManufacturerInfo)) {
        slot.info_done = true;
    }
    sweep_wire_accum_ms_ += wire_ms(request.request_chars + reply_chars);
    ++sweep_replies_;
    finish(true, now_ms);
    return Reply{request.adr, request.command, event.frame, response};
}

void PollScheduler::finish(bool success, std::uint64_t now_ms) {
    PackSlot& slot = packs_[outstanding_->adr];
    if (success) {
        if (slot.presence == Presence::kUnknown && discovery_pending_ > 0) {
            --discovery_pending_;
        }
        slot.presence = Presence::kOnline;
        slot.discovery_attempts_left = 0;
        slot.counters.consecutive_failures = 0;
        slot.counters.last_seen_ms = now_ms;
        ++slot.counters.replies;
    } else {
        mark_failure(slot);
        slot.next_probe_ms = now_ms + (slot.presence == Presence::kOffline ? config_.offline_probe_interval_ms
                                                                           : config_.absent_probe_interval_ms);
    }
    outstanding_.reset();
    idle_from_ms_ = now_ms + config_.guard_ms;
    update_wakeup(now_ms);
}

void PollScheduler::mark_failure(PackSlot& slot) {
    ++slot.counters.consecutive_failures;
    switch (slot.presence) {
        case Presence::kUnknown:
            if (slot.discovery_attempts_left > 0 && --slot.discovery_attempts_left == 0) {
                slot.presence = Presence::kAbsent;
                --discovery_pending_;
            }
            break;
        case Presence::kOnline:
            if (slot.counters.consecutive_failures >= config_.offline_after_failures) {
                slot.presence = Presence::kOffline;
            }
            break;
        case Presence::kAbsent:
        case Presence::kOffline:
            break;
    }
}

}  // namespace tbg::app
