// `topband-gateway run`: options of the daemon (see daemon.h).
#pragma once

#include <CLI/CLI.hpp>

namespace tbg::cli {

void add_run_command(CLI::App& app, int& exit_code);

}  // namespace tbg::cli
