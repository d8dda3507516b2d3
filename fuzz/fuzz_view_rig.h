// (A copy of tests/unit/api/view_rig.h for the fuzz targets, which do not build the tests.)
// A Gateway polling simulated packs (platform/sim) on simulated time, with the frame log, history and energy
// ledger the platforms keep, producing GatewayView snapshots as the daemon publishes them.
#pragma once

#include <algorithm>
#include <deque>
#include <memory>
#include <string>

#include "core/api/frame_log.h"
#include "core/api/gateway_view.h"
#include "core/app/gateway.h"
#include "core/history/energy_ledger.h"
#include "core/history/minute_history.h"
#include "platform/sim/sim_bus.h"

namespace tbg::api::fuzzing {

class ViewRig {
public:
    explicit ViewRig(int packs, app::GatewaySettings settings = {}) : gateway_(settings, 0) {
        for (int adr = 0; adr < packs; ++adr) {
            sim::SimPackConfig pack;
            pack.adr = static_cast<std::uint8_t>(adr);
            pack.seed = static_cast<std::uint32_t>(adr + 1);
            pack.initial_soc_centipct = static_cast<std::uint16_t>(5500 + 700 * adr);
            bus_.add_pack(pack);
        }
    }

    sim::SimBus& bus() { return bus_; }
    app::Gateway& gateway() { return gateway_; }
    FrameLog& frames() { return frames_; }
    std::uint64_t now() const { return now_ms_; }

    // Runs simulated time up to end_ms: requests, whole replies after their wire time, CAN ticks (each followed by a
    // history and ledger update, as the daemon does).
    void run_until(std::uint64_t end_ms) {
        while (true) {
            std::uint64_t next = gateway_.next_wakeup_ms();
            if (!replies_.empty()) {
                next = std::min(next, replies_.front().first);
            }
            next = std::max(next, now_ms_);
            if (next > end_ms) {
                now_ms_ = end_ms;
                return;
            }
            now_ms_ = next;
            if (!replies_.empty() && replies_.front().first <= now_ms_) {
                const std::string bytes = std::move(replies_.front().second);
                replies_.pop_front();
                const auto data = std::span(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
                frames_.on_serial_rx(data, now_ms_);
                gateway_.on_serial_bytes(data, now_ms_);
            }
            if (const can::FrameSet* set = gateway_.can_tick(now_ms_)) {
                for (const can::CanFrame& frame : *set) {
                    frames_.on_can(frame, FrameDirection::kTx, now_ms_);
                }
                history_.add(gateway_.snapshot(), now_ms_, wall_base_s_ + static_cast<std::int64_t>(now_ms_ / 1000));
                ledger_.update(gateway_.bank().energy().charged_mWh(), gateway_.bank().energy().discharged_mWh(),
                               today_);
            }
            if (const topband::EncodedFrame* request = gateway_.poll(now_ms_)) {
                frames_.on_serial_tx(request->bytes(), now_ms_);
                if (const auto reply = bus_.on_request(request->view(), now_ms_)) {
                    const std::uint64_t chars = request->size + reply->frame.size;
                    replies_.emplace_back(now_ms_ + (chars * 10'000 + 9599) / 9600 + reply->turnaround_ms,
                                          std::string(reply->frame.view()));
                }
            }
        }
    }

    std::shared_ptr<const GatewayView> view() {
        auto view = std::make_shared<GatewayView>();
        capture_gateway(gateway_, now_ms_, *view);
        view->seq = ++seq_;
        view->uptime_ms = now_ms_;
        view->wall_s = wall_base_s_ + static_cast<std::int64_t>(now_ms_ / 1000);
        view->today = today_;
        view->version = "test";
        view->demo = true;
        view->links.serial_device = "sim";
        view->links.serial_open = true;
        view->links.can_backend = "none";
        view->frames = std::make_shared<const FrameLog>(frames_);
        view->history = std::make_shared<const history::MinuteHistory>(history_);
        view->energy = std::make_shared<const history::EnergyLedger>(ledger_);
        return view;
    }

private:
    sim::SimBus bus_;
    app::Gateway gateway_;
    FrameLog frames_;
    history::MinuteHistory history_;
    history::EnergyLedger ledger_;
    std::deque<std::pair<std::uint64_t, std::string>> replies_;
    std::uint64_t now_ms_ = 0;
    std::uint64_t seq_ = 0;
    std::int64_t wall_base_s_ = 1'796'083'200;  // 2026-12-01 00:00:00 UTC
    history::CivilDate today_{2026, 12, 1};
};

}  // namespace tbg::api::fuzzing
