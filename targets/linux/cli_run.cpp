#include "targets/linux/cli_run.h"

#include <memory>

#include "targets/linux/daemon.h"

namespace tbg::cli {

void add_run_command(CLI::App& app, int& exit_code) {
    auto options = std::make_shared<daemon::RunOptions>();
    CLI::App* run = app.add_subcommand(
        "run", "Run the gateway: poll the packs on RS485 and send the CAN-bus BMS frames. Stops on SIGTERM/SIGINT.");
    run->add_option("--serial", options->serial_path, "RS485 device, e.g. /dev/ttyUSB0");
    run->add_option("--baud", options->baud, "RS485 bit rate (default: poll.baud of the configuration, 9600)")
        ->check(CLI::Range(1200, 115200));
    run->add_option("--can", options->can_spec, "slcan:PATH, socketcan:IFNAME or none (monitoring mode)")
        ->default_val("none");
    run->add_option("--config", options->config_path, "configuration file (JSON); created with the defaults");
    run->add_option("--state-dir", options->state_dir, "directory for the energy counters");
    run->add_flag("--stealth", options->stealth, "no network services at all (no MQTT, no HTTP)");
    run->add_option("--http", options->http, "HOST:PORT of the dashboard and API, or none")
        ->default_val("127.0.0.1:8080");
    run->add_flag("--demo", options->demo, "simulated packs in-process instead of --serial");
    run->add_option("--demo-packs", options->demo_packs, "packs in demo mode")->check(CLI::Range(1, 16));
    run->add_flag("--print-frames", options->print_frames, "print every frame set, decoded, on stdout");
    run->add_option("--log-level", options->log_level, "error, warning, notice, info or debug")->default_val("info");
    run->add_option("--status-interval-s", options->status_interval_s, "seconds between status lines")
        ->check(CLI::Range(1, 86400));
    run->add_option("--exit-after-s", options->exit_after_s, "stop by itself after this many seconds");
    run->callback([options, &exit_code] { exit_code = daemon::run_daemon(*options); });
}

}  // namespace tbg::cli
