#include "core/api/gateway_view.h"

namespace tbg::api {

void capture_gateway(const app::Gateway& gateway, std::uint64_t now_ms, GatewayView& view) {
    view.now_ms = now_ms;
    view.bank = gateway.snapshot();
    view.output = gateway.output();
    const app::PollScheduler& scheduler = gateway.scheduler();
    for (std::uint8_t adr = 0; adr < app::kMaxPacks; ++adr) {
        view.packs[adr] = gateway.bank().pack(adr);
        view.counters[adr] = scheduler.counters(adr);
        view.presence[adr] = scheduler.presence(adr);
        view.decode_errors[adr] = gateway.decode_errors(adr);
    }
    view.poll = PollTotals{scheduler.discovering(), scheduler.last_sweep_ms(), scheduler.unsolicited_frames(),
                           scheduler.echoes(), scheduler.discarded_bytes()};
    view.can = gateway.can_counters();
    view.protocol = gateway.settings().protocol;
    view.can_interval_ms = gateway.settings().can_interval_ms;
    view.manufacturer = gateway.settings().manufacturer;
    view.bms_name = gateway.settings().bms_name;
    view.baud = gateway.settings().poll.baud;
}

}  // namespace tbg::api
