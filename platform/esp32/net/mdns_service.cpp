#include "platform/esp32/net/mdns_service.h"

#include <array>

#include "esp_err.h"
#include "esp_log.h"
#include "mdns.h"

namespace tbg::esp32 {

namespace {

constexpr const char* kTag = "mdns";

}  // namespace

MdnsService::~MdnsService() {
    stop();
}

bool MdnsService::start(const MdnsOptions& options, std::string& error) {
    if (running_) {
        error = "mDNS is already running";
        return false;
    }
    esp_err_t err = mdns_init();
    if (err != ESP_OK) {
        error = std::string("mDNS: mdns_init failed: ") + esp_err_to_name(err);
        return false;
    }
    err = mdns_hostname_set(options.hostname.c_str());
    const char* step = "mdns_hostname_set";
    if (err == ESP_OK) {
        step = "mdns_instance_name_set";
        err = mdns_instance_name_set(options.instance_name.c_str());
    }
    if (err == ESP_OK) {
        step = "mdns_service_add";
        std::array<mdns_txt_item_t, 1> txt{{{"path", "/"}}};
        err =
            mdns_service_add(options.instance_name.c_str(), "_http", "_tcp", options.http_port, txt.data(), txt.size());
    }
    if (err != ESP_OK) {
        mdns_free();
        error = std::string("mDNS: ") + step + " failed: " + esp_err_to_name(err);
        return false;
    }
    running_ = true;
    ESP_LOGI(kTag, "answering as %s.local", options.hostname.c_str());
    return true;
}

void MdnsService::stop() {
    if (running_) {
        mdns_free();
        running_ = false;
    }
}

}  // namespace tbg::esp32
