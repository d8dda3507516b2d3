#include "targets/linux/cli_frames.h"

#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>

#include "core/api/bank_description.h"
#include "core/app/bms_inputs_builder.h"
#include "core/bank/bank.h"
#include "core/can/describe.h"
#include "core/can/encoders.h"
#include "core/config/config_json.h"
#include "core/control/charge_controller.h"

namespace tbg::cli {

namespace {

struct FramesArgs {
    std::string bank_file;
    std::string protocol;
    std::string config_file;
    int settle_s = 120;
};

std::optional<std::string> read_file(const std::string& path) {
    std::ifstream file(path);
    if (!file) {
        return std::nullopt;
    }
    std::stringstream text;
    text << file.rdbuf();
    return text.str();
}

std::string hex_bytes(const can::CanFrame& frame) {
    std::string text;
    for (std::size_t i = 0; i < frame.dlc; ++i) {
        char byte[4];
        std::snprintf(byte, sizeof byte, "%02X", frame.data[i]);
        text += (i == 0 ? "" : " ");
        text += byte;
    }
    return text;
}

int run_frames(const FramesArgs& args) {
    config::GatewayConfig config;
    if (!args.config_file.empty()) {
        const auto text = read_file(args.config_file);
        if (!text) {
            std::cerr << "frames: cannot read config file " << args.config_file << '\n';
            return 1;
        }
        const ConfigErrors errors = config::config_from_text(*text, config);
        for (const auto& error : errors) {
            std::cerr << "frames: " << args.config_file << ": " << error.message << '\n';
        }
        if (!errors.empty()) {
            return 1;
        }
    }
    if (!args.protocol.empty()) {
        config.can.protocol = args.protocol;
    }
    const auto protocol = can::protocol_from_string(config.can.protocol);
    const auto text = read_file(args.bank_file);
    if (!text) {
        std::cerr << "frames: cannot read bank file " << args.bank_file << '\n';
        return 1;
    }
    const nlohmann::json doc = nlohmann::json::parse(*text, nullptr, false);
    if (doc.is_discarded()) {
        std::cerr << "frames: " << args.bank_file << " is not valid JSON\n";
        return 1;
    }

    // The packs report the described values once a second for settle_s, so ramps and filters reach steady state.
    bank::Bank bank(config.bank);
    control::ChargeController controller(config.control);
    std::uint64_t now_ms = 0;
    const control::ControlOutput* output = nullptr;
    for (int second = 0; second <= args.settle_s; ++second) {
        now_ms = (static_cast<std::uint64_t>(second) + 1U) * 1000U;
        const auto errors = api::apply_bank_description(doc, bank, now_ms);
        if (!errors.empty()) {
            for (const auto& error : errors) {
                std::cerr << "frames: " << args.bank_file << ": " << error << '\n';
            }
            return 1;
        }
        output = &controller.update(bank.update(now_ms), now_ms);
    }
    const bank::BankSnapshot& snapshot = bank.snapshot();
    const app::Identity identity{config.can.manufacturer, config.can.bms_name};
    can::FrameSet frames;
    can::encode(*protocol, app::make_bms_inputs(snapshot, *output, identity), frames);

    std::cout << "bank: " << int{snapshot.modules_online} << " online, " << int{snapshot.modules_offline}
              << " offline, " << int{snapshot.modules_blocking_charge} << " blocking charge, "
              << int{snapshot.modules_blocking_discharge} << " blocking discharge\n";
    std::cout << "state: " << control::to_string(output->state) << " (" << output->state_reason.view() << ")\n";
    std::cout << output->cvl_reason.view() << '\n'
              << output->ccl_reason.view() << '\n'
              << output->dcl_reason.view() << '\n'
              << output->dvl_reason.view() << '\n';
    if (!output->transmit) {
        std::cout << "transmit: off (failsafe silence: the gateway sends nothing)\n";
    }
    std::cout << "frames (" << can::to_string(*protocol) << ", " << frames.size() << "):\n";
    for (const can::CanFrame& frame : frames) {
        char id[8];
        std::snprintf(id, sizeof id, "%03X", frame.id);
        std::cout << "  " << id << "  " << hex_bytes(frame) << "  " << can::describe(frame, *protocol) << '\n';
    }
    return 0;
}

}  // namespace

void add_frames_command(CLI::App& app, int& exit_code) {
    auto args = std::make_shared<FramesArgs>();
    CLI::App* frames = app.add_subcommand(
        "frames",
        "Print the CAN frame set (hex and decoded) the gateway sends for a bank described in JSON, with the charge "
        "state and the reason for every limit.");
    frames->add_option("--bank", args->bank_file, "bank description (JSON; see docs/charge-control.md)")->required();
    frames->add_option("--protocol", args->protocol, "victron (default), pylontech or sma")
        ->check(CLI::IsMember({"victron", "pylontech", "sma"}));
    frames->add_option("--config", args->config_file, "gateway configuration (JSON); default: built-in defaults");
    frames->add_option("--settle-s", args->settle_s, "seconds of steady pack data before the frames are taken")
        ->check(CLI::Range(0, 86400));
    frames->callback([args, &exit_code] { exit_code = run_frames(*args); });
}

}  // namespace tbg::cli
