// Persistence of the EnergyLedger: exact round trip, strict validation, nothing half-loaded.
#include "core/history/ledger_json.h"

#include <gtest/gtest.h>

namespace tbg::history {
namespace {

using nlohmann::json;

EnergyLedger filled_ledger() {
    EnergyLedger ledger;
    ledger.update(0, 0, CivilDate{2026, 11, 30});
    ledger.update(123'456, 7, CivilDate{2026, 11, 30});
    ledger.update(123'457, 9, CivilDate{2026, 12, 1});
    ledger.update(200'000, 9, CivilDate{2027, 1, 1});
    ledger.update(200'050, 10, std::nullopt);  // pending
    return ledger;
}

TEST(LedgerJson, LayoutIsCompactAndOldestFirst) {
    const json doc = ledger_to_json(filled_ledger());
    EXPECT_EQ(doc, json::parse(R"({
        "days": [["2026-11-30", 123456, 7], ["2026-12-01", 1, 2], ["2027-01-01", 76543, 0]],
        "months": [["2026-11", 123456, 7], ["2026-12", 1, 2], ["2027-01", 76543, 0]],
        "pending": [50, 1]})"));
    EXPECT_EQ(ledger_to_json(EnergyLedger()), json::parse(R"({"days": [], "months": [], "pending": [0, 0]})"));
}

TEST(LedgerJson, RoundTripIsExact) {
    EnergyLedger original = filled_ledger();
    const DayEnergy days[] = {{{2026, 1, 31}, {EnergyLedger::kMaxEntryMilliwattHours, 0}},
                              {{2028, 2, 29}, {1, EnergyLedger::kMaxEntryMilliwattHours}}};
    const MonthEnergy months[] = {{{2199, 12}, {EnergyLedger::kMaxEntryMilliwattHours, 3}}, {{2000, 1}, {0, 0}}};
    std::string error;
    ASSERT_TRUE(original.restore(days, months, {4, 5}, error)) << error;
    const std::string text = ledger_to_json(original).dump();

    EnergyLedger loaded;
    ASSERT_TRUE(ledger_from_json(json::parse(text), loaded, error)) << error;
    EXPECT_EQ(loaded.days(), original.days());
    EXPECT_EQ(loaded.months(), original.months());
    EXPECT_EQ(loaded.pending(), original.pending());
    EXPECT_EQ(ledger_to_json(loaded).dump(), text);
}

TEST(LedgerJson, EntriesInAnyOrderAndPendingOptional) {
    EnergyLedger ledger;
    std::string error;
    ASSERT_TRUE(ledger_from_json(
        json::parse(R"({"days": [["2026-12-02", 2, 0], ["2026-12-01", 1, 0]], "months": [["2026-12", 3, 0]]})"), ledger,
        error))
        << error;
    ASSERT_EQ(ledger.days().size(), 2U);
    EXPECT_EQ(ledger.days()[0].date, (CivilDate{2026, 12, 1}));
    EXPECT_EQ(ledger.pending(), (EnergyTotals{0, 0}));
    // Non-negative integers built in C++ with signed storage are accepted too.
    json doc = {{"days", json::array()}, {"months", json::array({json::array({"2026-12", 5, 6})})}};
    ASSERT_TRUE(doc["months"][0][1].is_number_integer() && !doc["months"][0][1].is_number_unsigned());
    ASSERT_TRUE(ledger_from_json(doc, ledger, error)) << error;
    EXPECT_EQ(ledger.month(2026, 12), (EnergyTotals{5, 6}));
    EXPECT_TRUE(ledger.days().empty());
}

TEST(LedgerJson, LoadingResetsTheBaseline) {
    EnergyLedger ledger;
    ledger.update(100, 100, CivilDate{2026, 12, 1});
    std::string error;
    ASSERT_TRUE(ledger_from_json(json::parse(R"({"days": [], "months": []})"), ledger, error)) << error;
    ledger.update(5000, 5000, CivilDate{2026, 12, 1});  // baseline only
    EXPECT_TRUE(ledger.days().empty());
}

std::string many(const char* prefix, int count, bool months) {
    std::string text;
    CivilDate date{2026, 1, 1};
    CivilMonth month{2020, 1};
    for (int i = 0; i < count; ++i) {
        text += (i == 0 ? "" : ", ") + std::string("[\"") + (months ? to_string(month) : to_string(date)) + "\", 1, 1]";
        date = next_day(date);
        month = add_months(month, 1);
    }
    return std::string(prefix) + text + "]";
}

TEST(LedgerJson, EveryDamageIsRejectedWithAMessageAndChangesNothing) {
    struct Case {
        std::string text;
        const char* message;
    };
    const std::string max_plus_one = std::to_string(EnergyLedger::kMaxEntryMilliwattHours + 1);
    const Case cases[] = {
        {R"([])", "not an object"},
        {R"("days")", "not an object"},
        {R"({"months": []})", "\"days\" is missing"},
        {R"({"days": []})", "\"months\" is missing"},
        {R"({"days": {}, "months": []})", "\"days\" is not an array"},
        {R"({"days": [], "months": "2026-12"})", "\"months\" is not an array"},
        {R"({"days": [], "months": [], "extra": 1})", "unknown key \"extra\""},
        {R"({"days": [["2026-12-01", 1]], "months": []})", "days[0]: not [date, charged_mWh, discharged_mWh]"},
        {R"({"days": [["2026-12-01", 1, 2, 3]], "months": []})", "days[0]: not [date"},
        {R"({"days": [{"date": "2026-12-01"}], "months": []})", "days[0]: not [date"},
        {R"({"days": [], "months": [["2026-12", 1]]})", "months[0]: not [month, charged_mWh, discharged_mWh]"},
        {R"({"days": [[20261201, 1, 2]], "months": []})", "days[0][0]: not a date text"},
        {R"({"days": [["2026-02-30", 1, 2]], "months": []})", "days[0][0]: \"2026-02-30\" is not a valid date"},
        {R"({"days": [["2026-12-1", 1, 2]], "months": []})", "days[0][0]: \"2026-12-1\" is not a valid date"},
        {R"({"days": [["1999-12-31", 1, 2]], "months": []})", "is not a valid date"},
        {R"({"days": [["2027-02-29", 1, 2]], "months": []})", "is not a valid date"},
        {R"({"days": [], "months": [["2026-13", 1, 2]]})", "months[0][0]: \"2026-13\" is not a valid month"},
        {R"({"days": [], "months": [["2026-12-01", 1, 2]]})", "is not a valid month"},
        {R"({"days": [["2026-12-01", -1, 2]], "months": []})", "days[0][1]: not an integer 0…"},
        {R"({"days": [["2026-12-01", 1, -2]], "months": []})", "days[0][2]: not an integer 0…"},
        {R"({"days": [["2026-12-01", 1.5, 2]], "months": []})", "days[0][1]: not an integer"},
        {R"({"days": [["2026-12-01", 1.0, 2]], "months": []})", "days[0][1]: not an integer"},
        {R"({"days": [["2026-12-01", "1", 2]], "months": []})", "days[0][1]: not an integer"},
        {R"({"days": [["2026-12-01", true, 2]], "months": []})", "days[0][1]: not an integer"},
        {R"({"days": [["2026-12-01", null, 2]], "months": []})", "days[0][1]: not an integer"},
        {R"({"days": [], "months": [["2026-12", 1, )" + max_plus_one + "]]}", "months[0][2]: not an integer"},
        {R"({"days": [["2026-12-01", 1, 2], ["2026-11-30", 1, 2], ["2026-12-01", 3, 4]], "months": []})",
         "duplicate day 2026-12-01"},
        {R"({"days": [], "months": [["2026-12", 1, 2], ["2026-12", 1, 2]]})", "duplicate month 2026-12"},
        {many(R"({"months": [], "days": [)", 63, false) + "}", "days: 63 entries, at most 62"},
        {many(R"({"days": [], "months": [)", 37, true) + "}", "months: 37 entries, at most 36"},
        {R"({"days": [], "months": [], "pending": [1]})", "pending: not [charged_mWh, discharged_mWh]"},
        {R"({"days": [], "months": [], "pending": {"charged_mWh": 1}})", "pending: not ["},
        {R"({"days": [], "months": [], "pending": [1, -1]})", "pending[1]: not an integer"},
        {R"({"days": [["2026-12-01", 1, 2]], "months": [["2026-12", 1, 2]], "pending": [0.5, 0]})",
         "pending[0]: not an integer"},
    };
    for (const Case& c : cases) {
        EnergyLedger ledger = filled_ledger();
        const json before = ledger_to_json(ledger);
        std::string error;
        EXPECT_FALSE(ledger_from_json(json::parse(c.text), ledger, error)) << c.text;
        EXPECT_NE(error.find(c.message), std::string::npos) << c.text << " → " << error;
        EXPECT_EQ(ledger_to_json(ledger), before) << c.text;
        // The baseline survived too: the next update attributes growth from the previous counters.
        ledger.update(200'060, 10, CivilDate{2027, 1, 1});
        EXPECT_EQ(ledger.day({2027, 1, 1}).charged_mWh, 76'543U + 60U) << c.text;
    }
}

TEST(LedgerJson, TheLimitsAreThoseOfTheTargetLedger) {
    const json doc = json::parse(many(R"({"months": [], "days": [)", 5, false) + "}");
    EnergyLedger small(4, 36);
    std::string error;
    EXPECT_FALSE(ledger_from_json(doc, small, error));
    EXPECT_EQ(error, "days: 5 entries, at most 4");
    EnergyLedger big(5, 36);
    EXPECT_TRUE(ledger_from_json(doc, big, error)) << error;
    EXPECT_EQ(big.days().size(), 5U);
}

}  // namespace
}  // namespace tbg::history
