// Hardware presets of a simulated pack: cell count and temperature sensor count (shared/protocols/topband-rs485.md
// §8.1). 15S/7T is the EET ET0144 layout, 16S/6T the HinaEss/PACE-like one, 16S/7T the 51.2 V rack packs.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace tbg::sim {

enum class Preset : std::uint8_t { k15S7T, k16S6T, k16S7T };

struct PresetShape {
    std::uint8_t cell_count = 0;
    std::uint8_t temp_count = 0;  // cell groups of four cells, then balancer/environment/MOSFET (7T) or MOSFET/env (6T)
    std::uint8_t cell_group_count = 0;
};

PresetShape preset_shape(Preset preset);
std::string_view to_string(Preset preset);                  // "15S7T", "16S6T", "16S7T"
std::optional<Preset> parse_preset(std::string_view name);  // the same names, either case

}  // namespace tbg::sim
