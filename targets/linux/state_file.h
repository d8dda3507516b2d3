// Small files of the daemon: the configuration and the persistent state (energy counters), written atomically.
//
// write_atomic(): write PATH.tmp (mode 0600), fsync it, rename over PATH, fsync the directory, so a power cut or
// kill -9 leaves either the old or the new file, never a torn one. With keep_previous the file it replaces becomes
// PATH.prev first (one rename more): a file damaged later (an SD card that lost blocks in a power cut, a hand edit)
// then still has the generation before it. A crash between the two renames leaves only PATH.prev, which the
// loaders below take. Blocking file I/O: call it only at start, at stop and at most once a minute from the event loop
// (a few hundred bytes; it does not affect the CAN cadence).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace tbg::daemon {

// Reads a whole file; nullopt when it does not exist or cannot be read (`error` says why).
std::optional<std::string> read_file(const std::string& path, std::string& error);

// True when `path` names an existing file (or anything stat() can see).
bool file_exists(const std::string& path);

// Replaces `path` with `content` atomically. false with `error` set on failure (the old file is then unchanged).
bool write_atomic(const std::string& path, const std::string& content, std::string& error, bool keep_previous = false);

// Moves a damaged file aside as PATH.corrupt-N (first free N) so the user can inspect it; returns the new path.
std::optional<std::string> keep_aside(const std::string& path);

// Copies a damaged file aside as PATH.corrupt-N and leaves it in place; a copy with the same content already kept
// is reused (restarts do not pile up copies). Returns the copy's path.
std::optional<std::string> copy_aside(const std::string& path);

struct PersistentState {
    std::uint64_t charged_Wh = 0;
    std::uint64_t discharged_Wh = 0;
    std::string energy_ledger;  // kWh per day and month as JSON text (core/history ledger_to_json); "" when absent
};

// State file "state.json" in `state_dir`, saved with keep_previous. A damaged file is kept aside (keep_aside) and the
// previous generation "state.json.prev" is used, so at most one save interval of counting is lost; `warning` says
// what happened. Neither file: a fresh start (all zero). Counters are never taken from a damaged file.
PersistentState load_state(const std::string& state_dir, std::string& warning);
bool save_state(const std::string& state_dir, const PersistentState& state, std::string& error);

}  // namespace tbg::daemon
