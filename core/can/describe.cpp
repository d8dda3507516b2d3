#include "core/can/describe.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

namespace tbg::can {
namespace {

constexpr std::uint16_t kInvalidS16Bits = 0x8000;

constexpr std::string_view kHexDigits = "0123456789ABCDEF";

std::string hex(std::uint32_t value, std::size_t digits) {
    std::string out(digits, '0');
    for (std::size_t i = 0; i < digits; ++i) {
        out[digits - 1 - i] = kHexDigits[(value >> (4U * i)) & 0xFU];
    }
    return out;
}

// `value` / 10^decimals with exactly `decimals` fractional digits: fixed(-7, 1) == "-0.7".
std::string fixed(std::int64_t value, int decimals) {
    std::uint64_t divisor = 1;
    for (int i = 0; i < decimals; ++i) {
        divisor *= 10;
    }
    const bool negative = value < 0;
    const std::uint64_t magnitude =
        negative ? 0 - static_cast<std::uint64_t>(value) : static_cast<std::uint64_t>(value);
    std::string out = negative ? "-" : "";
    out += std::to_string(magnitude / divisor);
    if (decimals > 0) {
        const std::string fraction = std::to_string(magnitude % divisor);
        out += '.';
        out.append(static_cast<std::size_t>(decimals) - fraction.size(), '0');
        out += fraction;
    }
    return out;
}

// Little-endian reads limited to the first `dlc` bytes.
class Fields {
public:
    explicit Fields(const CanFrame& frame) : frame_(frame), size_(std::min<std::size_t>(frame.dlc, kMaxDlc)) {}

    std::size_t size() const { return size_; }
    bool has(std::size_t offset, std::size_t length) const { return offset + length <= size_; }
    std::uint8_t u8(std::size_t offset) const { return frame_.data[offset]; }
    std::uint16_t u16(std::size_t offset) const {
        return static_cast<std::uint16_t>(frame_.data[offset] | (frame_.data[offset + 1] << 8U));
    }
    std::int16_t s16(std::size_t offset) const { return static_cast<std::int16_t>(u16(offset)); }
    std::uint32_t u32(std::size_t offset) const {
        std::uint32_t value = 0;
        for (std::size_t i = 0; i < 4; ++i) {
            value |= std::uint32_t{frame_.data[offset + i]} << (8U * i);
        }
        return value;
    }

    // Bytes [offset, offset + length) as text in quotes: trailing NULs dropped, other non-printables as \xNN.
    std::string text(std::size_t offset, std::size_t length) const {
        std::size_t end = std::min(offset + length, size_);
        while (end > offset && frame_.data[end - 1] == 0) {
            --end;
        }
        std::string out = "\"";
        for (std::size_t i = offset; i < end; ++i) {
            const std::uint8_t byte = frame_.data[i];
            if (byte >= 0x20 && byte <= 0x7E && byte != '"' && byte != '\\') {
                out += static_cast<char>(byte);
            } else {
                out += "\\x" + hex(byte, 2);
            }
        }
        return out + "\"";
    }

    std::string raw() const {
        if (size_ == 0) {
            return "(no data)";
        }
        std::string out;
        for (std::size_t i = 0; i < size_; ++i) {
            out += (i == 0 ? "" : " ") + hex(frame_.data[i], 2);
        }
        return out;
    }

private:
    const CanFrame& frame_;
    std::size_t size_;
};

// Appends one numeric field: " <label> <value> <unit>", "invalid" for a marker, nothing when beyond dlc.
class Line {
public:
    Line(const CanFrame& frame, Protocol protocol) : fields_(frame), sma_(protocol == Protocol::kSma) {
        text_ = "0x" + hex(frame.id, frame.id > 0xFFF ? 4 : 3);
    }

    const Fields& fields() const { return fields_; }
    void add(std::string_view part) { text_ += part; }

    void u16(std::string_view label, std::size_t offset, int decimals, std::string_view unit) {
        if (!fields_.has(offset, 2)) {
            return;
        }
        const std::uint16_t value = fields_.u16(offset);
        value_or_invalid(label, sma_ && value == kInvalidU16, value, decimals, unit);
    }
    // `always_marker`: 0x8000 means invalid under every protocol.
    void s16(std::string_view label, std::size_t offset, int decimals, std::string_view unit,
             bool always_marker = false) {
        if (!fields_.has(offset, 2)) {
            return;
        }
        const bool invalid = (sma_ || always_marker) && fields_.u16(offset) == kInvalidS16Bits;
        value_or_invalid(label, invalid, fields_.s16(offset), decimals, unit);
    }

    std::string finish() {
        if (fields_.size() != kMaxDlc) {
            text_ += " [DLC " + std::to_string(fields_.size()) + "]";
        }
        return std::move(text_);
    }

private:
    void value_or_invalid(std::string_view label, bool invalid, std::int64_t value, int decimals,
                          std::string_view unit) {
        text_ += ' ';
        text_ += label;
        text_ += ' ';
        if (invalid) {
            text_ += "invalid";
            return;
        }
        text_ += fixed(value, decimals);
        if (!unit.empty()) {
            text_ += ' ';
            text_ += unit;
        }
    }

    Fields fields_;
    bool sma_;
    std::string text_;
};

// Names of the set bits among the lowest `count` of `bits`; "bit N" for an unnamed bit, "none" when none is set.
template <std::size_t N>
std::string set_bits(const std::array<std::string_view, N>& names, std::uint32_t bits, std::size_t count) {
    std::string out;
    for (std::size_t bit = 0; bit < count; ++bit) {
        if (((bits >> bit) & 1U) == 0) {
            continue;
        }
        out += out.empty() ? "" : ", ";
        out += bit < N && !names[bit].empty() ? std::string{names[bit]} : "bit " + std::to_string(bit);
    }
    return out.empty() ? "none" : out;
}

void append_name(std::string& list, std::string_view name) {
    list += list.empty() ? "" : ", ";
    list += name;
}

// "alarms: a, b; warnings: c; reported n/13", plus any pair value 3 and any reserved bit.
void describe_alarms(const CanFrame& frame, Line& line) {
    std::string alarms;
    std::string warnings;
    std::string value3;
    std::size_t reported = 0;
    for (std::size_t i = 0; i < kConditionCount; ++i) {
        const auto condition = static_cast<Condition>(i);
        const std::uint8_t alarm = read_alarm_pair(frame, condition);
        const std::uint8_t warning = read_warning_pair(frame, condition);
        if (alarm == kPairActive) {
            append_name(alarms, condition_id(condition));
        }
        if (warning == kPairActive) {
            append_name(warnings, condition_id(condition));
        }
        if (alarm == 3 || warning == 3) {
            append_name(value3, condition_id(condition));
        }
        if (alarm != kPairNotReported || warning != kPairNotReported) {
            ++reported;
        }
    }
    line.add(" alarms: " + (alarms.empty() ? std::string{"none"} : alarms));
    line.add("; warnings: " + (warnings.empty() ? std::string{"none"} : warnings));
    line.add("; reported " + std::to_string(reported) + "/" + std::to_string(kConditionCount));
    if (!value3.empty()) {
        line.add("; pair value 3: " + value3);
    }
    const Fields& f = line.fields();
    for (const std::size_t byte : {std::size_t{3}, std::size_t{7}}) {
        if (f.has(byte, 1) && (f.u8(byte) & 0xFCU) != 0) {
            line.add("; reserved byte " + std::to_string(byte) + " bits 2-7 0x" + hex(f.u8(byte) & 0xFCU, 2));
        }
    }
}

// MG's event flags (§3.5).
constexpr std::array<std::string_view, 5> kEventNames{"soc_recalibration_start", "soc_recalibration_end",
                                                      "power_limitation_start", "power_limitation_end",
                                                      "preventive_shutdown"};

void describe_events(Line& line) {
    const Fields& f = line.fields();
    if (!f.has(0, 1)) {
        return;
    }
    line.add(" events: " + set_bits(kEventNames, f.u8(0), 8));
    std::uint32_t rest = 0;
    for (std::size_t i = 1; i < f.size(); ++i) {
        rest |= f.u8(i);
    }
    if (rest != 0) {
        line.add("; reserved bytes set");
    }
}

void describe_info(Line& line, bool sma) {
    const Fields& f = line.fields();
    if (f.has(0, 2)) {
        line.add(" model 0x" + hex(f.u16(0), 4));
    }
    if (f.has(2, 2)) {
        const bool invalid = sma && f.u16(2) == kInvalidU16;
        line.add(" firmware " +
                 (invalid ? std::string{"invalid"} : std::to_string(f.u8(2)) + "." + std::to_string(f.u8(3))));
    }
    line.u16("available capacity", 4, 0, "Ah");
    if (f.has(6, 2)) {
        line.add(" bytes 6-7 0x" + hex(f.u16(6), 4));
    }
}

void describe_cell_extremes(Line& line) {
    const Fields& f = line.fields();
    if (f.has(0, 2)) {
        line.add(" cell voltage min " + fixed(f.u16(0), 3) + " V");
    }
    if (f.has(2, 2)) {
        line.add(" max " + fixed(f.u16(2), 3) + " V");
    }
    for (const std::size_t offset : {std::size_t{4}, std::size_t{6}}) {
        if (!f.has(offset, 2)) {
            continue;
        }
        const std::int64_t kelvin = f.u16(offset);
        line.add(std::string{offset == 4 ? " cell temperature min " : " max "} +
                 std::to_string(kelvin - kKelvinOffset) + " °C (" + std::to_string(kelvin) + " K)");
    }
}

void describe_energy(Line& line) {
    const Fields& f = line.fields();
    if (f.has(0, 4)) {
        line.add(" charged " + fixed(f.u32(0), 1) + " kWh");
    }
    if (f.has(4, 4)) {
        line.add(" discharged " + fixed(f.u32(4), 1) + " kWh");
    }
}

// Pylontech 0x359 bit names within the protection (bytes 0-1) and alarm (bytes 2-3) halves (§9).
constexpr std::array<std::string_view, 16> kProtectionNames{"",
                                                            "cell_or_module_over_voltage",
                                                            "cell_or_module_under_voltage",
                                                            "cell_over_temperature",
                                                            "cell_under_temperature",
                                                            "",
                                                            "",
                                                            "discharge_over_current",
                                                            "charge_over_current",
                                                            "",
                                                            "",
                                                            "system_error"};
constexpr std::array<std::string_view, 16> kPylonAlarmNames{"",
                                                            "cell_or_module_high_voltage",
                                                            "cell_or_module_low_voltage",
                                                            "cell_high_temperature",
                                                            "cell_low_temperature",
                                                            "",
                                                            "",
                                                            "discharge_high_current",
                                                            "charge_high_current",
                                                            "",
                                                            "",
                                                            "internal_communication_fail"};

void describe_pylon_flags(Line& line) {
    const Fields& f = line.fields();
    if (f.has(0, 2)) {
        line.add(" protection: " + set_bits(kProtectionNames, f.u16(0), 16));
    }
    if (f.has(2, 2)) {
        line.add("; alarm: " + set_bits(kPylonAlarmNames, f.u16(2), 16));
    }
    if (f.has(4, 1)) {
        line.add("; modules " + std::to_string(f.u8(4)));
    }
    if (f.has(5, 2)) {
        line.add("; signature " + f.text(5, 2));
    }
}

constexpr std::array<std::string_view, 8> kRequestNames{
    "", "", "", "full_charge_request", "force_charge_II", "force_charge_I", "discharge_enable", "charge_enable"};

void describe_pylon_requests(Line& line) {
    const Fields& f = line.fields();
    if (!f.has(0, 1)) {
        return;
    }
    // Listed from bit 7 down, in the order of the Pylontech table.
    std::string flags;
    for (std::size_t bit = 8; bit-- > 0;) {
        if (((unsigned{f.u8(0)} >> bit) & 1U) != 0) {
            append_name(flags,
                        kRequestNames[bit].empty() ? "bit " + std::to_string(bit) : std::string{kRequestNames[bit]});
        }
    }
    line.add(" flags: " + (flags.empty() ? std::string{"none"} : flags));
    if (f.has(1, 1) && f.u8(1) != 0) {
        line.add("; byte 1 0x" + hex(f.u8(1), 2));
    }
}

// Pair of `condition` in the half starting at byte `first` (0 alarms, 4 warnings); 0 beyond dlc.
std::uint8_t read_pair(const CanFrame& frame, Condition condition, std::size_t first) {
    const auto index = static_cast<std::size_t>(condition);
    const std::size_t byte = first + index / 4;
    if (byte >= std::min<std::size_t>(frame.dlc, kMaxDlc)) {
        return 0;
    }
    return static_cast<std::uint8_t>((unsigned{frame.data[byte]} >> (2U * (index % 4))) & 3U);
}

}  // namespace

std::string describe(const CanFrame& frame, Protocol protocol) {
    Line line(frame, protocol);
    const Fields& f = line.fields();
    switch (frame.id) {
        case ids::kSmaQuickStop:
            if (protocol != Protocol::kSma) {
                break;
            }
            line.add(" remote quick stop");
            return line.finish();
        case ids::kLimits:
            line.u16("CVL", 0, 1, "V");
            line.s16("CCL", 2, 1, "A");
            line.s16("DCL", 4, 1, "A");
            line.u16("DVL", 6, 1, "V");
            return line.finish();
        case ids::kSoc:
            line.u16("SOC", 0, 0, "%");
            line.u16("SOH", 2, 0, "%");
            line.u16("hi-res SOC", 4, 2, "%");
            return line.finish();
        case ids::kMeasurements:
            line.s16("voltage", 0, 2, "V");
            line.s16("current", 2, 1, "A");
            line.s16("temperature", 4, 1, "°C", true);
            return line.finish();
        case ids::kPylonFlags:
            describe_pylon_flags(line);
            return line.finish();
        case ids::kAlarms:
            describe_alarms(frame, line);
            return line.finish();
        case ids::kEvents:
            describe_events(line);
            return line.finish();
        case ids::kPylonRequests:
            describe_pylon_requests(line);
            return line.finish();
        case ids::kManufacturer:
            line.add(" manufacturer " + f.text(0, kMaxDlc));
            return line.finish();
        case ids::kInfo:
            describe_info(line, protocol == Protocol::kSma);
            return line.finish();
        case ids::kBmsName1:
            line.add(" BMS name (1/2) " + f.text(0, kMaxDlc));
            return line.finish();
        case ids::kBmsName2:
            line.add(" BMS name (2/2) " + f.text(0, kMaxDlc));
            return line.finish();
        case ids::kModules:
            line.u16("modules online", 0, 0, "");
            line.u16("blocking charge", 2, 0, "");
            line.u16("blocking discharge", 4, 0, "");
            line.u16("offline", 6, 0, "");
            return line.finish();
        case ids::kCellExtremes:
            describe_cell_extremes(line);
            return line.finish();
        case ids::kMinCellVoltageLabel:
            line.add(" min cell voltage id " + f.text(0, kMaxDlc));
            return line.finish();
        case ids::kMaxCellVoltageLabel:
            line.add(" max cell voltage id " + f.text(0, kMaxDlc));
            return line.finish();
        case ids::kMinCellTempLabel:
            line.add(" min cell temperature id " + f.text(0, kMaxDlc));
            return line.finish();
        case ids::kMaxCellTempLabel:
            line.add(" max cell temperature id " + f.text(0, kMaxDlc));
            return line.finish();
        case ids::kEnergy:
            describe_energy(line);
            return line.finish();
        case ids::kInstalledCapacity:
            line.u16("installed capacity", 0, 0, "Ah");
            return line.finish();
        case ids::kFamily:
            line.add(" family " + f.text(0, kMaxDlc));
            return line.finish();
        default:
            break;
    }
    line.add(" not decoded: " + f.raw());
    return line.finish();
}

std::uint8_t read_alarm_pair(const CanFrame& frame, Condition condition) {
    return read_pair(frame, condition, 0);
}

std::uint8_t read_warning_pair(const CanFrame& frame, Condition condition) {
    return read_pair(frame, condition, 4);
}

}  // namespace tbg::can
