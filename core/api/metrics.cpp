#include "core/api/metrics.h"

#include <cstdio>
#include <string_view>

#include "core/api/status_json.h"
#include "core/topband/decoders.h"

namespace tbg::api {

namespace {

class Writer {
public:
    // Starts a metric family with its HELP and TYPE lines.
    void family(std::string_view name, std::string_view type, std::string_view help) {
        out_ += "# HELP ";
        out_ += name;
        out_ += ' ';
        out_ += help;
        out_ += "\n# TYPE ";
        out_ += name;
        out_ += ' ';
        out_ += type;
        out_ += '\n';
    }
    // One sample; `labels` is the text inside {…} (already escaped) or empty.
    void sample(std::string_view name, std::string_view labels, double value) {
        out_ += name;
        if (!labels.empty()) {
            out_ += '{';
            out_ += labels;
            out_ += '}';
        }
        char text[40];
        std::snprintf(text, sizeof text, " %.10g\n", value);
        out_ += text;
    }
    // An integer sample (counters), written exactly.
    void count(std::string_view name, std::string_view labels, std::uint64_t value) {
        out_ += name;
        if (!labels.empty()) {
            out_ += '{';
            out_ += labels;
            out_ += '}';
        }
        out_ += ' ';
        out_ += std::to_string(value);
        out_ += '\n';
    }
    void sample(std::string_view name, double value) { sample(name, {}, value); }
    // A gauge family of one unlabelled sample.
    void gauge(std::string_view name, std::string_view help, double value) {
        family(name, "gauge", help);
        sample(name, value);
    }
    void counter(std::string_view name, std::string_view help, std::uint64_t value) {
        family(name, "counter", help);
        count(name, {}, value);
    }
    std::string take() { return std::move(out_); }

private:
    std::string out_;
};

// A label value with \, " and newline escaped.
std::string escape(std::string_view text) {
    std::string out;
    for (const char c : text) {
        if (c == '\\' || c == '"') {
            out += '\\';
            out += c;
        } else if (c == '\n') {
            out += "\\n";
        } else {
            out += c;
        }
    }
    return out;
}

std::string pack_label(std::uint8_t adr) {
    return "pack=\"" + std::to_string(adr) + "\"";
}

double alarm_value(control::AlarmLevel level) {
    switch (level) {
        case control::AlarmLevel::kNotSupported:
            return -1;
        case control::AlarmLevel::kOk:
            return 0;
        case control::AlarmLevel::kWarning:
            return 1;
        case control::AlarmLevel::kAlarm:
            return 2;
    }
    return -1;
}

void bank_metrics(Writer& w, const GatewayView& view) {
    const bank::BankSnapshot& bank = view.bank;
    const bool online = bank.modules_online > 0;
    w.gauge("topband_bank_online", "1 while at least one pack is online", online ? 1 : 0);
    w.family("topband_bank_modules", "gauge", "packs by state");
    w.sample("topband_bank_modules", "state=\"online\"", bank.modules_online);
    w.sample("topband_bank_modules", "state=\"offline\"", bank.modules_offline);
    w.sample("topband_bank_modules", "state=\"blocking_charge\"", bank.modules_blocking_charge);
    w.sample("topband_bank_modules", "state=\"blocking_discharge\"", bank.modules_blocking_discharge);
    if (online) {
        w.gauge("topband_bank_voltage_volts", "mean pack voltage", bank.voltage_10mV / 100.0);
        w.gauge("topband_bank_current_amperes", "bank current, positive = charging", bank.current_10mA / 100.0);
        w.gauge("topband_bank_power_watts", "bank power, positive = charging", bank.power_W);
        w.gauge("topband_bank_cell_voltage_min_volts", "lowest cell", bank.min_cell.voltage_mV / 1000.0);
        w.gauge("topband_bank_cell_voltage_max_volts", "highest cell", bank.max_cell.voltage_mV / 1000.0);
        w.gauge("topband_bank_cell_spread_volts", "highest minus lowest cell", bank.cell_spread_mV / 1000.0);
        w.gauge("topband_bank_capacity_installed_ampere_hours", "sum of full capacities",
                bank.installed_capacity_10mAh / 100.0);
        w.gauge("topband_bank_capacity_available_ampere_hours", "sum of remaining capacities",
                bank.available_capacity_10mAh / 100.0);
        if (bank.soc_valid) {
            w.gauge("topband_bank_soc_ratio", "state of charge", bank.soc_centipct / 10000.0);
        }
        if (bank.soh_valid) {
            w.gauge("topband_bank_soh_ratio", "state of health", bank.soh_pct / 100.0);
        }
        if (bank.temp_valid) {
            w.gauge("topband_bank_temperature_min_celsius", "coldest cell sensor", bank.min_temp.temp_dC / 10.0);
            w.gauge("topband_bank_temperature_max_celsius", "warmest cell sensor", bank.max_temp.temp_dC / 10.0);
        }
    }
    w.counter("topband_bank_energy_charged_watt_hours_total", "energy into the bank", bank.charged_Wh);
    w.counter("topband_bank_energy_discharged_watt_hours_total", "energy out of the bank", bank.discharged_Wh);
}

void control_metrics(Writer& w, const GatewayView& view) {
    const control::ControlOutput& out = view.output;
    w.gauge("topband_limit_charge_voltage_volts", "CVL sent to the inverter", out.cvl_dV / 10.0);
    w.gauge("topband_limit_charge_current_amperes", "CCL sent to the inverter", out.ccl_dA / 10.0);
    w.gauge("topband_limit_discharge_current_amperes", "DCL sent to the inverter", out.dcl_dA / 10.0);
    w.gauge("topband_limit_discharge_voltage_volts", "DVL sent to the inverter", out.dvl_dV / 10.0);
    w.family("topband_charge_state", "gauge", "1 for the present charge state");
    for (const control::ChargeState state :
         {control::ChargeState::kBulk, control::ChargeState::kAbsorption, control::ChargeState::kFloat,
          control::ChargeState::kBlocked, control::ChargeState::kFailsafe}) {
        w.sample("topband_charge_state", "state=\"" + std::string(control::to_string(state)) + "\"",
                 out.state == state ? 1 : 0);
    }
    w.gauge("topband_failsafe", "1 while in failsafe (no pack data)", out.failsafe ? 1 : 0);
    w.gauge("topband_charge_stopped", "1 while charging is stopped", out.charge_stopped ? 1 : 0);
    w.gauge("topband_discharge_stopped", "1 while discharging is stopped", out.discharge_stopped ? 1 : 0);
    w.family("topband_alarm_level", "gauge", "0x35A condition: -1 not supported, 0 ok, 1 warning, 2 alarm");
    for (std::size_t i = 0; i < control::kAlarmConditionCount; ++i) {
        const auto condition = static_cast<control::AlarmCondition>(i);
        w.sample("topband_alarm_level", "condition=\"" + std::string(control::to_string(condition)) + "\"",
                 alarm_value(out.alarm(condition)));
    }
}

// Each family's samples follow its HELP/TYPE lines directly (families are never interleaved).
void pack_metrics(Writer& w, const GatewayView& view) {
    auto each_pack = [&](auto&& visit) {
        for (std::uint8_t adr = 0; adr < app::kMaxPacks; ++adr) {
            visit(adr, view.bank.packs[adr], pack_label(adr));
        }
    };
    w.family("topband_pack_online", "gauge", "1 while the pack's analog data is fresh");
    each_pack([&](std::uint8_t, const bank::PackSummary& s, const std::string& label) {
        if (s.known) {
            w.sample("topband_pack_online", label, s.online ? 1 : 0);
        }
    });
    w.family("topband_pack_voltage_volts", "gauge", "pack voltage");
    each_pack([&](std::uint8_t, const bank::PackSummary& s, const std::string& label) {
        if (s.online) {
            w.sample("topband_pack_voltage_volts", label, s.voltage_10mV / 100.0);
        }
    });
    w.family("topband_pack_current_amperes", "gauge", "pack current, positive = charging");
    each_pack([&](std::uint8_t, const bank::PackSummary& s, const std::string& label) {
        if (s.online) {
            w.sample("topband_pack_current_amperes", label, s.current_10mA / 100.0);
        }
    });
    w.family("topband_pack_soc_ratio", "gauge", "pack state of charge");
    each_pack([&](std::uint8_t, const bank::PackSummary& s, const std::string& label) {
        if (s.online && s.soc_basis != bank::SocBasis::kNone) {
            w.sample("topband_pack_soc_ratio", label, s.soc_centipct / 10000.0);
        }
    });
    w.family("topband_pack_cell_voltage_volts", "gauge", "cell voltage");
    each_pack([&](std::uint8_t adr, const bank::PackSummary& s, const std::string& label) {
        const topband::AnalogValues& analog = view.packs[adr].analog();
        for (std::size_t i = 0; s.online && i < analog.cell_count && i < topband::kMaxCells; ++i) {
            w.sample("topband_pack_cell_voltage_volts", label + ",cell=\"" + std::to_string(i + 1) + "\"",
                     analog.cell_mV[i] / 1000.0);
        }
    });
    w.family("topband_pack_temperature_celsius", "gauge", "temperature sensor");
    each_pack([&](std::uint8_t adr, const bank::PackSummary& s, const std::string& label) {
        const topband::AnalogValues& analog = view.packs[adr].analog();
        for (std::size_t i = 0; s.online && i < analog.temp_count && i < topband::kMaxTemperatures; ++i) {
            w.sample("topband_pack_temperature_celsius",
                     label + ",sensor=\"" + std::to_string(i + 1) + "\",role=\"" +
                         std::string(topband::to_string(analog.temp_roles.role[i])) + "\"",
                     analog.temperature_dC(i) / 10.0);
        }
    });
    w.family("topband_pack_data_age_seconds", "gauge", "age of the last reply of each data group");
    each_pack([&](std::uint8_t adr, const bank::PackSummary& s, const std::string& label) {
        for (const bank::DataGroup group : {bank::DataGroup::kAnalog, bank::DataGroup::kAlarm,
                                            bank::DataGroup::kParameters, bank::DataGroup::kInfo}) {
            const auto age = view.packs[adr].age_ms(group, view.now_ms);
            if (s.known && age) {
                w.sample("topband_pack_data_age_seconds",
                         label + ",group=\"" + std::string(bank::to_string(group)) + "\"",
                         static_cast<double>(*age) / 1000.0);
            }
        }
    });
    struct CounterFamily {
        std::string_view name;
        std::string_view help;
        std::uint32_t app::PackCounters::*member;
    };
    static constexpr CounterFamily kCounters[] = {
        {"topband_pack_polls_total", "requests sent to the pack", &app::PackCounters::polls},
        {"topband_pack_replies_total", "valid replies", &app::PackCounters::replies},
        {"topband_pack_timeouts_total", "requests without a reply", &app::PackCounters::timeouts},
    };
    for (const CounterFamily& family : kCounters) {
        w.family(family.name, "counter", family.help);
        each_pack([&](std::uint8_t adr, const bank::PackSummary&, const std::string& label) {
            if (view.counters[adr].polls > 0) {
                w.count(family.name, label, view.counters[adr].*family.member);
            }
        });
    }
    w.family("topband_pack_frame_errors_total", "counter", "rejected reply frames by kind");
    each_pack([&](std::uint8_t adr, const bank::PackSummary&, const std::string& label) {
        for (std::size_t kind = 1; view.counters[adr].polls > 0 && kind < topband::kFrameStatusCount; ++kind) {
            w.count(
                "topband_pack_frame_errors_total",
                label + ",kind=\"" + std::string(topband::to_string(static_cast<topband::FrameStatus>(kind))) + "\"",
                view.counters[adr].errors[kind]);
        }
    });
    w.family("topband_pack_decode_errors_total", "counter", "replies whose INFO could not be decoded");
    each_pack([&](std::uint8_t adr, const bank::PackSummary&, const std::string& label) {
        if (view.counters[adr].polls > 0) {
            w.count("topband_pack_decode_errors_total", label, view.decode_errors[adr]);
        }
    });
}

void link_metrics(Writer& w, const GatewayView& view, const HttpCounters& http) {
    w.gauge("topband_rs485_open", "1 while the serial device is open", view.links.serial_open ? 1 : 0);
    w.gauge("topband_rs485_last_sweep_seconds", "duration of the last complete poll cycle",
            view.poll.last_sweep_ms / 1000.0);
    w.counter("topband_rs485_unsolicited_frames_total", "frames while no request was outstanding",
              view.poll.unsolicited_frames);
    w.counter("topband_rs485_echoes_total", "echoes of our own requests", view.poll.echoes);
    w.counter("topband_rs485_discarded_bytes_total", "bytes outside any frame", view.poll.discarded_bytes);
    w.counter("topband_rs485_write_errors_total", "failed or short writes", view.links.serial_write_errors);
    w.gauge("topband_loop_timer_lateness_max_seconds", "worst lateness of a timer of the event loop since start",
            static_cast<double>(view.links.loop_max_lateness_ms) / 1000.0);
    w.gauge("topband_can_open", "1 while the CAN interface is open", view.links.can_open ? 1 : 0);
    w.counter("topband_can_sets_sent_total", "frame sets encoded for sending", view.can.sets_encoded);
    w.counter("topband_can_sets_silenced_total", "frame sets withheld in failsafe", view.can.sets_silenced);
    w.counter("topband_can_missed_ticks_total", "CAN deadlines skipped", view.can.missed_ticks);
    w.counter("topband_can_frames_sent_total", "frames written to the interface", view.links.can_frames_sent);
    w.counter("topband_can_write_errors_total", "frames the interface refused", view.links.can_write_errors);
    w.counter("topband_can_gx_keepalive_total", "0x305 frames from the inverter", view.can.gx_keepalive);
    w.gauge("topband_mqtt_connected", "1 while connected to the broker", view.links.mqtt_connected ? 1 : 0);
    w.counter("topband_mqtt_published_total", "messages handed to the broker link", view.links.mqtt_published);
    w.counter("topband_mqtt_dropped_total", "messages dropped from a full queue", view.links.mqtt_dropped);
    w.family("topband_http_responses_total", "counter", "HTTP responses by status class");
    for (std::size_t cls = 1; cls < http.responses_by_class.size(); ++cls) {
        w.count("topband_http_responses_total", "code=\"" + std::to_string(cls) + "xx\"", http.responses_by_class[cls]);
    }
    w.counter("topband_http_login_failures_total", "failed logins", http.login_failures);
    w.gauge("topband_http_websocket_clients", "connected WebSocket clients",
            static_cast<double>(http.websocket_clients));
}

}  // namespace

std::string metrics_text(const GatewayView& view, const HttpCounters& http) {
    Writer w;
    w.family("topband_info", "gauge", "build and configuration");
    w.sample("topband_info",
             "version=\"" + escape(view.version) + "\",edition=\"" + escape(view.edition) + "\",protocol=\"" +
                 std::string(can::to_string(view.protocol)) + "\"",
             1);
    w.gauge("topband_uptime_seconds", "time since the gateway started", static_cast<double>(view.uptime_ms) / 1000.0);
    bank_metrics(w, view);
    control_metrics(w, view);
    pack_metrics(w, view);
    link_metrics(w, view, http);
    return w.take();
}

}  // namespace tbg::api
