// Translates one bank snapshot and the controller's decision into the encoders' input (can::BmsInputs).
//
// Pure; no allocation. The 0x35A levels are copied condition by condition (both enumerations follow the wire
// order of victron-can-bms.md §3.4). The battery temperature of 0x356 is the highest cell temperature: the value
// that matters for charging decisions, so the GX shows the temperature closest to a limit.
#pragma once

#include <string_view>

#include "core/bank/bank_snapshot.h"
#include "core/can/bms_inputs.h"
#include "core/control/control_output.h"

namespace tbg::app {

struct Identity {
    std::string_view manufacturer = "TOPBAND";      // 0x35E, at most 8 characters
    std::string_view bms_name = "TOPBAND-GATEWAY";  // 0x370/0x371, at most 16 characters
};

can::BmsInputs make_bms_inputs(const bank::BankSnapshot& snapshot, const control::ControlOutput& output,
                               const Identity& identity);

// Position labels: "P2C07" (pack address 2, cell 7), "P2T3" (pack 2, sensor 3).
can::Text8 cell_label(std::uint8_t pack, std::uint8_t cell);
can::Text8 sensor_label(std::uint8_t pack, std::uint8_t sensor);

}  // namespace tbg::app
