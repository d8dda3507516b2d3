// `topband-gateway frames`: the CAN frames the gateway would send for a described bank, without hardware.
#pragma once

#include <CLI/CLI.hpp>

namespace tbg::cli {

// Registers the subcommand on `app`; its callback sets `exit_code` (0 ok, 1 invalid input).
void add_frames_command(CLI::App& app, int& exit_code);

}  // namespace tbg::cli
