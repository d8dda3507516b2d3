// topband-gateway: composition root of the Linux target. Each subcommand registers itself here.
#include <exception>
#include <iostream>

#include <CLI/CLI.hpp>

#include "targets/linux/cli_config.h"
#include "targets/linux/cli_frames.h"
#include "targets/linux/cli_passwd.h"
#include "targets/linux/cli_run.h"
#include "targets/linux/cli_topband.h"

int main(int argc, char** argv) {
    try {
        CLI::App app{"topband-gateway: Topband BMS (RS485) to Victron CAN-bus BMS gateway"};
        app.require_subcommand(1);
        int exit_code = 0;
        tbg::cli::add_topband_commands(app, exit_code);
        tbg::cli::add_frames_command(app, exit_code);
        tbg::cli::add_run_command(app, exit_code);
        tbg::cli::add_passwd_command(app, exit_code);
        tbg::cli::add_config_command(app, exit_code);
        CLI11_PARSE(app, argc, argv);
        return exit_code;
    } catch (const std::exception& error) {
        std::cerr << "topband-gateway: " << error.what() << '\n';
        return 2;
    }
}
