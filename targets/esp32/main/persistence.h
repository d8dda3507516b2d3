// What the firmware keeps in NVS, under which key, and when it writes it.
//
// Namespace kNvsNamespace, one key per value (NVS writes each key atomically, platform/esp32/nvs_store.h):
//   "config"     the configuration as JSON text (core/config config_to_json), written on each user save;
//   "config_prev" the previous generation: on each user save the valid "config" it replaces is written here first
//                (so a save costs two writes; a damaged "config" is never copied here);
//   "config_bad" a stored configuration that failed to load, kept for inspection (written once per distinct text);
//   "admin_hash" the admin password hash (platform/esp32/esp_crypto.h format), written when the password is set;
//   "layout"     the Custom Dashboard layout as JSON text, written when the user saves it;
//   "energy"     the bank's energy counters and the daily/monthly ledger, one JSON text so they always agree:
//                {"charged_Wh": n, "discharged_Wh": n, "energy_ledger": {...core/history ledger_to_json...}} (the
//                Linux daemon's state file holds the same document); written when SavePolicy says so;
//   "energy_bad" a stored energy text that failed to load (written once per distinct text).
// A value equal to the stored one is never rewritten (no wear for a save that changes nothing).
//
// Boot: load_config() never fails. No "config" = defaults (first start, or NVS erased: a factory reset). A valid
// "config" is used. A damaged one (not JSON, a value out of range) or one NVS cannot read is reported in
// BootConfig::error on every boot until a save replaces it; its text is copied to "config_bad" and left in place (a
// firmware that understands it, e.g. after a rollback and a new update, still finds it), and
//  - a valid "config_prev" is used (kPrevious): the configuration before the last save;
//  - without one the defaults run with CAN transmission OFF (kMonitoring): the defaults may allow more current than
//    the user had configured, and a fault must never raise a limit. The next boot after a save runs normally.
// Without "config", a valid "config_prev" is used too (kPrevious; our writes never leave that state, but it costs
// nothing to honour). Same rules as the Linux daemon's config.json and config.json.prev (targets/linux/config_file.h).
//
// Threading: the config, password and layout functions may be called from any task (NvsStore serialises). The
// energy functions (load_energy, save_energy) keep the save state and belong to one task, the loop task.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/bank/energy_counter.h"
#include "core/config/gateway_config.h"
#include "core/history/civil_date.h"
#include "core/history/energy_ledger.h"
#include "platform/esp32/nvs_store.h"
#include "targets/esp32/main/save_policy.h"

namespace tbg::esp32 {

inline constexpr char kNvsNamespace[] = "gateway";
inline constexpr char kKeyConfig[] = "config";
inline constexpr char kKeyConfigPrevious[] = "config_prev";
inline constexpr char kKeyConfigBroken[] = "config_bad";
inline constexpr char kKeyPasswordHash[] = "admin_hash";
inline constexpr char kKeyLayout[] = "layout";
inline constexpr char kKeyEnergy[] = "energy";
inline constexpr char kKeyEnergyBroken[] = "energy_bad";

// ---- Pure parts (no NVS) ----

enum class ConfigSource : std::uint8_t {
    kDefaults,    // nothing stored: the defaults, CAN on
    kStored,      // "config"
    kPrevious,    // "config" damaged, unreadable or absent: "config_prev", CAN on
    kMonitoring,  // "config" damaged or unreadable and no valid "config_prev": the defaults, CAN transmission off
};

std::string_view to_string(ConfigSource source);

// The configuration in a stored text, or nullopt when it is not JSON or fails validation (`error`: the first
// problems, then a count).
std::optional<config::GatewayConfig> config_from_stored(std::string_view text, std::string& error);
std::string config_to_stored(const config::GatewayConfig& config);

struct StoredEnergy {
    std::uint64_t charged_Wh = 0;
    std::uint64_t discharged_Wh = 0;
};

std::string energy_to_text(StoredEnergy counters, const history::EnergyLedger& ledger);
// Strict: an object with unsigned "charged_Wh" and "discharged_Wh" and optionally "energy_ledger" (as
// history::ledger_from_json reads it), nothing else. On false `counters` and `ledger` are unchanged and `error` says
// why.
bool energy_from_text(std::string_view text, StoredEnergy& counters, history::EnergyLedger& ledger, std::string& error);

// ---- NVS glue ----

struct BootConfig {
    config::GatewayConfig config;
    ConfigSource source = ConfigSource::kDefaults;
    std::string error;              // kPrevious after a damaged "config", kMonitoring: one complete log line
    bool broken_text_kept = false;  // "config_bad" holds a configuration that once failed to load

    // No CAN transmission until a configuration is saved and the gateway restarted.
    bool monitoring() const { return source == ConfigSource::kMonitoring; }
};

struct BootEnergy {
    StoredEnergy counters;  // 0/0 unless restored
    bool restored = false;
    std::string error;  // a damaged text (kept under "energy_bad") or an NVS read error; counters then start at 0
};

struct EnergySave {
    SaveReason reason = SaveReason::kNone;  // kNone: nothing written
    bool ok = true;                         // false: the write failed (`error`); retried at the next due save
    std::string error;
};

class Persistence {
public:
    // `store` is open on kNvsNamespace and outlives this object. `boot_ms`: monotonic time at boot (SavePolicy).
    Persistence(NvsStore& store, std::uint64_t boot_ms);

    BootConfig load_config();
    // Writes the valid "config" it replaces to "config_prev", then `config` to "config" (nothing when `config` is
    // what is stored). false with `error` when it cannot be stored (NVS full, flash error): "config" is unchanged
    // ("config_prev" may already hold the configuration "config" still holds).
    bool store_config(const config::GatewayConfig& config, std::string& error);

    // nullopt when none is set or it cannot be read (`error` non-empty then).
    std::optional<std::string> load_password_hash(std::string& error);
    bool store_password_hash(std::string_view hash, std::string& error);

    // null when none was saved, or it is unreadable (`error` non-empty then).
    nlohmann::json load_layout(std::string& error);
    bool store_layout(const nlohmann::json& layout, std::string& error);

    // Reads the counters and restores `ledger` from "energy"; the caller restores the bank's counters from the
    // result (Bank::restore_energy). Sets the baseline for "changed" in save_energy().
    BootEnergy load_energy(history::EnergyLedger& ledger);
    // Call about once a minute from the loop task with the bank's lifetime counters and the ledger, and with
    // shutdown = true right before a requested restart (user, OTA). Writes "energy" when SavePolicy says so and the
    // counters moved since the last successful write (or the load).
    EnergySave save_energy(std::uint64_t now_ms, std::optional<history::CivilDate> today,
                           const bank::EnergyCounter& counter, const history::EnergyLedger& ledger, bool shutdown);

    const SavePolicy& policy() const { return policy_; }

private:
    // Writes `value` unless the stored value is identical.
    bool write_if_different(const char* key, std::string_view value, std::string& error);
    void keep_broken(const char* key, const std::string& text);

    NvsStore& store_;
    SavePolicy policy_;
    std::uint64_t saved_charged_mWh_ = 0;
    std::uint64_t saved_discharged_mWh_ = 0;
};

}  // namespace tbg::esp32
