#include "platform/sim/current_profile.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace tbg::sim {

namespace {

constexpr double kChargeRateC = 0.3;
constexpr double kDischargeRateC = 0.3;
constexpr double kTailRateC = 0.02;
// Normal operation: a slow swing (charge by day, discharge by night, compressed to two hours) plus load steps.
constexpr double kNormalSwingC = 0.1;
constexpr double kNormalSwingPeriodS = 2.0 * 3600.0;
constexpr double kNormalRippleC = 0.03;
constexpr double kNormalRipplePeriodS = 7.0 * 60.0;

double scenario_current_A(Scenario scenario, double t_s, double capacity_A) {
    switch (scenario) {
        case Scenario::kCharge:
        case Scenario::kRunnerCell:
        case Scenario::kOverVoltage:
            return kChargeRateC * capacity_A;
        case Scenario::kDischarge:
        case Scenario::kUnderVoltage:
            return -kDischargeRateC * capacity_A;
        case Scenario::kNormal:
        case Scenario::kCold:
        case Scenario::kHot:
        case Scenario::kDropout:
        case Scenario::kNoise:
        case Scenario::kSlow:
        case Scenario::kProtection:
        case Scenario::kWrongAdr:
            break;
    }
    const double swing = kNormalSwingC * std::sin(2.0 * std::numbers::pi * t_s / kNormalSwingPeriodS);
    const double ripple = kNormalRippleC * std::sin(2.0 * std::numbers::pi * t_s / kNormalRipplePeriodS);
    return (swing + ripple) * capacity_A;
}

}  // namespace

ProfileOutput requested_current(const ProfileInput& input) {
    const double capacity_A = input.capacity_mAh / 1000.0;  // 1 C in amperes
    const double t_s = static_cast<double>(input.elapsed_ms) / 1000.0;
    const double cells = static_cast<double>(input.cell_count);
    const double resistance_ohm = std::max(input.pack_resistance_mOhm, 0.001) / 1000.0;
    ProfileOutput out;
    double current = scenario_current_A(input.scenario, t_s, capacity_A);
    if (current > 0.0) {
        if (input.fully_charged) {
            return out;
        }
        const double cv_limit_A = (kChargerCvCellMv * cells - input.pack_ocv_mV) / 1000.0 / resistance_ohm;
        if (cv_limit_A < current) {
            current = std::max(cv_limit_A, 0.0);
            out.charge_tail = current < kTailRateC * capacity_A;
        }
    } else if (current < 0.0) {
        const double cutoff_limit_A = (kInverterCutoffCellMv * cells - input.pack_ocv_mV) / 1000.0 / resistance_ohm;
        current = std::max(current, std::min(cutoff_limit_A, 0.0));
    }
    out.current_A = current;
    return out;
}

}  // namespace tbg::sim
