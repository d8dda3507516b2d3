// libFuzzer target: the MQTT payload and topic builders (core/api/mqtt_topics.h, mqtt_publisher.h) on a bank built
// from fuzz bytes, as the daemon's MqttService drives them. Everything from outside is fuzzed: the MQTT settings
// strings (device id, base topic, discovery prefix, client id; raw bytes, so also invalid UTF-8) that
// MqttSettings::validate() accepts, the platform's device id, and the packs' replies (0x42, 0x44, 0x47 INFO bytes
// through the real decoders, 0x51 text with any bytes) stored in a Bank, aggregated and run through the
// ChargeController at each tick, and retained discovery messages from the broker.
//
// Input: byte 0 = detail (bits 0-1: bank, pack, cell, or an invalid text), discovery (bit 2), retain (bit 3); then
// five strings, each a length byte and its bytes: device_id, base_topic, discovery_prefix, client_id, platform
// device id; then records "op, length, bytes": op bits 0-3 = pack address, bits 4-6 = 0 analog, 1 alarm,
// 2 parameters, 3 manufacturer info, 4 tick, 5 retained discovery message (bytes = topic, NUL, payload),
// 6 reconnection, 7 time advance (bytes × 250 ms).
//
// Checked on every message: the topic is a valid MQTT topic name (non-empty, at most 65535 bytes, valid UTF-8, no
// NUL, no + or #) below the base topic or the discovery prefix; payloads are strict JSON (valid UTF-8) except the
// availability words and empty retained removals; alarms and discovery are QoS 1 and retained. Discovery configs
// are objects with name, a unique_id unique per tick and made of [A-Za-z0-9_-], availability and state topics that
// are topics this publisher publishes, and a device with identifiers; their topic is
// "<prefix>/<component>/<node id>/<object id>/config" and is_own_discovery_topic() says so. Removals only name
// topics announced before. Building never throws.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/api/mqtt_publisher.h"
#include "core/api/status_json.h"
#include "core/bank/bank.h"
#include "core/control/charge_controller.h"
#include "core/topband/decoders.h"
#include "fuzz/fuzz_checks.h"

namespace {

using nlohmann::json;
using tbg::fuzz::require;
namespace api = tbg::api;
namespace topband = tbg::topband;

class Reader {
public:
    explicit Reader(std::string_view bytes) : bytes_(bytes) {}
    bool empty() const { return bytes_.empty(); }
    std::uint8_t byte() {
        if (bytes_.empty()) {
            return 0;
        }
        const auto value = static_cast<std::uint8_t>(bytes_.front());
        bytes_.remove_prefix(1);
        return value;
    }
    std::string_view text() {
        const std::size_t size = std::min<std::size_t>(byte(), bytes_.size());
        const std::string_view out = bytes_.substr(0, size);
        bytes_.remove_prefix(size);
        return out;
    }

private:
    std::string_view bytes_;
};

// UTF-8 as RFC 3629 defines it (no overlong forms, no surrogates, at most U+10FFFF), as MQTT requires of topics.
bool valid_utf8(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size()) {
        const auto lead = static_cast<unsigned char>(text[i]);
        std::size_t extra = 0;
        std::uint32_t code = 0;
        if (lead < 0x80) {
            ++i;
            continue;
        }
        if (lead >= 0xC2 && lead <= 0xDF) {
            extra = 1;
            code = lead & 0x1FU;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            extra = 2;
            code = lead & 0x0FU;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            extra = 3;
            code = lead & 0x07U;
        } else {
            return false;
        }
        if (i + extra >= text.size()) {
            return false;
        }
        for (std::size_t k = 1; k <= extra; ++k) {
            const auto next = static_cast<unsigned char>(text[i + k]);
            if ((next & 0xC0U) != 0x80U) {
                return false;
            }
            code = code << 6U | (next & 0x3FU);
        }
        const std::uint32_t min = extra == 1 ? 0x80 : extra == 2 ? 0x800 : 0x10000;
        if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
            return false;
        }
        i += extra + 1;
    }
    return true;
}

void check_topic_name(std::string_view topic) {
    require(!topic.empty() && topic.size() <= 65535, "mqtt: a topic that is empty or longer than 65535 bytes");
    require(valid_utf8(topic), "mqtt: a topic that is not valid UTF-8");
    require(topic.find_first_of(std::string_view("+#\0", 3)) == std::string_view::npos,
            "mqtt: a topic name with a wildcard or NUL");
}

bool id_chars(std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    });
}

json parse_strict(const std::string& payload, const char* what) {
    json doc = json::parse(payload, nullptr, false);
    require(!doc.is_discarded(), what);
    return doc;
}

class Harness {
public:
    Harness(const api::MqttNames& names, std::string_view sw_version)
        : names_(names), publisher_(names, std::string(sw_version)) {
        for (const std::string& topic :
             {api::availability_topic(names), api::state_topic(names), api::limits_topic(names),
              api::alarms_topic(names), api::energy_topic(names)}) {
            check_topic_name(topic);
        }
        check_filter(api::discovery_subscription(names));
    }

    void store(std::uint8_t op, std::string_view bytes) {
        const std::size_t address = op & 0x0FU;
        tbg::bank::PackState& pack = bank_.pack(address);
        const std::span<const std::uint8_t> info(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
        switch ((op >> 4U) & 0x7U) {
            case 0: {
                topband::AnalogValues values;
                if (topband::decode_analog(info, values) == topband::DecodeError::kNone) {
                    pack.update_analog(values, now_ms_);
                }
                break;
            }
            case 1: {
                topband::AlarmInfo alarm;
                if (topband::decode_alarm(info, alarm) == topband::DecodeError::kNone) {
                    pack.update_alarm(alarm, now_ms_);
                }
                break;
            }
            case 2: {
                topband::SystemParameters parameters;
                if (topband::decode_system_parameters(info, parameters) == topband::DecodeError::kNone) {
                    pack.update_parameters(parameters, now_ms_);
                }
                break;
            }
            case 3: {
                topband::ManufacturerInfo manufacturer;
                topband::decode_manufacturer_info(bytes, manufacturer);
                pack.update_info(manufacturer, now_ms_);
                break;
            }
            case 4:
                tick();
                break;
            case 5: {
                const std::size_t nul = bytes.find('\0');
                const std::string_view topic = bytes.substr(0, nul);
                const std::string_view payload = nul == std::string_view::npos ? "" : bytes.substr(nul + 1);
                for (const api::MqttMessage& removal : publisher_.on_retained_discovery(topic, payload)) {
                    require(removal.topic == topic && removal.payload.empty() && removal.retain && removal.qos == 1,
                            "mqtt: a removal that is not an empty retained QoS 1 message to that topic");
                    require(api::is_own_discovery_topic(names_, removal.topic), "mqtt: removal of a foreign topic");
                    require(announced_.count(removal.topic) == 0, "mqtt: removal of a present entity");
                }
                break;
            }
            case 6:
                publisher_.on_connected();
                break;
            default:
                now_ms_ += 250 * std::uint64_t{bytes.empty() ? 1U : static_cast<unsigned char>(bytes[0])};
                break;
        }
    }

    void tick() {
        const tbg::bank::BankSnapshot& snapshot = bank_.update(now_ms_);
        const tbg::control::ControlOutput& output = controller_.update(snapshot, now_ms_);
        const json bank_doc = api::bank_status_json(snapshot, output);
        std::vector<json> packs;
        std::vector<std::pair<std::uint8_t, std::uint8_t>> pack_cells;
        if (names_.detail != tbg::config::MqttDetail::kBank) {
            for (std::uint8_t adr = 0; adr < tbg::app::kMaxPacks; ++adr) {
                const tbg::bank::PackSummary& summary = snapshot.packs[adr];
                if (!summary.known) {
                    continue;
                }
                packs.push_back(api::pack_status_json(summary, bank_.pack(adr), tbg::app::PackCounters{},
                                                      tbg::app::Presence::kOnline, snapshot.now_ms));
                pack_cells.emplace_back(adr, summary.cell_count);
            }
        }
        const std::vector<api::MqttMessage> messages = publisher_.tick(bank_doc, packs, pack_cells);
        std::set<std::string> unique_ids;
        for (const api::MqttMessage& message : messages) {
            check_message(message, unique_ids);
        }
    }

private:
    // A subscription filter: valid UTF-8, no NUL, wildcards only as whole levels ('#' last).
    static void check_filter(const std::string& filter) {
        require(
            !filter.empty() && filter.size() <= 65535 && valid_utf8(filter) && filter.find('\0') == std::string::npos,
            "mqtt: an invalid subscription filter");
        std::size_t start = 0;
        while (true) {
            const std::size_t end = filter.find('/', start);
            const std::string_view level =
                std::string_view(filter).substr(start, end == std::string::npos ? std::string::npos : end - start);
            const bool wildcard = level.find_first_of("+#") != std::string_view::npos;
            require(!wildcard || level == "+" || (level == "#" && end == std::string::npos),
                    "mqtt: a wildcard inside a level of the subscription filter");
            if (end == std::string::npos) {
                break;
            }
            start = end + 1;
        }
    }

    void check_message(const api::MqttMessage& message, std::set<std::string>& unique_ids) {
        check_topic_name(message.topic);
        require(message.qos == 0 || message.qos == 1, "mqtt: QoS other than 0 or 1");
        const std::string discovery_head = names_.discovery_prefix + "/";
        const bool discovery = message.topic.starts_with(discovery_head) && message.topic.ends_with("/config") &&
                               api::is_own_discovery_topic(names_, message.topic);
        if (message.topic == api::availability_topic(names_)) {
            require(message.payload == api::kMqttOnline && message.retain && message.qos == 1,
                    "mqtt: availability is not a retained QoS 1 \"online\"");
            return;
        }
        if (discovery && message.payload.empty()) {
            require(message.retain && message.qos == 1, "mqtt: a removal that is not retained QoS 1");
            require(announced_.count(message.topic) > 0, "mqtt: removal of a topic never announced");
            announced_.erase(message.topic);
            return;
        }
        if (discovery) {
            check_discovery(message, unique_ids);
            return;
        }
        require(message.topic.starts_with(names_.base_topic + "/"), "mqtt: a state topic outside the base topic");
        const json doc = parse_strict(message.payload, "mqtt: a state payload that is not strict JSON");
        if (message.topic == api::alarms_topic(names_)) {
            require(message.retain && message.qos == 1, "mqtt: alarms not retained QoS 1");
            require(doc.is_object() && doc.contains("active") && doc["active"].is_array(), "mqtt: alarms shape");
        }
    }

    void check_discovery(const api::MqttMessage& message, std::set<std::string>& unique_ids) {
        require(message.retain && message.qos == 1, "mqtt: discovery not retained QoS 1");
        const json config = parse_strict(message.payload, "mqtt: a discovery config that is not strict JSON");
        require(config.is_object(), "mqtt: a discovery config that is not an object");
        for (const char* key : {"name", "unique_id", "availability_topic", "state_topic"}) {
            require(config.contains(key) && config[key].is_string(), "mqtt: a discovery config without a string key");
        }
        const auto& unique_id = config["unique_id"].get_ref<const std::string&>();
        require(id_chars(unique_id), "mqtt: a unique_id outside [A-Za-z0-9_-]");
        require(unique_ids.insert(unique_id).second, "mqtt: a unique_id announced twice in one tick");
        require(config["availability_topic"] == api::availability_topic(names_), "mqtt: discovery availability topic");
        const auto& state = config["state_topic"].get_ref<const std::string&>();
        check_topic_name(state);
        const bool published = state == api::state_topic(names_) || state == api::limits_topic(names_) ||
                               state == api::alarms_topic(names_) || state == api::energy_topic(names_) ||
                               state.starts_with(names_.base_topic + "/pack/");
        require(published, "mqtt: a discovery state topic this publisher does not publish");
        require(config.contains("device") && config["device"].is_object() && config["device"].contains("identifiers") &&
                    config["device"]["identifiers"].is_array() && !config["device"]["identifiers"].empty(),
                "mqtt: a discovery config without device identifiers");
        // "<prefix>/<component>/<node id>/<object id>/config"
        const std::string_view rest =
            std::string_view(message.topic)
                .substr(names_.discovery_prefix.size() + 1, message.topic.size() - names_.discovery_prefix.size() - 8);
        const std::size_t first = rest.find('/');
        const std::size_t second = rest.find('/', first + 1);
        require(first != std::string_view::npos && second != std::string_view::npos, "mqtt: discovery topic levels");
        const std::string_view component = rest.substr(0, first);
        require(component == "sensor" || component == "binary_sensor", "mqtt: discovery component");
        require(rest.substr(first + 1, second - first - 1) == names_.node_id, "mqtt: discovery node id");
        require(id_chars(rest.substr(second + 1)), "mqtt: a discovery object id outside [A-Za-z0-9_-]");
        announced_.insert(message.topic);
    }

    api::MqttNames names_;
    api::MqttPublisher publisher_;
    tbg::bank::Bank bank_;
    tbg::control::ChargeController controller_;
    std::uint64_t now_ms_ = 1000;
    std::set<std::string> announced_;  // discovery topics announced and not removed
};

}  // namespace

// NOLINTNEXTLINE(readability-identifier-naming): the entry point libFuzzer calls
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    Reader in(std::string_view(reinterpret_cast<const char*>(data), size));
    const std::uint8_t flags = in.byte();
    tbg::config::MqttSettings settings;
    static constexpr const char* kDetails[] = {"bank", "pack", "cell", "all"};
    settings.detail = kDetails[flags & 0x3U];
    settings.discovery = (flags & 0x4U) != 0;
    settings.retain = (flags & 0x8U) != 0;
    settings.device_id = in.text();
    settings.base_topic = in.text();
    settings.discovery_prefix = in.text();
    settings.client_id = in.text();
    const std::string_view platform_device_id = in.text();
    if (!settings.validate().empty()) {
        return 0;  // the gateway refuses such a configuration: nothing is published
    }
    const api::MqttNames names = api::resolve_mqtt_names(settings, platform_device_id);
    require(id_chars(names.device_id) && names.device_id.size() <= 32, "mqtt: resolved device id");
    require(names.node_id == "topband_gateway_" + names.device_id, "mqtt: node id");
    require(valid_utf8(names.client_id) && names.client_id.find('\0') == std::string::npos,
            "mqtt: a client id that is not a valid MQTT string");
    Harness harness(names, "0.2.0-fuzz");  // the build's version: a constant, not outside input
    while (!in.empty()) {
        const std::uint8_t op = in.byte();
        harness.store(op, in.text());
    }
    harness.tick();
    return 0;
}
