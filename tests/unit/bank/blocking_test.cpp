#include "core/bank/blocking.h"

#include <gtest/gtest.h>

#include "tests/unit/bank/test_packs.h"

namespace tbg::bank {
namespace {

TEST(bank_blocking, HealthyPackBlocksNothing) {
    const PackBlocking b = pack_blocking(test::status());
    EXPECT_FALSE(b.charge);
    EXPECT_FALSE(b.discharge);
    EXPECT_EQ(b.charge_bit, kNoBit);
    EXPECT_EQ(b.discharge_bit, kNoBit);
}

TEST(bank_blocking, MosfetOffBlocksItsDirection) {
    const PackBlocking charge_off = pack_blocking(test::clear_bits(test::status(), {9}));
    EXPECT_TRUE(charge_off.charge);
    EXPECT_FALSE(charge_off.discharge);
    EXPECT_EQ(charge_off.charge_bit, 9);
    EXPECT_EQ(blocking_cause(charge_off.charge_bit), "charge MOSFET off");

    const PackBlocking discharge_off = pack_blocking(test::clear_bits(test::status(), {10}));
    EXPECT_FALSE(discharge_off.charge);
    EXPECT_TRUE(discharge_off.discharge);
    EXPECT_EQ(blocking_cause(discharge_off.discharge_bit), "discharge MOSFET off");
}

TEST(bank_blocking, MosfetStateIsUnknownWithoutItsStatusByte) {
    topband::AlarmInfo one_byte = test::status();
    one_byte.status_byte_count = 1;
    const PackBlocking b = pack_blocking(one_byte);
    EXPECT_FALSE(b.charge);
    EXPECT_FALSE(b.discharge);
}

TEST(bank_blocking, ProtectionBitsBlockTheirDirection) {
    struct Case {
        std::size_t bit;
        bool charge;
        bool discharge;
    };
    const Case cases[] = {
        {0, true, false}, {2, true, false},  {4, false, true},  {5, false, true},  {6, true, false},
        {11, true, true}, {12, false, true}, {13, false, true}, {14, true, true},  {28, false, true},
        {30, true, true}, {49, true, false}, {50, false, true}, {51, true, false}, {52, true, true},
        {53, true, true}, {54, true, false}, {55, true, true},  {56, false, true}, {58, true, false},
        {59, true, true}, {60, false, true}, {61, true, false}, {62, false, true}, {63, true, false},
    };
    for (const Case& c : cases) {
        const PackBlocking b = pack_blocking(test::status({c.bit}));
        EXPECT_EQ(b.charge, c.charge) << "bit " << c.bit;
        EXPECT_EQ(b.discharge, c.discharge) << "bit " << c.bit;
        if (c.charge) {
            EXPECT_EQ(b.charge_bit, c.bit);
        }
        if (c.discharge) {
            EXPECT_EQ(b.discharge_bit, c.bit);
        }
    }
}

TEST(bank_blocking, AlarmsAndStatesDoNotBlock) {
    for (const std::size_t bit : {1U, 3U, 7U, 8U, 15U, 19U, 22U, 23U, 40U, 44U, 45U, 46U, 47U}) {
        const PackBlocking b = pack_blocking(test::status({bit}));
        EXPECT_FALSE(b.charge) << "bit " << bit;
        EXPECT_FALSE(b.discharge) << "bit " << bit;
    }
}

TEST(bank_blocking, TheProtectionIsReportedRatherThanTheMosfetItSwitchedOff) {
    const PackBlocking b = pack_blocking(test::clear_bits(test::status({58}), {9}));
    EXPECT_EQ(b.charge_bit, 58);
    EXPECT_EQ(blocking_cause(b.charge_bit), "pack over-voltage protection");
}

}  // namespace
}  // namespace tbg::bank
