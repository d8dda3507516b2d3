#include "platform/sim/preset.h"

#include <array>

namespace tbg::sim {

namespace {

constexpr std::array<Preset, 3> kPresets = {Preset::k15S7T, Preset::k16S6T, Preset::k16S7T};

char upper(char c) {
    return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
}

}  // namespace

PresetShape preset_shape(Preset preset) {
    switch (preset) {
        case Preset::k15S7T:
            return {15, 7, 4};
        case Preset::k16S6T:
            return {16, 6, 4};
        case Preset::k16S7T:
            return {16, 7, 4};
    }
    return {16, 7, 4};
}

std::string_view to_string(Preset preset) {
    switch (preset) {
        case Preset::k15S7T:
            return "15S7T";
        case Preset::k16S6T:
            return "16S6T";
        case Preset::k16S7T:
            return "16S7T";
    }
    return "unknown";
}

std::optional<Preset> parse_preset(std::string_view name) {
    for (const Preset preset : kPresets) {
        const std::string_view id = to_string(preset);
        if (name.size() != id.size()) {
            continue;
        }
        bool same = true;
        for (std::size_t i = 0; i < id.size() && same; ++i) {
            same = upper(name[i]) == id[i];
        }
        if (same) {
            return preset;
        }
    }
    return std::nullopt;
}

}  // namespace tbg::sim
