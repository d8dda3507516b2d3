// The ESP32 firmware: wires the core (app::Gateway) to the TWAI, UART and NVS adapters and runs it in FreeRTOS
// tasks (task_layout.h). The one place the ESP32 target is put together.
//
// Boot order (boot(), on ESP-IDF's main task): NVS and the configuration, the board's boot pin levels, the task
// watchdog, the gateway with its restored energy counters, CAN, RS485, the gateway's tasks; only then the network
// side (full edition). CAN therefore never waits for WiFi, and the stealth edition, which has no network side,
// sends its first frame set as soon as the first pack answered (within 1 s of the app starting, see docs/esp32.md).
// A damaged stored configuration without a valid earlier generation (persistence.h, kMonitoring) boots in
// monitoring: the defaults, the TWAI driver never opened, status "monitoring": true, until a save and a restart.
//
// Shared state: the Gateway is guarded by gateway_mutex_, held only around sans-I/O calls (poll, on_serial_bytes,
// can_tick, on_can_frame, captures), never across a driver call. The history, the energy ledger and the view
// publication belong to the control task.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "core/api/gateway_view.h"
#include "core/api/recycler.h"
#include "core/app/gateway.h"
#include "core/history/energy_ledger.h"
#include "core/history/minute_history.h"
#include "platform/esp32/led_pattern.h"
#include "platform/esp32/nvs_store.h"
#include "platform/esp32/rs485_uart.h"
#include "platform/esp32/status_led.h"
#include "platform/esp32/twai_can.h"
#include "targets/esp32/main/board_profile.h"
#include "targets/esp32/main/firmware_control.h"
#include "targets/esp32/main/log_ring.h"
#include "targets/esp32/main/network_side.h"
#include "targets/esp32/main/persistence.h"

struct tskTaskControlBlock;

namespace tbg::esp32 {

// The UART the RS485 transceiver is on (UART0 is the console).
inline constexpr int kRs485UartPort = 1;

// Minutes of history kept in RAM: 48 h where PSRAM holds it, 12 h on boards without PSRAM (2880 × 48 B would be
// 135 kB of the about 300 kB of internal RAM left after WiFi; see the size report).
inline constexpr std::size_t kHistoryMinutesPsram = 2880;
inline constexpr std::size_t kHistoryMinutesInternal = 720;

struct FirmwareStats {
    std::uint64_t can_max_lateness_ms = 0;  // worst (CAN task wake-up − frame set deadline) since boot
    std::uint32_t can_ticks = 0;
    std::optional<std::uint64_t> first_set_ms;  // since boot
    std::uint32_t uart_reopens = 0;
};

class Firmware final : public FirmwareControl {
public:
    Firmware();
    ~Firmware() override;
    Firmware(const Firmware&) = delete;
    Firmware& operator=(const Firmware&) = delete;

    // Runs on the main task; returns once every task is started.
    void boot();

    // FirmwareControl
    std::uint64_t now_ms() const override;
    config::GatewayConfig config() const override;
    bool apply_config(const config::GatewayConfig& next, std::string& error) override;
    bool run_action(api::Action action, std::string& error) override;
    Persistence& persistence() override { return *persistence_; }
    std::vector<api::LogLine> log_lines() const override { return log_.lines(); }
    void request_restart(const std::string& reason) override;

    FirmwareStats stats() const;
    const ResolvedBoard& board() const { return board_; }

private:
    static void can_entry(void* self);
    static void rs485_entry(void* self);
    static void control_entry(void* self);
    void can_loop();
    void rs485_loop();
    void control_loop();

    void open_board();
    void after_tick(std::uint64_t now_ms);  // history, ledger, view (control task)
    void update_led(std::uint64_t now_ms);
    void save_energy(std::uint64_t now_ms, bool shutdown);
    void confirm_ota();

    LogRing log_;
    NvsStore nvs_;
    std::unique_ptr<Persistence> persistence_;
    ResolvedBoard board_;
    TwaiCan can_;
    Rs485Uart uart_;
    StatusLed led_;
    std::unique_ptr<NetworkSide> network_;

    mutable std::mutex config_mutex_;  // guards config_
    config::GatewayConfig config_;

    mutable std::mutex gateway_mutex_;  // guards gateway_
    std::unique_ptr<app::Gateway> gateway_;

    // Control task only. The history has no private live copy: each tick copies the newest one into a recycled
    // object and adds to that, so at most two exist (the published one and the next), see the size report. The
    // stealth edition keeps no history (nothing shows it).
    std::shared_ptr<history::MinuteHistory> history_;
    history::EnergyLedger ledger_;
    api::Recycler<api::GatewayView> views_{2};
    api::Recycler<history::MinuteHistory> histories_{2};
    api::Recycler<history::EnergyLedger> ledgers_{2};
    std::uint64_t view_seq_ = 0;
    std::uint64_t last_view_ms_ = 0;
    std::uint64_t last_energy_check_ms_ = 0;
    LedInputs led_inputs_;
    bool ota_checked_ = false;

    std::uint64_t boot_ms_ = 0;
    // No CAN transmission this boot: the stored configuration was damaged and no earlier generation was valid
    // (persistence.h). Set in boot() before any task starts, constant afterwards.
    bool monitoring_ = false;
    tskTaskControlBlock* control_task_ = nullptr;
    std::atomic<std::uint32_t> pending_baud_{0};  // set by apply_config, taken by the RS485 task
    std::atomic<bool> rescan_requested_{false};
    std::atomic<bool> restart_requested_{false};
    mutable std::mutex stats_mutex_;  // guards stats_
    FirmwareStats stats_;
};

}  // namespace tbg::esp32
