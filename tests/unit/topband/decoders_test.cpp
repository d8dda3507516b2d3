// Typed INFO decoders (core/topband/decoders.h) against shared/protocols/topband-rs485.md §5, §8 and §9.
#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/topband/decoders.h"

namespace tbg::topband {
namespace {

// Big-endian INFO builder.
class Info {
public:
    Info& u8(unsigned value) {
        bytes_.push_back(static_cast<std::uint8_t>(value & 0xFFU));
        return *this;
    }
    Info& u16(unsigned value) {
        u8(value >> 8);
        return u8(value);
    }
    Info& s16(int value) { return u16(static_cast<unsigned>(static_cast<std::uint16_t>(value))); }
    Info& u24(unsigned value) {
        u8(value >> 16);
        return u16(value & 0xFFFFU);
    }
    Info& append(const Info& other) {
        bytes_.insert(bytes_.end(), other.bytes_.begin(), other.bytes_.end());
        return *this;
    }
    std::span<const std::uint8_t> span() const { return bytes_; }
    std::size_t size() const { return bytes_.size(); }
    Info prefix(std::size_t size) const {
        Info out;
        out.bytes_.assign(bytes_.begin(), bytes_.begin() + static_cast<std::ptrdiff_t>(size));
        return out;
    }

private:
    std::vector<std::uint8_t> bytes_;
};

std::string error_of(DecodeError error) {
    return std::string(to_string(error));
}

// --- 0x42 analog (§8.1) ---------------------------------------------------------------------------------------------

Info analog_head(unsigned pack_id, const std::vector<unsigned>& cells, const std::vector<unsigned>& temps) {
    Info info;
    info.u8(pack_id).u8(static_cast<unsigned>(cells.size()));
    for (const unsigned c : cells) {
        info.u16(c);
    }
    info.u8(static_cast<unsigned>(temps.size()));
    for (const unsigned t : temps) {
        info.u16(t);
    }
    return info;
}

// current −1.50 A, 48.00 V, 19.50 Ah, UDI 5, 30.00 Ah, 42 cycles, SOC 65, SOH 100, custom 7 and 9: 15 bytes.
Info full_tail() {
    Info tail;
    tail.s16(-150).u16(4800).u16(1950).u8(5).u16(3000).u16(42).u8(65).u8(100).u8(7).u8(9);
    return tail;
}

void expect_full_tail(const AnalogValues& a) {
    ASSERT_TRUE(a.current_10mA.has_value());
    EXPECT_EQ(*a.current_10mA, -150);
    ASSERT_TRUE(a.pack_voltage_10mV.has_value());
    EXPECT_EQ(*a.pack_voltage_10mV, 4800);
    ASSERT_TRUE(a.remaining_10mAh.has_value());
    EXPECT_EQ(*a.remaining_10mAh, 1950U);
    ASSERT_TRUE(a.udi.has_value());
    EXPECT_EQ(*a.udi, 5);
    ASSERT_TRUE(a.full_10mAh.has_value());
    EXPECT_EQ(*a.full_10mAh, 3000U);
    ASSERT_TRUE(a.cycles.has_value());
    EXPECT_EQ(*a.cycles, 42);
    ASSERT_TRUE(a.bms_soc_pct.has_value());
    EXPECT_EQ(*a.bms_soc_pct, 65);
    ASSERT_TRUE(a.soh_pct.has_value());
    EXPECT_EQ(*a.soh_pct, 100);
    ASSERT_TRUE(a.custom1.has_value());
    EXPECT_EQ(*a.custom1, 7);
    ASSERT_TRUE(a.custom2.has_value());
    EXPECT_EQ(*a.custom2, 9);
    EXPECT_FALSE(a.extended_capacity);
}

TEST(DecodeAnalog, OneCellNoSensors) {
    const Info info = analog_head(0x07, {3312}, {}).append(full_tail());
    AnalogValues a;
    ASSERT_EQ(error_of(decode_analog(info.span(), a)), "ok");
    EXPECT_EQ(a.pack_id, 0x07);
    EXPECT_EQ(a.cell_count, 1);
    EXPECT_EQ(a.cell_mV[0], 3312);
    EXPECT_EQ(a.temp_count, 0);
    expect_full_tail(a);
    EXPECT_EQ(a.trailing_bytes, 0U);
}

TEST(DecodeAnalog, ThirtyTwoCellsSixteenSensors) {
    std::vector<unsigned> cells;
    std::vector<unsigned> temps;
    for (unsigned i = 0; i < 32; ++i) {
        cells.push_back(3000 + i * 7);
    }
    for (unsigned i = 0; i < 16; ++i) {
        temps.push_back(2531 + i * 25);
    }
    const Info info = analog_head(0x0F, cells, temps).append(full_tail()).u8(0xAA).u8(0xBB).u8(0xCC);
    AnalogValues a;
    ASSERT_EQ(error_of(decode_analog(info.span(), a)), "ok");
    EXPECT_EQ(a.pack_id, 0x0F);
    ASSERT_EQ(a.cell_count, 32);
    for (std::size_t i = 0; i < 32; ++i) {
        EXPECT_EQ(a.cell_mV[i], cells[i]) << i;
    }
    ASSERT_EQ(a.temp_count, 16);
    for (std::size_t i = 0; i < 16; ++i) {
        EXPECT_EQ(a.temp_raw_dK[i], temps[i]) << i;
        EXPECT_EQ(a.temperature_dC(i), static_cast<int>(temps[i]) - 2731) << i;
    }
    expect_full_tail(a);
    EXPECT_EQ(a.trailing_bytes, 3U) << "unknown trailing bytes are tolerated and counted";
}

TEST(DecodeAnalog, EveryPrefixOfTheTail) {
    const Info head = analog_head(0, {3200, 3201, 3199, 3200}, {2981, 2982});
    const Info tail = full_tail();
    // Field ends inside the 15-byte tail: current 2, voltage 4, remaining 6, UDI 7, full 9, cycles 11, SOC 12, SOH 13,
    // custom1 14, custom2 15.
    const std::set<std::size_t> boundaries = {0, 2, 4, 6, 7, 9, 11, 12, 13, 14, 15};
    for (std::size_t size = 0; size <= tail.size(); ++size) {
        SCOPED_TRACE("tail bytes: " + std::to_string(size));
        Info info = head;
        info.append(tail.prefix(size));
        AnalogValues a;
        const DecodeError error = decode_analog(info.span(), a);
        if (!boundaries.contains(size)) {
            // A u16 cut in half.
            EXPECT_EQ(error_of(error), "info_too_short");
            continue;
        }
        ASSERT_EQ(error_of(error), "ok");
        EXPECT_EQ(a.cell_count, 4);
        EXPECT_EQ(a.temp_count, 2);
        EXPECT_EQ(a.current_10mA.has_value(), size >= 2);
        EXPECT_EQ(a.pack_voltage_10mV.has_value(), size >= 4);
        EXPECT_EQ(a.remaining_10mAh.has_value(), size >= 6);
        EXPECT_EQ(a.udi.has_value(), size >= 7);
        EXPECT_EQ(a.full_10mAh.has_value(), size >= 9);
        EXPECT_EQ(a.cycles.has_value(), size >= 11);
        EXPECT_EQ(a.bms_soc_pct.has_value(), size >= 12);
        EXPECT_EQ(a.soh_pct.has_value(), size >= 13);
        EXPECT_EQ(a.custom1.has_value(), size >= 14);
        EXPECT_EQ(a.custom2.has_value(), size >= 15);
        EXPECT_EQ(a.trailing_bytes, 0U);
        if (size >= 2) {
            EXPECT_EQ(*a.current_10mA, -150);
        }
        if (size >= 11) {
            EXPECT_EQ(*a.cycles, 42);
        }
        if (size == 15) {
            expect_full_tail(a);
        }
    }
}

TEST(DecodeAnalog, CutInsideCellsOrTemperatures) {
    const Info full = analog_head(0, {3200, 3201, 3199}, {2981, 2982, 2983});
    // Header sizes: id 1, M 2, cells 2+6 = 8, N 9, temps 9+6 = 15.
    for (std::size_t size = 0; size < full.size(); ++size) {
        AnalogValues a;
        EXPECT_EQ(error_of(decode_analog(full.prefix(size).span(), a)), "info_too_short") << "size " << size;
    }
    AnalogValues a;
    EXPECT_EQ(error_of(decode_analog(full.span(), a)), "ok") << "no tail at all is acceptable";
    EXPECT_FALSE(a.current_10mA.has_value());
}

TEST(DecodeAnalog, BadCellCount) {
    AnalogValues a;
    Info zero;
    zero.u8(0).u8(0).u8(0).append(full_tail());
    EXPECT_EQ(error_of(decode_analog(zero.span(), a)), "bad_cell_count");
    std::vector<unsigned> cells33(33, 3300);
    const Info thirty_three = analog_head(0, cells33, {2981}).append(full_tail());
    EXPECT_EQ(error_of(decode_analog(thirty_three.span(), a)), "bad_cell_count");
    std::vector<unsigned> cells255(255, 3300);
    const Info many = analog_head(0, cells255, {}).append(full_tail());
    EXPECT_EQ(error_of(decode_analog(many.span(), a)), "bad_cell_count");
}

TEST(DecodeAnalog, BadTempCount) {
    AnalogValues a;
    const Info seventeen = analog_head(0, {3300, 3301}, std::vector<unsigned>(17, 2981)).append(full_tail());
    EXPECT_EQ(error_of(decode_analog(seventeen.span(), a)), "bad_temp_count");
    const Info sixteen = analog_head(0, {3300, 3301}, std::vector<unsigned>(16, 2981)).append(full_tail());
    EXPECT_EQ(error_of(decode_analog(sixteen.span(), a)), "ok");
}

TEST(DecodeAnalog, ExtendedCapacityEscape) {
    // §8.1: remaining = full = 0xFFFF → u24 remaining and full after the cycle count; SOC/SOH are not read.
    Info info = analog_head(2, {3200, 3200, 3200}, {2981});
    info.s16(0).u16(5098).u16(0xFFFF).u8(4).u16(0xFFFF).u16(2).u24(51800).u24(74000).u8(0x41).u8(0x64);
    AnalogValues a;
    ASSERT_EQ(error_of(decode_analog(info.span(), a)), "ok");
    EXPECT_TRUE(a.extended_capacity);
    ASSERT_TRUE(a.remaining_10mAh.has_value());
    EXPECT_EQ(*a.remaining_10mAh, 51800U);
    ASSERT_TRUE(a.full_10mAh.has_value());
    EXPECT_EQ(*a.full_10mAh, 74000U);
    ASSERT_TRUE(a.cycles.has_value());
    EXPECT_EQ(*a.cycles, 2);
    ASSERT_TRUE(a.udi.has_value());
    EXPECT_EQ(*a.udi, 4);
    EXPECT_FALSE(a.bms_soc_pct.has_value()) << "bytes after the u24 capacities are not SOC";
    EXPECT_FALSE(a.soh_pct.has_value());
    EXPECT_FALSE(a.custom1.has_value());
    EXPECT_FALSE(a.custom2.has_value());
    EXPECT_EQ(a.trailing_bytes, 2U);
    const AnalogValues::Soc soc = a.soc();
    EXPECT_EQ(soc.source, SocSource::kCapacity);
    EXPECT_EQ(soc.value_centipct, 7000);  // 51800 / 74000
}

TEST(DecodeAnalog, ExtendedCapacityCutInsideU24) {
    Info head = analog_head(2, {3200}, {});
    head.s16(0).u16(5098).u16(0xFFFF).u8(4).u16(0xFFFF).u16(2);
    Info u24s;
    u24s.u24(51800).u24(74000);
    for (const std::size_t size : {1U, 2U, 4U, 5U}) {
        Info info = head;
        info.append(u24s.prefix(size));
        AnalogValues a;
        EXPECT_EQ(error_of(decode_analog(info.span(), a)), "info_too_short") << size << " bytes of u24";
    }
}

TEST(DecodeAnalog, OnlyOneCapacityAt0xFFFFIsNoEscape) {
    Info info = analog_head(0, {3200}, {});
    info.s16(0).u16(5098).u16(0xFFFF).u8(5).u16(0xFFFE).u16(2).u8(80).u8(99);
    AnalogValues a;
    ASSERT_EQ(error_of(decode_analog(info.span(), a)), "ok");
    EXPECT_FALSE(a.extended_capacity);
    EXPECT_EQ(a.remaining_10mAh, std::optional<std::uint32_t>(0xFFFF));
    EXPECT_EQ(a.full_10mAh, std::optional<std::uint32_t>(0xFFFE));
    EXPECT_EQ(a.bms_soc_pct, std::optional<std::uint8_t>(80));
    EXPECT_EQ(a.soh_pct, std::optional<std::uint8_t>(99));
}

TEST(DecodeAnalog, NegativeTemperatures) {
    const Info info = analog_head(0, {3200}, {2631, 2731, 2730, 2000, 0, 2732});
    AnalogValues a;
    ASSERT_EQ(error_of(decode_analog(info.span(), a)), "ok");
    EXPECT_EQ(a.temperature_dC(0), -100);  // −10.0 °C
    EXPECT_EQ(a.temperature_dC(1), 0);
    EXPECT_EQ(a.temperature_dC(2), -1);
    EXPECT_EQ(a.temperature_dC(3), -731);
    EXPECT_EQ(a.temperature_dC(4), -2731);
    EXPECT_EQ(a.temperature_dC(5), 1);
    static_assert(temperature_dC(2731) == 0);
    static_assert(temperature_dC(2531) == -200);
    EXPECT_EQ(kTemperatureZeroRaw, 2731);
}

TEST(DecodeAnalog, HotRawValuesNeverTurnNegative) {
    // §5: °C = (raw − 2731) / 10, so every raw value above 2731 is above 0 °C. A u16 raw value up to 65535 means up to
    // +6280.4 °C; whatever the library does with values it cannot represent, it must not report them as sub-zero
    // (a wrapped value would look like a cold cell to charge control).
    EXPECT_EQ(temperature_dC(35498), 32767);
    for (const std::uint16_t raw : {std::uint16_t{35499}, std::uint16_t{40000}, std::uint16_t{65535}}) {
        EXPECT_GT(temperature_dC(raw), 0) << "raw " << raw;
    }
}

TEST(DecodeAnalog, FillsTemperatureRoles) {
    const Info info = analog_head(0, std::vector<unsigned>(15, 3200), std::vector<unsigned>(7, 2981));
    AnalogValues a;
    ASSERT_EQ(error_of(decode_analog(info.span(), a)), "ok");
    EXPECT_TRUE(a.temp_roles.likely);
    EXPECT_EQ(a.temp_roles.role[4], TemperatureRole::kBalancer);
    EXPECT_EQ(a.temp_roles.role[6], TemperatureRole::kMosfet);
}

// --- soc() ----------------------------------------------------------------------------------------------------------

AnalogValues with_soc(std::optional<std::uint8_t> bms, std::optional<std::uint32_t> remaining,
                      std::optional<std::uint32_t> full) {
    AnalogValues a;
    a.bms_soc_pct = bms;
    a.remaining_10mAh = remaining;
    a.full_10mAh = full;
    return a;
}

TEST(Soc, BmsValuePreferredWhenInRange) {
    for (const unsigned pct : {0U, 1U, 50U, 65U, 99U, 100U}) {
        const auto soc = with_soc(static_cast<std::uint8_t>(pct), 1500U, 3000U).soc();
        EXPECT_EQ(soc.source, SocSource::kBms) << pct;
        EXPECT_EQ(soc.value_centipct, pct * 100) << pct;
    }
}

TEST(Soc, CapacityFallbackWhenBmsValueOutOfRange) {
    for (const unsigned pct : {101U, 150U, 255U}) {
        const auto soc = with_soc(static_cast<std::uint8_t>(pct), 1500U, 3000U).soc();
        EXPECT_EQ(soc.source, SocSource::kCapacity) << pct;
        EXPECT_EQ(soc.value_centipct, 5000) << pct;
    }
}

TEST(Soc, CapacityFallbackWhenBmsValueMissing) {
    const auto soc = with_soc(std::nullopt, 750U, 3000U).soc();
    EXPECT_EQ(soc.source, SocSource::kCapacity);
    EXPECT_EQ(soc.value_centipct, 2500);
    const auto full = with_soc(std::nullopt, 3000U, 3000U).soc();
    EXPECT_EQ(full.value_centipct, 10000);
    const auto empty = with_soc(std::nullopt, 0U, 3000U).soc();
    EXPECT_EQ(empty.source, SocSource::kCapacity);
    EXPECT_EQ(empty.value_centipct, 0);
}

TEST(Soc, CapacityRatioStaysWithinRange) {
    // The header promises 0…10000 even when remaining exceeds full.
    const auto soc = with_soc(std::nullopt, 4000U, 3000U).soc();
    EXPECT_EQ(soc.source, SocSource::kCapacity);
    EXPECT_EQ(soc.value_centipct, 10000);
    const auto big = with_soc(std::nullopt, 0xFFFFFFU, 1U).soc();
    EXPECT_EQ(big.value_centipct, 10000);
}

TEST(Soc, NoneWhenNothingUsable) {
    EXPECT_EQ(with_soc(std::nullopt, std::nullopt, std::nullopt).soc().source, SocSource::kNone);
    EXPECT_EQ(with_soc(std::nullopt, 1500U, std::nullopt).soc().source, SocSource::kNone);
    EXPECT_EQ(with_soc(std::nullopt, std::nullopt, 3000U).soc().source, SocSource::kNone);
    EXPECT_EQ(with_soc(std::nullopt, 1500U, 0U).soc().source, SocSource::kNone) << "full = 0 must not divide";
    EXPECT_EQ(with_soc(200, std::nullopt, std::nullopt).soc().source, SocSource::kNone);
    EXPECT_EQ(with_soc(std::nullopt, std::nullopt, std::nullopt).soc().value_centipct, 0);
}

// --- temperature roles (§8.1) ---------------------------------------------------------------------------------------

using Role = TemperatureRole;

void expect_roles(const TemperatureRoles& roles, const std::vector<Role>& expected) {
    for (std::size_t i = 0; i < expected.size(); ++i) {
        EXPECT_EQ(to_string(roles.role[i]), to_string(expected[i])) << "sensor " << i + 1;
    }
}

TEST(TemperatureRoles, SevenSensorsOn15sAnd16s) {
    const std::vector<Role> ld = {Role::kCellGroup, Role::kCellGroup,   Role::kCellGroup, Role::kCellGroup,
                                  Role::kBalancer,  Role::kEnvironment, Role::kMosfet};
    for (const std::size_t cells : {15U, 16U}) {
        const TemperatureRoles roles = temperature_roles(cells, 7);
        expect_roles(roles, ld);
        EXPECT_TRUE(roles.likely) << cells;
    }
}

TEST(TemperatureRoles, SixSensorsOn16s) {
    const TemperatureRoles roles = temperature_roles(16, 6);
    expect_roles(roles, {Role::kCellGroup, Role::kCellGroup, Role::kCellGroup, Role::kCellGroup, Role::kMosfet,
                         Role::kEnvironment});
    EXPECT_FALSE(roles.likely);
}

TEST(TemperatureRoles, TwoSensors) {
    const TemperatureRoles roles = temperature_roles(16, 2);
    expect_roles(roles, {Role::kCellGroup, Role::kCellGroup});
    EXPECT_FALSE(roles.likely);
}

TEST(TemperatureRoles, OtherCounts) {
    // N = groups + 3 on a 24S pack (6 groups): LD's layout, but not the 7-sensor case the header calls likely.
    const TemperatureRoles nine = temperature_roles(24, 9);
    expect_roles(nine, {Role::kCellGroup, Role::kCellGroup, Role::kCellGroup, Role::kCellGroup, Role::kCellGroup,
                        Role::kCellGroup, Role::kBalancer, Role::kEnvironment, Role::kMosfet});
    EXPECT_FALSE(nine.likely);
    // Neither groups + 3 nor groups + 2: cell groups first, the rest unknown.
    const TemperatureRoles ten = temperature_roles(16, 10);
    expect_roles(ten, {Role::kCellGroup, Role::kCellGroup, Role::kCellGroup, Role::kCellGroup, Role::kUnknown,
                       Role::kUnknown, Role::kUnknown, Role::kUnknown, Role::kUnknown, Role::kUnknown});
    EXPECT_FALSE(ten.likely);
    const TemperatureRoles three = temperature_roles(16, 3);
    expect_roles(three, {Role::kCellGroup, Role::kCellGroup, Role::kCellGroup});
    EXPECT_FALSE(temperature_roles(16, 0).likely);
}

TEST(TemperatureRoles, Names) {
    EXPECT_EQ(to_string(Role::kCellGroup), "cell");
    EXPECT_EQ(to_string(Role::kBalancer), "balancer");
    EXPECT_EQ(to_string(Role::kEnvironment), "environment");
    EXPECT_EQ(to_string(Role::kMosfet), "mosfet");
    EXPECT_EQ(to_string(Role::kUnknown), "unknown");
}

// --- 0x44 alarm (§8.2) ----------------------------------------------------------------------------------------------

Info alarm_info(std::size_t cells, std::size_t temps, const std::vector<unsigned>& status) {
    Info info;
    info.u8(0).u8(static_cast<unsigned>(cells));
    for (std::size_t i = 0; i < cells; ++i) {
        info.u8(i == 6 ? 0x01 : 0x00);
    }
    info.u8(static_cast<unsigned>(temps));
    for (std::size_t i = 0; i < temps; ++i) {
        info.u8(i == temps - 1 ? 0x02 : 0x00);
    }
    info.u8(0xF0).u8(0x01).u8(static_cast<unsigned>(status.size()));
    for (const unsigned b : status) {
        info.u8(b);
    }
    return info;
}

TEST(DecodeAlarm, NoStatusBytes) {
    const Info info = alarm_info(15, 7, {});
    ASSERT_EQ(info.size(), 15U + 7U + 0U + 6U);
    AlarmInfo a;
    ASSERT_EQ(error_of(decode_alarm(info.span(), a)), "ok");
    EXPECT_EQ(a.cell_count, 15);
    EXPECT_EQ(a.cell_state[6], 0x01);
    EXPECT_EQ(a.temp_count, 7);
    EXPECT_EQ(a.temp_state[6], 0x02);
    EXPECT_EQ(a.charge_current_state, 0xF0);
    EXPECT_EQ(a.pack_voltage_state, 0x01);
    EXPECT_EQ(a.status_byte_count, 0);
    for (std::size_t bit = 0; bit < 80; ++bit) {
        EXPECT_FALSE(a.status_bit(bit)) << bit;
    }
    EXPECT_EQ(a.trailing_bytes, 0U);
}

TEST(DecodeAlarm, EightStatusBytes) {
    // The constructed vector's field: bits 1, 9, 10, 22.
    const Info info = alarm_info(15, 7, {0x02, 0x06, 0x40, 0, 0, 0, 0, 0x80});
    AlarmInfo a;
    ASSERT_EQ(error_of(decode_alarm(info.span(), a)), "ok");
    EXPECT_EQ(a.status_byte_count, 8);
    const std::set<std::size_t> set = {1, 9, 10, 22, 63};
    for (std::size_t bit = 0; bit < 72; ++bit) {
        EXPECT_EQ(a.status_bit(bit), set.contains(bit)) << bit;
    }
}

TEST(DecodeAlarm, TenStatusBytesMakeBits64To79Readable) {
    const Info info = alarm_info(16, 6, {0, 0, 0, 0, 0, 0, 0, 0, 0x81, 0x80});
    AlarmInfo a;
    ASSERT_EQ(error_of(decode_alarm(info.span(), a)), "ok");
    EXPECT_EQ(a.status_byte_count, 10);
    EXPECT_TRUE(a.status_bit(64));
    EXPECT_TRUE(a.status_bit(71));
    EXPECT_TRUE(a.status_bit(79));
    EXPECT_FALSE(a.status_bit(65));
    EXPECT_FALSE(a.status_bit(78));
    EXPECT_FALSE(a.status_bit(80)) << "beyond the bytes received";
    EXPECT_EQ(a.status_bytes[8], 0x81);
    EXPECT_EQ(a.status_bytes[9], 0x80);
}

TEST(DecodeAlarm, CountsAndLengths) {
    AlarmInfo a;
    const Info full = alarm_info(4, 2, {1, 2, 3});
    for (std::size_t size = 0; size < full.size(); ++size) {
        EXPECT_EQ(error_of(decode_alarm(full.prefix(size).span(), a)), "info_too_short") << size;
    }
    Info extra = full;
    extra.u8(0x55);
    ASSERT_EQ(error_of(decode_alarm(extra.span(), a)), "ok");
    EXPECT_EQ(a.trailing_bytes, 1U);
    EXPECT_EQ(error_of(decode_alarm(alarm_info(0, 2, {}).span(), a)), "bad_cell_count");
    EXPECT_EQ(error_of(decode_alarm(alarm_info(33, 2, {}).span(), a)), "bad_cell_count");
    EXPECT_EQ(error_of(decode_alarm(alarm_info(32, 16, {}).span(), a)), "ok");
    EXPECT_EQ(error_of(decode_alarm(alarm_info(4, 17, {}).span(), a)), "bad_temp_count");
    EXPECT_EQ(error_of(decode_alarm(alarm_info(4, 2, std::vector<unsigned>(32, 0xFF)).span(), a)), "ok");
    EXPECT_TRUE(a.status_bit(255));
    EXPECT_EQ(error_of(decode_alarm(alarm_info(4, 2, std::vector<unsigned>(33, 0)).span(), a)), "bad_status_count");
}

TEST(StateBytes, Names) {
    EXPECT_EQ(state_byte_name(0x00), "normal");
    EXPECT_EQ(state_byte_name(0x01), "below_lower_limit");
    EXPECT_NE(state_byte_name(0x02), "unknown");
    EXPECT_NE(state_byte_name(0xF0), "unknown");
    EXPECT_NE(state_byte_name(0x02), state_byte_name(0xF0));
    EXPECT_EQ(state_byte_name(0x03), "unknown");
    EXPECT_EQ(state_byte_name(0xFF), "unknown");
}

// --- §9 status bits -------------------------------------------------------------------------------------------------

struct SpecBit {
    std::uint8_t bit;
    std::string_view name;  // §9 table, without the "(P)" / "(state)" marks
    bool protection;        // (P): SW's critical mask
};

constexpr SpecBit kSpecBits[] = {
    {0, "cell over-voltage protection", true},
    {1, "cell under-voltage alarm", false},
    {2, "charge over-current protection", true},
    {3, "cell over-voltage alarm", false},
    {4, "discharge over-current 1 protection", true},
    {5, "cell temperature protection (discharge)", true},
    {6, "cell temperature protection (charge)", true},
    {7, "pack under-voltage alarm", false},
    {8, "current limiting active", false},
    {9, "charge MOSFET on", false},
    {10, "discharge MOSFET on", false},
    {11, "short-circuit protection", true},
    {12, "cell under-voltage protection", true},
    {13, "pack under-voltage protection", true},
    {14, "reverse-connection protection", false},
    {15, "SOC low alarm", false},
    {16, "buzzer on", false},
    {17, "charger fault", false},
    {18, "2G module failure", false},
    {19, "fully charged", false},
    {20, "charger connected", false},
    {21, "heater on", false},
    {22, "discharging", false},
    {23, "charging", false},
    {28, "cell voltage low, forced protection", false},
    {29, "disconnector state", false},
    {30, "aerosol (fire suppression) triggered", false},
    {31, "pre-charge on", false},
    {40, "pack over-voltage alarm", false},
    {41, "MOSFET NTC temperature alarm", false},
    {42, "environment NTC low-temperature alarm", false},
    {43, "environment NTC high-temperature alarm", false},
    {44, "cell NTC low-temperature alarm", false},
    {45, "cell NTC high-temperature alarm", false},
    {46, "discharge current alarm", false},
    {47, "charge current alarm", false},
    {48, "balancer NTC temperature alarm", false},
    {49, "balancer NTC temperature protection", false},
    {50, "discharge MOSFET fault", true},
    {51, "charge MOSFET fault", true},
    {52, "current sensor fault", true},
    {53, "AFE fault", true},
    {54, "NTC fault", true},
    {55, "cell fault", true},
    {56, "discharge over-current 2 protection", false},
    {57, "smart charging", false},
    {58, "pack over-voltage protection", true},
    {59, "MOSFET NTC temperature protection", true},
    {60, "discharge MOSFET forced off", false},
    {61, "charge MOSFET forced off", false},
    {62, "environment NTC protection while discharging", false},
    {63, "environment NTC protection while charging", false},
};

// Bytes 8 and 9 (§9 prose, LD comments; no protection marks given).
constexpr SpecBit kSpecBitsByte8And9[] = {
    {64, "request sleep (DTU)", false},
    {65, "battery low-temperature protection", false},
    {66, "battery high-temperature protection", false},
    {67, "large cell-voltage difference alarm", false},
    {68, "MOSFET high-temperature alarm", false},
    {69, "cell ultra-high-temperature protection", false},
    {70, "discharge current limit on", false},
    {71, "SOC low protection", false},
    {72, "large cell-voltage difference protection", false},
    {73, "anti-theft communication enabled", false},
    {74, "anti-theft gyro enabled", false},
    {75, "gyro active", false},
    {76, "gyro locked", false},
    {77, "SOH abnormal alarm", false},
    {78, "gyro fault", false},
    {79, "abnormal current-limit protection", false},
};

bool is_snake_case(std::string_view id) {
    if (id.empty() || id.front() == '_' || id.back() == '_') {
        return false;
    }
    for (const char c : id) {
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
            return false;
        }
    }
    return true;
}

TEST(StatusBits, EveryNamedBitOfSection9) {
    for (const SpecBit& spec : kSpecBits) {
        const StatusBitInfo* info = find_status_bit(spec.bit);
        ASSERT_NE(info, nullptr) << "bit " << int{spec.bit};
        EXPECT_EQ(info->bit, spec.bit);
        EXPECT_EQ(info->name, spec.name) << "bit " << int{spec.bit};
        EXPECT_EQ(info->protection, spec.protection) << "bit " << int{spec.bit} << " (P) mark";
        EXPECT_TRUE(is_snake_case(info->id)) << info->id;
        if (spec.protection) {
            EXPECT_FALSE(info->state) << "bit " << int{spec.bit};
        }
    }
}

TEST(StatusBits, Bytes8And9) {
    for (const SpecBit& spec : kSpecBitsByte8And9) {
        const StatusBitInfo* info = find_status_bit(spec.bit);
        ASSERT_NE(info, nullptr) << "bit " << int{spec.bit};
        EXPECT_EQ(info->name, spec.name) << "bit " << int{spec.bit};
        EXPECT_TRUE(is_snake_case(info->id)) << info->id;
    }
}

TEST(StatusBits, StatesAreMarked) {
    // §9: bits 9, 10, 22 and 23 are states, not alarms.
    for (const std::size_t bit : {9U, 10U, 22U, 23U}) {
        const StatusBitInfo* info = find_status_bit(bit);
        ASSERT_NE(info, nullptr);
        EXPECT_TRUE(info->state) << bit;
        EXPECT_FALSE(info->protection) << bit;
    }
}

TEST(StatusBits, UndefinedBitsHaveNoEntry) {
    for (std::size_t bit = 24; bit <= 27; ++bit) {
        EXPECT_EQ(find_status_bit(bit), nullptr) << bit;
    }
    for (std::size_t bit = 32; bit <= 39; ++bit) {
        EXPECT_EQ(find_status_bit(bit), nullptr) << bit;
    }
    EXPECT_EQ(find_status_bit(80), nullptr);
    EXPECT_EQ(find_status_bit(255), nullptr);
    EXPECT_EQ(find_status_bit(100000), nullptr);
}

TEST(StatusBits, TableIsConsistent) {
    std::set<std::string_view> ids;
    std::set<std::string_view> names;
    std::set<std::size_t> bits;
    for (const StatusBitInfo& info : status_bits()) {
        ids.insert(info.id);
        names.insert(info.name);
        bits.insert(info.bit);
        EXPECT_EQ(find_status_bit(info.bit), &info) << int{info.bit};
        EXPECT_FALSE(info.name.empty());
        EXPECT_TRUE(is_snake_case(info.id)) << info.id;
    }
    EXPECT_EQ(ids.size(), status_bits().size()) << "ids must be unique";
    EXPECT_EQ(names.size(), status_bits().size()) << "names must be unique";
    EXPECT_EQ(bits.size(), status_bits().size()) << "one entry per bit";
    EXPECT_GE(status_bits().size(), std::size(kSpecBits));
}

TEST(StatusBits, NamedConstants) {
    const std::pair<std::uint8_t, std::string_view> constants[] = {
        {bits::kCellOverVoltageProtection, "cell over-voltage protection"},
        {bits::kChargeOverCurrentProtection, "charge over-current protection"},
        {bits::kDischargeOverCurrent1Protection, "discharge over-current 1 protection"},
        {bits::kCellTempProtectionDischarge, "cell temperature protection (discharge)"},
        {bits::kCellTempProtectionCharge, "cell temperature protection (charge)"},
        {bits::kChargeMosfetOn, "charge MOSFET on"},
        {bits::kDischargeMosfetOn, "discharge MOSFET on"},
        {bits::kShortCircuitProtection, "short-circuit protection"},
        {bits::kCellUnderVoltageProtection, "cell under-voltage protection"},
        {bits::kPackUnderVoltageProtection, "pack under-voltage protection"},
        {bits::kFullyCharged, "fully charged"},
        {bits::kDischargeOverCurrent2Protection, "discharge over-current 2 protection"},
        {bits::kPackOverVoltageProtection, "pack over-voltage protection"},
        {bits::kMosfetTempProtection, "MOSFET NTC temperature protection"},
        {bits::kDischargeMosfetForcedOff, "discharge MOSFET forced off"},
        {bits::kChargeMosfetForcedOff, "charge MOSFET forced off"},
    };
    for (const auto& [bit, name] : constants) {
        const StatusBitInfo* info = find_status_bit(bit);
        ASSERT_NE(info, nullptr) << int{bit};
        EXPECT_EQ(info->name, name) << int{bit};
    }
}

// --- 0x47 system parameters (§8.3) ----------------------------------------------------------------------------------

// The constructed vector's INFO: 3.6/2.9/2.5 V, 55/0 °C, 50 A, 54/43.5/37.5 V, 60/−20 °C, 100 A.
Info parameters_info() {
    Info info;
    info.u16(3600).u16(2900).u16(2500).u16(3281).u16(2731).s16(5000);
    info.u16(5400).u16(4350).u16(3750).u16(3331).u16(2531).s16(10000);
    return info;
}

TEST(DecodeSystemParameters, ConstructedVector) {
    SystemParameters p;
    ASSERT_EQ(error_of(decode_system_parameters(parameters_info().span(), p)), "ok");
    EXPECT_EQ(p.cell_high_mV, 3600);
    EXPECT_EQ(p.cell_low_mV, 2900);
    EXPECT_EQ(p.cell_under_mV, 2500);
    EXPECT_EQ(temperature_dC(p.charge_high_temp_raw_dK), 550);
    EXPECT_EQ(temperature_dC(p.charge_low_temp_raw_dK), 0);
    EXPECT_EQ(p.charge_current_max_10mA, 5000);
    EXPECT_EQ(p.pack_high_10mV, 5400);
    EXPECT_EQ(p.pack_low_10mV, 4350);
    EXPECT_EQ(p.pack_under_10mV, 3750);
    EXPECT_EQ(temperature_dC(p.discharge_high_temp_raw_dK), 600);
    EXPECT_EQ(temperature_dC(p.discharge_low_temp_raw_dK), -200);
    EXPECT_EQ(p.discharge_current_max_10mA, 10000);
    EXPECT_EQ(p.trailing_bytes, 0U);
    EXPECT_EQ(implausible_parameters(p), 0U);
}

TEST(DecodeSystemParameters, Lengths) {
    SystemParameters p;
    const Info info = parameters_info();
    for (std::size_t size = 0; size < 24; ++size) {
        EXPECT_EQ(error_of(decode_system_parameters(info.prefix(size).span(), p)), "info_too_short") << size;
    }
    Info longer = info;
    longer.u8(1).u8(2);
    ASSERT_EQ(error_of(decode_system_parameters(longer.span(), p)), "ok");
    EXPECT_EQ(p.trailing_bytes, 2U);
    // Current limits are signed.
    Info negative;
    negative.u16(3600).u16(2900).u16(2500).u16(3281).u16(2731).s16(-5000);
    negative.u16(5400).u16(4350).u16(3750).u16(3331).u16(2531).s16(-1);
    ASSERT_EQ(error_of(decode_system_parameters(negative.span(), p)), "ok");
    EXPECT_EQ(p.charge_current_max_10mA, -5000);
    EXPECT_EQ(p.discharge_current_max_10mA, -1);
}

SystemParameters plausible_parameters() {
    SystemParameters p;
    EXPECT_EQ(error_of(decode_system_parameters(parameters_info().span(), p)), "ok");
    return p;
}

struct Mutation {
    std::size_t field;
    void (*apply)(SystemParameters&);
};

TEST(Plausibility, EachFieldOutsideItsWindowSetsItsBit) {
    // Windows (decoders.h): cell high limit 3.4–4.5 V, other cell limits 2.0–4.5 V, pack high limit 40–65 V, other pack
    // limits 30–65 V, temperatures −40…+100 °C, currents 1–500 A.
    const Mutation mutations[] = {
        {0, [](SystemParameters& p) { p.cell_high_mV = 4501; }},
        {0, [](SystemParameters& p) { p.cell_high_mV = 0; }},
        {0, [](SystemParameters& p) { p.cell_high_mV = 3399; }},  // would pull CVL below an LFP pack's voltage
        {6, [](SystemParameters& p) { p.pack_high_10mV = 3999; }},
        {1, [](SystemParameters& p) { p.cell_low_mV = 1999; }},
        {2, [](SystemParameters& p) { p.cell_under_mV = 1000; }},
        {3, [](SystemParameters& p) { p.charge_high_temp_raw_dK = 3732; }},  // 100.1 °C
        {4, [](SystemParameters& p) { p.charge_low_temp_raw_dK = 2330; }},   // −40.1 °C
        {4, [](SystemParameters& p) { p.charge_low_temp_raw_dK = 0; }},
        {5, [](SystemParameters& p) { p.charge_current_max_10mA = 0; }},
        {5, [](SystemParameters& p) { p.charge_current_max_10mA = 99; }},
        {5, [](SystemParameters& p) { p.charge_current_max_10mA = -5000; }},
        {6, [](SystemParameters& p) { p.pack_high_10mV = 6501; }},
        {7, [](SystemParameters& p) { p.pack_low_10mV = 2999; }},
        {8, [](SystemParameters& p) { p.pack_under_10mV = 0; }},
        {9, [](SystemParameters& p) { p.discharge_high_temp_raw_dK = 0xFFFF; }},
        {10, [](SystemParameters& p) { p.discharge_low_temp_raw_dK = 2000; }},
        {11, [](SystemParameters& p) { p.discharge_current_max_10mA = -10000; }},
        {11, [](SystemParameters& p) { p.discharge_current_max_10mA = 50; }},
    };
    for (const Mutation& m : mutations) {
        SystemParameters p = plausible_parameters();
        m.apply(p);
        EXPECT_EQ(implausible_parameters(p), 1U << m.field) << "field " << m.field;
    }
    SystemParameters all = plausible_parameters();
    all.cell_high_mV = 9000;
    all.pack_under_10mV = 100;
    all.discharge_current_max_10mA = 0;
    EXPECT_EQ(implausible_parameters(all), (1U << 0) | (1U << 8) | (1U << 11));
}

TEST(Plausibility, WindowEdgesArePlausible) {
    SystemParameters p = plausible_parameters();
    p.cell_high_mV = 4500;
    p.cell_low_mV = 2000;
    EXPECT_EQ(implausible_parameters(p), 0U);
    p.cell_high_mV = 3400;
    p.pack_high_10mV = 4000;
    EXPECT_EQ(implausible_parameters(p), 0U);
    p.cell_under_mV = 2000;
    p.charge_high_temp_raw_dK = 3731;  // +100.0 °C
    p.charge_low_temp_raw_dK = 2331;   // −40.0 °C
    p.charge_current_max_10mA = 100;   // 1 A
    p.pack_high_10mV = 6500;
    p.pack_low_10mV = 3000;
    p.pack_under_10mV = 3000;
    p.discharge_high_temp_raw_dK = 3731;
    p.discharge_low_temp_raw_dK = 2331;
    p.discharge_current_max_10mA = 32767;  // 327.67 A, the largest s16
    EXPECT_EQ(implausible_parameters(p), 0U);
}

TEST(Plausibility, ParameterIds) {
    EXPECT_EQ(kSystemParameterCount, 12U);
    EXPECT_EQ(system_parameter_id(0), "cell_high_mV");
    std::set<std::string_view> ids;
    for (std::size_t i = 0; i < kSystemParameterCount; ++i) {
        EXPECT_FALSE(system_parameter_id(i).empty()) << i;
        ids.insert(system_parameter_id(i));
    }
    EXPECT_EQ(ids.size(), kSystemParameterCount);
}

// --- 0x4D / 0x4E date and time (§8.4) -------------------------------------------------------------------------------

Info date_info(unsigned year, unsigned month, unsigned day, unsigned hour, unsigned minute, unsigned second) {
    Info info;
    info.u16(year).u8(month).u8(day).u8(hour).u8(minute).u8(second);
    return info;
}

TEST(DecodeDateTime, CapturedReply) {
    DateTime t;
    ASSERT_EQ(error_of(decode_date_time(date_info(2026, 2, 25, 13, 24, 11).span(), t)), "ok");
    EXPECT_EQ(t.year, 2026);
    EXPECT_EQ(t.month, 2);
    EXPECT_EQ(t.day, 25);
    EXPECT_EQ(t.hour, 13);
    EXPECT_EQ(t.minute, 24);
    EXPECT_EQ(t.second, 11);
}

TEST(DecodeDateTime, RangeEdges) {
    DateTime t;
    EXPECT_EQ(error_of(decode_date_time(date_info(2026, 1, 1, 0, 0, 0).span(), t)), "ok");
    EXPECT_EQ(error_of(decode_date_time(date_info(2026, 12, 31, 23, 59, 59).span(), t)), "ok");
}

TEST(DecodeDateTime, OutOfRangeFields) {
    DateTime t;
    EXPECT_EQ(error_of(decode_date_time(date_info(2026, 13, 1, 0, 0, 0).span(), t)), "bad_date_time");
    EXPECT_EQ(error_of(decode_date_time(date_info(2026, 0, 1, 0, 0, 0).span(), t)), "bad_date_time");
    EXPECT_EQ(error_of(decode_date_time(date_info(2026, 1, 0, 0, 0, 0).span(), t)), "bad_date_time");
    EXPECT_EQ(error_of(decode_date_time(date_info(2026, 1, 32, 0, 0, 0).span(), t)), "bad_date_time");
    EXPECT_EQ(error_of(decode_date_time(date_info(2026, 1, 1, 24, 0, 0).span(), t)), "bad_date_time");
    EXPECT_EQ(error_of(decode_date_time(date_info(2026, 1, 1, 0, 60, 0).span(), t)), "bad_date_time");
    EXPECT_EQ(error_of(decode_date_time(date_info(2026, 1, 1, 0, 0, 60).span(), t)), "bad_date_time");
    // BCD-looking values are binary (§5): 0x25 = 37 is no day.
    EXPECT_EQ(error_of(decode_date_time(date_info(2026, 0x02, 0x37, 0x13, 0x24, 0x11).span(), t)), "bad_date_time");
}

TEST(DecodeDateTime, Lengths) {
    DateTime t;
    const Info info = date_info(2026, 2, 25, 13, 24, 11);
    for (std::size_t size = 0; size < 7; ++size) {
        EXPECT_EQ(error_of(decode_date_time(info.prefix(size).span(), t)), "info_too_short") << size;
    }
}

// --- 0x4B history (§8.5) --------------------------------------------------------------------------------------------

TEST(HistoryTemperature, PlusTwoThousandFiveHundredSixtyQuirk) {
    EXPECT_EQ(history_temperature_dC(5271), -20);   // −2.0 °C
    EXPECT_EQ(history_temperature_dC(5121), -170);  // −17.0 °C
    EXPECT_EQ(history_temperature_dC(2981), 250);
    EXPECT_EQ(history_temperature_dC(2901), 170);
    EXPECT_EQ(history_temperature_dC(2731), 0);
    EXPECT_EQ(history_temperature_dC(3731), 1000) << "+100.0 °C is not corrected";
    EXPECT_EQ(history_temperature_dC(3732), 3732 - 2560 - 2731);
}

Info history_info(unsigned value_count, const std::vector<unsigned>& values) {
    Info info;
    info.u8(0).u8(1).u16(2023).u8(12).u8(21).u8(10).u8(31).u8(10).u8(0x01);
    info.u8(2).u8(0x4C).u8(0x00);  // S = 2 status bytes
    info.u8(value_count);
    for (const unsigned v : values) {
        info.u16(v);
    }
    return info;
}

TEST(DecodeHistory, QuirkAppliedToRecordTemperatures) {
    std::vector<unsigned> values = {0xFF38, 4800, 1950, 5271, 5121, 2981, 2731, 5231, 2901, 3200, 3201, 0};
    const Info info = history_info(static_cast<unsigned>(values.size()), values);
    HistoryRecord r;
    ASSERT_EQ(error_of(decode_history(info.span(), r)), "ok");
    EXPECT_EQ(r.record_number, 1);
    EXPECT_EQ(r.time.year, 2023);
    EXPECT_EQ(r.time.second, 10);
    EXPECT_EQ(r.event_type, 1);
    ASSERT_EQ(r.status_byte_count, 2);
    EXPECT_EQ(r.status_bytes[0], 0x4C);
    EXPECT_EQ(r.value_count, 12);
    EXPECT_EQ(r.current_10mA, -200);
    EXPECT_EQ(r.pack_voltage_10mV, 4800);
    EXPECT_EQ(r.remaining_10mAh, 1950U);
    ASSERT_EQ(r.cell_temp_count, 4);
    EXPECT_EQ(r.cell_temp_dC[0], -20);
    EXPECT_EQ(r.cell_temp_dC[1], -170);
    EXPECT_EQ(r.cell_temp_dC[2], 250);
    EXPECT_EQ(r.cell_temp_dC[3], 0);
    EXPECT_EQ(r.environment_temp_dC, std::optional<std::int16_t>(-60));
    EXPECT_EQ(r.mosfet_temp_dC, std::optional<std::int16_t>(170));
    ASSERT_EQ(r.cell_slot_count, 3);
    EXPECT_EQ(r.cell_mV[0], 3200);
    EXPECT_EQ(r.cell_mV[1], 3201);
    EXPECT_EQ(r.cell_mV[2], 0);
    EXPECT_EQ(r.trailing_bytes, 0U);
}

TEST(DecodeHistory, ValueCount) {
    HistoryRecord r;
    EXPECT_EQ(error_of(decode_history(history_info(0, {}).span(), r)), "bad_value_count");
    EXPECT_EQ(error_of(decode_history(history_info(2, {1, 2}).span(), r)), "bad_value_count");
    ASSERT_EQ(error_of(decode_history(history_info(3, {320, 4800, 1950}).span(), r)), "ok");
    EXPECT_EQ(r.current_10mA, 320);
    EXPECT_EQ(r.cell_temp_count, 0);
    EXPECT_FALSE(r.environment_temp_dC.has_value());
    EXPECT_FALSE(r.mosfet_temp_dC.has_value());
    EXPECT_EQ(r.cell_slot_count, 0);
    // K promises more values than INFO holds.
    EXPECT_EQ(error_of(decode_history(history_info(5, {1, 2, 3, 4}).span(), r)), "info_too_short");
    // Trailing bytes after the K values are tolerated.
    Info extra = history_info(3, {1, 2, 3});
    extra.u8(9);
    ASSERT_EQ(error_of(decode_history(extra.span(), r)), "ok");
    EXPECT_EQ(r.trailing_bytes, 1U);
}

TEST(DecodeHistory, CutInsideFixedPart) {
    const Info full = history_info(3, {1, 2, 3});
    HistoryRecord r;
    for (std::size_t size = 0; size < full.size(); ++size) {
        EXPECT_EQ(error_of(decode_history(full.prefix(size).span(), r)), "info_too_short") << size;
    }
}

// --- 0x51 manufacturer info (§8.8) ----------------------------------------------------------------------------------

TEST(ManufacturerInfo, RawAsciiWithSpacePadding) {
    const std::string info = "HW-EXAMPLE-000001   0100SN-EXAMPLE-0123456789                   ";
    ASSERT_EQ(info.size(), 64U);
    ManufacturerInfo m;
    decode_manufacturer_info(info, m);
    EXPECT_TRUE(m.raw_ascii);
    EXPECT_EQ(m.hardware(), "HW-EXAMPLE-000001");
    EXPECT_EQ(m.software(), "0100");
    EXPECT_EQ(m.id(), "SN-EXAMPLE-0123456789");
    EXPECT_EQ(m.text(), info);
}

TEST(ManufacturerInfo, RawAsciiWithNulPadding) {
    std::string info = "ET0144-HW2";
    info.append(10, '\0');
    info += "V1.2";
    info += "SERIAL 42";
    info.append(31, '\0');
    ASSERT_EQ(info.size(), 64U);
    ManufacturerInfo m;
    decode_manufacturer_info(info, m);
    EXPECT_TRUE(m.raw_ascii);
    EXPECT_EQ(m.hardware(), "ET0144-HW2");
    EXPECT_EQ(m.software(), "V1.2");
    EXPECT_EQ(m.id(), "SERIAL 42") << "inner spaces stay";
}

TEST(ManufacturerInfo, MixedNulAndSpacePadding) {
    std::string info = "HW";
    info.append(9, ' ');
    info.append(9, '\0');
    info += "01  ";
    info += "ID";
    info.append(20, '\0');
    info.append(18, ' ');
    ASSERT_EQ(info.size(), 64U);
    ManufacturerInfo m;
    decode_manufacturer_info(info, m);
    EXPECT_EQ(m.hardware(), "HW");
    EXPECT_EQ(m.software(), "01");
    EXPECT_EQ(m.id(), "ID");
}

TEST(ManufacturerInfo, HexEncodedSeplosStyle) {
    // SEPi #14: device name "BMS07-LD43", version bytes 01 08, manufacturer "JS-Richpower Co.,Ltd".
    const std::string info =
        "424D5330372D4C443433"
        "0108"
        "4A532D52696368706F77657220436F2E2C4C7464";
    ASSERT_EQ(info.size(), 64U);
    ManufacturerInfo m;
    decode_manufacturer_info(info, m);
    EXPECT_FALSE(m.raw_ascii);
    EXPECT_EQ(m.hardware(), "BMS07-LD43");
    EXPECT_EQ(m.software(), "0108");
    EXPECT_EQ(m.id(), "JS-Richpower Co.,Ltd");
}

TEST(ManufacturerInfo, ShortOrEmptyInfoNeverFails) {
    ManufacturerInfo m;
    decode_manufacturer_info("ABC-1", m);
    EXPECT_TRUE(m.raw_ascii);
    EXPECT_EQ(m.hardware(), "ABC-1");
    EXPECT_TRUE(m.software().empty());
    EXPECT_TRUE(m.id().empty());
    ManufacturerInfo empty;
    decode_manufacturer_info("", empty);
    EXPECT_TRUE(empty.hardware().empty());
    EXPECT_TRUE(empty.software().empty());
    EXPECT_TRUE(empty.id().empty());
}

// --- error ids ------------------------------------------------------------------------------------------------------

TEST(DecodeErrors, StableIds) {
    const DecodeError errors[] = {DecodeError::kNone,         DecodeError::kInfoTooShort,   DecodeError::kBadCellCount,
                                  DecodeError::kBadTempCount, DecodeError::kBadStatusCount, DecodeError::kBadValueCount,
                                  DecodeError::kBadDateTime};
    std::set<std::string_view> ids;
    for (const DecodeError e : errors) {
        EXPECT_TRUE(is_snake_case(to_string(e))) << to_string(e);
        ids.insert(to_string(e));
    }
    EXPECT_EQ(ids.size(), std::size(errors));
    EXPECT_EQ(to_string(DecodeError::kInfoTooShort), "info_too_short");
    EXPECT_EQ(to_string(DecodeError::kBadCellCount), "bad_cell_count");
    EXPECT_EQ(to_string(DecodeError::kBadTempCount), "bad_temp_count");
    EXPECT_EQ(to_string(DecodeError::kBadStatusCount), "bad_status_count");
    EXPECT_EQ(to_string(DecodeError::kBadValueCount), "bad_value_count");
    EXPECT_EQ(to_string(DecodeError::kBadDateTime), "bad_date_time");
}

}  // namespace
}  // namespace tbg::topband
