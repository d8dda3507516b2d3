#include "targets/linux/cli_topband.h"

#include <charconv>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "core/api/topband_json.h"
#include "core/topband/encoders.h"

namespace tbg::cli {

namespace {

// Parses a command code, always hex, with or without "0x" ("0x42", "42").
std::optional<std::uint8_t> parse_command(const std::string& text) {
    std::string digits = text;
    if (digits.rfind("0x", 0) == 0 || digits.rfind("0X", 0) == 0) {
        digits = digits.substr(2);
    }
    if (digits.empty() || digits.size() > 2) {
        return std::nullopt;
    }
    unsigned value = 0;
    for (const char c : digits) {
        const int d = (c >= '0' && c <= '9')   ? c - '0'
                      : (c >= 'a' && c <= 'f') ? c - 'a' + 10
                      : (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                               : -1;
        if (d < 0) {
            return std::nullopt;
        }
        value = value * 16 + static_cast<unsigned>(d);
    }
    return static_cast<std::uint8_t>(value);
}

struct DecodeArgs {
    std::vector<std::string> frames;
    std::string command;
    int adr = -1;
};

struct EncodeArgs {
    std::string command;
    int adr = 0;
    std::string mode = "first";
    std::string datetime;
    bool hex_cr = false;
};

int run_decode(const DecodeArgs& args) {
    api::DecodeOptions options;
    if (!args.command.empty()) {
        options.command = parse_command(args.command);
        if (!options.command) {
            std::cerr << "decode: --command must be a hex command code such as 0x42, got '" << args.command << "'\n";
            return 2;
        }
    }
    if (args.adr >= 0) {
        options.expected_adr = static_cast<std::uint8_t>(args.adr);
    }
    bool all_ok = true;
    auto decode_one = [&](const std::string& text) {
        const nlohmann::json doc = api::decode_frame_json(text, options);
        all_ok = all_ok && doc.value("ok", false);
        std::cout << doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    };
    if (!args.frames.empty()) {
        for (const auto& frame : args.frames) {
            decode_one(frame);
        }
    } else {
        std::string line;
        while (std::getline(std::cin, line)) {
            if (line.find_first_not_of(" \t\r") == std::string::npos) {
                continue;
            }
            decode_one(line);
        }
    }
    return all_ok ? 0 : 1;
}

// Parses "YYYY-MM-DD HH:MM:SS" exactly.
std::optional<topband::DateTime> parse_datetime(const std::string& text) {
    unsigned fields[6] = {};
    const char separators[6] = {'-', '-', ' ', ':', ':', '\0'};
    const char* pos = text.data();
    const char* end = text.data() + text.size();
    for (std::size_t i = 0; i < 6; ++i) {
        const auto [next, error] = std::from_chars(pos, end, fields[i]);
        if (error != std::errc{} || (i < 5 && (next == end || *next != separators[i]))) {
            return std::nullopt;
        }
        pos = i < 5 ? next + 1 : next;
    }
    const auto [year, month, day, hour, minute, second] = fields;
    if (pos != end || year > 9999 || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 ||
        second > 59) {
        return std::nullopt;
    }
    return topband::DateTime{static_cast<std::uint16_t>(year),  static_cast<std::uint8_t>(month),
                             static_cast<std::uint8_t>(day),    static_cast<std::uint8_t>(hour),
                             static_cast<std::uint8_t>(minute), static_cast<std::uint8_t>(second)};
}

int run_encode(const EncodeArgs& args) {
    const auto command = parse_command(args.command);
    if (!command) {
        std::cerr << "encode: COMMAND must be a hex command code such as 0x42, got '" << args.command << "'\n";
        return 2;
    }
    const auto adr = static_cast<std::uint8_t>(args.adr);
    topband::EncodedFrame frame;
    if (*command == static_cast<std::uint8_t>(topband::Command::kHistory)) {
        const topband::HistoryMode mode = args.mode == "next"     ? topband::HistoryMode::kNext
                                          : args.mode == "resend" ? topband::HistoryMode::kResend
                                                                  : topband::HistoryMode::kFirst;
        frame = topband::encode_history_request(adr, mode);
    } else if (*command == static_cast<std::uint8_t>(topband::Command::kSetDateTime)) {
        const auto time = parse_datetime(args.datetime);
        if (!time) {
            std::cerr << "encode: 0x4E needs --datetime \"YYYY-MM-DD HH:MM:SS\", got '" << args.datetime << "'\n";
            return 2;
        }
        frame = topband::encode_set_date_time_request(adr, *time);
    } else if (!topband::encode_request(adr, *command, frame)) {
        std::cerr << "encode: unsupported command " << args.command
                  << " (supported: 0x42 0x44 0x47 0x4B 0x4D 0x4E 0x4F 0x51)\n";
        return 2;
    }
    std::string_view text = frame.view();
    text.remove_suffix(1);  // the CR is shown as \r so the line can be pasted back into decode
    std::cout << text << (args.hex_cr ? "\\r" : "") << '\n';
    return 0;
}

}  // namespace

void add_topband_commands(CLI::App& app, int& exit_code) {
    auto decode_args = std::make_shared<DecodeArgs>();
    CLI::App* decode = app.add_subcommand(
        "decode",
        "Decode Topband RS485 frames given as arguments, or one per line on stdin. The CR may be omitted or written "
        "as \\r. Prints one JSON object per frame; exit status 0 when every frame decoded, 1 otherwise.");
    decode->add_option("frames", decode_args->frames, "frames, e.g. '~21004642E00200FD36'");
    decode->add_option("--command", decode_args->command,
                       "command a reply answers (hex, e.g. 0x42); default: guessed from the INFO layout");
    decode->add_option("--adr", decode_args->adr, "address the reply must come from (0-15)")->check(CLI::Range(0, 255));
    decode->callback([decode_args, &exit_code] { exit_code = run_decode(*decode_args); });

    auto encode_args = std::make_shared<EncodeArgs>();
    CLI::App* encode = app.add_subcommand(
        "encode", "Print a request frame (without its CR; --cr shows it as \\r), e.g. 'encode 0x42 --adr 3'.");
    encode->add_option("command", encode_args->command, "command code: 0x42 0x44 0x47 0x4B 0x4D 0x4E 0x4F 0x51")
        ->required();
    encode->add_option("--adr", encode_args->adr, "pack address (0-15)")->check(CLI::Range(0, 15));
    encode->add_option("--mode", encode_args->mode, "0x4B record: first, next or resend")
        ->check(CLI::IsMember({"first", "next", "resend"}));
    encode->add_option("--datetime", encode_args->datetime, "0x4E time: \"YYYY-MM-DD HH:MM:SS\"");
    encode->add_flag("--cr", encode_args->hex_cr, "append the CR as the two characters \\r");
    encode->callback([encode_args, &exit_code] { exit_code = run_encode(*encode_args); });
}

}  // namespace tbg::cli
