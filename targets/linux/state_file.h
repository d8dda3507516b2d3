// Small files of the daemon: the configuration and the persistent state (energy counters), written atomically.
//
// write_atomic(): write PATH.tmp (mode 0600), fsync it, rename over PATH, fsync the directory, so a power cut or
// kill -9 leaves either the old or the new file, never a torn one. Blocking file I/O: call it only at start, at
// stop and at most once a minute from the event loop (a few hundred bytes; it does not affect the CAN cadence).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace tbg::daemon {

// Reads a whole file; nullopt when it does not exist or cannot be read (`error` says why).
std::optional<std::string> read_file(const std::string& path, std::string& error);

// Replaces `path` with `content` atomically. false with `error` set on failure (the old file is then unchanged).
bool write_atomic(const std::string& path, const std::string& content, std::string& error);

// Moves a damaged file aside as PATH.corrupt-N (first free N) so the user can inspect it; returns the new path.
std::optional<std::string> keep_aside(const std::string& path);

struct PersistentState {
    std::uint64_t charged_Wh = 0;
    std::uint64_t discharged_Wh = 0;
    std::string energy_ledger;  // kWh per day and month as JSON text (core/history ledger_to_json); "" when absent
};

// State file "state.json" in `state_dir`. A missing file is a fresh start; a damaged one is kept aside and reported.
PersistentState load_state(const std::string& state_dir, std::string& warning);
bool save_state(const std::string& state_dir, const PersistentState& state, std::string& error);

}  // namespace tbg::daemon
