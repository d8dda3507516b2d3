#include "tests/unit/faults/invariant_checker.h"

#include <algorithm>

#include "core/can/encoders.h"

namespace tbg::faults {

std::optional<SentLimits> limits_of(const can::FrameSet& frames) {
    const can::CanFrame* frame = frames.find(can::ids::kLimits);
    if (frame == nullptr || frame->dlc < 6) {
        return std::nullopt;
    }
    const auto u16 = [&](std::size_t at) {
        return static_cast<std::uint16_t>(frame->data[at] | (frame->data[at + 1] << 8));
    };
    return SentLimits{u16(0), static_cast<std::int16_t>(u16(2)), static_cast<std::int16_t>(u16(4))};
}

void InvariantChecker::on_accepted(std::uint8_t adr, const topband::AnalogValues& values, std::uint64_t now_ms) {
    accepted_.at(adr) = Accepted{values, now_ms};
}

bool InvariantChecker::fresh(const Accepted& accepted, std::uint64_t now_ms) const {
    const auto max_age_ms = static_cast<std::uint64_t>(settings_.bank.analog_max_age_s) * 1000;
    return now_ms - accepted.at_ms <= max_age_ms;
}

void InvariantChecker::add_violation(std::uint64_t now_ms, const std::string& what) {
    if (violations_.size() < 50) {  // enough to diagnose; a broken rule would otherwise fill the log
        violations_.push_back("t=" + std::to_string(now_ms) + " ms: " + what);
    }
}

void InvariantChecker::on_frame_set(const can::FrameSet& frames, const control::ControlOutput& output,
                                    std::uint64_t now_ms) {
    ++sets_checked_;
    const control::ControlConfig& c = settings_.control;
    const std::optional<SentLimits> sent = limits_of(frames);
    if (!sent) {
        add_violation(now_ms, "frame set without 0x351");
        return;
    }
    if (previous_ && now_ms - previous_ms_ != settings_.can_interval_ms) {
        add_violation(now_ms, "cadence: " + std::to_string(now_ms - previous_ms_) + " ms since the previous set");
    }
    if (sent->cvl_dV <= 0 || sent->cvl_dV > c.cvl_max_dV) {
        add_violation(now_ms, "CVL " + std::to_string(sent->cvl_dV) + " dV outside 0 < CVL <= cvl_max_dV");
    }
    std::int64_t fresh_packs = 0;
    bool charge_cut = false;
    bool discharge_cut = false;
    for (const std::optional<Accepted>& accepted : accepted_) {
        if (!accepted || !fresh(*accepted, now_ms)) {
            continue;
        }
        ++fresh_packs;
        const topband::AnalogValues& v = accepted->values;
        for (std::size_t cell = 0; cell < v.cell_count; ++cell) {
            charge_cut = charge_cut || v.cell_mV[cell] >= c.cell_charge_cut_mV;
            discharge_cut = discharge_cut || v.cell_mV[cell] <= c.cell_discharge_cut_mV;
        }
    }
    if (sent->ccl_dA < 0 || sent->ccl_dA > fresh_packs * c.pack_charge_current_dA) {
        add_violation(now_ms, "CCL " + std::to_string(sent->ccl_dA) + " dA with " + std::to_string(fresh_packs) +
                                  " packs of fresh accepted data");
    }
    if (sent->dcl_dA < 0 || sent->dcl_dA > fresh_packs * c.pack_discharge_current_dA) {
        add_violation(now_ms, "DCL " + std::to_string(sent->dcl_dA) + " dA with " + std::to_string(fresh_packs) +
                                  " packs of fresh accepted data");
    }
    if (charge_cut && sent->ccl_dA != 0) {
        add_violation(now_ms, "a fresh cell at or above cell_charge_cut_mV but CCL " + std::to_string(sent->ccl_dA));
    }
    if (discharge_cut && sent->dcl_dA != 0) {
        add_violation(now_ms, "a fresh cell at or below cell_discharge_cut_mV but DCL " + std::to_string(sent->dcl_dA));
    }
    if (output.failsafe && (sent->ccl_dA != 0 || sent->dcl_dA != 0)) {
        add_violation(now_ms, "failsafe with CCL/DCL above 0");
    }
    if (previous_) {
        const auto allowance = [elapsed_ms = now_ms - previous_ms_](std::int32_t rate) {
            return static_cast<std::int64_t>(rate) * static_cast<std::int64_t>(elapsed_ms) / 1000 + 1;
        };
        if (sent->ccl_dA > previous_->ccl_dA + allowance(c.ccl_ramp_per_s_dA)) {
            add_violation(now_ms, "CCL rose faster than its ramp");
        }
        if (sent->dcl_dA > previous_->dcl_dA + allowance(c.dcl_ramp_per_s_dA)) {
            add_violation(now_ms, "DCL rose faster than its ramp");
        }
        if (sent->cvl_dV > previous_->cvl_dV + allowance(c.cvl_ramp_per_s_dV)) {
            add_violation(now_ms, "CVL rose faster than its ramp");
        }
    }
    if (sent->ccl_dA == 0) {
        ++sets_zero_ccl_;
    }
    previous_ = sent;
    previous_ms_ = now_ms;
}

}  // namespace tbg::faults
