// The bank at one instant: a summary of every pack slot and the aggregates over the online packs.
//
// A plain value (no pointers into the packs), so it can be copied to other threads or kept as "previous". Only
// fresh data enters it: a pack whose analog group is stale is not online and contributes to no aggregate. For an
// online pack the last 0x44 blocking and the last plausible 0x47 limits are used whatever their age (they only
// restrict; forgetting them would raise a limit), the 0x44 status bits only while fresh. Aggregate fields are
// meaningful only when modules_online > 0 (and their *_valid flag, where one exists, is true).
//
// Positions: `pack` is the RS485 address 0…15; `cell` and `sensor` are 1-based numbers within the pack.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "core/bank/bank_config.h"
#include "core/bank/blocking.h"
#include "core/topband/decoders.h"

namespace tbg::bank {

enum class SocBasis : std::uint8_t {
    kNone,      // no SOC known
    kCapacity,  // remaining / full capacity
    kBms,       // the BMS's own SOC byte (capacities missing)
    kMixed,     // bank only: some packs by capacity, some by BMS SOC
};

struct CellExtreme {
    std::uint16_t voltage_mV = 0;
    std::uint8_t pack = 0;
    std::uint8_t cell = 0;
};

struct TemperatureExtreme {
    std::int16_t temp_dC = 0;
    std::uint8_t pack = 0;
    std::uint8_t sensor = 0;
};

struct PackSummary {
    std::uint8_t address = 0;
    bool known = false;              // answered at least once (0x42) or expected by BankConfig::expected_packs_mask
    bool seen = false;               // 0x42 received at least once
    bool online = false;             // 0x42 fresh
    bool alarm_seen = false;         // online and a 0x44 reply received at least once
    bool alarm_fresh = false;        // the last 0x44 reply is within alarm_max_age_s (display)
    std::uint64_t alarm_age_ms = 0;  // meaningful when alarm_seen
    bool parameters_usable = false;  // a plausible 0x47 reply received (any age); `parameters` is then valid
    bool parameters_fresh = false;   // the last 0x47 reply is within parameters_max_age_s (display)
    std::uint64_t parameters_age_ms = 0;  // age of the last 0x47 reply, meaningful when it was received
    bool parameters_implausible = false;  // 0x47 fresh but at least one field outside its plausibility window
    std::uint64_t analog_age_ms = 0;      // meaningful when seen

    // From the last 0x42 reply; valid when online (cell_count is kept from the last reply while stale).
    std::uint8_t cell_count = 0;
    CellExtreme min_cell;  // pack field equals address
    CellExtreme max_cell;
    std::uint8_t cell_temp_count = 0;  // sensors treated as cell sensors (cell-group or unknown role)
    TemperatureExtreme min_temp;       // over cell sensors only; valid when cell_temp_count > 0
    TemperatureExtreme max_temp;
    std::uint16_t voltage_10mV = 0;  // pack voltage, or the sum of its cells when the reply lacks it
    bool voltage_from_cells = false;
    std::int32_t current_10mA = 0;  // + = charging; 0 when the reply lacks it
    bool has_capacity = false;      // remaining and full capacity present, full > 0
    std::uint32_t remaining_10mAh = 0;
    std::uint32_t full_10mAh = 0;
    SocBasis soc_basis = SocBasis::kNone;
    std::uint16_t soc_centipct = 0;  // 0…10000
    bool soh_valid = false;
    std::uint8_t soh_pct = 0;  // 0…100
    std::uint16_t cycles = 0;

    // blocking from the last 0x44 reply when alarm_seen (sticky until a newer reply clears it, whatever its age);
    // the status bits only when alarm_fresh (else no bits).
    PackBlocking blocking;
    std::uint8_t status_byte_count = 0;
    std::array<std::uint8_t, topband::kMaxStatusBytes> status_bytes{};
    bool status_bit(std::size_t bit) const {
        return bit / 8 < status_byte_count && ((static_cast<unsigned>(status_bytes[bit / 8]) >> (bit % 8)) & 1U) != 0;
    }

    // The last plausible 0x47 reply when parameters_usable (whatever its age: its limits only tighten).
    topband::SystemParameters parameters{};
};

struct BankSnapshot {
    std::uint64_t now_ms = 0;
    std::array<PackSummary, kMaxPacks> packs{};

    // Module counts (0x372). Online includes blocking packs; offline = known but not online.
    std::uint8_t modules_online = 0;
    std::uint8_t modules_offline = 0;
    std::uint8_t modules_blocking_charge = 0;
    std::uint8_t modules_blocking_discharge = 0;

    // Newest 0x42 reception over all packs, fresh or not; valid when any_analog.
    bool any_analog = false;
    std::uint64_t last_analog_ms = 0;

    // Aggregates over online packs.
    std::uint8_t cells_in_series = 0;  // the smallest cell count; packs in parallel should all have the same
    bool mixed_cell_counts = false;    // online packs report different cell counts (a configuration error)
    std::uint16_t voltage_10mV = 0;    // mean pack voltage
    std::uint16_t min_pack_voltage_10mV = 0;
    std::uint16_t max_pack_voltage_10mV = 0;
    std::uint8_t min_pack_voltage_address = 0;
    std::uint8_t max_pack_voltage_address = 0;
    std::int32_t current_10mA = 0;  // sum, + = charging
    std::int32_t current_dA = 0;    // the same, rounded to 0.1 A
    std::int32_t power_W = 0;       // sum of pack voltage × pack current, + = charging
    std::int64_t power_100uW = 0;   // the same in 0.1 mW (what the energy counter integrates)
    CellExtreme min_cell;
    CellExtreme max_cell;
    std::uint16_t cell_spread_mV = 0;  // max_cell − min_cell
    bool temp_valid = false;           // at least one cell sensor online
    TemperatureExtreme min_temp;       // cell sensors only (cell-group or unknown role)
    TemperatureExtreme max_temp;
    std::uint8_t packs_without_cell_temp = 0;  // online packs that report no cell sensor at all
    bool soc_valid = false;
    SocBasis soc_basis = SocBasis::kNone;
    std::uint16_t soc_centipct = 0;  // Σremaining / Σfull, see aggregate.h for the fallback
    bool soh_valid = false;
    std::uint8_t soh_pct = 0;                    // capacity-weighted
    std::uint32_t installed_capacity_10mAh = 0;  // Σ full capacity
    std::uint32_t available_capacity_10mAh = 0;  // Σ remaining capacity
    // OR of the status bytes of every online pack with fresh 0x44 data.
    std::uint8_t status_byte_count = 0;
    std::array<std::uint8_t, topband::kMaxStatusBytes> status_bytes{};
    bool any_status_bit(std::size_t bit) const {
        return bit / 8 < status_byte_count && ((static_cast<unsigned>(status_bytes[bit / 8]) >> (bit % 8)) & 1U) != 0;
    }

    // Energy through the bank since the counters were started or restored (Bank::restore_energy).
    std::uint64_t charged_Wh = 0;
    std::uint64_t discharged_Wh = 0;
};

}  // namespace tbg::bank
