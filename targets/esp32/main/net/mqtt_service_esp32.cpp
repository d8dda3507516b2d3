#include "targets/esp32/main/net/mqtt_service_esp32.h"

#include <cstdio>
#include <vector>

#include "core/api/mqtt_topics.h"
#include "core/api/status_json.h"
#include "core/app/version.h"
#include "esp_log.h"
#include "esp_mac.h"

namespace tbg::esp32 {

namespace {

constexpr const char* kTag = "mqtt";
constexpr std::size_t kQueueCap = 64;  // messages; the RAM of a board without PSRAM

void log_from_link(int level, const std::string& message) {
    if (level == 0) {
        ESP_LOGE(kTag, "%s", message.c_str());
    } else if (level == 1) {
        ESP_LOGW(kTag, "%s", message.c_str());
    } else {
        ESP_LOGI(kTag, "%s", message.c_str());
    }
}

}  // namespace

std::string esp32_device_id() {
    std::uint8_t mac[6] = {};
    if (esp_read_mac(mac, ESP_MAC_WIFI_STA) != ESP_OK) {
        return "esp32";
    }
    char id[16];
    std::snprintf(id, sizeof id, "%02x%02x%02x", mac[3], mac[4], mac[5]);
    return id;
}

std::unique_ptr<MqttServiceEsp32> MqttServiceEsp32::create(const config::MqttSettings& settings, std::string& error) {
    api::MqttNames names = api::resolve_mqtt_names(settings, esp32_device_id());
    MqttLinkOptions options;
    if (!mqtt_link_options(settings, names, kQueueCap, options, error)) {
        return nullptr;
    }
    auto link = std::make_unique<MqttLink>(std::move(options), &log_from_link);
    if (!link->start(error)) {
        return nullptr;
    }
    return std::unique_ptr<MqttServiceEsp32>(new MqttServiceEsp32(settings, std::move(names), std::move(link)));
}

MqttServiceEsp32::MqttServiceEsp32(const config::MqttSettings& settings, api::MqttNames names,
                                   std::unique_ptr<MqttLink> link)
    : interval_ms_(static_cast<std::uint64_t>(settings.interval_s) * 1000),
      publisher_(std::move(names), std::string(app::kVersion)),
      link_(std::move(link)) {}

void MqttServiceEsp32::on_timer(const std::shared_ptr<const api::GatewayView>& view, std::uint64_t now_ms) {
    link_->poll();
    const MqttLinkStats stats = link_->stats();
    if (stats.connections != seen_connections_) {
        seen_connections_ = stats.connections;
        publisher_.on_connected();
        next_tick_ms_ = now_ms;
    }
    // Nothing is queued while the link is down: a (re)connection publishes everything afresh.
    if (view && stats.connected && now_ms >= next_tick_ms_) {
        next_tick_ms_ = now_ms + interval_ms_;
        publish_all(*view);
    }
    for (const MqttOutMessage& in : link_->take_received()) {
        for (api::MqttMessage& out : publisher_.on_retained_discovery(in.topic, in.payload)) {
            link_->publish({std::move(out.topic), std::move(out.payload), out.retain, out.qos});
        }
    }
}

void MqttServiceEsp32::publish_all(const api::GatewayView& view) {
    const nlohmann::json bank_doc = api::bank_status_json(view.bank, view.output);
    std::vector<nlohmann::json> packs;
    std::vector<std::pair<std::uint8_t, std::uint8_t>> pack_cells;
    if (publisher_.names().detail != config::MqttDetail::kBank) {
        for (std::uint8_t adr = 0; adr < app::kMaxPacks; ++adr) {
            const bank::PackSummary& summary = view.bank.packs[adr];
            if (!summary.known) {
                continue;
            }
            packs.push_back(api::pack_status_json(summary, view.packs[adr], view.counters[adr], view.presence[adr],
                                                  view.bank.now_ms));
            pack_cells.emplace_back(adr, summary.cell_count);
        }
    }
    for (api::MqttMessage& message : publisher_.tick(bank_doc, packs, pack_cells)) {
        link_->publish({std::move(message.topic), std::move(message.payload), message.retain, message.qos});
    }
}

}  // namespace tbg::esp32
