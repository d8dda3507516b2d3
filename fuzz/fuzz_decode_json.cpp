// Fuzz target: api::decode_frame_json, the `topband-gateway decode` path. The input is the text a user pastes; it is
// decoded with no command, with every known command and with an unknown one. Each result must be an object with a
// boolean "ok" (and string "error" and "message" when not ok) and must serialise the way the CLI prints it.
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/api/topband_json.h"
#include "core/topband/frame.h"
#include "fuzz/fuzz_checks.h"

namespace {

using tbg::fuzz::require;
namespace topband = tbg::topband;

constexpr std::array<std::optional<std::uint8_t>, 10> kCommands = {
    std::nullopt,
    static_cast<std::uint8_t>(topband::Command::kAnalog),
    static_cast<std::uint8_t>(topband::Command::kAlarm),
    static_cast<std::uint8_t>(topband::Command::kSystemParameters),
    static_cast<std::uint8_t>(topband::Command::kHistory),
    static_cast<std::uint8_t>(topband::Command::kGetDateTime),
    static_cast<std::uint8_t>(topband::Command::kSetDateTime),
    static_cast<std::uint8_t>(topband::Command::kProtocolVersion),
    static_cast<std::uint8_t>(topband::Command::kManufacturerInfo),
    std::uint8_t{0x92},  // not supported by Topband packs (§8.7)
};

void check_document(const nlohmann::json& document) {
    require(document.is_object(), "decode_frame_json: result is not an object");
    const auto ok = document.find("ok");
    require(ok != document.end() && ok->is_boolean(), "decode_frame_json: no boolean \"ok\"");
    if (!ok->get<bool>()) {
        const auto error = document.find("error");
        require(error != document.end() && error->is_string() && !error->get_ref<const std::string&>().empty(),
                "decode_frame_json: not ok without a string \"error\"");
        const auto message = document.find("message");
        require(message != document.end() && message->is_string(), "decode_frame_json: not ok without \"message\"");
    }
    // Serialised as the CLI prints it. Strings may hold invalid UTF-8 (the echoed input, raw 0x51 text), which only
    // the replacing error handler turns into U+FFFD instead of throwing.
    const std::string text = document.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    require(!text.empty(), "decode_frame_json: empty serialisation");
}

}  // namespace

// NOLINTNEXTLINE(readability-identifier-naming): the entry point libFuzzer calls
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    for (const std::optional<std::uint8_t>& command : kCommands) {
        check_document(tbg::api::decode_frame_json(text, {.command = command, .expected_adr = std::nullopt}));
    }
    // An expected address exercises the ADR check as well.
    check_document(tbg::api::decode_frame_json(
        text, {.command = static_cast<std::uint8_t>(topband::Command::kAnalog), .expected_adr = std::uint8_t{0}}));
    return 0;
}
