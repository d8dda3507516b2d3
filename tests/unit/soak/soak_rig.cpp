#include "tests/unit/soak/soak_rig.h"

#include <algorithm>

#include "core/can/encoders.h"

namespace tbg::soak {

namespace {

constexpr std::uint32_t kBaud = 9600;
constexpr std::uint32_t kTurnaroundMs = 20;
constexpr std::uint64_t kBurstMaxMs = 30'000;

std::uint64_t wire_ms(std::size_t chars) {
    return (chars * 10'000 + kBaud - 1) / kBaud;
}

std::uint16_t u16_at(const can::CanFrame& frame, std::size_t at) {
    return static_cast<std::uint16_t>(frame.data[at] | (frame.data[at + 1] << 8));
}

// The most a ramped limit may rise between two controller updates elapsed_ms apart (core/control/ramp.h).
std::int64_t ramp_allowance(std::int32_t rate_per_s, std::uint64_t elapsed_ms) {
    return static_cast<std::int64_t>(static_cast<std::uint64_t>(rate_per_s) * elapsed_ms / 1000) + 1;
}

}  // namespace

app::GatewaySettings soak_settings(int packs) {
    app::GatewaySettings settings;
    settings.poll.addresses = {};
    for (int adr = 0; adr <= packs && adr < static_cast<int>(app::kMaxPacks); ++adr) {
        settings.poll.addresses[static_cast<std::size_t>(adr)] = true;  // the packs and one empty address
    }
    settings.poll.alarm_interval_ms = 60'000;          // 0x44 once per coarse step, not 12 times
    settings.poll.absent_probe_interval_ms = 600'000;  // the empty address every 10 minutes
    settings.bank.analog_max_age_s = 300;
    settings.bank.alarm_max_age_s = 300;
    settings.bank.energy_max_gap_s = 300;
    settings.control.comm_loss_timeout_s = 300;  // else every coarse tick, up to 120 s after a burst, is failsafe
    return settings;
}

SoakRig::SoakRig(const SoakOptions& options)
    : options_(options),
      settings_(soak_settings(options.packs)),
      gateway_(settings_, options.start_mono_ms),
      packs_(options.packs),
      now_ms_(options.start_mono_ms) {}

std::int64_t SoakRig::unix_s(std::uint64_t mono_ms) const {
    return options_.start_unix_s + static_cast<std::int64_t>((mono_ms - options_.start_mono_ms) / 1000);
}

void SoakRig::violation(std::string text) {
    ++violation_count_;
    if (violations_.size() < 50) {
        violations_.push_back(std::move(text));
    }
}

void SoakRig::run_dense(std::uint64_t end_ms) {
    events(end_ms, true, std::nullopt);
}

void SoakRig::run_coarse(std::uint64_t end_ms) {
    while (now_ms_ < end_ms) {
        const std::uint64_t step_start = now_ms_;
        const std::uint64_t step_end = std::min<std::uint64_t>(step_start + options_.coarse_step_ms, end_ms);
        events(step_end, false, std::min(step_end, step_start + kBurstMaxMs));
        // The bus stays quiet until the step's end; a late tick every coarse_tick_ms skips the deadlines between.
        for (std::uint64_t tick = step_start + options_.coarse_tick_ms; tick < step_end + options_.coarse_tick_ms;
             tick += options_.coarse_tick_ms) {
            now_ms_ = std::max(now_ms_, std::min(tick, step_end));
            coarse_tick();
        }
        ++coarse_steps_;
    }
}

void SoakRig::coarse_tick() {
    const std::optional<std::uint64_t> due = gateway_.next_can_ms();
    if (!due || *due > now_ms_) {
        return;
    }
    const app::CanCounters before = gateway_.can_counters();
    const can::FrameSet* set = gateway_.can_tick(now_ms_);
    const std::uint64_t skipped = (now_ms_ - *due) / settings_.can_interval_ms;
    if (gateway_.can_counters().missed_ticks - before.missed_ticks != skipped) {
        violation("coarse tick at " + std::to_string(now_ms_) + ": missed_ticks grew by " +
                  std::to_string(gateway_.can_counters().missed_ticks - before.missed_ticks) + ", expected " +
                  std::to_string(skipped));
    }
    on_tick(now_ms_, set, false);
}

void SoakRig::events(std::uint64_t end_ms, bool dense, std::optional<std::uint64_t> burst_until_ms) {
    std::array<std::uint64_t, kSoakMaxPacks> analog_at_start{};
    for (std::uint8_t adr = 0; adr < static_cast<std::uint8_t>(packs_.packs()); ++adr) {
        analog_at_start[adr] = packs_.analog_replies(adr);
    }
    const auto burst_done = [&] {
        for (std::uint8_t adr = 0; adr < static_cast<std::uint8_t>(packs_.packs()); ++adr) {
            if (packs_.answering(adr) && packs_.analog_replies(adr) == analog_at_start[adr]) {
                return false;
            }
        }
        return true;
    };
    const auto local_of = [this](std::uint64_t mono_ms) { return local(mono_ms); };
    while (true) {
        std::uint64_t next = gateway_.next_wakeup_ms();
        if (!replies_.empty()) {
            next = std::min(next, replies_.front().first);
        }
        next = std::max(next, now_ms_);
        if (next > end_ms) {
            now_ms_ = std::max(now_ms_, end_ms);
            return;
        }
        now_ms_ = next;
        if (!replies_.empty() && replies_.front().first <= now_ms_) {
            const std::string reply = std::move(replies_.front().second);
            replies_.pop_front();
            const auto bytes = std::span(reinterpret_cast<const std::uint8_t*>(reply.data()), reply.size());
            frames_.on_serial_rx(bytes, now_ms_);
            gateway_.on_serial_bytes(bytes, now_ms_);
        }
        const std::optional<std::uint64_t> due = gateway_.next_can_ms();
        const app::CanCounters before = gateway_.can_counters();
        const can::FrameSet* set = gateway_.can_tick(now_ms_);
        const app::CanCounters& after = gateway_.can_counters();
        if (after.sets_encoded + after.sets_silenced != before.sets_encoded + before.sets_silenced) {
            if (dense && (now_ms_ != *due || after.missed_ticks != before.missed_ticks)) {
                violation("dense tick at " + std::to_string(now_ms_) + " for the deadline " + std::to_string(*due));
            }
            on_tick(now_ms_, set, dense);
        }
        if (burst_until_ms && replies_.empty() && (burst_done() || now_ms_ >= *burst_until_ms)) {
            return;  // before the next request: nothing is in flight during the quiet part of the step
        }
        if (const topband::EncodedFrame* request = gateway_.poll(now_ms_)) {
            ++transactions_;
            frames_.on_serial_tx(request->bytes(), now_ms_);
            const std::uint64_t reply_at = now_ms_ + wire_ms(request->size) + kTurnaroundMs;
            packs_.advance(reply_at, local_of);
            if (const std::optional<std::string_view> reply = packs_.reply(request->view())) {
                replies_.emplace_back(reply_at + wire_ms(reply->size()), std::string(*reply));
            }
        }
    }
}

void SoakRig::on_tick(std::uint64_t now_ms, const can::FrameSet* set, bool dense) {
    ++ticks_;
    dense_ticks_ += dense ? 1 : 0;
    const app::CanCounters& counters = gateway_.can_counters();
    if (!first_can_ms_) {
        first_can_ms_ = now_ms;
    }
    // The deadline grid: every deadline since the first is a set, a silenced set or a counted miss.
    const std::uint64_t next = *gateway_.next_can_ms();
    const std::uint64_t interval = settings_.can_interval_ms;
    const std::uint64_t deadlines =
        std::uint64_t{counters.sets_encoded} + counters.sets_silenced + counters.missed_ticks;
    if ((next - *first_can_ms_) % interval != 0 || (next - *first_can_ms_) / interval != deadlines) {
        violation("deadline grid broken at " + std::to_string(now_ms) + ": next " + std::to_string(next));
    }
    if (next <= now_ms || next > now_ms + interval) {
        violation("next deadline " + std::to_string(next) + " not within one interval of " + std::to_string(now_ms));
    }

    const control::ControlOutput& out = gateway_.output();
    const control::ControlConfig& config = settings_.control;
    const bank::BankSnapshot& snapshot = gateway_.snapshot();
    const std::string at = " at " + std::to_string(now_ms);
    if (out.cvl_dV <= 0 || out.cvl_dV > config.cvl_max_dV) {
        violation("CVL " + std::to_string(out.cvl_dV) + " dV outside (0, cvl_max]" + at);
    }
    const std::int64_t online = snapshot.modules_online;
    if (out.ccl_dA < 0 || out.ccl_dA > online * config.pack_charge_current_dA) {
        violation("CCL " + std::to_string(out.ccl_dA) + " dA above " + std::to_string(online) + " packs' cap" + at);
    }
    if (out.dcl_dA < 0 || out.dcl_dA > online * config.pack_discharge_current_dA) {
        violation("DCL " + std::to_string(out.dcl_dA) + " dA above " + std::to_string(online) + " packs' cap" + at);
    }
    if ((online == 0 || out.failsafe) && (out.ccl_dA != 0 || out.dcl_dA != 0)) {
        violation("no data / failsafe but CCL " + std::to_string(out.ccl_dA) + " DCL " + std::to_string(out.dcl_dA) +
                  at);
    }
    failsafe_ticks_ += out.failsafe ? 1 : 0;
    if (last_output_) {
        const auto& [last_ms, last] = *last_output_;
        const std::uint64_t elapsed = now_ms - last_ms;
        if (out.ccl_dA - last.ccl_dA > ramp_allowance(config.ccl_ramp_per_s_dA, elapsed) ||
            out.dcl_dA - last.dcl_dA > ramp_allowance(config.dcl_ramp_per_s_dA, elapsed) ||
            out.cvl_dV - last.cvl_dV > ramp_allowance(config.cvl_ramp_per_s_dV, elapsed)) {
            violation("a limit rose faster than its ramp" + at + " (CCL " + std::to_string(last.ccl_dA) + " -> " +
                      std::to_string(out.ccl_dA) + ", DCL " + std::to_string(last.dcl_dA) + " -> " +
                      std::to_string(out.dcl_dA) + ", CVL " + std::to_string(last.cvl_dV) + " -> " +
                      std::to_string(out.cvl_dV) + " in " + std::to_string(elapsed) + " ms)");
        }
    }
    last_output_.emplace(now_ms, out);

    if (set != nullptr) {
        // What the GX reads must be what the controller decided.
        const can::CanFrame* limits = set->find(can::ids::kLimits);
        const can::CanFrame* modules = set->find(can::ids::kModules);
        if (limits == nullptr || modules == nullptr || u16_at(*limits, 0) != out.cvl_dV ||
            static_cast<std::int16_t>(u16_at(*limits, 2)) != out.ccl_dA ||
            static_cast<std::int16_t>(u16_at(*limits, 4)) != out.dcl_dA || u16_at(*modules, 0) != online) {
            violation("0x351/0x372 do not carry the controller's output" + at);
        }
        for (const can::CanFrame& frame : *set) {
            frames_.on_can(frame, api::FrameDirection::kTx, now_ms);
        }
    } else if (out.transmit) {
        violation("a tick without frames although the controller transmits" + at);
    }
    after_tick(now_ms);
}

void SoakRig::after_tick(std::uint64_t now_ms) {
    ++after_ticks_;
    const std::int64_t wall = unix_s(now_ms);
    const LocalTime local_time = berlin_local(wall);
    history_.add(gateway_.snapshot(), now_ms, wall);
    const bank::EnergyCounter& energy = gateway_.bank().energy();
    if (energy.charged_mWh() < last_charged_mWh_ || energy.discharged_mWh() < last_discharged_mWh_) {
        violation("an energy counter went backwards at " + std::to_string(now_ms));
    }
    last_charged_mWh_ = energy.charged_mWh();
    last_discharged_mWh_ = energy.discharged_mWh();
    ledger_.update(energy.charged_mWh(), energy.discharged_mWh(), local_time.date);
    DateSpan& span = dates_[local_time.date];
    if (span.updates == 0) {
        span.first_ms = now_ms;
    }
    span.last_ms = now_ms;
    ++span.updates;
}

}  // namespace tbg::soak
