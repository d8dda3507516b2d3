#include "targets/linux/sim/options.h"

#include <charconv>
#include <utility>

namespace tbg::sim::cli {

namespace {

constexpr std::uint32_t kMaxCapacityAh = 655;
constexpr std::uint32_t kMaxUnplugS = 86400;

std::string_view trim(std::string_view text) {
    const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!text.empty() && space(text.front())) {
        text.remove_prefix(1);
    }
    while (!text.empty() && space(text.back())) {
        text.remove_suffix(1);
    }
    return text;
}

// Splits at the first `separator`; `rest` is empty (and `found` false) when there is none.
std::string_view split(std::string_view& text, char separator, bool* found = nullptr) {
    const std::size_t at = text.find(separator);
    const std::string_view head = text.substr(0, at);
    if (found != nullptr) {
        *found = at != std::string_view::npos;
    }
    text = at == std::string_view::npos ? std::string_view{} : text.substr(at + 1);
    return head;
}

std::optional<std::uint32_t> parse_unsigned(std::string_view text, std::uint32_t max) {
    text = trim(text);
    std::uint32_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || value > max) {
        return std::nullopt;
    }
    return value;
}

std::optional<std::uint8_t> parse_adr(std::string_view text) {
    const auto value = parse_unsigned(text, 15);
    return value ? std::optional<std::uint8_t>(static_cast<std::uint8_t>(*value)) : std::nullopt;
}

std::string quoted(std::string_view text) {
    // Built with append: GCC 12 -O3 reports a false -Werror=restrict for "'" + std::string + "'".
    std::string out;
    out.reserve(text.size() + 2);
    out.append(1, '\'').append(text).append(1, '\'');
    return out;
}

}  // namespace

std::optional<std::vector<PackSpec>> parse_pack_specs(std::string_view text, std::string& error) {
    std::vector<PackSpec> packs;
    std::uint32_t used = 0;
    std::string_view rest = trim(text);
    if (rest.empty()) {
        error = "empty pack list";
        return std::nullopt;
    }
    while (!rest.empty()) {
        std::string_view item = trim(split(rest, ','));
        const std::string_view whole = item;
        PackSpec spec;
        const auto adr = parse_adr(split(item, ':'));
        if (!adr) {
            error = "pack " + quoted(whole) + ": address must be 0…15";
            return std::nullopt;
        }
        spec.adr = *adr;
        const auto preset = parse_preset(trim(split(item, ':')));
        if (!preset) {
            error = "pack " + quoted(whole) + ": preset must be 15S7T, 16S6T or 16S7T";
            return std::nullopt;
        }
        spec.preset = *preset;
        if (!item.empty()) {
            const auto capacity = parse_unsigned(split(item, ':'), kMaxCapacityAh);
            if (!capacity || *capacity == 0) {
                error = "pack " + quoted(whole) + ": capacity must be 1…655 Ah";
                return std::nullopt;
            }
            spec.capacity_Ah = *capacity;
        }
        if (!item.empty()) {
            const auto soc = parse_unsigned(split(item, ':'), 100);
            if (!soc || !item.empty()) {
                error = "pack " + quoted(whole) + ": SOC must be 0…100 % and is the last field";
                return std::nullopt;
            }
            spec.soc_pct = static_cast<std::uint8_t>(*soc);
        }
        if ((used >> spec.adr) & 1U) {
            error = "pack address " + std::to_string(spec.adr) + " given twice";
            return std::nullopt;
        }
        used |= 1U << spec.adr;
        packs.push_back(spec);
    }
    return packs;
}

std::optional<ScenarioAssignment> parse_scenario_assignment(std::string_view text, std::string& error) {
    bool found = false;
    std::string_view rest = text;
    const auto adr = parse_adr(split(rest, '=', &found));
    const auto scenario = parse_scenario(trim(rest));
    if (!found || !adr || !scenario) {
        error = quoted(text) + ": expected ADR=SCENARIO with ADR 0…15 and a known scenario";
        return std::nullopt;
    }
    return ScenarioAssignment{*adr, *scenario};
}

std::optional<std::uint64_t> parse_bit_list(std::string_view text, std::string& error) {
    std::uint64_t bits = 0;
    std::string_view rest = trim(text);
    if (rest.empty()) {
        error = "empty bit list";
        return std::nullopt;
    }
    while (!rest.empty()) {
        const std::string_view item = split(rest, ',');
        const auto bit = parse_unsigned(item, 63);
        if (!bit) {
            error = "bit " + quoted(item) + " is not a number 0…63";
            return std::nullopt;
        }
        bits |= std::uint64_t{1} << *bit;
    }
    return bits;
}

ControlCommand parse_control_line(std::string_view line) {
    ControlCommand command;
    std::string_view rest = trim(line);
    if (rest.empty()) {
        return command;
    }
    const std::string_view verb = split(rest, ' ');
    rest = trim(rest);
    const auto invalid = [&command](std::string message) {
        command.kind = ControlCommand::Kind::kInvalid;
        command.error = std::move(message);
        return command;
    };
    if (verb == "scenario") {
        const std::string_view name = split(rest, ' ');
        const auto scenario = parse_scenario(name);
        if (!scenario) {
            return invalid("unknown scenario " + quoted(name));
        }
        command.scenario = *scenario;
        rest = trim(rest);
        if (!rest.empty()) {
            const auto adr = parse_adr(rest);
            if (!adr) {
                return invalid("address must be 0…15, not " + quoted(rest));
            }
            command.adr = *adr;
        }
        command.kind = ControlCommand::Kind::kScenario;
        return command;
    }
    if (verb == "unplug") {
        const auto seconds = parse_unsigned(rest, kMaxUnplugS);
        if (!seconds) {
            return invalid("unplug needs SECONDS (0…86400)");
        }
        command.kind = ControlCommand::Kind::kUnplug;
        command.seconds = *seconds;
        return command;
    }
    if ((verb == "status" || verb == "quit") && rest.empty()) {
        command.kind = verb == "status" ? ControlCommand::Kind::kStatus : ControlCommand::Kind::kQuit;
        return command;
    }
    return invalid("unknown command " + quoted(trim(line)) + " (scenario NAME [ADR] | unplug SECONDS | status | quit)");
}

}  // namespace tbg::sim::cli
