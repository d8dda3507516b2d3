// `topband-gateway config-reference`: every configuration key with its type, bounds, default, unit and how a
// change takes effect, as the Markdown of docs/config.md (a test keeps that file equal to this output).
#pragma once

#include <CLI/CLI.hpp>

namespace tbg::cli {

void add_config_command(CLI::App& app, int& exit_code);

}  // namespace tbg::cli
