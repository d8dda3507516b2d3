// The API documents built from real Gateway views (simulated packs): status, pack detail with 0x44 alarms by name,
// 0x47 limits and 0x51 info, data ages and stale marks, history, energy, frames; and the /metrics text format.
#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "core/api/api_documents.h"
#include "core/api/metrics.h"
#include "tests/unit/api/view_rig.h"

namespace tbg::api {
namespace {

using nlohmann::json;
using testing::ViewRig;

TEST(Documents, StatusListsKnownPacksWithLiveValuesAndHealth) {
    ViewRig rig(3);
    rig.run_until(30'000);
    const json doc = status_document(*rig.view());
    EXPECT_EQ(doc["version"], "test");
    EXPECT_TRUE(doc["bank"]["online"].get<bool>());
    EXPECT_EQ(doc["bank"]["modules"]["online"], 3);
    EXPECT_TRUE(doc["bank"]["limits"]["cvl_reason"].is_string());
    ASSERT_EQ(doc["packs"].size(), 3U);
    for (const json& pack : doc["packs"]) {
        EXPECT_EQ(pack["presence"], "online");
        EXPECT_GT(pack["voltage_V"].get<double>(), 40.0);
        EXPECT_LT(pack["data_age_s"].get<double>(), 10.0);
        EXPECT_EQ(pack["alarms_active"], 0);
    }
    EXPECT_EQ(doc["rs485"]["packs_online"], 3);
    EXPECT_GT(doc["rs485"]["replies"].get<int>(), 10);
    EXPECT_EQ(doc["can"]["protocol"], "victron");
    EXPECT_GT(doc["can"]["sets_sent"].get<int>(), 20);
    EXPECT_EQ(doc["energy_today"]["date"], "2026-12-01");
    EXPECT_TRUE(doc["energy_today"]["charged_kWh"].is_number());
}

TEST(Documents, PackDetailNamesAlarmBitsAndShowsLimitsInfoAndAges) {
    ViewRig rig(2);
    rig.bus().set_scenario(1, sim::Scenario::kProtection);
    rig.run_until(40'000);
    const auto view = rig.view();
    ASSERT_TRUE(pack_known(*view, 1));
    EXPECT_FALSE(pack_known(*view, 5));
    const json pack = pack_document(*view, 1);
    EXPECT_EQ(pack["cell_count"], 16);
    EXPECT_EQ(pack["cells_V"].size(), 16U);
    EXPECT_EQ(pack["temperatures"].size(), 7U);
    EXPECT_EQ(pack["temperatures"][4]["role"], "balancer");
    EXPECT_EQ(pack["temperatures"][0]["state"], "normal");
    EXPECT_TRUE(pack["temperature_roles_likely"].get<bool>());
    ASSERT_TRUE(pack["alarms"].is_object());
    std::set<std::string> ids;
    for (const json& bit : pack["alarms"]["active"]) {
        ids.insert(bit["id"].get<std::string>());
    }
    EXPECT_TRUE(ids.count("charge_over_current_protection")) << pack["alarms"].dump();
    EXPECT_TRUE(pack["blocking_charge"].get<bool>());
    ASSERT_TRUE(pack["limits"].is_object());
    EXPECT_TRUE(pack["limits"]["usable"].get<bool>());
    EXPECT_GT(pack["limits"]["cell_high_V"].get<double>(), 3.4);
    ASSERT_TRUE(pack["info"].is_object());
    EXPECT_FALSE(pack["info"]["hardware"].get<std::string>().empty());
    EXPECT_FALSE(pack["stale"]["analog"].get<bool>());
    EXPECT_TRUE(pack["counters"]["errors_by_kind"].contains("bad_chksum"));
    EXPECT_EQ(pack_document(*view, 0)["alarms"]["active"].size(),
              pack_document(*view, 0)["alarms"]["active"].size());  // deterministic
}

TEST(Documents, ADroppedPackKeepsItsCellsButIsMarkedStaleAndHasNoAggregates) {
    ViewRig rig(2);
    rig.run_until(20'000);
    rig.bus().set_scenario(1, sim::Scenario::kDropout);
    rig.run_until(60'000);
    const auto view = rig.view();
    const json pack = pack_document(*view, 1);
    EXPECT_EQ(pack["presence"], "offline");
    EXPECT_FALSE(pack["online"].get<bool>());
    EXPECT_EQ(pack["cells_V"].size(), 16U) << "last values kept for display";
    EXPECT_TRUE(pack["voltage_V"].is_null()) << "but not shown as current";
    EXPECT_TRUE(pack["stale"]["analog"].get<bool>());
    EXPECT_GT(pack["data_age_s"]["analog"].get<double>(), 30.0);
    const json status = status_document(*view);
    EXPECT_EQ(status["bank"]["modules"]["offline"], 1);
    EXPECT_TRUE(status["packs"][1]["soc_pct"].is_null());
}

TEST(Documents, HistoryEnergyAndFrames) {
    ViewRig rig(1);
    rig.run_until(185'000);
    const auto view = rig.view();
    const json history = history_document(*view, 1);
    EXPECT_EQ(history["interval_s"], 60);
    EXPECT_EQ(history["points"], 4) << "3 finished minutes + the one in progress";
    EXPECT_EQ(history["power_W"].size(), 4U);
    EXPECT_TRUE(history["voltage_V"][1].is_number());
    const json energy = energy_document(*view, 7, 12);
    EXPECT_EQ(energy["today"], "2026-12-01");
    EXPECT_EQ(energy["days"].size(), 7U);
    EXPECT_EQ(energy["months"].size(), 12U);
    EXPECT_EQ(energy["days"][6]["date"], "2026-12-01");
    const json frames = frames_document(*view, 10);
    ASSERT_EQ(frames["rs485"].size(), 10U);
    ASSERT_EQ(frames["can"].size(), 10U);
    bool decoded_reply = false;
    for (const json& record : frames["rs485"]) {
        if (record["dir"] == "rx" && record["decoded"]["ok"] == true) {
            decoded_reply = true;
            EXPECT_FALSE(record["decoded"].contains("command_guessed") && record["decoded"]["command_guessed"] == true)
                << "replies are decoded as the command that was outstanding";
        }
        EXPECT_EQ(record["text"].get<std::string>().find('\r'), std::string::npos);
    }
    EXPECT_TRUE(decoded_reply);
    EXPECT_EQ(frames["can"][0]["id"].get<std::string>().rfind("0x3", 0), 0U);
    EXPECT_FALSE(frames["can"][0]["text"].get<std::string>().empty());
}

// Prometheus text format 0.0.4: every sample belongs to the family whose HELP/TYPE lines precede it, families are
// not repeated, names and labels are well-formed and values parse.
TEST(Metrics, TextFormatIsWellFormed) {
    ViewRig rig(2);
    rig.run_until(30'000);
    HttpCounters http;
    http.responses_by_class[2] = 5;
    const std::string text = metrics_text(*rig.view(), http);
    std::istringstream lines(text);
    std::string line;
    std::string family;
    std::set<std::string> families;
    std::map<std::string, int> samples;
    const std::regex sample_re(R"(^([a-z_][a-z0-9_]*)(\{([a-z_]+="[^"\\]*"(,[a-z_]+="[^"\\]*")*)\})? (-?[0-9.e+-]+)$)");
    while (std::getline(lines, line)) {
        if (line.rfind("# HELP ", 0) == 0) {
            family = line.substr(7, line.find(' ', 7) - 7);
            EXPECT_TRUE(families.insert(family).second) << "family repeated: " << family;
            continue;
        }
        if (line.rfind("# TYPE ", 0) == 0) {
            EXPECT_EQ(line.substr(7, family.size()), family);
            continue;
        }
        std::smatch match;
        ASSERT_TRUE(std::regex_match(line, match, sample_re)) << line;
        EXPECT_EQ(match[1].str(), family) << line;
        ++samples[family];
    }
    EXPECT_EQ(samples["topband_pack_cell_voltage_volts"], 32);
    EXPECT_EQ(samples["topband_pack_online"], 2);
    EXPECT_EQ(samples["topband_charge_state"], 5);
    EXPECT_NE(text.find("topband_http_responses_total{code=\"2xx\"} 5\n"), std::string::npos);
    EXPECT_NE(text.find("topband_bank_soc_ratio "), std::string::npos);
}

TEST(Metrics, UnknownValuesAreLeftOutNotZero) {
    ViewRig rig(1);
    rig.run_until(100);  // no reply yet
    const std::string text = metrics_text(*rig.view(), HttpCounters{});
    EXPECT_NE(text.find("topband_bank_online 0\n"), std::string::npos);
    EXPECT_EQ(text.find("topband_bank_voltage_volts "), std::string::npos);
    EXPECT_EQ(text.find("topband_bank_soc_ratio "), std::string::npos);
}

}  // namespace
}  // namespace tbg::api
