#include "targets/esp32/main/persistence.h"

#include "core/config/config_json.h"
#include "core/history/ledger_json.h"

namespace tbg::esp32 {

namespace {

constexpr std::size_t kErrorsShown = 3;

std::string summarize(const ConfigErrors& errors) {
    std::string text;
    for (std::size_t i = 0; i < errors.size() && i < kErrorsShown; ++i) {
        if (!text.empty()) {
            text += "; ";
        }
        const ConfigError& e = errors[i];
        text += e.message.empty() ? e.key : e.message;
    }
    if (errors.size() > kErrorsShown) {
        text += "; and " + std::to_string(errors.size() - kErrorsShown) + " more";
    }
    return text;
}

}  // namespace

std::string_view to_string(ConfigSource source) {
    switch (source) {
        case ConfigSource::kDefaults:
            return "defaults";
        case ConfigSource::kStored:
            return "stored";
        case ConfigSource::kPrevious:
            return "previous";
        case ConfigSource::kMonitoring:
            return "monitoring";
    }
    return "unknown";
}

std::optional<config::GatewayConfig> config_from_stored(std::string_view text, std::string& error) {
    config::GatewayConfig parsed;
    const ConfigErrors errors = config::config_from_text(text, parsed);
    if (!errors.empty()) {
        error = summarize(errors);
        return std::nullopt;
    }
    return parsed;
}

std::string config_to_stored(const config::GatewayConfig& config) {
    return config::config_to_json(config).dump();
}

std::string energy_to_text(StoredEnergy counters, const history::EnergyLedger& ledger) {
    const nlohmann::json doc = {{"charged_Wh", counters.charged_Wh},
                                {"discharged_Wh", counters.discharged_Wh},
                                {"energy_ledger", history::ledger_to_json(ledger)}};
    return doc.dump();
}

bool energy_from_text(std::string_view text, StoredEnergy& counters, history::EnergyLedger& ledger,
                      std::string& error) {
    const nlohmann::json doc = nlohmann::json::parse(text, nullptr, false);
    if (!doc.is_object()) {
        error = "not a JSON object";
        return false;
    }
    for (const auto& [key, value] : doc.items()) {
        if (key != "charged_Wh" && key != "discharged_Wh" && key != "energy_ledger") {
            error = "unknown key \"" + key + "\"";
            return false;
        }
    }
    const auto charged = doc.find("charged_Wh");
    const auto discharged = doc.find("discharged_Wh");
    if (charged == doc.end() || !charged->is_number_unsigned() || discharged == doc.end() ||
        !discharged->is_number_unsigned()) {
        error = "charged_Wh and discharged_Wh must be non-negative integers";
        return false;
    }
    history::EnergyLedger next(ledger.max_days(), ledger.max_months());
    const auto entries = doc.find("energy_ledger");
    if (entries != doc.end() && !history::ledger_from_json(*entries, next, error)) {
        error = "energy_ledger: " + error;
        return false;
    }
    counters = StoredEnergy{charged->get<std::uint64_t>(), discharged->get<std::uint64_t>()};
    ledger = std::move(next);
    return true;
}

Persistence::Persistence(NvsStore& store, std::uint64_t boot_ms) : store_(store), policy_(boot_ms) {}

BootConfig Persistence::load_config() {
    BootConfig boot;
    std::string text;
    std::string error;
    const NvsRead read = store_.read(kKeyConfig, text, error);
    std::string problem;  // what is wrong with "config"; "" when it is absent
    if (read == NvsRead::kFound) {
        if (std::optional<config::GatewayConfig> stored = config_from_stored(text, error)) {
            boot.config = std::move(*stored);
            boot.source = ConfigSource::kStored;
        } else {
            keep_broken(kKeyConfigBroken, text);
            problem = std::string("the stored configuration is invalid (") + error +
                      "; the text is kept under NVS key " + kKeyConfigBroken + ")";
        }
    } else if (read == NvsRead::kError) {
        problem = "cannot read the stored configuration (" + error + ")";
    }
    if (boot.source != ConfigSource::kStored) {
        std::string previous_text;
        std::string previous_error;
        const NvsRead previous_read = store_.read(kKeyConfigPrevious, previous_text, previous_error);
        std::optional<config::GatewayConfig> previous;
        if (previous_read == NvsRead::kFound) {
            previous = config_from_stored(previous_text, previous_error);
        }
        if (previous) {
            boot.config = std::move(*previous);
            boot.source = ConfigSource::kPrevious;
            boot.error = (problem.empty() ? std::string("no stored configuration") : problem) +
                         "; running with the previous configuration (NVS key " + kKeyConfigPrevious +
                         ") until a configuration is saved";
        } else if (!problem.empty()) {
            boot.source = ConfigSource::kMonitoring;
            boot.error = problem + "; there is no earlier good configuration" +
                         (previous_read == NvsRead::kNotFound
                              ? std::string()
                              : " (" + std::string(kKeyConfigPrevious) + ": " + previous_error + ")") +
                         "; running with the defaults and CAN transmission OFF (monitoring) until a configuration "
                         "is saved and the gateway restarted";
        }
    }
    std::string aside;
    boot.broken_text_kept = store_.read(kKeyConfigBroken, aside, error) == NvsRead::kFound;
    return boot;
}

bool Persistence::store_config(const config::GatewayConfig& config, std::string& error) {
    const std::string text = config_to_stored(config);
    std::string current;
    std::string read_error;
    if (store_.read(kKeyConfig, current, read_error) == NvsRead::kFound) {
        if (current == text) {
            return true;
        }
        std::string parse_error;
        if (config_from_stored(current, parse_error) && !write_if_different(kKeyConfigPrevious, current, error)) {
            return false;
        }
    }
    return store_.write(kKeyConfig, text, error);
}

std::optional<std::string> Persistence::load_password_hash(std::string& error) {
    std::string hash;
    if (store_.read(kKeyPasswordHash, hash, error) != NvsRead::kFound) {
        return std::nullopt;
    }
    return hash;
}

bool Persistence::store_password_hash(std::string_view hash, std::string& error) {
    return write_if_different(kKeyPasswordHash, hash, error);
}

nlohmann::json Persistence::load_layout(std::string& error) {
    std::string text;
    if (store_.read(kKeyLayout, text, error) != NvsRead::kFound) {
        return nullptr;
    }
    nlohmann::json layout = nlohmann::json::parse(text, nullptr, false);
    if (layout.is_discarded()) {
        error = "the stored dashboard layout is not valid JSON; it is ignored";
        return nullptr;
    }
    return layout;
}

bool Persistence::store_layout(const nlohmann::json& layout, std::string& error) {
    return write_if_different(kKeyLayout, layout.dump(), error);
}

BootEnergy Persistence::load_energy(history::EnergyLedger& ledger) {
    BootEnergy boot;
    std::string text;
    std::string error;
    const NvsRead read = store_.read(kKeyEnergy, text, error);
    if (read == NvsRead::kFound) {
        if (energy_from_text(text, boot.counters, ledger, error)) {
            boot.restored = true;
        } else {
            keep_broken(kKeyEnergyBroken, text);
            boot.error = "the stored energy counters are damaged (" + error +
                         "); they start from 0; the text is kept under NVS key " + kKeyEnergyBroken;
        }
    } else if (read == NvsRead::kError) {
        boot.error = "cannot read the stored energy counters (" + error + "); they start from 0";
    }
    saved_charged_mWh_ = boot.counters.charged_Wh * 1000;
    saved_discharged_mWh_ = boot.counters.discharged_Wh * 1000;
    return boot;
}

EnergySave Persistence::save_energy(std::uint64_t now_ms, std::optional<history::CivilDate> today,
                                    const bank::EnergyCounter& counter, const history::EnergyLedger& ledger,
                                    bool shutdown) {
    EnergySave save;
    const bool changed =
        counter.charged_mWh() != saved_charged_mWh_ || counter.discharged_mWh() != saved_discharged_mWh_;
    save.reason = policy_.decide(SaveInput{now_ms, today, changed, shutdown});
    if (save.reason == SaveReason::kNone) {
        return save;
    }
    const std::string text = energy_to_text(StoredEnergy{counter.charged_Wh(), counter.discharged_Wh()}, ledger);
    save.ok = store_.write(kKeyEnergy, text, save.error);
    if (save.ok) {
        saved_charged_mWh_ = counter.charged_mWh();
        saved_discharged_mWh_ = counter.discharged_mWh();
    }
    return save;
}

bool Persistence::write_if_different(const char* key, std::string_view value, std::string& error) {
    std::string stored;
    std::string read_error;
    if (store_.read(key, stored, read_error) == NvsRead::kFound && stored == value) {
        return true;
    }
    return store_.write(key, value, error);
}

void Persistence::keep_broken(const char* key, const std::string& text) {
    if (text.empty()) {
        return;
    }
    std::string error;
    write_if_different(key, text, error);  // best effort: the boot report already names the problem
}

}  // namespace tbg::esp32
