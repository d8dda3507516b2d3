// The ESP32 size report: the embedded web bundle, the RAM of the core objects for 16 packs (measured here on the
// host, an upper bound of the 32-bit chip's), and the NVS writes per day, each against targets/esp32/budgets.json.
// Prints a Markdown table; exit status 1 when a figure is over its budget. Usage: esp32_size_report [BUDGETS_JSON]
//
// What it cannot show: the flash image size per environment (idf.py size on a real build) and the RAM ESP-IDF,
// WiFi and lwIP take (docs/esp32.md gives Espressif's figures).
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "core/api/gateway_view.h"
#include "core/api/web_assets.h"
#include "core/app/gateway.h"
#include "core/history/energy_ledger.h"
#include "core/history/minute_history.h"
#include "targets/esp32/main/firmware.h"
#include "targets/esp32/main/save_policy.h"

namespace {

using tbg::esp32::kHistoryMinutesInternal;
using tbg::esp32::kHistoryMinutesPsram;

struct Row {
    std::string what;
    std::uint64_t value = 0;
    std::string unit;
    std::string budget_key;  // "" = informative
    std::string how;
};

std::uint64_t history_bytes(std::size_t minutes) {
    return sizeof(tbg::history::MinuteHistory) + minutes * sizeof(tbg::history::HistorySample);
}

std::uint64_t ledger_bytes() {
    const tbg::history::EnergyLedger ledger;
    return sizeof(ledger) + ledger.max_days() * sizeof(tbg::history::DayEnergy) +
           ledger.max_months() * sizeof(tbg::history::MonthEnergy);
}

// The core's share of RAM in the full edition: the gateway, the firmware object, and the pools of the control task
// (targets/esp32/main/firmware.h): two views, two histories, the live ledger and two copies. A pool keeps what it
// allocated; a third object exists only for as long as a slow reader still holds an old one.
std::uint64_t core_ram(std::size_t minutes) {
    return sizeof(tbg::app::Gateway) + sizeof(tbg::esp32::Firmware) + 2 * sizeof(tbg::api::GatewayView) +
           2 * history_bytes(minutes) + 3 * ledger_bytes();
}

}  // namespace

#ifdef TBG_HAVE_WEB_BUNDLE
static std::uint64_t web_bundle_bytes() {
    return tbg::api::embedded_web_bundle().gzip_total_bytes;
}
#endif

int main(int argc, char** argv) {
    const std::string path = argc > 1 ? argv[1] : TBG_SOURCE_DIR "/targets/esp32/budgets.json";
    std::ifstream file(path);
    const nlohmann::json budgets = nlohmann::json::parse(file, nullptr, false);
    if (budgets.is_discarded()) {
        std::fprintf(stderr, "size report: cannot read %s\n", path.c_str());
        return 2;
    }
    const tbg::esp32::NvsWriteBudget nvs = tbg::esp32::nvs_writes_per_day_worst_case();
    std::vector<Row> rows = {
#ifdef TBG_HAVE_WEB_BUNDLE
        {"web bundle (gzip, embedded in the full edition)", web_bundle_bytes(), "B", "web_bundle_gzip_bytes",
         "sum of the embedded assets"},
#endif
        {"app::Gateway (16 packs)", sizeof(tbg::app::Gateway), "B", "", "sizeof"},
        {"esp32::Firmware", sizeof(tbg::esp32::Firmware), "B", "", "sizeof"},
        {"api::GatewayView (16 packs)", sizeof(tbg::api::GatewayView), "B", "", "sizeof"},
        {"history, 12 h (no PSRAM)", history_bytes(kHistoryMinutesInternal), "B", "",
         "sizeof + minutes × sizeof(HistorySample)"},
        {"history, 48 h (PSRAM)", history_bytes(kHistoryMinutesPsram), "B", "",
         "sizeof + minutes × sizeof(HistorySample)"},
        {"energy ledger (62 days, 36 months)", ledger_bytes(), "B", "", "sizeof + capacity × element"},
        {"core RAM at peak, board without PSRAM", core_ram(kHistoryMinutesInternal), "B", "core_ram_bytes_internal",
         "Gateway + Firmware + 2 views + 2 histories + 3 ledgers"},
        {"core RAM at peak, board with PSRAM", core_ram(kHistoryMinutesPsram), "B", "core_ram_bytes_psram",
         "the same with the 48 h history (in PSRAM)"},
        {"NVS writes per day, energy (worst case)", nvs.energy_writes, "", "", "SavePolicy: hourly + day changes"},
        {"NVS writes per day, user actions (budgeted)", nvs.user_writes, "", "",
         "kUserSavesPerDayBudget × kWritesPerUserSave"},
        {"NVS writes per day, total", nvs.total(), "", "nvs_writes_per_day", "nvs_writes_per_day_worst_case()"},
    };
    int over = 0;
    std::printf("| figure | value | budget | | how |\n|---|---|---|---|---|\n");
    for (const Row& row : rows) {
        std::string budget = "—";
        std::string verdict;
        if (!row.budget_key.empty()) {
            const std::uint64_t limit = budgets.value(row.budget_key, std::uint64_t{0});
            budget = std::to_string(limit) + " " + row.unit;
            verdict = row.value <= limit ? "ok" : "OVER";
            over += row.value <= limit ? 0 : 1;
        }
        std::printf("| %s | %llu %s | %s | %s | %s |\n", row.what.c_str(), static_cast<unsigned long long>(row.value),
                    row.unit.c_str(), budget.c_str(), verdict.c_str(), row.how.c_str());
    }
    const tbg::esp32::NvsWearEstimate wear = tbg::esp32::nvs_wear_estimate(tbg::esp32::NvsWearInput{});
    std::printf(
        "\nNVS wear at that rate (64 KB partition): %.2f erase cycles per page per day, %.0f years to the rated "
        "100,000 cycles.\n",
        wear.erase_cycles_per_page_per_day, wear.lifetime_years);
    std::printf(
        "Not measured here: the flash image per environment (idf.py size on a real build) and the RAM of "
        "ESP-IDF, WiFi and lwIP.\n");
    return over == 0 ? 0 : 1;
}
