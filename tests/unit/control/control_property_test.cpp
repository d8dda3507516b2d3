// Safety invariants of docs/charge-control.md as property tests over random banks on random time steps. Each test
// runs at least 10,000 banks from a fixed seed (printed on failure); the oracles below recompute every condition
// from the raw pack data, independently of the bank and controller code. The random banks include 0x44 and 0x47
// replies older than their staleness limits (they must keep restricting) and packs without any 0x44 reply (no
// current share); ADroppedPackNeverRaisesALimit drops the pack that causes a cut-off or a taper.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>

#include "core/bank/bank.h"
#include "core/control/charge_controller.h"
#include "tests/unit/bank/random_packs.h"

namespace tbg::control {
namespace {

constexpr int kSequences = 1'000;
constexpr int kSteps = 12;  // 12,000 banks per test
constexpr std::uint32_t kSeed = 3'141'592;

constexpr std::uint64_t kAnalogMaxAgeMs = 20'000;  // BankConfig defaults
constexpr std::uint64_t kAlarmMaxAgeMs = 60'000;
constexpr std::uint64_t kParametersMaxAgeMs = 900'000;

constexpr std::size_t kChargeBits[] = {0, 2, 6, 11, 14, 30, 49, 51, 52, 53, 54, 55, 58, 59, 61, 63};
constexpr std::size_t kDischargeBits[] = {4, 5, 11, 12, 13, 14, 28, 30, 50, 52, 53, 55, 56, 59, 60, 62};

// One pack slot as the simulated bus left it.
struct Slot {
    std::optional<topband::AnalogValues> analog;
    std::uint64_t analog_at = 0;
    std::optional<topband::AlarmInfo> alarm;
    std::uint64_t alarm_at = 0;
    std::optional<topband::SystemParameters> parameters;
    std::uint64_t parameters_at = 0;
};

bool fresh(std::uint64_t at, std::uint64_t now, std::uint64_t max_age) {
    return (now > at ? now - at : 0) <= max_age;
}

// Independent oracle over the raw slots.
struct Oracle {
    int online = 0;
    bool hard_cutoff = false;
    bool discharge_must_stop = false;
    std::int64_t charge_caps_dA = 0;
    std::int64_t discharge_caps_dA = 0;
    std::int32_t voltage_10mV = 0;  // mean of online packs
};

bool bit(const topband::AlarmInfo& a, std::size_t b) {
    return b / 8 < a.status_byte_count && ((a.status_bytes[b / 8] >> (b % 8)) & 1) != 0;
}

Oracle oracle(const std::array<Slot, 16>& slots, const ControlConfig& c, std::uint64_t now) {
    Oracle o;
    std::int64_t voltage_sum = 0;
    int blocking_discharge = 0;
    for (const Slot& s : slots) {
        if (!s.analog || !fresh(s.analog_at, now, kAnalogMaxAgeMs)) {
            continue;
        }
        const topband::AnalogValues& a = *s.analog;
        ++o.online;
        std::int32_t min_cell = 65535;
        std::int32_t sum_mV = 0;
        for (std::size_t i = 0; i < a.cell_count; ++i) {
            min_cell = std::min<std::int32_t>(min_cell, a.cell_mV[i]);
            sum_mV += a.cell_mV[i];
        }
        const std::int32_t voltage = a.pack_voltage_10mV ? *a.pack_voltage_10mV : (sum_mV + 5) / 10;
        voltage_sum += voltage;
        if (voltage > c.hard_pack_voltage_max_dV * 10) {
            o.hard_cutoff = true;
        }
        if (min_cell <= c.cell_discharge_cut_mV || voltage < c.pack_discharge_cut_dV * 10) {
            o.discharge_must_stop = true;
        }
        for (std::size_t j = 0; j < a.temp_count; ++j) {
            const auto role = a.temp_roles.role[j];
            if (role != topband::TemperatureRole::kCellGroup && role != topband::TemperatureRole::kUnknown) {
                continue;
            }
            const std::int32_t t = topband::temperature_dC(a.temp_raw_dK[j]);
            if (t < c.hard_charge_temp_min_dC || t > c.hard_charge_temp_max_dC) {
                o.hard_cutoff = true;
            }
            if (t < c.discharge_temp_min_dC || t > c.discharge_temp_max_dC) {
                o.discharge_must_stop = true;
            }
        }
        // The last 0x44 reply blocks whatever its age; a pack without one gets no share (it could be blocking).
        bool blocks_charge = !s.alarm;
        bool blocks_discharge = false;
        bool no_share_discharge = !s.alarm;
        if (s.alarm) {
            for (const std::size_t b : kChargeBits) {
                blocks_charge = blocks_charge || bit(*s.alarm, b);
            }
            for (const std::size_t b : kDischargeBits) {
                blocks_discharge = blocks_discharge || bit(*s.alarm, b);
            }
            if (s.alarm->status_byte_count >= 2) {
                blocks_charge = blocks_charge || !bit(*s.alarm, 9);
                blocks_discharge = blocks_discharge || !bit(*s.alarm, 10);
            }
        }
        std::int64_t charge_cap = c.pack_charge_current_dA;
        std::int64_t discharge_cap = c.pack_discharge_current_dA;
        if (s.parameters && topband::implausible_parameters(*s.parameters) == 0) {  // any age: 0x47 only tightens
            charge_cap = std::min<std::int64_t>(charge_cap, s.parameters->charge_current_max_10mA / 10);
            discharge_cap = std::min<std::int64_t>(discharge_cap, s.parameters->discharge_current_max_10mA / 10);
        }
        if (!blocks_charge) {
            o.charge_caps_dA += charge_cap;
        }
        if (blocks_discharge) {
            ++blocking_discharge;
        } else if (!no_share_discharge) {
            o.discharge_caps_dA += discharge_cap;
        }
    }
    if (o.online == 0 || blocking_discharge == o.online) {
        o.discharge_must_stop = true;
    }
    if (o.online > 0) {
        o.voltage_10mV = static_cast<std::int32_t>((voltage_sum + o.online / 2) / o.online);
    }
    return o;
}

// A random valid configuration: the defaults, or with the voltage, current and ramp keys moved within bounds.
ControlConfig random_config(test::RandomPacks& r) {
    ControlConfig c;
    if (r.chance(50)) {
        return c;
    }
    c.cvl_max_dV = r.uniform(480, 564);
    c.bulk_cell_mV = r.uniform(3350, 3550);
    c.float_cell_mV = r.uniform(3300, std::min(c.bulk_cell_mV, 3450));
    c.pack_charge_current_dA = r.uniform(10, 5000);
    c.pack_discharge_current_dA = r.uniform(10, 5000);
    c.ccl_ramp_per_s_dA = r.uniform(1, 2000);
    c.dcl_ramp_per_s_dA = r.uniform(1, 2000);
    c.cvl_ramp_per_s_dV = r.uniform(1, 100);
    c.failsafe_silence = r.chance(50);
    return c;
}

// Time steps: mostly 0.1…5 s, sometimes up to 40 s (packs go stale), rarely minutes (failsafe).
std::uint64_t random_step(test::RandomPacks& r) {
    if (r.chance(5)) {
        return static_cast<std::uint64_t>(r.uniform(30'000, 600'000));
    }
    if (r.chance(20)) {
        return static_cast<std::uint64_t>(r.uniform(5'000, 40'000));
    }
    return static_cast<std::uint64_t>(r.uniform(100, 5'000));
}

// Changes some slots: new fresh data, stale data, or the pack disappears. Other slots keep aging.
void shuffle_slots(test::RandomPacks& r, std::array<Slot, 16>& slots, std::uint64_t now, int max_packs = 16) {
    const int active = r.uniform(1, max_packs);
    for (int i = 0; i < 16; ++i) {
        Slot& s = slots[static_cast<std::size_t>(i)];
        if (i >= active) {
            s = Slot{};
            continue;
        }
        if (s.analog && r.chance(60)) {
            continue;  // unchanged, aging
        }
        const int kind = r.uniform(1, 100);
        if (kind <= 8) {
            s = Slot{};
            continue;
        }
        const bool stale = kind <= 25;
        s.analog = r.analog();
        s.analog_at = now - static_cast<std::uint64_t>(stale ? r.uniform(20'001, 200'000) : r.uniform(0, 20'000));
        if (r.chance(80)) {
            s.alarm = r.alarm();
            s.alarm_at = now - static_cast<std::uint64_t>(r.uniform(0, r.chance(80) ? 60'000 : 200'000));
        } else {
            s.alarm.reset();
        }
        if (r.chance(40)) {
            s.parameters = r.parameters();
            s.parameters_at = now - static_cast<std::uint64_t>(r.uniform(0, 1'000'000));
        } else {
            s.parameters.reset();
        }
    }
}

void load(bank::Bank& bank, const std::array<Slot, 16>& slots) {
    for (std::size_t i = 0; i < 16; ++i) {
        bank::PackState& pack = bank.pack(i);
        pack.clear();
        const Slot& s = slots[i];
        if (s.analog) {
            pack.update_analog(*s.analog, s.analog_at);
        }
        if (s.alarm) {
            pack.update_alarm(*s.alarm, s.alarm_at);
        }
        if (s.parameters) {
            pack.update_parameters(*s.parameters, s.parameters_at);
        }
    }
}

std::int32_t round_up_dV(std::int32_t v_10mV) {
    return (v_10mV + 9) / 10;
}

// Runs every sequence and calls check(output, oracle, config, previous output, elapsed ms) at every step.
template <typename Check>
void for_each_bank(std::uint32_t seed, Check check) {
    test::RandomPacks r(seed);
    for (int sequence = 0; sequence < kSequences; ++sequence) {
        const ControlConfig config = random_config(r);
        ASSERT_TRUE(config.validate().empty());
        bank::Bank bank;
        ChargeController controller(config);
        std::array<Slot, 16> slots{};
        std::uint64_t now = static_cast<std::uint64_t>(r.uniform(1'000'000, 2'000'000));
        std::optional<ControlOutput> previous;
        std::uint64_t previous_ms = now;
        for (int step = 0; step < kSteps; ++step) {
            now += random_step(r);
            shuffle_slots(r, slots, now);
            load(bank, slots);
            const ControlOutput& out = controller.update(bank.update(now), now);
            check(out, oracle(slots, config, now), config, previous ? &*previous : nullptr, now - previous_ms);
            if (testing::Test::HasFailure()) {
                ADD_FAILURE() << "seed " << seed << ", sequence " << sequence << ", step " << step;
                return;
            }
            previous = out;
            previous_ms = now;
        }
    }
}

// Invariants 1–4 and 6 of shared/design.md, checked together on every bank of one random run (one pass keeps the
// sanitizer build fast; each check names its invariant).
TEST(control_property, SafetyInvariantsHoldOnRandomBanks) {
    int banks = 0;
    int hard_cutoffs = 0;
    int discharge_stops = 0;
    for_each_bank(kSeed, [&](const ControlOutput& o, const Oracle& e, const ControlConfig& c,
                             const ControlOutput* previous, std::uint64_t elapsed_ms) {
        ++banks;
        // 1. A hard cut-off stops charging and holds 0 < CVL ≤ the pack voltage rounded up to 0.1 V.
        if (e.hard_cutoff) {
            ++hard_cutoffs;
            EXPECT_EQ(o.ccl_dA, 0) << "hard cut-off: " << o.ccl_reason.view();
            EXPECT_LE(o.cvl_dV, round_up_dV(e.voltage_10mV)) << "hard cut-off: " << o.cvl_reason.view();
            EXPECT_TRUE(o.charge_stopped);
            EXPECT_FALSE(o.requests.charge_enable);
        }
        // 2. 0 < CVL ≤ the configured maximum, always.
        EXPECT_GT(o.cvl_dV, 0);
        EXPECT_LE(o.cvl_dV, c.cvl_max_dV) << o.cvl_reason.view();
        // 3. Discharge must stop ⇒ DCL = 0.
        if (e.discharge_must_stop) {
            ++discharge_stops;
            EXPECT_EQ(o.dcl_dA, 0) << "discharge must stop: " << o.dcl_reason.view();
            EXPECT_TRUE(o.discharge_stopped);
        }
        // 4. CCL and DCL within the caps of the online packs accepting that direction.
        EXPECT_LE(o.ccl_dA, e.charge_caps_dA) << o.ccl_reason.view();
        EXPECT_LE(o.dcl_dA, e.discharge_caps_dA) << o.dcl_reason.view();
        // 6. Limits rise no faster than their ramps between consecutive outputs.
        if (previous != nullptr) {
            const auto allowance = [elapsed_ms](std::int32_t rate) {
                return static_cast<std::int64_t>(rate) * static_cast<std::int64_t>(elapsed_ms) / 1000 + 1;
            };
            EXPECT_LE(o.ccl_dA, previous->ccl_dA + allowance(c.ccl_ramp_per_s_dA)) << "CCL ramp";
            EXPECT_LE(o.dcl_dA, previous->dcl_dA + allowance(c.dcl_ramp_per_s_dA)) << "DCL ramp";
            EXPECT_LE(o.cvl_dV, previous->cvl_dV + allowance(c.cvl_ramp_per_s_dV)) << "CVL ramp";
        }
        // Consistency of the output itself.
        EXPECT_GT(o.dvl_dV, 0);
        EXPECT_GE(o.ccl_dA, 0);
        EXPECT_GE(o.dcl_dA, 0);
        EXPECT_LE(o.ccl_dA, kMaxCurrentDa);
        EXPECT_LE(o.dcl_dA, kMaxCurrentDa);
        EXPECT_FALSE(o.cvl_reason.empty() || o.ccl_reason.empty() || o.dcl_reason.empty() || o.dvl_reason.empty());
        if (o.charge_stopped) {
            EXPECT_EQ(o.ccl_dA, 0);
        }
        if (o.discharge_stopped) {
            EXPECT_EQ(o.dcl_dA, 0);
        }
    });
    EXPECT_GE(banks, 10'000);
    EXPECT_GT(hard_cutoffs, 1'000);  // the generator exercises the rules
    EXPECT_GT(discharge_stops, 1'000);
}

// The same bus, once with and once without extra packs whose data is stale: the stale packs add nothing (no limit
// is higher with them; while a known pack is offline the limits are held, so they may be lower) and every stop of
// the clean bank also holds in the polluted one.
TEST(control_property, StalePacksNeverContribute) {
    test::RandomPacks r(kSeed + 5);
    for (int sequence = 0; sequence < kSequences; ++sequence) {
        const ControlConfig config = random_config(r);
        bank::Bank clean;
        bank::Bank polluted;
        ChargeController a(config);
        ChargeController b(config);
        std::array<Slot, 16> slots{};
        std::uint64_t now = static_cast<std::uint64_t>(r.uniform(1'000'000, 2'000'000));
        // Addresses 12…15 of the polluted bank hold 16-cell packs with stale data of any kind.
        for (std::size_t i = 12; i < 16; ++i) {
            if (r.chance(70)) {
                topband::AnalogValues analog = r.analog();
                while (analog.cell_count != 16) {
                    analog = r.analog();
                }
                polluted.pack(i).update_analog(analog, now - static_cast<std::uint64_t>(r.uniform(20'001, 100'000)));
                polluted.pack(i).update_alarm(r.alarm(), now - 100'000);
                polluted.pack(i).update_parameters(r.parameters(), now - 1'000'000);
            }
        }
        for (int step = 0; step < kSteps; ++step) {
            now += random_step(r);
            shuffle_slots(r, slots, now, 12);
            for (bank::Bank* bank : {&clean, &polluted}) {
                for (std::size_t i = 0; i < 12; ++i) {
                    bank::PackState& pack = bank->pack(i);
                    pack.clear();
                    if (slots[i].analog) {
                        pack.update_analog(*slots[i].analog, slots[i].analog_at);
                    }
                    if (slots[i].alarm) {
                        pack.update_alarm(*slots[i].alarm, slots[i].alarm_at);
                    }
                    if (slots[i].parameters) {
                        pack.update_parameters(*slots[i].parameters, slots[i].parameters_at);
                    }
                }
            }
            const ControlOutput& x = a.update(clean.update(now), now);
            const ControlOutput& y = b.update(polluted.update(now), now);
            EXPECT_LE(y.cvl_dV, x.cvl_dV) << x.cvl_reason.view() << " / " << y.cvl_reason.view();
            EXPECT_LE(y.ccl_dA, x.ccl_dA) << x.ccl_reason.view() << " / " << y.ccl_reason.view();
            EXPECT_LE(y.dcl_dA, x.dcl_dA) << x.dcl_reason.view() << " / " << y.dcl_reason.view();
            EXPECT_EQ(x.dvl_dV, y.dvl_dV);
            EXPECT_EQ(x.charge_stopped, y.charge_stopped);
            EXPECT_EQ(x.discharge_stopped, y.discharge_stopped);
            if (HasFailure()) {
                ADD_FAILURE() << "seed " << kSeed + 5 << ", sequence " << sequence << ", step " << step;
                return;
            }
        }
    }
}

// --- a fault never raises a limit ---------------------------------------------------------------------------

enum class Fault {
    kCellOver,
    kCellUnder,
    kCold,
    kHot,
    kPackOver,
    kPackUnder,
    kProtection,
    kMosfetOff,
    kStricter,
    kStatusStale,      // the pack's last 0x44 reply ages beyond alarm_max_age_s (0x42 still answers)
    kParametersStale,  // its last 0x47 reply ages beyond parameters_max_age_s
};

// Applies one fault to the online pack in `slot` so that only the faulty value moves, towards danger; returns
// false when the fault does not apply to this bank (the caller then skips the comparison).
bool inject(test::RandomPacks& r, Fault fault, Slot& slot, const std::array<Slot, 16>& slots, std::uint64_t now) {
    topband::AnalogValues& a = *slot.analog;
    std::uint32_t sum_mV = 0;
    std::size_t min_i = 0;
    std::size_t max_i = 0;
    for (std::size_t i = 0; i < a.cell_count; ++i) {
        sum_mV += a.cell_mV[i];
        min_i = a.cell_mV[i] < a.cell_mV[min_i] ? i : min_i;
        max_i = a.cell_mV[i] > a.cell_mV[max_i] ? i : max_i;
    }
    const std::uint16_t voltage =
        a.pack_voltage_10mV ? *a.pack_voltage_10mV : static_cast<std::uint16_t>((sum_mV + 5) / 10);
    a.pack_voltage_10mV = voltage;  // measured voltage unchanged by cell faults
    std::optional<std::size_t> coldest;
    std::optional<std::size_t> hottest;
    for (std::size_t j = 0; j < a.temp_count; ++j) {
        const auto role = a.temp_roles.role[j];
        if (role != topband::TemperatureRole::kCellGroup && role != topband::TemperatureRole::kUnknown) {
            continue;
        }
        if (!coldest || a.temp_raw_dK[j] < a.temp_raw_dK[*coldest]) {
            coldest = j;
        }
        if (!hottest || a.temp_raw_dK[j] > a.temp_raw_dK[*hottest]) {
            hottest = j;
        }
    }
    // Whether another online pack reads a voltage at or beyond this one's on the given side.
    const auto other_pack = [&](bool lower) {
        for (const Slot& s : slots) {
            if (&s == &slot || !s.analog || !fresh(s.analog_at, now, kAnalogMaxAgeMs) || !s.analog->pack_voltage_10mV) {
                continue;
            }
            const std::uint16_t v = *s.analog->pack_voltage_10mV;
            if (lower ? v <= voltage : v >= voltage) {
                return true;
            }
        }
        return false;
    };
    switch (fault) {
        case Fault::kCellOver:
            a.cell_mV[max_i] = static_cast<std::uint16_t>(r.uniform(std::max(3600, int{a.cell_mV[max_i]}), 3900));
            return a.cell_count > 1;
        case Fault::kCellUnder:
            a.cell_mV[min_i] =
                static_cast<std::uint16_t>(r.uniform(2000, std::max(2000, std::min(2900, int{a.cell_mV[min_i]}))));
            return a.cell_count > 1;
        case Fault::kCold:
            if (!coldest) {
                return false;
            }
            a.temp_raw_dK[*coldest] = test::raw_dK(r.uniform(-400, -301));  // below every charge and discharge limit
            return true;
        case Fault::kHot:
            if (!hottest) {
                return false;
            }
            a.temp_raw_dK[*hottest] = test::raw_dK(r.uniform(701, 900));
            return true;
        case Fault::kPackOver:
            if (voltage > 6000) {
                return false;
            }
            a.pack_voltage_10mV = static_cast<std::uint16_t>(r.uniform(std::max(5651, int{voltage}), 6000));
            return other_pack(true);
        case Fault::kPackUnder:
            if (voltage < 1000) {
                return false;
            }
            a.pack_voltage_10mV = static_cast<std::uint16_t>(r.uniform(1000, std::min(4479, int{voltage})));
            return other_pack(false);
        case Fault::kProtection: {
            if (!slot.alarm) {
                return false;  // a first 0x44 reply gives the pack its share: new data, not a fault
            }
            if (!fresh(slot.alarm_at, now, kAlarmMaxAgeMs)) {
                slot.alarm_at = now;  // the same bits again, now with the fault
            }
            const std::size_t b = r.chance(50) ? kChargeBits[r.uniform(0, 15)] : kDischargeBits[r.uniform(0, 15)];
            slot.alarm->status_bytes[b / 8] =
                static_cast<std::uint8_t>(slot.alarm->status_bytes[b / 8] | (1U << (b % 8)));
            slot.alarm->status_byte_count = std::max<std::uint8_t>(slot.alarm->status_byte_count, 8);
            return true;
        }
        case Fault::kMosfetOff: {
            if (!slot.alarm || slot.alarm->status_byte_count < 2) {
                return false;
            }
            const std::size_t b = r.chance(50) ? 9 : 10;
            slot.alarm->status_bytes[1] = static_cast<std::uint8_t>(slot.alarm->status_bytes[1] & ~(1U << (b % 8)));
            return true;
        }
        case Fault::kStricter: {
            const bool usable = slot.parameters && topband::implausible_parameters(*slot.parameters) == 0;
            topband::SystemParameters p = usable ? *slot.parameters : test::loose_parameters();
            switch (r.uniform(0, 7)) {
                case 0:
                    p.cell_high_mV = static_cast<std::uint16_t>(std::max(2000, p.cell_high_mV - r.uniform(1, 300)));
                    break;
                case 1:
                    p.cell_low_mV = static_cast<std::uint16_t>(std::min(4500, p.cell_low_mV + r.uniform(1, 500)));
                    break;
                case 2:
                    p.charge_low_temp_raw_dK = static_cast<std::uint16_t>(p.charge_low_temp_raw_dK + r.uniform(1, 300));
                    break;
                case 3:
                    p.charge_high_temp_raw_dK =
                        static_cast<std::uint16_t>(p.charge_high_temp_raw_dK - r.uniform(1, 300));
                    break;
                case 4:
                    p.charge_current_max_10mA =
                        static_cast<std::int16_t>(std::max(100, p.charge_current_max_10mA - r.uniform(1, 10000)));
                    break;
                case 5:
                    p.discharge_current_max_10mA =
                        static_cast<std::int16_t>(std::max(100, p.discharge_current_max_10mA - r.uniform(1, 10000)));
                    break;
                case 6:
                    p.pack_low_10mV = static_cast<std::uint16_t>(std::min(6500, p.pack_low_10mV + r.uniform(1, 800)));
                    break;
                default:
                    p.discharge_low_temp_raw_dK =
                        static_cast<std::uint16_t>(p.discharge_low_temp_raw_dK + r.uniform(1, 300));
                    break;
            }
            if (topband::implausible_parameters(p) != 0) {
                return false;
            }
            slot.parameters = p;
            slot.parameters_at = now;
            return true;
        }
        case Fault::kStatusStale:
            if (!slot.alarm) {
                return false;
            }
            slot.alarm_at =
                std::min(slot.alarm_at, now - kAlarmMaxAgeMs - static_cast<std::uint64_t>(r.uniform(1, 840'000)));
            return true;
        case Fault::kParametersStale:
            if (!slot.parameters) {
                return false;
            }
            slot.parameters_at = std::min(
                slot.parameters_at, now - kParametersMaxAgeMs - static_cast<std::uint64_t>(r.uniform(1, 100'000)));
            return true;
    }
    return false;
}

TEST(control_property, AFaultNeverRaisesALimit) {
    test::RandomPacks r(kSeed + 6);
    int compared = 0;
    for (int sequence = 0; sequence < kSequences; ++sequence) {
        const ControlConfig config = random_config(r);
        bank::Bank bank;
        ChargeController controller(config);
        std::array<Slot, 16> slots{};
        std::uint64_t now = static_cast<std::uint64_t>(r.uniform(1'000'000, 2'000'000));
        for (int step = 0; step < kSteps; ++step) {
            now += random_step(r);
            shuffle_slots(r, slots, now);
            std::array<std::size_t, 16> online{};
            std::size_t online_count = 0;
            for (std::size_t i = 0; i < 16; ++i) {
                if (slots[i].analog && fresh(slots[i].analog_at, now, kAnalogMaxAgeMs)) {
                    online[online_count++] = i;
                }
            }
            std::array<Slot, 16> faulty = slots;
            const auto fault = static_cast<Fault>(r.uniform(0, 10));
            bool applies = false;
            if (online_count > 0) {
                Slot& target =
                    faulty[online[static_cast<std::size_t>(r.uniform(0, static_cast<int>(online_count) - 1))]];
                applies = inject(r, fault, target, faulty, now);
            }
            load(bank, slots);
            ChargeController twin = controller;
            const ControlOutput good = controller.update(bank.update(now), now);
            if (applies) {
                bank::Bank faulty_bank;
                load(faulty_bank, faulty);
                const ControlOutput& bad = twin.update(faulty_bank.update(now), now);
                ++compared;
                EXPECT_LE(bad.ccl_dA, good.ccl_dA) << bad.ccl_reason.view() << " / " << good.ccl_reason.view();
                EXPECT_LE(bad.dcl_dA, good.dcl_dA) << bad.dcl_reason.view() << " / " << good.dcl_reason.view();
                // A charge stop holds CVL at the measured pack voltage (victron-can-bms.md §6), so a fault that
                // changes the measured pack voltage may move CVL with it: compared for every other fault.
                if (fault != Fault::kPackOver && fault != Fault::kPackUnder) {
                    EXPECT_LE(bad.cvl_dV, good.cvl_dV) << bad.cvl_reason.view() << " / " << good.cvl_reason.view();
                }
            }
            if (HasFailure()) {
                ADD_FAILURE() << "seed " << kSeed + 6 << ", sequence " << sequence << ", step " << step << ", fault "
                              << static_cast<int>(fault);
                return;
            }
        }
    }
    EXPECT_GE(compared, 10'000 * 8 / 10);
}

// --- a dropped pack never raises a limit ----------------------------------------------------------------------

// An online pack likely to cause a cut-off or a taper: the one with the highest cell (CCL taper, cell over-voltage),
// the lowest cell (DCL taper, under-voltage), the coldest or hottest cell sensor, or any.
std::optional<std::size_t> pick_victim(test::RandomPacks& r, const std::array<Slot, 16>& slots, std::uint64_t now) {
    const int how = r.uniform(0, 4);
    std::optional<std::size_t> best;
    std::int32_t best_key = 0;
    int seen = 0;
    for (std::size_t i = 0; i < 16; ++i) {
        const Slot& s = slots[i];
        if (!s.analog || !fresh(s.analog_at, now, kAnalogMaxAgeMs)) {
            continue;
        }
        const topband::AnalogValues& a = *s.analog;
        std::int32_t key = 0;
        switch (how) {
            case 0:  // highest cell
                for (std::size_t c = 0; c < a.cell_count; ++c) {
                    key = std::max<std::int32_t>(key, a.cell_mV[c]);
                }
                break;
            case 1:  // lowest cell
                key = -65535;
                for (std::size_t c = 0; c < a.cell_count; ++c) {
                    key = std::max<std::int32_t>(key, -a.cell_mV[c]);
                }
                break;
            case 2:  // coldest sensor (any role: unknown roles count as cell sensors)
            case 3:  // hottest sensor
                key = -100000;
                for (std::size_t j = 0; j < a.temp_count; ++j) {
                    const std::int32_t t = topband::temperature_dC(a.temp_raw_dK[j]);
                    key = std::max(key, how == 2 ? -t : t);
                }
                break;
            default:  // any online pack
                key = r.uniform(0, 1000);
                break;
        }
        if (seen++ == 0 || key > best_key) {
            best = i;
            best_key = key;
        }
    }
    return best;
}

// The pack that causes a cut-off or a taper goes stale or is declared link-lost by the poller: for as long as it
// stays away, no limit rises above its value at the update before the drop (the lost share may still leave).
TEST(control_property, ADroppedPackNeverRaisesALimit) {
    test::RandomPacks r(kSeed + 7);
    int compared = 0;
    for (int sequence = 0; sequence < kSequences; ++sequence) {
        const ControlConfig config = random_config(r);
        bank::Bank bank;
        ChargeController controller(config);
        std::array<Slot, 16> slots{};
        std::uint64_t now = static_cast<std::uint64_t>(r.uniform(1'000'000, 2'000'000));
        for (int step = 0; step < kSteps; ++step) {
            now += random_step(r);
            shuffle_slots(r, slots, now);
            load(bank, slots);
            const ControlOutput before = controller.update(bank.update(now), now);
            const std::optional<std::size_t> victim = pick_victim(r, slots, now);
            if (!victim) {
                continue;
            }
            ChargeController twin = controller;
            bank::Bank twin_bank;
            std::array<Slot, 16> dropped = slots;
            const bool link_lost = r.chance(50);
            std::uint64_t t = now;
            // Up to 6 s in all: the newest 0x42 reply stays younger than comm_loss_timeout_s (no failsafe).
            for (int k = 0; k < 3; ++k) {
                t += static_cast<std::uint64_t>(r.uniform(200, 2'000));
                if (!link_lost) {
                    dropped[*victim].analog_at = std::min(dropped[*victim].analog_at, t - kAnalogMaxAgeMs - 1);
                }
                load(twin_bank, dropped);
                if (link_lost) {
                    twin_bank.pack(*victim).set_link_lost(true);
                }
                const ControlOutput& o = twin.update(twin_bank.update(t), t);
                ++compared;
                EXPECT_LE(o.ccl_dA, before.ccl_dA) << o.ccl_reason.view() << " / " << before.ccl_reason.view();
                EXPECT_LE(o.dcl_dA, before.dcl_dA) << o.dcl_reason.view() << " / " << before.dcl_reason.view();
                EXPECT_LE(o.cvl_dV, before.cvl_dV) << o.cvl_reason.view() << " / " << before.cvl_reason.view();
                if (HasFailure()) {
                    ADD_FAILURE() << "seed " << kSeed + 7 << ", sequence " << sequence << ", step " << step
                                  << ", victim " << *victim << (link_lost ? ", link lost" : ", stale") << ", k " << k;
                    return;
                }
            }
        }
    }
    EXPECT_GE(compared, 10'000);
}

}  // namespace
}  // namespace tbg::control
