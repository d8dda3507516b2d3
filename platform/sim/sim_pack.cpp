#include "platform/sim/sim_pack.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "platform/sim/current_profile.h"
#include "platform/sim/rng.h"

namespace tbg::sim {

namespace {

constexpr std::uint32_t kMinCapacityMah = 1000;
constexpr std::uint32_t kMaxCapacityMah = 655350;
constexpr std::uint32_t kMaxStepMs = 1000;
constexpr double kColdAmbientC = -10.0;
constexpr double kHotAmbientC = 58.0;
constexpr double kOverVoltageTargetMv = 3700.0;
constexpr double kUnderVoltageTargetMv = 2400.0;
constexpr double kFullyChargedClearSoc = 0.96;
constexpr std::uint8_t kUdi = 5;  // the value HE observed (§8.1); five user-defined items follow
constexpr std::size_t kStatusBytes = 8;
constexpr int kCellNoiseMv = 1;
constexpr int kTempNoiseDk = 1;
constexpr int kCurrentNoise10mA = 3;

PhysicsSetup physics_setup(const SimPackConfig& config, const PresetShape& shape) {
    PhysicsSetup setup;
    setup.cell_count = shape.cell_count;
    setup.group_count = shape.cell_group_count;
    setup.capacity_mAh = static_cast<double>(std::clamp(config.capacity_mAh, kMinCapacityMah, kMaxCapacityMah));
    setup.initial_soc = std::min<double>(config.initial_soc_centipct, 10000.0) / 10000.0;
    setup.initial_temp_C = config.initial_temp_dC / 10.0;
    return setup;
}

template <typename T>
T round_to(double value) {
    return static_cast<T>(std::lround(value));
}

std::uint16_t to_raw_dK(double temp_C) {
    return static_cast<std::uint16_t>(
        std::clamp<long>(std::lround(temp_C * 10.0) + long{topband::kTemperatureZeroRaw}, 0L, 65535L));
}

std::int16_t to_temp_dC(double temp_C) {
    return static_cast<std::int16_t>(std::clamp<long>(std::lround(temp_C * 10.0), -32768L, 32767L));
}

// Copies `text` into `out` at `offset`, space-padded (or cut) to `width` characters.
void put_field(std::array<char, kManufacturerInfoChars>& out, std::size_t offset, std::size_t width,
               std::string_view text) {
    for (std::size_t i = 0; i < width; ++i) {
        out[offset + i] = i < text.size() ? text[i] : ' ';
    }
}

}  // namespace

SimPack::SimPack(const SimPackConfig& config)
    : config_(config),
      shape_(preset_shape(config.preset)),
      limits_(lfp_limits(shape_.cell_count, std::clamp(config.capacity_mAh, kMinCapacityMah, kMaxCapacityMah))),
      rng_(config.seed),
      physics_(physics_setup(config, shape_), rng_),
      cycles_(config.cycles) {
    config_.capacity_mAh = std::clamp(config.capacity_mAh, kMinCapacityMah, kMaxCapacityMah);
    config_.initial_soc_centipct = std::min<std::uint16_t>(config.initial_soc_centipct, 10000);
    counter_mAh_ = config_.capacity_mAh * (config_.initial_soc_centipct / 10000.0);
    set_scenario(config_.scenario);

    char text[48];
    std::snprintf(text, sizeof text, "TBSIM-%s-%uAH", to_string(config_.preset).data(),
                  static_cast<unsigned>(config_.capacity_mAh / 1000U));
    put_field(manufacturer_info_, 0, 20, text);
    put_field(manufacturer_info_, 20, 4, "0100");
    std::snprintf(text, sizeof text, "SIM-ADR%02u-%08X", static_cast<unsigned>(config_.adr),
                  static_cast<unsigned>(config_.seed));
    put_field(manufacturer_info_, 24, 40, text);

    evaluate_bms();
    sample();
}

void SimPack::set_scenario(Scenario scenario) {
    config_.scenario = scenario;
    physics_.set_runner(scenario == Scenario::kRunnerCell);
    switch (scenario) {
        case Scenario::kOverVoltage:
            physics_.set_fault_target(kOverVoltageTargetMv);
            break;
        case Scenario::kUnderVoltage:
            physics_.set_fault_target(kUnderVoltageTargetMv);
            break;
        default:
            physics_.set_fault_target(std::nullopt);
            break;
    }
}

void SimPack::advance(std::uint64_t now_ms) {
    if (!started_) {
        started_ = true;
        last_ms_ = now_ms;
        return;
    }
    if (now_ms <= last_ms_) {
        return;
    }
    while (last_ms_ < now_ms) {
        const auto dt_ms = static_cast<std::uint32_t>(std::min<std::uint64_t>(kMaxStepMs, now_ms - last_ms_));
        step(dt_ms);
        last_ms_ += dt_ms;
    }
    sample();
}

double SimPack::ambient_C() const {
    switch (config_.scenario) {
        case Scenario::kCold:
            return kColdAmbientC;
        case Scenario::kHot:
            return kHotAmbientC;
        default:
            return config_.initial_temp_dC / 10.0;
    }
}

void SimPack::step(std::uint32_t dt_ms) {
    const double capacity_mAh = config_.capacity_mAh;
    ProfileInput input;
    input.scenario = config_.scenario;
    input.elapsed_ms = elapsed_ms_;
    input.capacity_mAh = capacity_mAh;
    input.cell_count = shape_.cell_count;
    input.pack_ocv_mV = physics_.pack_ocv_mV();
    input.pack_resistance_mOhm = physics_.pack_resistance_mOhm();
    input.fully_charged = fully_charged_;
    const ProfileOutput profile = requested_current(input);

    double current_A = profile.current_A;
    if (!bms_.charge_mosfet_on()) {
        current_A = std::min(current_A, 0.0);
    }
    if (!bms_.discharge_mosfet_on()) {
        current_A = std::max(current_A, 0.0);
    }
    const double dt_s = dt_ms / 1000.0;
    physics_.step(current_A, dt_s, ambient_C());
    elapsed_ms_ += dt_ms;

    const double delta_mAh = current_A * dt_s / 3.6;
    counter_mAh_ = std::clamp(counter_mAh_ + delta_mAh, 0.0, capacity_mAh);
    if (delta_mAh < 0.0) {
        discharged_mAh_ -= delta_mAh;
        while (discharged_mAh_ >= capacity_mAh) {
            discharged_mAh_ -= capacity_mAh;
            cycles_ = static_cast<std::uint16_t>(cycles_ + 1U);
        }
    }
    if (profile.charge_tail && bms_.charge_mosfet_on()) {
        fully_charged_ = true;
        counter_mAh_ = capacity_mAh;  // the BMS calibrates its counter at the end of charge
    } else if (counter_mAh_ < kFullyChargedClearSoc * capacity_mAh) {
        fully_charged_ = false;
    }
    evaluate_bms();
}

std::uint8_t SimPack::bms_soc_pct() const {
    return static_cast<std::uint8_t>(std::lround(counter_mAh_ * 100.0 / config_.capacity_mAh));
}

void SimPack::evaluate_bms() {
    BmsReadings r;
    double highest = physics_.cell_voltage_mV(0);
    double lowest = highest;
    double pack_mV = 0.0;
    for (std::size_t i = 0; i < physics_.cell_count(); ++i) {
        const double v = physics_.cell_voltage_mV(i);
        highest = std::max(highest, v);
        lowest = std::min(lowest, v);
        pack_mV += v;
    }
    r.max_cell_mV = round_to<std::uint16_t>(std::clamp(highest, 0.0, 65535.0));
    r.min_cell_mV = round_to<std::uint16_t>(std::clamp(lowest, 0.0, 65535.0));
    r.pack_10mV = round_to<std::uint16_t>(std::clamp(pack_mV / 10.0, 0.0, 65535.0));
    double hottest = physics_.group_temp_C(0);
    double coldest = hottest;
    for (std::size_t g = 1; g < physics_.group_count(); ++g) {
        hottest = std::max(hottest, physics_.group_temp_C(g));
        coldest = std::min(coldest, physics_.group_temp_C(g));
    }
    r.max_cell_temp_dC = to_temp_dC(hottest);
    r.min_cell_temp_dC = to_temp_dC(coldest);
    r.environment_temp_dC = to_temp_dC(physics_.environment_temp_C());
    r.mosfet_temp_dC = to_temp_dC(physics_.mosfet_temp_C());
    r.current_10mA = round_to<std::int16_t>(std::clamp(physics_.current_A() * 100.0, -32768.0, 32767.0));
    r.soc_pct = bms_soc_pct();
    r.fully_charged = fully_charged_;
    const std::uint64_t forced = config_.scenario == Scenario::kProtection ? config_.protection_bits : 0;
    bms_.update(r, limits_, forced);
}

void SimPack::sample() {
    std::uint32_t pack_mV = 0;
    for (std::size_t i = 0; i < shape_.cell_count; ++i) {
        const double v = physics_.cell_voltage_mV(i) + draw_jitter(rng_, kCellNoiseMv);
        cell_mV_[i] = round_to<std::uint16_t>(std::clamp(v, 0.0, 65535.0));
        pack_mV += cell_mV_[i];
    }
    pack_voltage_10mV_ = static_cast<std::uint16_t>(std::min<std::uint32_t>((pack_mV + 5U) / 10U, 65535U));

    // Sensor order (§8.1): cell groups, then balancer, environment, MOSFET (7 sensors) or MOSFET, environment (6).
    std::size_t sensor = 0;
    for (std::size_t g = 0; g < shape_.cell_group_count; ++g) {
        temp_raw_dK_[sensor++] = to_raw_dK(physics_.group_temp_C(g));
    }
    if (shape_.temp_count == shape_.cell_group_count + 3) {
        temp_raw_dK_[sensor++] = to_raw_dK(physics_.balancer_temp_C());
        temp_raw_dK_[sensor++] = to_raw_dK(physics_.environment_temp_C());
        temp_raw_dK_[sensor++] = to_raw_dK(physics_.mosfet_temp_C());
    } else {
        temp_raw_dK_[sensor++] = to_raw_dK(physics_.mosfet_temp_C());
        temp_raw_dK_[sensor++] = to_raw_dK(physics_.environment_temp_C());
    }
    for (std::size_t i = 0; i < sensor; ++i) {
        temp_raw_dK_[i] = static_cast<std::uint16_t>(temp_raw_dK_[i] + draw_jitter(rng_, kTempNoiseDk));
    }

    const double current_10mA = physics_.current_A() * 100.0;
    const int noise = std::abs(current_10mA) >= 10.0 ? draw_jitter(rng_, kCurrentNoise10mA) : 0;
    current_10mA_ = round_to<std::int16_t>(std::clamp(current_10mA + noise, -32768.0, 32767.0));
    remaining_10mAh_ = static_cast<std::uint32_t>(std::lround(counter_mAh_ / 10.0));
    soc_centipct_ = static_cast<std::uint16_t>(std::lround(counter_mAh_ * 10000.0 / config_.capacity_mAh));
}

topband::AnalogValues SimPack::analog_values() const {
    topband::AnalogValues v;
    v.pack_id = config_.adr;
    v.cell_count = shape_.cell_count;
    std::copy_n(cell_mV_.begin(), shape_.cell_count, v.cell_mV.begin());
    v.temp_count = shape_.temp_count;
    std::copy_n(temp_raw_dK_.begin(), shape_.temp_count, v.temp_raw_dK.begin());
    v.current_10mA = current_10mA_;
    v.pack_voltage_10mV = pack_voltage_10mV_;
    v.remaining_10mAh = remaining_10mAh_;
    v.udi = kUdi;
    v.full_10mAh = full_10mAh();
    v.cycles = cycles_;
    v.bms_soc_pct = bms_soc_pct();
    v.soh_pct = config_.soh_pct;
    v.custom1 = 0;
    v.custom2 = 0;
    return v;
}

topband::AlarmInfo SimPack::alarm_info() const {
    using topband::StateByte;
    const auto state = [](bool below, bool above) {
        return static_cast<std::uint8_t>(above ? StateByte::kAboveUpper
                                               : (below ? StateByte::kBelowLower : StateByte::kNormal));
    };
    topband::AlarmInfo a;
    a.pack_id = config_.adr;
    a.cell_count = shape_.cell_count;
    for (std::size_t i = 0; i < shape_.cell_count; ++i) {
        a.cell_state[i] = state(cell_mV_[i] <= limits_.cell_low_mV, cell_mV_[i] >= limits_.cell_high_mV);
    }
    a.temp_count = shape_.temp_count;
    for (std::size_t i = 0; i < shape_.temp_count; ++i) {
        const std::int16_t temp_dC = topband::temperature_dC(temp_raw_dK_[i]);
        const bool mosfet = (shape_.temp_count == shape_.cell_group_count + 3) ? i + 1 == shape_.temp_count
                                                                               : i == shape_.cell_group_count;
        const std::int16_t high = mosfet ? limits_.mosfet_temp_alarm_dC : limits_.cell_temp_high_alarm_dC;
        a.temp_state[i] = state(temp_dC < limits_.charge_low_dC, temp_dC >= high);
    }
    a.charge_current_state = state(false, current_10mA_ > limits_.charge_current_max_10mA);
    a.pack_voltage_state =
        state(pack_voltage_10mV_ <= limits_.pack_low_10mV, pack_voltage_10mV_ >= limits_.pack_high_10mV);
    a.status_byte_count = kStatusBytes;
    const std::uint64_t bits = bms_.status_bits();
    for (std::size_t i = 0; i < kStatusBytes; ++i) {
        a.status_bytes[i] = static_cast<std::uint8_t>((bits >> (8U * i)) & 0xFFU);
    }
    return a;
}

}  // namespace tbg::sim
