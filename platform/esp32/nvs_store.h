// Key-value storage in the ESP32's NVS partition (nvs_flash.h / nvs.h): values as byte strings (NVS blobs) under
// keys of one namespace, each write committed at once, with a write counter per key for the flash-wear budget.
//
// Atomicity: NVS writes one key atomically by design (a new entry is written and made valid before the old one is
// erased; a power cut during nvs_set_blob() leaves either the old or the new value, never a torn one), so a single
// value never needs a temporary key. Two keys are not written atomically together: keep values that must agree in
// one key.
//
// Names: keys and namespaces have 1…15 printable ASCII characters (NVS_KEY_NAME_MAX_SIZE − 1); longer or empty ones
// are refused before NVS sees them. Values: 1…kMaxValueBytes bytes, any content.
//
// Threading: every member function may be called from any task; calls are serialised by an internal mutex. A write
// blocks for the flash operation (milliseconds; occasionally tens of milliseconds when NVS reclaims a page): never
// call it from the CAN or RS485 task. Errors are returned (false / kError with `error`), never thrown.
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "esp_err.h"
#include "nvs.h"

namespace tbg::esp32 {

struct NvsInitResult {
    bool ok = false;
    // The partition had no free page or a newer format and was erased: every stored key is gone (configuration,
    // password, energy counters); the caller reports it.
    bool erased = false;
    esp_err_t first_error = ESP_OK;  // what nvs_flash_init() reported first
    std::string message;             // for the log: "" when ok and nothing was erased
};

enum class NvsRead : std::uint8_t { kFound, kNotFound, kError };

struct NvsKeyStats {
    std::string key;
    std::uint32_t writes = 0;         // successful writes (set + commit) since boot
    std::uint32_t failed_writes = 0;  // writes refused or failed
    std::uint32_t erases = 0;         // keys erased (an absent key counts too)
    std::size_t last_bytes = 0;       // size of the last successful write
};

struct NvsStats {
    std::uint32_t writes = 0;  // all keys, since boot
    std::uint32_t failed_writes = 0;
    std::uint32_t failed_reads = 0;
    std::vector<NvsKeyStats> keys;  // in the order of first use
};

class NvsStore {
public:
    static constexpr std::size_t kMaxNameLength = NVS_KEY_NAME_MAX_SIZE - 1;  // 15
    // Our cap per value (NVS itself allows up to 97.6 % of the partition − 4000 bytes): the API's largest body (a
    // dashboard layout, core/api kMaxSmallBodyBytes) fits; anything bigger is refused rather than filling NVS.
    static constexpr std::size_t kMaxValueBytes = 16'384;

    // Initialises the default NVS partition once for the whole firmware (WiFi needs it too). On
    // ESP_ERR_NVS_NO_FREE_PAGES or ESP_ERR_NVS_NEW_VERSION_FOUND erases the partition and initialises it again
    // (result.erased). Call at boot before any open(), from one task.
    static NvsInitResult init_flash();

    static bool valid_name(std::string_view name);

    NvsStore() = default;
    ~NvsStore();
    NvsStore(const NvsStore&) = delete;
    NvsStore& operator=(const NvsStore&) = delete;

    // Opens `name_space` read-write (created when absent). false with `error` when the name is invalid or NVS
    // refuses (not initialised, partition missing).
    bool open(std::string_view name_space, std::string& error);
    bool is_open() const;
    void close();

    // kFound: `value` holds the stored bytes. kNotFound: no such key (`value` cleared). kError: `error` says why
    // (closed store, invalid key, a value larger than kMaxValueBytes, NVS error); `value` cleared.
    NvsRead read(std::string_view key, std::string& value, std::string& error) const;
    // Stores `value` under `key` (nvs_set_blob then nvs_commit). On false the previous value is still stored
    // (ESP_ERR_NVS_NOT_ENOUGH_SPACE: "NVS is full").
    bool write(std::string_view key, std::string_view value, std::string& error);
    // Removes `key`; true when it is gone afterwards (also when it was absent).
    bool erase(std::string_view key, std::string& error);

    NvsStats stats() const;

private:
    NvsKeyStats& key_stats(std::string_view key);  // with mutex_ held

    mutable std::mutex mutex_;
    bool open_ = false;
    nvs_handle_t handle_ = 0;
    std::string name_space_;
    mutable NvsStats stats_;
};

}  // namespace tbg::esp32
