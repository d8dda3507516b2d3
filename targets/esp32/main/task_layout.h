// The firmware's FreeRTOS tasks: fixed priorities (higher runs first), stacks in bytes, cores.
//
// CAN output must never wait for anything else: its task has the highest priority of ours and blocks only in
// twai_receive() until the next deadline. RS485 polling comes next; both hold the gateway mutex only for sans-I/O
// calls (microseconds). The control task (history, energy, LED, publishing to the network side) runs below them;
// ESP-IDF's WiFi/lwIP tasks (priority 18–23 on core 0 by default) and our network tasks (5) live on core 0, the
// gateway's tasks on core 1 (the APP CPU of both the ESP32 and the ESP32-S3).
#pragma once

#include <cstdint>

namespace tbg::esp32 {

struct TaskSpec {
    const char* name;
    std::uint32_t stack_bytes;
    unsigned priority;
    int core;
};

inline constexpr TaskSpec kCanTask{"tbg_can", 4096, 20, 1};
inline constexpr TaskSpec kRs485Task{"tbg_rs485", 4096, 18, 1};
inline constexpr TaskSpec kControlTask{"tbg_control", 8192, 10, 1};
inline constexpr TaskSpec kNetworkTask{"tbg_net", 8192, 5, 0};

// The CAN task services the driver (alerts, bus-off recovery) at least this often.
inline constexpr std::uint32_t kCanServiceMs = 20;
// The RS485 task returns from a UART read at least this often (watchdog, reopen, baud change).
inline constexpr std::uint32_t kRs485MaxWaitMs = 20;
// The control task publishes a view after each CAN tick, and at least this often.
inline constexpr std::uint64_t kViewIntervalMs = 1000;
// The control task offers the energy counters to the save policy this often.
inline constexpr std::uint64_t kEnergyCheckMs = 60'000;

}  // namespace tbg::esp32
