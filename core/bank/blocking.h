// Whether a pack's BMS blocks charge or discharge, judged from its 0x44 status bits (topband-rs485.md §9).
//
// A direction is blocked when its MOSFET reports off (bit 9 charge / bit 10 discharge clear; read only when the
// reply carries at least two status bytes) or when a protection or fault bit acting on that direction is set:
//   charge:    0 cell OV prot, 2 charge OC prot, 6 cell temp prot (charge), 49 balancer NTC prot, 51 charge MOSFET
//              fault, 54 NTC fault, 58 pack OV prot, 61 charge MOSFET forced off, 63 environment NTC prot (charge)
//   discharge: 4 discharge OC 1 prot, 5 cell temp prot (discharge), 12 cell UV prot, 13 pack UV prot, 28 cell voltage
//              low forced prot, 50 discharge MOSFET fault, 56 discharge OC 2 prot, 60 discharge MOSFET forced off,
//              62 environment NTC prot (discharge)
//   both:      11 short circuit, 14 reverse connection, 30 aerosol triggered, 52 current sensor fault, 53 AFE fault,
//              55 cell fault, 59 MOSFET NTC prot
// Pure function, no allocation.
#pragma once

#include <cstdint>

#include "core/topband/decoders.h"

namespace tbg::bank {

inline constexpr std::uint8_t kNoBit = 0xFF;

struct PackBlocking {
    bool charge = false;
    bool discharge = false;
    // The lowest-numbered protection or fault bit set for the direction; when none is set but the MOSFET reports
    // off, its state bit (9 or 10, then clear, not set); kNoBit when the direction is not blocked.
    std::uint8_t charge_bit = kNoBit;
    std::uint8_t discharge_bit = kNoBit;
};

PackBlocking pack_blocking(const topband::AlarmInfo& info);

// Human-readable cause for a bit returned in PackBlocking: "charge MOSFET off", "discharge MOSFET off", or the
// status bit's name from the decoder's table ("cell over-voltage protection", …).
std::string_view blocking_cause(std::uint8_t bit);

}  // namespace tbg::bank
