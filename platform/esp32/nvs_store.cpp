#include "platform/esp32/nvs_store.h"

#include <algorithm>
#include <cstdio>

#include "nvs_flash.h"

namespace tbg::esp32 {

namespace {

// "NAME (0x1105)": the code as well, for builds without CONFIG_ESP_ERR_TO_NAME_LOOKUP.
std::string describe(esp_err_t err) {
    char code[16];
    std::snprintf(code, sizeof code, " (0x%x)", static_cast<unsigned>(err));
    const std::string text = esp_err_to_name(err) + std::string(code);
    return err == ESP_ERR_NVS_NOT_ENOUGH_SPACE ? "NVS is full: " + text : text;
}

}  // namespace

NvsInitResult NvsStore::init_flash() {
    NvsInitResult result;
    esp_err_t err = nvs_flash_init();
    result.first_error = err;
    if (err == ESP_ERR_NVS_NO_FREE_PAGES || err == ESP_ERR_NVS_NEW_VERSION_FOUND) {
        result.erased = true;
        result.message = "NVS partition unusable (" + describe(err) +
                         "): erased; configuration, password and energy counters start from defaults";
        err = nvs_flash_erase();
        if (err == ESP_OK) {
            err = nvs_flash_init();
        }
    }
    if (err != ESP_OK) {
        result.message =
            "NVS initialisation failed: " + describe(err) + (result.erased ? " (after erasing the partition)" : "");
        return result;
    }
    result.ok = true;
    return result;
}

bool NvsStore::valid_name(std::string_view name) {
    if (name.empty() || name.size() > kMaxNameLength) {
        return false;
    }
    return std::all_of(name.begin(), name.end(), [](char c) { return c > ' ' && c <= '~'; });
}

NvsStore::~NvsStore() {
    close();
}

bool NvsStore::open(std::string_view name_space, std::string& error) {
    std::lock_guard guard(mutex_);
    if (open_) {
        error = "NVS namespace " + name_space_ + " is already open";
        return false;
    }
    if (!valid_name(name_space)) {
        error = "invalid NVS namespace \"" + std::string(name_space) + "\" (1-15 printable characters)";
        return false;
    }
    const std::string name(name_space);
    nvs_handle_t handle = 0;
    const esp_err_t err = nvs_open(name.c_str(), NVS_READWRITE, &handle);
    if (err != ESP_OK) {
        error = "cannot open NVS namespace " + name + ": " + describe(err);
        return false;
    }
    handle_ = handle;
    name_space_ = name;
    open_ = true;
    return true;
}

bool NvsStore::is_open() const {
    std::lock_guard guard(mutex_);
    return open_;
}

void NvsStore::close() {
    std::lock_guard guard(mutex_);
    if (open_) {
        nvs_close(handle_);
        open_ = false;
    }
}

NvsRead NvsStore::read(std::string_view key, std::string& value, std::string& error) const {
    std::lock_guard guard(mutex_);
    value.clear();
    const auto fail = [&](std::string text) {
        ++stats_.failed_reads;
        error = std::move(text);
        return NvsRead::kError;
    };
    if (!open_) {
        return fail("NVS is not open");
    }
    if (!valid_name(key)) {
        return fail("invalid NVS key \"" + std::string(key) + "\" (1-15 printable characters)");
    }
    const std::string name(key);
    std::size_t size = 0;
    esp_err_t err = nvs_get_blob(handle_, name.c_str(), nullptr, &size);
    if (err == ESP_ERR_NVS_NOT_FOUND) {
        return NvsRead::kNotFound;
    }
    if (err != ESP_OK) {
        return fail("cannot read NVS key " + name + ": " + describe(err));
    }
    if (size > kMaxValueBytes) {
        return fail("NVS key " + name + " holds " + std::to_string(size) + " bytes, more than " +
                    std::to_string(kMaxValueBytes));
    }
    std::string bytes(size, '\0');
    std::size_t length = size;
    err = nvs_get_blob(handle_, name.c_str(), bytes.data(), &length);
    if (err != ESP_OK || length != size) {
        return fail("cannot read NVS key " + name + ": " + describe(err == ESP_OK ? ESP_ERR_NVS_INVALID_LENGTH : err));
    }
    value = std::move(bytes);
    return NvsRead::kFound;
}

bool NvsStore::write(std::string_view key, std::string_view value, std::string& error) {
    std::lock_guard guard(mutex_);
    if (!open_) {
        error = "NVS is not open";
        ++stats_.failed_writes;
        return false;
    }
    if (!valid_name(key)) {
        error = "invalid NVS key \"" + std::string(key) + "\" (1-15 printable characters)";
        ++stats_.failed_writes;
        return false;
    }
    NvsKeyStats& counters = key_stats(key);
    const std::string name(key);
    const auto fail = [&](std::string text) {
        ++counters.failed_writes;
        ++stats_.failed_writes;
        error = std::move(text);
        return false;
    };
    if (value.empty() || value.size() > kMaxValueBytes) {
        return fail("NVS key " + name + ": a value has 1-" + std::to_string(kMaxValueBytes) + " bytes, not " +
                    std::to_string(value.size()));
    }
    esp_err_t err = nvs_set_blob(handle_, name.c_str(), value.data(), value.size());
    if (err == ESP_OK) {
        err = nvs_commit(handle_);
    }
    if (err != ESP_OK) {
        return fail("cannot write NVS key " + name + ": " + describe(err));
    }
    ++counters.writes;
    counters.last_bytes = value.size();
    ++stats_.writes;
    return true;
}

bool NvsStore::erase(std::string_view key, std::string& error) {
    std::lock_guard guard(mutex_);
    if (!open_) {
        error = "NVS is not open";
        return false;
    }
    if (!valid_name(key)) {
        error = "invalid NVS key \"" + std::string(key) + "\" (1-15 printable characters)";
        return false;
    }
    NvsKeyStats& counters = key_stats(key);
    const std::string name(key);
    esp_err_t err = nvs_erase_key(handle_, name.c_str());
    if (err == ESP_ERR_NVS_NOT_FOUND) {
        ++counters.erases;
        return true;
    }
    if (err == ESP_OK) {
        err = nvs_commit(handle_);
    }
    if (err != ESP_OK) {
        error = "cannot erase NVS key " + name + ": " + describe(err);
        return false;
    }
    ++counters.erases;
    return true;
}

NvsStats NvsStore::stats() const {
    std::lock_guard guard(mutex_);
    return stats_;
}

NvsKeyStats& NvsStore::key_stats(std::string_view key) {
    const auto found =
        std::find_if(stats_.keys.begin(), stats_.keys.end(), [&](const NvsKeyStats& s) { return s.key == key; });
    if (found != stats_.keys.end()) {
        return *found;
    }
    stats_.keys.push_back(NvsKeyStats{std::string(key)});
    return stats_.keys.back();
}

}  // namespace tbg::esp32
