#include "targets/linux/mqtt_service.h"

#include <unistd.h>

#include <array>
#include <fstream>

#include "core/api/status_json.h"
#include "core/app/version.h"
#include "targets/linux/log.h"

namespace tbg::daemon {

namespace {

void log_from_link(int level, const std::string& message) {
    switch (level) {
        case 0:
            log_error(message);
            break;
        case 1:
            log_warning(message);
            break;
        case 2:
            log_notice(message);
            break;
        default:
            log_info(message);
            break;
    }
}

}  // namespace

std::string linux_device_id() {
    std::ifstream file("/etc/machine-id");
    std::string id;
    if (file >> id && id.size() >= 12) {
        return id.substr(0, 12);
    }
    std::array<char, 256> host{};
    if (::gethostname(host.data(), host.size() - 1) == 0 && host[0] != '\0') {
        return host.data();
    }
    return "gateway";
}

std::unique_ptr<MqttService> MqttService::create(const config::MqttSettings& settings, std::string& error) {
    api::MqttNames names = api::resolve_mqtt_names(settings, linux_device_id());
    platform::MqttLinkOptions options;
    options.host = settings.host;
    options.port = settings.port;
    options.keepalive_s = settings.keepalive_s;
    options.client_id = names.client_id;
    options.username = settings.username;
    options.password = settings.password;
    options.tls = settings.tls;
    options.ca_file = settings.ca_file;
    options.cert_file = settings.cert_file;
    options.key_file = settings.key_file;
    options.will_topic = api::availability_topic(names);
    options.will_payload = std::string(api::kMqttOffline);
    options.queue_messages = static_cast<std::size_t>(settings.queue_messages);
    if (names.discovery) {
        options.subscriptions.push_back(api::discovery_subscription(names));
    }
    std::unique_ptr<MqttService> service(new MqttService(settings, std::move(names), std::move(options)));
    if (!service->link_.start(error)) {
        return nullptr;
    }
    return service;
}

MqttService::MqttService(const config::MqttSettings& settings, api::MqttNames names, platform::MqttLinkOptions options)
    : interval_ms_(static_cast<std::uint64_t>(settings.interval_s) * 1000),
      publisher_(std::move(names), std::string(app::kVersion)),
      link_(std::move(options), &log_from_link) {}

void MqttService::on_timer(const app::Gateway& gateway, std::uint64_t now_ms) {
    const platform::MqttLinkStats stats = link_.stats();
    if (stats.connections != seen_connections_) {
        seen_connections_ = stats.connections;
        publisher_.on_connected();
        next_tick_ms_ = now_ms;  // announce and publish the retained state at once
    }
    // Nothing is queued while the link is down: a (re)connection publishes everything afresh, so the broker never
    // gets a burst of stale states and the queue stays free for a broker that is merely slow.
    if (stats.connected && now_ms >= next_tick_ms_) {
        next_tick_ms_ = now_ms + interval_ms_;
        publish_all(gateway);
    }
    for (const platform::MqttOutMessage& in : link_.take_received()) {
        for (api::MqttMessage& out : publisher_.on_retained_discovery(in.topic, in.payload)) {
            log_info("mqtt: removing the stale Home Assistant entity " + out.topic);
            link_.publish({std::move(out.topic), std::move(out.payload), out.retain, out.qos});
        }
    }
    if (stats.dropped > logged_dropped_) {
        log_warning("mqtt: " + std::to_string(stats.dropped - logged_dropped_) +
                    " messages dropped (queue full or broker unreachable)");
        logged_dropped_ = stats.dropped;
    }
}

void MqttService::publish_all(const app::Gateway& gateway) {
    const bank::BankSnapshot& snapshot = gateway.snapshot();
    const nlohmann::json bank_doc = api::bank_status_json(snapshot, gateway.output());
    std::vector<nlohmann::json> packs;
    std::vector<std::pair<std::uint8_t, std::uint8_t>> pack_cells;
    if (publisher_.names().detail != config::MqttDetail::kBank) {
        for (std::uint8_t adr = 0; adr < app::kMaxPacks; ++adr) {
            const bank::PackSummary& summary = snapshot.packs[adr];
            if (!summary.known) {
                continue;
            }
            packs.push_back(api::pack_status_json(summary, gateway.bank().pack(adr), gateway.scheduler().counters(adr),
                                                  gateway.scheduler().presence(adr), snapshot.now_ms));
            pack_cells.emplace_back(adr, summary.cell_count);
        }
    }
    for (api::MqttMessage& message : publisher_.tick(bank_doc, packs, pack_cells)) {
        link_.publish({std::move(message.topic), std::move(message.payload), message.retain, message.qos});
    }
}

}  // namespace tbg::daemon
