// BMS frame encoders for a Victron GX, Pylontech-protocol inverters and an SMA Sunny Island
// (shared/protocols/victron-can-bms.md §3, §9, §10; docs/can-protocols.md lists every field and its source).
//
// Pure functions: each replaces the contents of `out` with one complete set of frames, 0x351 first, in the order
// they should go on the bus. Every frame is an 11-bit data frame with DLC 8, little-endian integers and zero
// padding. No allocation, no I/O.
//
// Clamping: every value is clamped to the range of its field before it is written, so a negative value never wraps
// into an unsigned field and an out-of-range value is sent as the nearest representable one. Signed fields are
// clamped to −32767…32767 so that no value can turn into the 0x8000 invalid marker by accident.
//
// Unknown values (BmsInputs::*_valid = false):
//   field                    Victron                   Pylontech              SMA
//   SOH                      100 %                     100 %                  0xFFFF (SI default 100 %)
//   battery temperature      0x8000                    0x8000                 0x8000
//   cell extremes            0x373–0x377 omitted       (not sent)             (not sent)
//   capacities               0x35F, 0x379 omitted      (not sent)             0x35F capacity 0xFFFF
//   energy                   0x378 omitted             (not sent)             (not sent)
//   firmware                 0x35F bytes 2-3 0 0       (not sent)             0x35F bytes 2-3 0xFF 0xFF
//
// 0x35A: each condition's Level becomes an alarm pair and a warning pair (numeric pair values 0 = not reported,
// 1 = active / raised, 2 = OK / cleared, §3.4):
//   kNotSupported  alarm 0, warning 0
//   kOk            alarm 2, warning 2
//   kWarning       alarm 2, warning 1
//   kAlarm         alarm 1, warning 1 (has_warning_stage) or 2 (contactor, short circuit, BMS internal failure)
// Reserved pairs (byte 3 and 7, bits 2-7) are always 0.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "core/can/bms_inputs.h"
#include "core/can/can_frame.h"

namespace tbg::can {

enum class Protocol : std::uint8_t {
    kVictron,    // Victron GX "CAN-bus BMS" (§2, §3)
    kPylontech,  // Pylontech low-voltage CAN V1.2 (§9)
    kSma,        // SMA Sunny Island external BMS (§10)
};

std::string_view to_string(Protocol protocol);                      // "victron", "pylontech", "sma"
std::optional<Protocol> protocol_from_string(std::string_view id);  // inverse of to_string()

// Frame identifiers (§2).
namespace ids {
inline constexpr std::uint16_t kSmaQuickStop = 0x00F;
inline constexpr std::uint16_t kLimits = 0x351;
inline constexpr std::uint16_t kSoc = 0x355;
inline constexpr std::uint16_t kMeasurements = 0x356;
inline constexpr std::uint16_t kPylonFlags = 0x359;
inline constexpr std::uint16_t kAlarms = 0x35A;
inline constexpr std::uint16_t kEvents = 0x35B;
inline constexpr std::uint16_t kPylonRequests = 0x35C;
inline constexpr std::uint16_t kManufacturer = 0x35E;
inline constexpr std::uint16_t kInfo = 0x35F;
inline constexpr std::uint16_t kBmsName1 = 0x370;
inline constexpr std::uint16_t kBmsName2 = 0x371;
inline constexpr std::uint16_t kModules = 0x372;
inline constexpr std::uint16_t kCellExtremes = 0x373;
inline constexpr std::uint16_t kMinCellVoltageLabel = 0x374;
inline constexpr std::uint16_t kMaxCellVoltageLabel = 0x375;
inline constexpr std::uint16_t kMinCellTempLabel = 0x376;
inline constexpr std::uint16_t kMaxCellTempLabel = 0x377;
inline constexpr std::uint16_t kEnergy = 0x378;
inline constexpr std::uint16_t kInstalledCapacity = 0x379;
inline constexpr std::uint16_t kFamily = 0x382;
}  // namespace ids

// Largest number of frames each encoder emits (all fit in FrameSet::kCapacity).
inline constexpr std::size_t kVictronMaxFrames = 18;
inline constexpr std::size_t kPylontechFrames = 6;
inline constexpr std::size_t kSmaFrames = 7;
static_assert(kVictronMaxFrames <= FrameSet::kCapacity);

// Victron: 0x351, 0x355, 0x356, 0x35A, 0x35B, 0x35E, 0x35F, 0x370, 0x371, 0x372, 0x373, 0x374, 0x375, 0x376, 0x377,
// 0x378, 0x379, 0x382; optional frames omitted as described above (0x370/0x371 when bms_name is empty, 0x382 when
// family is empty). The four minimal frames 0x351, 0x355, 0x356, 0x35A and 0x35E are always sent.
void encode_victron(const BmsInputs& inputs, FrameSet& out);

// Pylontech V1.2: 0x351 (with DVL in bytes 6-7), 0x355 (bytes 4-7 zero), 0x356, 0x359, 0x35C, 0x35E (manufacturer
// padded with spaces, as "PYLON   "). 0x359 byte 4 is modules_online clamped to 1…255, bytes 5-6 are "PN".
void encode_pylontech(const BmsInputs& inputs, FrameSet& out);

// SMA Sunny Island: 0x351, 0x355, 0x356, 0x35A, 0x35B, 0x35E, 0x35F, the only IDs the SI accepts from a BMS. CVL is
// clamped to 41.0…63.0 V, CCL and DCL to 0…1200.0 A, DVL to 41.0…48.0 V (the SI silently drops values outside these
// ranges and keeps the last good one, §10).
void encode_sma(const BmsInputs& inputs, FrameSet& out);

void encode(Protocol protocol, const BmsInputs& inputs, FrameSet& out);

// Pair values of one 0x35A condition for `level` (table above).
inline constexpr std::uint8_t kPairNotReported = 0;
inline constexpr std::uint8_t kPairActive = 1;
inline constexpr std::uint8_t kPairOk = 2;
std::uint8_t alarm_pair(Level level, Condition condition);
std::uint8_t warning_pair(Level level, Condition condition);

// True when a GX would recognise `name`, sent in 0x35E or 0x382, as a known product and apply that product's
// charge behaviour or forced settings instead of the values we send (§7). Matching is a case-insensitive prefix
// match, which errs on the side of warning. When true and `reason` is not null, *reason receives a one-line
// explanation (static storage).
bool name_triggers_gx_quirk(std::string_view name, std::string_view* reason = nullptr);

}  // namespace tbg::can
