#include "core/control/current_limits.h"

#include <algorithm>
#include <array>

#include "core/control/control_output.h"
#include "core/control/taper.h"

namespace tbg::control {

namespace {

// Σ caps over online packs that have sent a 0x44 reply and do not block the direction, with words for it. A pack
// without any 0x44 reply yet may be blocking (a tripped protection, a MOSFET off): it gets no share until it answers.
void base_current(CurrentTarget& out, const bank::BankSnapshot& bank,
                  const std::array<std::int32_t, bank::kMaxPacks>& caps, bool charge) {
    std::int64_t sum = 0;
    std::int32_t count = 0;
    std::int32_t first_cap = 0;
    bool uniform = true;
    const bank::PackSummary* blocking = nullptr;
    const bank::PackSummary* unseen = nullptr;
    for (const bank::PackSummary& pack : bank.packs) {
        if (!pack.online) {
            continue;
        }
        if (!pack.alarm_seen) {
            if (unseen == nullptr) {
                unseen = &pack;
            }
            continue;
        }
        if (charge ? pack.blocking.charge : pack.blocking.discharge) {
            if (blocking == nullptr) {
                blocking = &pack;
            }
            continue;
        }
        const std::int32_t cap = caps[pack.address];
        if (count == 0) {
            first_cap = cap;
        } else if (cap != first_cap) {
            uniform = false;
        }
        sum += cap;
        ++count;
    }
    out.base_dA = static_cast<std::int32_t>(std::min<std::int64_t>(sum, kMaxCurrentDa));
    if (uniform) {
        out.reason.integer(count).add(count == 1 ? " pack × " : " packs × ").amps_dA(first_cap);
    } else {
        out.reason.add("sum of ").integer(count).add(" pack limits");
    }
    if (blocking != nullptr) {
        const std::uint8_t bit = charge ? blocking->blocking.charge_bit : blocking->blocking.discharge_bit;
        out.reason.add("; pack ").integer(blocking->address).add(charge ? " blocks charge (" : " blocks discharge (");
        out.reason.add(bank::blocking_cause(bit)).add(")");
    }
    if (unseen != nullptr) {
        out.reason.add("; pack ").integer(unseen->address).add(" has sent no status (0x44) yet");
    }
}

struct Factor {
    std::int32_t permille = kFullPermille;
    ReasonText reason;
};

// Keeps the smaller factor (the first one on a tie).
void take(Factor& best, std::int32_t permille, const ReasonText& reason) {
    if (permille < best.permille) {
        best.permille = permille;
        best.reason = reason;
    }
}

ReasonText cell_words(const bank::CellExtreme& cell) {
    ReasonText r;
    r.add("pack ").integer(cell.pack).add(" cell ").integer(cell.cell).add(" at ").cell_volts_mV(cell.voltage_mV);
    return r;
}

ReasonText temperature_words(const bank::TemperatureExtreme& t, std::string_view what) {
    ReasonText r;
    r.add("pack ").integer(t.pack).add(" sensor ").integer(t.sensor).add(" at ").celsius_dC(t.temp_dC).add(what);
    return r;
}

void finish(CurrentTarget& out, const Factor& factor) {
    out.permille = factor.permille;
    out.target_dA = std::clamp(scale_permille(out.base_dA, factor.permille), 0, kMaxCurrentDa);
    if (factor.permille < kFullPermille) {
        out.reason = factor.reason;
    }
}

}  // namespace

CurrentTarget charge_current_target(const bank::BankSnapshot& bank, const ControlConfig& c, const EffectiveLimits& e) {
    CurrentTarget out;
    base_current(out, bank, e.charge_cap_dA, true);
    Factor f;
    take(f,
         rising_taper_permille(bank.max_cell.voltage_mV, e.ccl_taper_start_mV, e.ccl_taper_end_mV, e.cell_charge_cut_mV,
                               c.ccl_taper_end_pct * 10),
         cell_words(bank.max_cell));
    if (bank.temp_valid) {
        const std::int32_t min_permille = c.temp_derate_min_pct * 10;
        take(f,
             cold_derate_permille(bank.min_temp.temp_dC, e.charge_temp_min_dC, c.charge_cold_derate_band_dC,
                                  min_permille),
             temperature_words(bank.min_temp, ", cold derating"));
        take(
            f,
            hot_derate_permille(bank.max_temp.temp_dC, e.charge_temp_max_dC, c.charge_hot_derate_band_dC, min_permille),
            temperature_words(bank.max_temp, ", hot derating"));
    }
    if (bank.soc_valid && c.soc_taper_start_centipct < 10000) {
        ReasonText r;
        r.add("SOC ").percent_centipct(bank.soc_centipct);
        take(
            f,
            hot_derate_permille(bank.soc_centipct, 10000, 10000 - c.soc_taper_start_centipct, c.soc_taper_end_pct * 10),
            r);
    }
    finish(out, f);
    return out;
}

CurrentTarget discharge_current_target(const bank::BankSnapshot& bank, const ControlConfig& c,
                                       const EffectiveLimits& e) {
    CurrentTarget out;
    base_current(out, bank, e.discharge_cap_dA, false);
    Factor f;
    take(f,
         falling_taper_permille(bank.min_cell.voltage_mV, e.dcl_taper_start_mV, e.dcl_taper_end_mV,
                                e.cell_discharge_cut_mV, c.dcl_taper_end_pct * 10),
         cell_words(bank.min_cell));
    if (bank.temp_valid) {
        const std::int32_t min_permille = c.temp_derate_min_pct * 10;
        take(f,
             cold_derate_permille(bank.min_temp.temp_dC, e.discharge_temp_min_dC, c.discharge_cold_derate_band_dC,
                                  min_permille),
             temperature_words(bank.min_temp, ", cold derating"));
        take(f,
             hot_derate_permille(bank.max_temp.temp_dC, e.discharge_temp_max_dC, c.discharge_hot_derate_band_dC,
                                 min_permille),
             temperature_words(bank.max_temp, ", hot derating"));
    }
    finish(out, f);
    return out;
}

}  // namespace tbg::control
