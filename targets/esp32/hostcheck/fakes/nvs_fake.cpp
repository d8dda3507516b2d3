// Host fake of nvs_flash.h / nvs.h (see nvs_fake.h).
#include "nvs_fake.h"

#include <cstring>
#include <map>
#include <mutex>

#include "freertos_fake.h"
#include "nvs.h"
#include "nvs_flash.h"

namespace tbg::hostcheck {

namespace {

constexpr std::size_t kDefaultCapacityBytes = 20 * 1024;
constexpr std::size_t kMaxNameLength = NVS_KEY_NAME_MAX_SIZE - 1;

using Namespace = std::map<std::string, std::string>;

struct Pending {
    std::optional<std::string> value;  // nullopt: erase
};

struct Handle {
    std::string name_space;
    bool writable = false;
    std::map<std::string, Pending> pending;
};

struct Nvs {
    std::mutex mutex;
    // Flash.
    std::map<std::string, Namespace> flash;
    std::map<std::string, std::uint32_t> writes;  // "namespace/key"
    std::uint32_t total_writes = 0;
    esp_err_t init_error = ESP_OK;
    std::size_t capacity_bytes = kDefaultCapacityBytes;
    std::uint32_t erase_count = 0;
    // Test control.
    esp_err_t fail_error = ESP_OK;
    std::uint32_t fail_count = 0;
    // RAM.
    bool initialised = false;
    std::map<nvs_handle_t, Handle> handles;
    nvs_handle_t next_handle = 1;

    void clear_ram() {
        initialised = false;
        handles.clear();
    }

    std::size_t used_bytes(const std::map<std::string, Pending>* extra, const std::string& extra_space) const {
        std::size_t used = 0;
        for (const auto& [space_name, keys] : flash) {
            for (const auto& [key, value] : keys) {
                const bool overridden = extra != nullptr && space_name == extra_space && extra->count(key) != 0;
                if (!overridden) {
                    used += value.size();
                }
            }
        }
        if (extra != nullptr) {
            for (const auto& [key, pending] : *extra) {
                used += pending.value ? pending.value->size() : 0;
            }
        }
        return used;
    }
};

Nvs& nvs() {
    static Nvs instance;
    return instance;
}

struct PowerHook {
    PowerHook() {
        on_power_cycle([] {
            Nvs& n = nvs();
            std::lock_guard guard(n.mutex);
            n.clear_ram();
        });
    }
} g_power_hook;

bool valid_length(const char* name) {
    if (name == nullptr) {
        return false;
    }
    const std::size_t size = strnlen(name, kMaxNameLength + 1);
    return size > 0 && size <= kMaxNameLength;
}

// With the mutex held. nullptr with `err` set when the handle is unknown or the key invalid.
Handle* find_handle(Nvs& n, nvs_handle_t handle, esp_err_t& err) {
    if (!n.initialised) {
        err = ESP_ERR_NVS_NOT_INITIALIZED;
        return nullptr;
    }
    const auto found = n.handles.find(handle);
    if (found == n.handles.end()) {
        err = ESP_ERR_NVS_INVALID_HANDLE;
        return nullptr;
    }
    return &found->second;
}

esp_err_t check_key(const char* key) {
    if (key == nullptr || key[0] == '\0') {
        return ESP_ERR_NVS_INVALID_NAME;
    }
    return valid_length(key) ? ESP_OK : ESP_ERR_NVS_KEY_TOO_LONG;
}

}  // namespace

void nvs_fake_reset() {
    Nvs& n = nvs();
    std::lock_guard guard(n.mutex);
    n.flash.clear();
    n.writes.clear();
    n.total_writes = 0;
    n.init_error = ESP_OK;
    n.capacity_bytes = kDefaultCapacityBytes;
    n.erase_count = 0;
    n.fail_error = ESP_OK;
    n.fail_count = 0;
    n.clear_ram();
}

std::optional<std::string> nvs_fake_get(const std::string& name_space, const std::string& key) {
    Nvs& n = nvs();
    std::lock_guard guard(n.mutex);
    const auto space = n.flash.find(name_space);
    if (space == n.flash.end()) {
        return std::nullopt;
    }
    const auto value = space->second.find(key);
    return value == space->second.end() ? std::nullopt : std::optional(value->second);
}

void nvs_fake_put(const std::string& name_space, const std::string& key, const std::string& value) {
    Nvs& n = nvs();
    std::lock_guard guard(n.mutex);
    n.flash[name_space][key] = value;
}

void nvs_fake_erase(const std::string& name_space, const std::string& key) {
    Nvs& n = nvs();
    std::lock_guard guard(n.mutex);
    const auto space = n.flash.find(name_space);
    if (space != n.flash.end()) {
        space->second.erase(key);
    }
}

std::vector<std::string> nvs_fake_keys(const std::string& name_space) {
    Nvs& n = nvs();
    std::lock_guard guard(n.mutex);
    std::vector<std::string> keys;
    const auto space = n.flash.find(name_space);
    if (space != n.flash.end()) {
        for (const auto& [key, value] : space->second) {
            keys.push_back(key);
        }
    }
    return keys;
}

std::uint32_t nvs_fake_writes(const std::string& name_space, const std::string& key) {
    Nvs& n = nvs();
    std::lock_guard guard(n.mutex);
    const auto found = n.writes.find(name_space + "/" + key);
    return found == n.writes.end() ? 0 : found->second;
}

std::uint32_t nvs_fake_total_writes() {
    Nvs& n = nvs();
    std::lock_guard guard(n.mutex);
    return n.total_writes;
}

void nvs_fake_fail_next_sets(esp_err_t error, std::uint32_t count) {
    Nvs& n = nvs();
    std::lock_guard guard(n.mutex);
    n.fail_error = error;
    n.fail_count = count;
}

void nvs_fake_corrupt_partition(esp_err_t error) {
    Nvs& n = nvs();
    std::lock_guard guard(n.mutex);
    n.init_error = error;
    n.clear_ram();
}

void nvs_fake_set_capacity_bytes(std::size_t bytes) {
    Nvs& n = nvs();
    std::lock_guard guard(n.mutex);
    n.capacity_bytes = bytes;
}

std::uint32_t nvs_fake_erase_count() {
    Nvs& n = nvs();
    std::lock_guard guard(n.mutex);
    return n.erase_count;
}

bool nvs_fake_initialised() {
    Nvs& n = nvs();
    std::lock_guard guard(n.mutex);
    return n.initialised;
}

}  // namespace tbg::hostcheck

using tbg::hostcheck::Handle;
using tbg::hostcheck::Nvs;

extern "C" {

esp_err_t nvs_flash_init(void) {
    Nvs& n = tbg::hostcheck::nvs();
    std::lock_guard guard(n.mutex);
    if (n.init_error != ESP_OK) {
        return n.init_error;
    }
    n.initialised = true;
    return ESP_OK;
}

esp_err_t nvs_flash_erase(void) {
    Nvs& n = tbg::hostcheck::nvs();
    std::lock_guard guard(n.mutex);
    n.flash.clear();
    n.init_error = ESP_OK;
    n.clear_ram();
    ++n.erase_count;
    return ESP_OK;
}

esp_err_t nvs_open(const char* namespace_name, nvs_open_mode_t open_mode, nvs_handle_t* out_handle) {
    Nvs& n = tbg::hostcheck::nvs();
    std::lock_guard guard(n.mutex);
    if (!n.initialised) {
        return ESP_ERR_NVS_NOT_INITIALIZED;
    }
    if (out_handle == nullptr || !tbg::hostcheck::valid_length(namespace_name)) {
        return ESP_ERR_NVS_INVALID_NAME;
    }
    const std::string name(namespace_name);
    if (open_mode == NVS_READONLY && n.flash.count(name) == 0) {
        return ESP_ERR_NVS_NOT_FOUND;
    }
    const nvs_handle_t handle = n.next_handle++;
    n.handles[handle] = Handle{name, open_mode == NVS_READWRITE, {}};
    if (open_mode == NVS_READWRITE) {
        n.flash[name];  // the namespace exists from now on
    }
    *out_handle = handle;
    return ESP_OK;
}

void nvs_close(nvs_handle_t handle) {
    Nvs& n = tbg::hostcheck::nvs();
    std::lock_guard guard(n.mutex);
    n.handles.erase(handle);  // uncommitted writes are dropped
}

esp_err_t nvs_set_blob(nvs_handle_t handle, const char* key, const void* value, size_t length) {
    Nvs& n = tbg::hostcheck::nvs();
    std::lock_guard guard(n.mutex);
    esp_err_t err = ESP_OK;
    Handle* h = tbg::hostcheck::find_handle(n, handle, err);
    if (h == nullptr) {
        return err;
    }
    if (!h->writable) {
        return ESP_ERR_NVS_READ_ONLY;
    }
    if ((err = tbg::hostcheck::check_key(key)) != ESP_OK) {
        return err;
    }
    if (value == nullptr && length > 0) {
        return ESP_ERR_INVALID_ARG;
    }
    if (n.fail_count > 0) {
        --n.fail_count;
        return n.fail_error;
    }
    std::map<std::string, tbg::hostcheck::Pending> next = h->pending;
    next[key] = tbg::hostcheck::Pending{std::string(static_cast<const char*>(value), length)};
    if (n.used_bytes(&next, h->name_space) > n.capacity_bytes) {
        return ESP_ERR_NVS_NOT_ENOUGH_SPACE;
    }
    h->pending = std::move(next);
    return ESP_OK;
}

esp_err_t nvs_get_blob(nvs_handle_t handle, const char* key, void* out_value, size_t* length) {
    Nvs& n = tbg::hostcheck::nvs();
    std::lock_guard guard(n.mutex);
    esp_err_t err = ESP_OK;
    Handle* h = tbg::hostcheck::find_handle(n, handle, err);
    if (h == nullptr) {
        return err;
    }
    if ((err = tbg::hostcheck::check_key(key)) != ESP_OK) {
        return err;
    }
    if (length == nullptr) {
        return ESP_ERR_INVALID_ARG;
    }
    // Reads see this handle's uncommitted writes, as NVS applies a set at once.
    const std::string name(key);
    const std::string* value = nullptr;
    const auto pending = h->pending.find(name);
    if (pending != h->pending.end()) {
        if (!pending->second.value) {
            return ESP_ERR_NVS_NOT_FOUND;
        }
        value = &*pending->second.value;
    } else {
        const auto& space = n.flash[h->name_space];
        const auto stored = space.find(name);
        if (stored == space.end()) {
            return ESP_ERR_NVS_NOT_FOUND;
        }
        value = &stored->second;
    }
    if (out_value == nullptr) {
        *length = value->size();
        return ESP_OK;
    }
    if (*length < value->size()) {
        return ESP_ERR_NVS_INVALID_LENGTH;
    }
    std::memcpy(out_value, value->data(), value->size());
    *length = value->size();
    return ESP_OK;
}

esp_err_t nvs_erase_key(nvs_handle_t handle, const char* key) {
    Nvs& n = tbg::hostcheck::nvs();
    std::lock_guard guard(n.mutex);
    esp_err_t err = ESP_OK;
    Handle* h = tbg::hostcheck::find_handle(n, handle, err);
    if (h == nullptr) {
        return err;
    }
    if (!h->writable) {
        return ESP_ERR_NVS_READ_ONLY;
    }
    if ((err = tbg::hostcheck::check_key(key)) != ESP_OK) {
        return err;
    }
    const std::string name(key);
    const auto pending = h->pending.find(name);
    const bool exists =
        pending != h->pending.end() ? pending->second.value.has_value() : n.flash[h->name_space].count(name) != 0;
    if (!exists) {
        return ESP_ERR_NVS_NOT_FOUND;
    }
    h->pending[name] = tbg::hostcheck::Pending{std::nullopt};
    return ESP_OK;
}

esp_err_t nvs_commit(nvs_handle_t handle) {
    Nvs& n = tbg::hostcheck::nvs();
    std::lock_guard guard(n.mutex);
    esp_err_t err = ESP_OK;
    Handle* h = tbg::hostcheck::find_handle(n, handle, err);
    if (h == nullptr) {
        return err;
    }
    if (!h->writable) {
        return ESP_ERR_NVS_READ_ONLY;
    }
    auto& space = n.flash[h->name_space];
    for (auto& [key, pending] : h->pending) {
        if (pending.value) {
            space[key] = std::move(*pending.value);
        } else {
            space.erase(key);
        }
        ++n.writes[h->name_space + "/" + key];
        ++n.total_writes;
    }
    h->pending.clear();
    return ESP_OK;
}

}  // extern "C"
