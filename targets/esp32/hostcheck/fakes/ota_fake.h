// Host fake of esp_ota_ops.h and esp_app_desc.h: a factory app slot, two OTA slots ("ota_0", "ota_1") and their
// otadata states, plus a simulated bootloader; with its test-control API.
//
// Fake image format (what the fake accepts as a valid app image; ota_fake_make_image() builds one):
//   byte 0          0xE9 (the ESP image magic byte: esp_ota_write refuses an image whose first byte differs)
//   bytes 32…287    an esp_app_desc_t (magic word ESP_APP_DESC_MAGIC_WORD, project name, version)
//   bytes 288…n−5   payload (any bytes)
//   last 4 bytes    FNV-1a 32-bit hash of all preceding bytes, little-endian: the fake's "verification"
// esp_ota_end() and esp_ota_set_boot_partition() return ESP_ERR_OTA_VALIDATE_FAILED for anything else (too short,
// wrong hash: a truncated or corrupted upload).
//
// Bootloader (runs at each tbg::hostcheck::power_off(), as the next boot): starts the boot partition; an OTA slot in
// state NEW becomes PENDING_VERIFY; one still PENDING_VERIFY (its previous boot never confirmed) becomes ABORTED
// and, like INVALID/ABORTED slots and slots without a valid image, is skipped: the bootloader falls back to the
// other OTA slot if it is VALID or has no state, else to the factory app. With rollback disabled
// (ota_fake_set_rollback_enabled(false)) NEW images boot as VALID at once. Flash contents and states survive power
// cycles; open update handles do not.
//
// Threading: every function is thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "esp_ota_ops.h"

namespace tbg::hostcheck {

struct OtaFakeLayout {
    bool ota_slots = true;                    // false: factory app only (no OTA: a board without room for two slots)
    std::uint32_t slot_bytes = 0x1E0000;      // size of each app partition
    std::string project = "topband-gateway";  // the factory image's project name (esp_app_get_description)
    std::string version = "1.0.0";
};

// Fresh flash: a valid factory image (layout.project, layout.version) running, OTA slots erased without state,
// rollback enabled.
void ota_fake_reset(const OtaFakeLayout& layout = {});
// A valid fake image with `payload_bytes` bytes of payload (total 292 + payload_bytes bytes).
std::vector<std::uint8_t> ota_fake_make_image(const std::string& project, const std::string& version,
                                              std::size_t payload_bytes = 1024);

// Puts `image` into slot `label` ("ota_0", "ota_1"), with otadata `state`, and makes it the boot and the running
// app (as if the bootloader had just started it). For tests that start "after an update".
void ota_fake_install_running(const std::string& label, const std::vector<std::uint8_t>& image,
                              esp_ota_img_states_t state);
// Marks the running OTA slot PENDING_VERIFY (the first boot of a new image). No effect on the factory app.
void ota_fake_mark_running_pending_verify();
void ota_fake_set_rollback_enabled(bool enabled);

std::string ota_fake_running_label();
std::string ota_fake_boot_label();
// The otadata state of an OTA slot; nullopt for the factory app or a slot without state.
std::optional<esp_ota_img_states_t> ota_fake_state(const std::string& label);
std::vector<std::uint8_t> ota_fake_slot_contents(const std::string& label);
// Update handles begun and neither ended nor aborted.
std::size_t ota_fake_open_handles();
// esp_ota_begin() calls that succeeded (each erased a slot) since the last ota_fake_reset().
std::uint32_t ota_fake_begin_count();

}  // namespace tbg::hostcheck
