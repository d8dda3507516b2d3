// `topband-gateway passwd`: sets the admin password of the dashboard (an Argon2id hash in <state-dir>/auth.json).
#pragma once

#include <CLI/CLI.hpp>

namespace tbg::cli {

void add_passwd_command(CLI::App& app, int& exit_code);

}  // namespace tbg::cli
