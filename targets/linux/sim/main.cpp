// topband-sim: simulated Topband BMS packs on a serial line (a pty it creates, or a given tty), for developing and
// testing the gateway without batteries. Composition root: options → SimBus → SimLoop.
#include <cmath>
#include <ctime>
#include <exception>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "platform/sim/noise.h"
#include "platform/sim/scenario.h"
#include "platform/sim/sim_bus.h"
#include "targets/linux/sim/options.h"
#include "targets/linux/sim/sim_loop.h"

namespace {

using tbg::sim::Scenario;

struct Arguments {
    std::string packs = "0:16S7T,1:16S7T,2:16S7T";
    std::string scenario = "normal";
    std::vector<std::string> scenario_packs;
    std::string device;
    std::string link;
    std::uint32_t baud = 9600;
    std::uint32_t turnaround_ms = 20;
    std::uint32_t slow_ms = 550;
    std::uint32_t seed = 1;
    double time_scale = 1.0;
    double noise_rate = 0.005;
    std::string protection_bits = "2";
};

std::string all_scenario_names() {
    std::string names;
    for (const Scenario scenario : tbg::sim::all_scenarios()) {
        names += (names.empty() ? "" : ", ") + std::string(tbg::sim::to_string(scenario));
    }
    return names;
}

// The packs' clock starts at the host's local time.
tbg::topband::DateTime local_now() {
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    tbg::topband::DateTime t;
    t.year = static_cast<std::uint16_t>(local.tm_year + 1900);
    t.month = static_cast<std::uint8_t>(local.tm_mon + 1);
    t.day = static_cast<std::uint8_t>(local.tm_mday);
    t.hour = static_cast<std::uint8_t>(local.tm_hour);
    t.minute = static_cast<std::uint8_t>(local.tm_min);
    t.second = static_cast<std::uint8_t>(local.tm_sec % 60);
    return t;
}

int usage_error(const std::string& message) {
    std::cerr << "topband-sim: " << message << '\n';
    return 2;
}

int run(int argc, char** argv) {
    namespace cli = tbg::sim::cli;
    CLI::App app{
        "topband-sim: simulated Topband BMS packs answering RS485 requests on a pty or a serial device.\n"
        "stdin control, one per line: scenario NAME [ADR] | unplug SECONDS | status | quit"};
    Arguments args;
    app.add_option("--packs", args.packs, "packs as ADR:PRESET[:CAPACITY_AH[:SOC_PCT]],… (presets 15S7T 16S6T 16S7T)")
        ->capture_default_str();
    app.add_option("--scenario", args.scenario, "scenario of every pack: " + all_scenario_names())
        ->capture_default_str();
    app.add_option("--scenario-pack", args.scenario_packs, "scenario of one pack, ADR=NAME (repeatable)");
    app.add_option("--device", args.device, "open this serial device (raw 8N1) instead of creating a pty");
    app.add_option("--link", args.link, "keep a symlink at this path pointing to the pty (or device)");
    app.add_option("--baud", args.baud, "line speed: pacing of the reply bytes (10 bits each) and the device's rate")
        ->check(CLI::Range(300U, 1000000U))
        ->capture_default_str();
    app.add_option("--turnaround-ms", args.turnaround_ms, "delay from the end of a request to the reply")
        ->check(CLI::Range(0U, 10000U))
        ->capture_default_str();
    app.add_option("--slow-ms", args.slow_ms, "turnaround of packs in the slow scenario (near the master's timeout)")
        ->check(CLI::Range(0U, 60000U))
        ->capture_default_str();
    app.add_option("--seed", args.seed, "seed of every random choice (pack spread, sensor noise, line noise)")
        ->capture_default_str();
    app.add_option(
           "--time-scale", args.time_scale,
           "simulated time (dynamics and the packs' clock) runs this many times faster than real time, up to 10000")
        ->check(CLI::Range(0.001, 10000.0))
        ->capture_default_str();
    app.add_option("--noise-rate", args.noise_rate, "share of reply bytes corrupted in the noise scenario, 0…1")
        ->check(CLI::Range(0.0, 1.0))
        ->capture_default_str();
    app.add_option("--protection-bits", args.protection_bits, "0x44 status bits the protection scenario sets, BIT,…")
        ->capture_default_str();

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        return app.exit(error);
    }

    std::string error;
    const auto packs = cli::parse_pack_specs(args.packs, error);
    if (!packs) {
        return usage_error("--packs: " + error);
    }
    const auto scenario = tbg::sim::parse_scenario(args.scenario);
    if (!scenario) {
        return usage_error("--scenario: unknown scenario '" + args.scenario + "' (" + all_scenario_names() + ")");
    }
    const auto protection_bits = cli::parse_bit_list(args.protection_bits, error);
    if (!protection_bits) {
        return usage_error("--protection-bits: " + error);
    }

    tbg::sim::SimBusConfig bus_config;
    bus_config.turnaround_ms = args.turnaround_ms;
    bus_config.slow_turnaround_ms = args.slow_ms;
    bus_config.noise_ppm = static_cast<std::uint32_t>(std::lround(args.noise_rate * tbg::sim::kPpmScale));
    bus_config.seed = args.seed;
    bus_config.wall_clock_base = local_now();
    bus_config.wall_clock_base_ms = 0;
    tbg::sim::SimBus bus(bus_config);
    for (const cli::PackSpec& spec : *packs) {
        tbg::sim::SimPackConfig config;
        config.adr = spec.adr;
        config.preset = spec.preset;
        config.capacity_mAh = spec.capacity_Ah * 1000U;
        config.initial_soc_centipct = static_cast<std::uint16_t>(spec.soc_pct * 100U);
        config.seed = args.seed * 16U + spec.adr;  // distinct packs, reproducible per --seed
        config.scenario = *scenario;
        config.protection_bits = *protection_bits;
        bus.add_pack(config);
    }
    for (const std::string& text : args.scenario_packs) {
        const auto assignment = cli::parse_scenario_assignment(text, error);
        if (!assignment) {
            return usage_error("--scenario-pack: " + error);
        }
        if (!bus.set_scenario(assignment->adr, assignment->scenario)) {
            return usage_error("--scenario-pack: no pack at address " + std::to_string(assignment->adr));
        }
    }

    cli::LoopOptions options;
    options.baud = args.baud;
    options.time_scale = args.time_scale;
    if (!args.device.empty()) {
        options.device = args.device;
    }
    if (!args.link.empty()) {
        options.link = args.link;
    }
    std::cerr << "topband-sim: " << bus.pack_count() << " packs (" << args.packs << "), " << args.baud
              << " baud, turnaround " << args.turnaround_ms << " ms, time x" << args.time_scale << ", seed "
              << args.seed << '\n';
    cli::SimLoop::install_signal_handlers();
    cli::SimLoop loop(bus, options);
    return loop.run();  // port errors throw std::system_error: exit code 1 in main()
}

}  // namespace

int main(int argc, char** argv) {
    try {
        return run(argc, argv);
    } catch (const std::exception& failure) {
        std::cerr << "topband-sim: " << failure.what() << '\n';
        return 1;
    } catch (...) {
        std::cerr << "topband-sim: unexpected failure\n";
        return 1;
    }
}
