#include "tests/unit/soak/day_cycle_bank.h"

#include <algorithm>
#include <cmath>

#include "core/topband/frame.h"

namespace tbg::soak {

namespace {

constexpr std::size_t kCells = 16;
constexpr double kCapacityMah = 100'000;
constexpr std::uint8_t kAnalogCommand = 0x42;
constexpr std::uint8_t kAlarmCommand = 0x44;

// Per pack: how hard the house and the charger push it (the packs differ a little, as real ones do).
constexpr std::array<double, kSoakMaxPacks> kChargeMa = {20'000, 18'000, 22'000, 19'000};
constexpr std::array<double, kSoakMaxPacks> kDischargeMa = {5'000, 4'500, 5'500, 5'000};

}  // namespace

DayCycleBank::DayCycleBank(int packs) : packs_(std::clamp(packs, 1, static_cast<int>(kSoakMaxPacks))) {
    for (int adr = 0; adr < packs_; ++adr) {
        sim::SimPackConfig config;
        config.adr = static_cast<std::uint8_t>(adr);
        config.seed = static_cast<std::uint32_t>(adr + 1);
        frozen_.add_pack(config);
        shape_[static_cast<std::size_t>(adr)] = frozen_.pack(config.adr)->analog_values();
        packs_state_[static_cast<std::size_t>(adr)].soc_mAh = 0.60 * kCapacityMah + 2'000.0 * adr;
    }
}

void DayCycleBank::set_answering(std::uint8_t adr, bool answering) {
    if (adr < packs_) {
        packs_state_[adr].answering = answering;
    }
}

std::uint16_t DayCycleBank::soc_centipct(std::uint8_t adr) const {
    return static_cast<std::uint16_t>(std::lround(packs_state_[adr].soc_mAh / kCapacityMah * 10'000));
}

void DayCycleBank::integrate(std::uint64_t step_ms, std::int32_t local_second_of_day) {
    const std::int32_t hour = local_second_of_day / 3600;
    const bool sun = hour >= 9 && hour < 15;
    const bool house = hour >= 18 || hour < 6;
    const double hours = static_cast<double>(step_ms) / 3'600'000.0;
    for (std::size_t adr = 0; adr < static_cast<std::size_t>(packs_); ++adr) {
        Pack& pack = packs_state_[adr];
        const double soc = pack.soc_mAh / kCapacityMah;
        pack.current_mA = sun && soc < 0.99 ? kChargeMa[adr] : (house && soc > 0.10 ? -kDischargeMa[adr] : 0.0);
        double voltage_mV = 0;
        for (std::size_t cell = 0; cell < kCells; ++cell) {
            voltage_mV += cell_mV(static_cast<std::uint8_t>(adr), cell);
        }
        const double energy_mWh = voltage_mV / 1000.0 * pack.current_mA * hours;  // V × mA × h
        (energy_mWh >= 0 ? charged_mWh_ : discharged_mWh_) += std::abs(energy_mWh);
        pack.soc_mAh = std::clamp(pack.soc_mAh + pack.current_mA * hours, 0.0, kCapacityMah);
    }
}

std::uint16_t DayCycleBank::cell_mV(std::uint8_t adr, std::size_t cell) const {
    const Pack& pack = packs_state_[adr];
    const double soc = pack.soc_mAh / kCapacityMah * 100.0;
    double ocv = 0;
    if (soc < 10) {
        ocv = 3000.0 + 20.0 * soc;
    } else if (soc < 90) {
        ocv = 3200.0 + 1.625 * (soc - 10);
    } else {
        ocv = 3330.0 + 9.0 * (soc - 90);
    }
    const double ir = pack.current_mA / 1000.0 * 0.5;  // 0.5 mΩ per cell
    const double offset = static_cast<double>((cell * 7 + std::size_t{adr} * 3) % 9) - 4.0;
    return static_cast<std::uint16_t>(std::lround(ocv + ir + offset));
}

topband::AnalogValues DayCycleBank::analog(std::uint8_t adr) const {
    topband::AnalogValues values = shape_[adr];
    const Pack& pack = packs_state_[adr];
    values.cell_count = kCells;
    std::uint32_t sum_mV = 0;
    for (std::size_t cell = 0; cell < kCells; ++cell) {
        values.cell_mV[cell] = cell_mV(adr, cell);
        sum_mV += values.cell_mV[cell];
    }
    values.current_10mA = static_cast<std::int16_t>(std::lround(pack.current_mA / 10.0));
    values.pack_voltage_10mV = static_cast<std::uint16_t>(sum_mV / 10U);
    values.remaining_10mAh = static_cast<std::uint32_t>(std::lround(pack.soc_mAh / 10.0));
    values.full_10mAh = static_cast<std::uint32_t>(kCapacityMah / 10.0);
    values.bms_soc_pct = static_cast<std::uint8_t>(std::lround(pack.soc_mAh / kCapacityMah * 100.0));
    return values;
}

std::optional<std::string_view> DayCycleBank::reply(std::string_view request) {
    topband::Frame frame;
    if (topband::parse_frame(request, frame) != topband::FrameStatus::kOk || frame.adr >= packs_ ||
        !packs_state_[frame.adr].answering) {
        return std::nullopt;
    }
    Pack& pack = packs_state_[frame.adr];
    if (frame.cid2 == kAnalogCommand) {
        const std::size_t size = topband::build_analog_info(analog(frame.adr), info_);
        if (size == 0 || !topband::encode_frame(frame.adr, 0x00, {info_.data(), size}, out_)) {
            return std::nullopt;
        }
        ++pack.analog_replies;
        return out_.view();
    }
    const std::optional<sim::SimReply> reply = frozen_.on_request(request, 0);  // t = 0: the packs never move
    if (!reply) {
        return std::nullopt;
    }
    if (frame.cid2 == kAlarmCommand) {
        ++pack.alarm_replies;
    }
    out_ = reply->frame;
    return out_.view();
}

}  // namespace tbg::soak
