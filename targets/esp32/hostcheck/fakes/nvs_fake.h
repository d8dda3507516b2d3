// Host fake of nvs_flash.h / nvs.h: an in-memory NVS partition, plus its test-control API.
//
// Flash: namespaces → keys → blob bytes; it survives tbg::hostcheck::power_off()/power_on() like real flash. RAM:
// the "initialised" flag, open handles and their uncommitted writes; a power cycle clears them, so a value set but
// not committed is lost (as NVS only guarantees committed data). Every commit that stores or erases a key counts as
// one flash write of that key (nvs_fake_writes).
//
// Behaviour follows the ESP-IDF v5 API reference: nvs_open before nvs_flash_init → ESP_ERR_NVS_NOT_INITIALIZED;
// names longer than 15 characters → ESP_ERR_NVS_KEY_TOO_LONG (keys) / ESP_ERR_NVS_INVALID_NAME (namespaces);
// nvs_get_blob's two-call size query; ESP_ERR_NVS_INVALID_LENGTH for a too-small buffer; ESP_ERR_NVS_NOT_FOUND for
// an absent key; nvs_flash_erase() drops everything. Capacity: a byte budget (default 20 KB of values, about a
// 24 KB partition) beyond which nvs_set_blob returns ESP_ERR_NVS_NOT_ENOUGH_SPACE.
//
// Threading: every function is thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "esp_err.h"

namespace tbg::hostcheck {

// Erases the whole fake partition (flash and RAM state), clears the write counters and the injected failures, and
// restores the default capacity. Call at the start of each test.
void nvs_fake_reset();

// The committed value of namespace/key (nullopt when absent).
std::optional<std::string> nvs_fake_get(const std::string& name_space, const std::string& key);
// Stores or removes a committed value directly (e.g. a broken configuration text), not counted as a write.
void nvs_fake_put(const std::string& name_space, const std::string& key, const std::string& value);
void nvs_fake_erase(const std::string& name_space, const std::string& key);
std::vector<std::string> nvs_fake_keys(const std::string& name_space);

// Committed writes (set or erase) of namespace/key since the last nvs_fake_reset(); all keys.
std::uint32_t nvs_fake_writes(const std::string& name_space, const std::string& key);
std::uint32_t nvs_fake_total_writes();

// The next `count` nvs_set_blob calls fail with `error` (e.g. ESP_ERR_NVS_NOT_ENOUGH_SPACE) and store nothing.
void nvs_fake_fail_next_sets(esp_err_t error, std::uint32_t count = 1);
// nvs_flash_init returns `error` (ESP_ERR_NVS_NO_FREE_PAGES, ESP_ERR_NVS_NEW_VERSION_FOUND, …) until
// nvs_flash_erase() is called: a partition that must be erased. The stored values stay until then.
void nvs_fake_corrupt_partition(esp_err_t error);
// Total value bytes the partition accepts.
void nvs_fake_set_capacity_bytes(std::size_t bytes);
// nvs_flash_erase() calls since the last nvs_fake_reset().
std::uint32_t nvs_fake_erase_count();
bool nvs_fake_initialised();

}  // namespace tbg::hostcheck
