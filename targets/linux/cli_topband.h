// `topband-gateway decode` and `topband-gateway encode`: the Topband codec on the command line.
#pragma once

#include <CLI/CLI.hpp>

namespace tbg::cli {

// Registers both subcommands on `app`. The callbacks set `exit_code` (0 ok, 1 a frame failed, 2 usage error).
void add_topband_commands(CLI::App& app, int& exit_code);

}  // namespace tbg::cli
