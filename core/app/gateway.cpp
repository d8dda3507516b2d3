#include "core/app/gateway.h"

#include <algorithm>

#include "core/topband/decoders.h"

namespace tbg::app {

namespace {

using topband::Command;

// Bytes a reply may carry beyond its known layout (spec: tolerate trailing bytes). More than this means the INFO
// belongs to another command, e.g. a late reply to an earlier request: it is rejected, not misread.
constexpr std::size_t kMaxTrailingBytes = 4;

// A 0x42 reply can only describe a working pack when every cell reads 0.5…5.0 V and the pack voltage, when sent,
// is within 5 % (at least 1 V) of the cell sum. Anything else is INFO of another command read as 0x42 (a late reply
// to an earlier request) or a damaged reply that passed the checksum: rejected and counted, never stored.
bool plausible_analog(const topband::AnalogValues& values) {
    std::uint32_t sum_mV = 0;
    for (std::size_t i = 0; i < values.cell_count; ++i) {
        if (values.cell_mV[i] < 500 || values.cell_mV[i] > 5000) {
            return false;
        }
        sum_mV += values.cell_mV[i];
    }
    if (values.pack_voltage_10mV) {
        const std::int64_t pack_mV = std::int64_t{*values.pack_voltage_10mV} * 10;
        const std::int64_t tolerance_mV = std::max<std::int64_t>(1000, sum_mV / 20);
        if (pack_mV < std::int64_t{sum_mV} - tolerance_mV || pack_mV > std::int64_t{sum_mV} + tolerance_mV) {
            return false;
        }
    }
    return true;
}

}  // namespace

Gateway::Gateway(const GatewaySettings& settings, std::uint64_t now_ms)
    : settings_(settings), scheduler_(settings.poll), bank_(settings.bank), controller_(settings.control) {
    scheduler_.rescan(now_ms);
}

void Gateway::apply(const GatewaySettings& settings) {
    const bool poll_changed = settings.poll.addresses != settings_.poll.addresses;
    settings_ = settings;
    bank_.set_config(settings.bank);
    controller_.set_config(settings.control);
    scheduler_.set_config(settings.poll);
    if (poll_changed) {
        scheduler_.rescan(scheduler_.next_wakeup_ms());
    }
}

void Gateway::on_serial_bytes(std::span<const std::uint8_t> bytes, std::uint64_t now_ms) {
    for (const std::uint8_t byte : bytes) {
        if (const auto reply = scheduler_.on_byte(byte, now_ms)) {
            handle_reply(*reply, now_ms);
        }
    }
}

void Gateway::on_serial_reset(std::uint64_t now_ms) {
    scheduler_.rescan(now_ms);
}

void Gateway::handle_reply(const Reply& reply, std::uint64_t now_ms) {
    if (reply.frame.cid2 != static_cast<std::uint8_t>(topband::Rtn::kNormal)) {
        return;  // the pack refused the command; counted by the scheduler
    }
    bank::PackState& pack = bank_.pack(reply.adr);
    if (reply.command == static_cast<std::uint8_t>(Command::kManufacturerInfo)) {
        topband::ManufacturerInfo info;
        topband::decode_manufacturer_info(reply.frame.info, info);
        pack.update_info(info, now_ms);
        return;
    }
    topband::InfoBytes bytes;
    if (topband::decode_info_hex(reply.frame.info, bytes) != topband::FrameStatus::kOk) {
        ++decode_errors_[reply.adr];
        return;
    }
    bool stored = false;
    switch (static_cast<Command>(reply.command)) {
        case Command::kAnalog: {
            topband::AnalogValues values;
            stored = topband::decode_analog(bytes.bytes(), values) == topband::DecodeError::kNone &&
                     values.trailing_bytes <= kMaxTrailingBytes && plausible_analog(values) &&
                     pack.update_analog(values, now_ms);
            if (stored && !can_started_) {
                can_started_ = true;
                next_can_ms_ = now_ms;  // first frame set at once, cadence from here
            }
            break;
        }
        case Command::kAlarm: {
            topband::AlarmInfo alarm;
            stored = topband::decode_alarm(bytes.bytes(), alarm) == topband::DecodeError::kNone &&
                     alarm.trailing_bytes <= kMaxTrailingBytes && pack.update_alarm(alarm, now_ms);
            break;
        }
        case Command::kSystemParameters: {
            topband::SystemParameters parameters;
            stored = topband::decode_system_parameters(bytes.bytes(), parameters) == topband::DecodeError::kNone &&
                     parameters.trailing_bytes <= kMaxTrailingBytes;
            if (stored) {
                pack.update_parameters(parameters, now_ms);
            }
            break;
        }
        default:
            stored = true;  // nothing to store for other commands
            break;
    }
    if (!stored) {
        ++decode_errors_[reply.adr];
    }
}

const can::FrameSet* Gateway::can_tick(std::uint64_t now_ms) {
    if (!can_started_ || now_ms < next_can_ms_) {
        return nullptr;
    }
    next_can_ms_ += settings_.can_interval_ms;
    while (next_can_ms_ <= now_ms) {  // a late tick skips the deadlines it missed instead of bursting
        next_can_ms_ += settings_.can_interval_ms;
        ++can_counters_.missed_ticks;
    }
    for (std::uint8_t adr = 0; adr < kMaxPacks; ++adr) {
        bank_.pack(adr).set_link_lost(scheduler_.presence(adr) == Presence::kOffline);
    }
    const bank::BankSnapshot& snapshot = bank_.update(now_ms);
    const control::ControlOutput& output = controller_.update(snapshot, now_ms);
    const Identity identity{settings_.manufacturer, settings_.bms_name};
    can::encode(settings_.protocol, make_bms_inputs(snapshot, output, identity), frames_);
    if (!output.transmit) {
        ++can_counters_.sets_silenced;
        return nullptr;
    }
    ++can_counters_.sets_encoded;
    return &frames_;
}

void Gateway::on_can_frame(const can::CanFrame& frame, std::uint64_t now_ms) {
    if (frame.id == 0x305) {
        ++can_counters_.gx_keepalive;
        can_counters_.last_gx_ms = now_ms;
    } else if (frame.id == 0x307) {
        ++can_counters_.gx_identity;
        can_counters_.last_gx_ms = now_ms;
    } else {
        ++can_counters_.other_received;
    }
}

void Gateway::reset_counters() {
    scheduler_.reset_counters();
    decode_errors_.fill(0);
    const std::optional<std::uint64_t> last_gx_ms = can_counters_.last_gx_ms;
    can_counters_ = CanCounters{};
    can_counters_.last_gx_ms = last_gx_ms;
}

std::uint64_t Gateway::next_wakeup_ms() const {
    const std::uint64_t poll_ms = scheduler_.next_wakeup_ms();
    return can_started_ ? std::min(poll_ms, next_can_ms_) : poll_ms;
}

}  // namespace tbg::app
