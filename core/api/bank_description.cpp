#include "core/api/bank_description.h"

#include <algorithm>
#include <cmath>
#include <string_view>

#include "core/topband/decoders.h"
#include "core/topband/frame.h"

namespace tbg::api {

namespace {

using nlohmann::json;
namespace tb = topband;

class PackReader {
public:
    PackReader(const json& pack, std::string where, std::vector<std::string>& errors)
        : pack_(pack), where_(std::move(where)), errors_(errors) {}

    bool ok() const { return ok_; }

    void fail(std::string_view key, std::string_view message) {
        errors_.push_back(where_ + "." + std::string(key) + ": " + std::string(message));
        ok_ = false;
    }

    // A number scaled to an integer (e.g. volts × 100 → 10 mV), checked against min…max of the integer.
    template <typename T>
    std::optional<T> scaled(std::string_view key, double scale, double min, double max) {
        const auto it = pack_.find(key);
        if (it == pack_.end()) {
            return std::nullopt;
        }
        if (!it->is_number()) {
            fail(key, "must be a number");
            return std::nullopt;
        }
        const double value = std::round(it->get<double>() * scale);
        if (!(value >= min && value <= max)) {
            fail(key, "is out of range");
            return std::nullopt;
        }
        return static_cast<T>(value);
    }

    const json* array(std::string_view key, std::size_t max_size) {
        const auto it = pack_.find(key);
        if (it == pack_.end()) {
            return nullptr;
        }
        if (!it->is_array() || it->size() > max_size) {
            fail(key, "must be an array of at most " + std::to_string(max_size) + " numbers");
            return nullptr;
        }
        return &*it;
    }

private:
    const json& pack_;
    std::string where_;
    std::vector<std::string>& errors_;
    bool ok_ = true;
};

bool analog_from_fields(PackReader& reader, std::uint8_t adr, tb::AnalogValues& values) {
    values.pack_id = adr;
    const json* cells = reader.array("cells_mV", tb::kMaxCells);
    if (cells == nullptr || cells->empty()) {
        reader.fail("cells_mV", "is required: 1…32 cell voltages in mV");
        return false;
    }
    values.cell_count = static_cast<std::uint8_t>(cells->size());
    for (std::size_t i = 0; i < cells->size(); ++i) {
        const json& cell = (*cells)[i];
        if (!cell.is_number() || cell.get<double>() < 0 || cell.get<double>() > 65535) {
            reader.fail("cells_mV", "must hold numbers 0…65535");
            return false;
        }
        values.cell_mV[i] = static_cast<std::uint16_t>(std::lround(cell.get<double>()));
    }
    if (const json* temps = reader.array("temperatures_C", tb::kMaxTemperatures)) {
        values.temp_count = static_cast<std::uint8_t>(temps->size());
        for (std::size_t i = 0; i < temps->size(); ++i) {
            const json& temp = (*temps)[i];
            if (!temp.is_number() || temp.get<double>() < -273 || temp.get<double>() > 300) {
                reader.fail("temperatures_C", "must hold numbers −273…300");
                return false;
            }
            values.temp_raw_dK[i] = static_cast<std::uint16_t>(std::lround(temp.get<double>() * 10) + 2731);
        }
    }
    values.temp_roles = tb::temperature_roles(values.cell_count, values.temp_count);
    values.current_10mA = reader.scaled<std::int16_t>("current_A", 100, -32768, 32767).value_or(0);
    std::uint32_t cell_sum_mV = 0;
    for (std::size_t i = 0; i < values.cell_count; ++i) {
        cell_sum_mV += values.cell_mV[i];
    }
    values.pack_voltage_10mV =
        reader.scaled<std::uint16_t>("voltage_V", 100, 0, 65535).value_or(static_cast<std::uint16_t>(cell_sum_mV / 10));
    values.remaining_10mAh = reader.scaled<std::uint32_t>("remaining_Ah", 100, 0, 65535);
    values.full_10mAh = reader.scaled<std::uint32_t>("full_Ah", 100, 0, 65535);
    values.cycles = reader.scaled<std::uint16_t>("cycles", 1, 0, 65535);
    values.bms_soc_pct = reader.scaled<std::uint8_t>("soc_pct", 1, 0, 255);
    values.soh_pct = reader.scaled<std::uint8_t>("soh_pct", 1, 0, 255);
    return reader.ok();
}

bool alarm_from_fields(const json& pack, PackReader& reader, const tb::AnalogValues& analog, tb::AlarmInfo& alarm) {
    const auto it = pack.find("status_active");
    if (it == pack.end()) {
        return false;
    }
    if (!it->is_array()) {
        reader.fail("status_active", "must be an array of status bit ids");
        return false;
    }
    alarm.pack_id = analog.pack_id;
    alarm.cell_count = analog.cell_count;
    alarm.temp_count = analog.temp_count;
    alarm.status_byte_count = 10;
    for (const json& name : *it) {
        const auto bits = tb::status_bits();
        const auto found = std::find_if(bits.begin(), bits.end(), [&](const tb::StatusBitInfo& bit) {
            return name.is_string() && bit.id == name.get<std::string>();
        });
        if (found == bits.end()) {
            reader.fail("status_active", "unknown status bit " + name.dump());
            return false;
        }
        alarm.status_bytes[found->bit / 8] =
            static_cast<std::uint8_t>(alarm.status_bytes[found->bit / 8] | (1U << (found->bit % 8)));
    }
    return true;
}

bool parameters_from_fields(const json& pack, PackReader& reader, tb::SystemParameters& p) {
    const auto it = pack.find("parameters");
    if (it == pack.end()) {
        return false;
    }
    if (!it->is_object()) {
        reader.fail("parameters", "must be an object");
        return false;
    }
    auto get = [&](const char* key, double scale, double offset, double min, double max) -> double {
        const auto field = it->find(key);
        if (field == it->end() || !field->is_number()) {
            reader.fail(std::string("parameters.") + key, "is required (a number)");
            return min;
        }
        const double value = std::round(field->get<double>() * scale + offset);
        if (!(value >= min && value <= max)) {
            reader.fail(std::string("parameters.") + key, "is out of range");
            return min;
        }
        return value;
    };
    auto u16 = [&](const char* key, double scale, double offset = 0) {
        return static_cast<std::uint16_t>(get(key, scale, offset, 0, 65535));
    };
    auto s16 = [&](const char* key, double scale) {
        return static_cast<std::int16_t>(get(key, scale, 0, -32768, 32767));
    };
    p.cell_high_mV = u16("cell_high_V", 1000);
    p.cell_low_mV = u16("cell_low_V", 1000);
    p.cell_under_mV = u16("cell_under_V", 1000);
    p.charge_high_temp_raw_dK = u16("charge_high_C", 10, 2731);
    p.charge_low_temp_raw_dK = u16("charge_low_C", 10, 2731);
    p.charge_current_max_10mA = s16("charge_current_max_A", 100);
    p.pack_high_10mV = u16("pack_high_V", 100);
    p.pack_low_10mV = u16("pack_low_V", 100);
    p.pack_under_10mV = u16("pack_under_V", 100);
    p.discharge_high_temp_raw_dK = u16("discharge_high_C", 10, 2731);
    p.discharge_low_temp_raw_dK = u16("discharge_low_C", 10, 2731);
    p.discharge_current_max_10mA = s16("discharge_current_max_A", 100);
    return reader.ok();
}

// Decodes one captured reply for `command` into the pack. Returns false with a message on any error.
bool apply_reply(std::string_view command, const std::string& text, std::uint8_t adr, bank::PackState& pack,
                 std::uint64_t at_ms, PackReader& reader) {
    std::string frame_text = text;
    if (frame_text.size() >= 2 && frame_text.compare(frame_text.size() - 2, 2, "\\r") == 0) {
        frame_text.resize(frame_text.size() - 2);
    }
    tb::Frame frame;
    tb::FrameStatus status = tb::parse_frame(frame_text, frame);
    if (status == tb::FrameStatus::kOk) {
        status = tb::check_reply(frame, tb::ReplyExpectation{adr, tb::kVersion});
    }
    const std::string key = "replies." + std::string(command);
    if (status != tb::FrameStatus::kOk) {
        reader.fail(key, tb::to_string(status));
        return false;
    }
    if (command == "0x51") {
        tb::ManufacturerInfo info;
        tb::decode_manufacturer_info(frame.info, info);
        pack.update_info(info, at_ms);
        return true;
    }
    tb::InfoBytes bytes;
    if (tb::decode_info_hex(frame.info, bytes) != tb::FrameStatus::kOk) {
        reader.fail(key, "non_hex");
        return false;
    }
    tb::DecodeError error = tb::DecodeError::kNone;
    if (command == "0x42") {
        tb::AnalogValues values;
        error = tb::decode_analog(bytes.bytes(), values);
        if (error == tb::DecodeError::kNone) {
            pack.update_analog(values, at_ms);
        }
    } else if (command == "0x44") {
        tb::AlarmInfo alarm;
        error = tb::decode_alarm(bytes.bytes(), alarm);
        if (error == tb::DecodeError::kNone) {
            pack.update_alarm(alarm, at_ms);
        }
    } else if (command == "0x47") {
        tb::SystemParameters parameters;
        error = tb::decode_system_parameters(bytes.bytes(), parameters);
        if (error == tb::DecodeError::kNone) {
            pack.update_parameters(parameters, at_ms);
        }
    } else {
        reader.fail(key, "command must be 0x42, 0x44, 0x47 or 0x51");
        return false;
    }
    if (error != tb::DecodeError::kNone) {
        reader.fail(key, tb::to_string(error));
        return false;
    }
    return true;
}

}  // namespace

std::vector<std::string> apply_bank_description(const json& doc, bank::Bank& bank, std::uint64_t now_ms) {
    std::vector<std::string> errors;
    const auto packs = doc.find("packs");
    if (!doc.is_object() || packs == doc.end() || !packs->is_array()) {
        errors.emplace_back("packs: required, an array of pack objects");
        return errors;
    }
    for (std::size_t i = 0; i < packs->size(); ++i) {
        const json& pack = (*packs)[i];
        const std::string where = "packs[" + std::to_string(i) + "]";
        if (!pack.is_object()) {
            errors.push_back(where + ": must be an object");
            continue;
        }
        PackReader reader(pack, where, errors);
        const auto adr = reader.scaled<std::uint8_t>("adr", 1, 0, 15);
        if (!adr) {
            reader.fail("adr", "is required: 0…15");
            continue;
        }
        const auto age_s = reader.scaled<std::uint32_t>("age_s", 1, 0, 1e7).value_or(0);
        const std::uint64_t at_ms = now_ms >= age_s * 1000ULL ? now_ms - age_s * 1000ULL : 0;
        bank::PackState& state = bank.pack(*adr);
        if (const auto replies = pack.find("replies"); replies != pack.end()) {
            if (!replies->is_object()) {
                reader.fail("replies", "must be an object {\"0x42\": \"~…\", …}");
                continue;
            }
            for (const auto& [command, text] : replies->items()) {
                if (!text.is_string()) {
                    reader.fail("replies." + command, "must be a frame string");
                    continue;
                }
                apply_reply(command, text.get<std::string>(), *adr, state, at_ms, reader);
            }
            continue;
        }
        tb::AnalogValues analog;
        if (!analog_from_fields(reader, *adr, analog)) {
            continue;
        }
        tb::AlarmInfo alarm;
        const bool has_alarm = alarm_from_fields(pack, reader, analog, alarm);
        tb::SystemParameters parameters;
        const bool has_parameters = parameters_from_fields(pack, reader, parameters);
        if (!reader.ok()) {
            continue;
        }
        state.update_analog(analog, at_ms);
        if (has_alarm) {
            state.update_alarm(alarm, at_ms);
        }
        if (has_parameters) {
            state.update_parameters(parameters, at_ms);
        }
    }
    return errors;
}

}  // namespace tbg::api
