// Firmware update from an uploaded image (esp_ota_ops.h), and the rollback check at boot.
//
// Upload: begin(image_size) → write(chunk)… → finish(). The HTTP handler feeds the request body in chunks; this
// class does no networking. begin() picks the next OTA slot (esp_ota_get_next_update_partition) and erases it;
// write() checks the image's app description as soon as its first 288 bytes are in (magic word and our project
// name: a wrong file is refused after a few hundred bytes, not after 1.5 MB); finish() lets esp_ota_end() verify the
// whole image (checksum, SHA-256, and the signature with secure boot), checks the project name again from the
// written slot (esp_ota_get_partition_description) and makes the slot the boot partition. The caller then answers
// the HTTP request, saves what must be saved (Persistence::save_energy with shutdown = true) and calls esp_restart().
// Any error aborts the upload (the slot is left unbootable, the running firmware is untouched); abort() does it
// explicitly (client gone). Board layouts without two OTA slots make begin() fail with a clear message.
//
// Rollback (CONFIG_BOOTLOADER_APP_ROLLBACK_ENABLE): the bootloader starts a new image in state PENDING_VERIFY. The
// firmware calls confirm_if_pending() once its self-check passed (the lead's rule: the first CAN frame set went out
// and the web server started); it marks the app valid. If the self-check fails, roll_back_and_restart() marks the
// app invalid and restarts into the previous one (esp_ota_mark_app_invalid_rollback_and_reboot); if the new image
// resets before confirming (crash, watchdog, power cut), the bootloader rolls back by itself at the next boot.
//
// Threading: one upload at a time, driven by one task (the HTTP handler); begin() refuses while one is running.
// The static functions may be called from any task. Errors are returned, never thrown.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "esp_app_desc.h"
#include "esp_err.h"
#include "esp_ota_ops.h"

namespace tbg::esp32 {

enum class OtaConfirm : std::uint8_t {
    kNotPending,  // factory app, or already valid: nothing to do
    kConfirmed,   // was PENDING_VERIFY, now VALID (rollback cancelled)
    kFailed,      // could not be marked valid (`error`); the bootloader will roll back at the next reset
};

class OtaUpdater {
public:
    // The image layout (app_image_format): 24-byte image header, 8-byte segment header, then esp_app_desc_t.
    static constexpr std::size_t kAppDescOffset = 32;
    static constexpr std::size_t kHeaderBytes = kAppDescOffset + sizeof(esp_app_desc_t);

    OtaUpdater() = default;
    ~OtaUpdater();  // aborts an unfinished upload
    OtaUpdater(const OtaUpdater&) = delete;
    OtaUpdater& operator=(const OtaUpdater&) = delete;

    // image_size in bytes (0 = unknown: the whole slot is erased). false with `error`: no OTA slot, image larger
    // than the slot, an upload already running, the running image not yet confirmed, flash error.
    bool begin(std::size_t image_size, std::string& error);
    // Appends a chunk. false with `error` (and the upload aborted): not an ESP32 app image, another project's
    // image, more bytes than announced, flash error.
    bool write(std::span<const std::uint8_t> chunk, std::string& error);
    // Verifies the image and selects it for the next boot. false with `error` (upload aborted): truncated or corrupt
    // image ("image verification failed: …"), size differs from begin()'s, another project's image.
    bool finish(std::string& error);
    void abort();

    bool in_progress() const { return in_progress_; }
    std::size_t bytes_written() const { return bytes_written_; }
    // The label of the slot being written ("" when none).
    std::string target_label() const;

    // The running app and its OTA state: "factory", "ota_0 valid", "ota_0 pending verify", "ota_1 (no state)", …
    static std::string boot_state();
    // See OtaConfirm. Call once after the self-check passed.
    static OtaConfirm confirm_if_pending(std::string& error);
    // For a failed self-check of a PENDING_VERIFY image: marks it invalid and restarts into the previous app; returns
    // only when that is impossible (no other valid app, factory image, rollback disabled), with `error`. The caller
    // then keeps running (a degraded firmware beats none) and reports it.
    static void roll_back_and_restart(std::string_view reason, std::string& error);
    // The project name images must carry: the running app's (esp_app_get_description()).
    static std::string project_name();

private:
    bool check_description(const esp_app_desc_t& desc, std::string& error) const;
    bool fail(std::string message, std::string& error);

    bool in_progress_ = false;
    esp_ota_handle_t handle_ = 0;
    const esp_partition_t* target_ = nullptr;
    std::size_t expected_bytes_ = 0;  // 0 = unknown
    std::size_t bytes_written_ = 0;
    bool header_checked_ = false;
    std::array<std::uint8_t, kHeaderBytes> header_{};
};

}  // namespace tbg::esp32
