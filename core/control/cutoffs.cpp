#include "core/control/cutoffs.h"

namespace tbg::control {

namespace {

void update_latches(const bank::BankSnapshot& bank, const ControlConfig& c, const EffectiveLimits& e,
                    CutoffLatches& l) {
    l.pack_over_voltage.update_high(bank.max_pack_voltage_10mV, c.hard_pack_voltage_max_dV * 10 + 1,
                                    (c.hard_pack_voltage_max_dV - c.hard_pack_voltage_hysteresis_dV) * 10);
    l.cell_over_voltage.update_high(bank.max_cell.voltage_mV, e.cell_charge_cut_mV,
                                    e.cell_charge_cut_mV - c.cell_charge_cut_hysteresis_mV);
    l.cell_under_voltage.update_low(bank.min_cell.voltage_mV, e.cell_discharge_cut_mV,
                                    e.cell_discharge_cut_mV + c.cell_discharge_cut_hysteresis_mV);
    l.pack_under_voltage.update_low(bank.min_pack_voltage_10mV, e.pack_discharge_cut_10mV - 1,
                                    e.pack_discharge_cut_10mV + c.pack_discharge_cut_hysteresis_dV * 10);
    if (!bank.temp_valid) {
        return;
    }
    l.charge_cold.update_low(bank.min_temp.temp_dC, e.charge_temp_min_dC - 1,
                             e.charge_temp_min_dC + c.charge_temp_hysteresis_dC);
    l.charge_hot.update_high(bank.max_temp.temp_dC, e.charge_temp_max_dC + 1,
                             e.charge_temp_max_dC - c.charge_temp_hysteresis_dC);
    l.discharge_cold.update_low(bank.min_temp.temp_dC, e.discharge_temp_min_dC - 1,
                                e.discharge_temp_min_dC + c.discharge_temp_hysteresis_dC);
    l.discharge_hot.update_high(bank.max_temp.temp_dC, e.discharge_temp_max_dC + 1,
                                e.discharge_temp_max_dC - c.discharge_temp_hysteresis_dC);
}

void bms_source(ReasonText& r, std::uint8_t source) {
    if (source != kConfigured) {
        r.add(" (BMS limit of pack ").integer(source).add(")");
    }
}

void cell_position(ReasonText& r, const bank::CellExtreme& cell) {
    r.add("pack ").integer(cell.pack).add(" cell ").integer(cell.cell).add(" at ").cell_volts_mV(cell.voltage_mV);
}

void sensor_position(ReasonText& r, const bank::TemperatureExtreme& t) {
    r.add("pack ").integer(t.pack).add(" sensor ").integer(t.sensor).add(" at ").celsius_dC(t.temp_dC);
}

// "all 3 online packs block charge (pack 0: charge MOSFET off)"
void all_blocking(ReasonText& r, const bank::BankSnapshot& bank, bool charge) {
    r.add("all ")
        .integer(bank.modules_online)
        .add(bank.modules_online == 1 ? " online pack blocks " : " online packs block ");
    r.add(charge ? "charge" : "discharge");
    for (const bank::PackSummary& pack : bank.packs) {
        if (pack.online) {
            const std::uint8_t bit = charge ? pack.blocking.charge_bit : pack.blocking.discharge_bit;
            r.add(" (pack ").integer(pack.address).add(": ").add(bank::blocking_cause(bit)).add(")");
            break;
        }
    }
}

void charge_reason(Cutoffs& out, const bank::BankSnapshot& bank, const ControlConfig& c, const EffectiveLimits& e,
                   const CutoffLatches& l) {
    ReasonText& r = out.charge_reason;
    if (l.pack_over_voltage.active()) {
        r.add("pack ").integer(bank.max_pack_voltage_address).add(" at ").volts_10mV(bank.max_pack_voltage_10mV);
        r.add(", above ").volts_dV(c.hard_pack_voltage_max_dV).add("; resumes at ");
        r.volts_dV(c.hard_pack_voltage_max_dV - c.hard_pack_voltage_hysteresis_dV);
    } else if (l.charge_cold.active()) {
        sensor_position(r, bank.min_temp);
        r.add(", below ").celsius_dC(e.charge_temp_min_dC).add("; resumes at ");
        r.celsius_dC(e.charge_temp_min_dC + c.charge_temp_hysteresis_dC);
        bms_source(r, e.charge_temp_min_source);
    } else if (l.charge_hot.active()) {
        sensor_position(r, bank.max_temp);
        r.add(", above ").celsius_dC(e.charge_temp_max_dC).add("; resumes at ");
        r.celsius_dC(e.charge_temp_max_dC - c.charge_temp_hysteresis_dC);
        bms_source(r, e.charge_temp_max_source);
    } else if (l.cell_over_voltage.active()) {
        cell_position(r, bank.max_cell);
        r.add(", cut-off ").cell_volts_mV(e.cell_charge_cut_mV).add("; resumes at ");
        r.cell_volts_mV(e.cell_charge_cut_mV - c.cell_charge_cut_hysteresis_mV);
        bms_source(r, e.cell_charge_cut_source);
    } else if (bank.packs_without_cell_temp > 0) {
        for (const bank::PackSummary& pack : bank.packs) {
            if (pack.online && pack.cell_temp_count == 0) {
                r.add("pack ").integer(pack.address).add(" reports no cell temperature");
                break;
            }
        }
    } else if (bank.modules_blocking_charge >= bank.modules_online) {
        all_blocking(r, bank, true);
    }
}

void discharge_reason(Cutoffs& out, const bank::BankSnapshot& bank, const ControlConfig& c, const EffectiveLimits& e,
                      const CutoffLatches& l) {
    ReasonText& r = out.discharge_reason;
    if (l.cell_under_voltage.active()) {
        cell_position(r, bank.min_cell);
        r.add(", cut-off ").cell_volts_mV(e.cell_discharge_cut_mV).add("; resumes at ");
        r.cell_volts_mV(e.cell_discharge_cut_mV + c.cell_discharge_cut_hysteresis_mV);
        bms_source(r, e.cell_discharge_cut_source);
    } else if (l.pack_under_voltage.active()) {
        r.add("pack ").integer(bank.min_pack_voltage_address).add(" at ").volts_10mV(bank.min_pack_voltage_10mV);
        r.add(", below ").volts_10mV(e.pack_discharge_cut_10mV).add("; resumes at ");
        r.volts_10mV(e.pack_discharge_cut_10mV + c.pack_discharge_cut_hysteresis_dV * 10);
        bms_source(r, e.pack_discharge_cut_source);
    } else if (l.discharge_cold.active()) {
        sensor_position(r, bank.min_temp);
        r.add(", below ").celsius_dC(e.discharge_temp_min_dC).add("; resumes at ");
        r.celsius_dC(e.discharge_temp_min_dC + c.discharge_temp_hysteresis_dC);
        bms_source(r, e.discharge_temp_min_source);
    } else if (l.discharge_hot.active()) {
        sensor_position(r, bank.max_temp);
        r.add(", above ").celsius_dC(e.discharge_temp_max_dC).add("; resumes at ");
        r.celsius_dC(e.discharge_temp_max_dC - c.discharge_temp_hysteresis_dC);
        bms_source(r, e.discharge_temp_max_source);
    } else if (bank.modules_blocking_discharge >= bank.modules_online) {
        all_blocking(r, bank, false);
    }
}

}  // namespace

Cutoffs evaluate_cutoffs(const bank::BankSnapshot& bank, const ControlConfig& config, const EffectiveLimits& limits,
                         CutoffLatches& latches) {
    Cutoffs out;
    if (bank.modules_online == 0) {
        return out;
    }
    update_latches(bank, config, limits, latches);
    const CutoffLatches& l = latches;
    out.hard = l.pack_over_voltage.active() || l.charge_cold.active() || l.charge_hot.active();
    out.charge_stop = out.hard || l.cell_over_voltage.active() || bank.packs_without_cell_temp > 0 ||
                      bank.modules_blocking_charge >= bank.modules_online;
    out.discharge_stop = l.cell_under_voltage.active() || l.pack_under_voltage.active() || l.discharge_cold.active() ||
                         l.discharge_hot.active() || bank.modules_blocking_discharge >= bank.modules_online;
    if (out.charge_stop) {
        charge_reason(out, bank, config, limits, l);
    }
    if (out.discharge_stop) {
        discharge_reason(out, bank, config, limits, l);
    }
    return out;
}

}  // namespace tbg::control
