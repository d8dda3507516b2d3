#include "platform/esp32/ota_updater.h"

#include <algorithm>
#include <cstring>

#include "esp_log.h"

namespace tbg::esp32 {

namespace {

constexpr const char* kTag = "ota";

std::string field(const char* text, std::size_t capacity) {
    return std::string(text, strnlen(text, capacity));
}

const char* state_name(esp_ota_img_states_t state) {
    switch (state) {
        case ESP_OTA_IMG_NEW:
            return "new";
        case ESP_OTA_IMG_PENDING_VERIFY:
            return "pending verify";
        case ESP_OTA_IMG_VALID:
            return "valid";
        case ESP_OTA_IMG_INVALID:
            return "invalid";
        case ESP_OTA_IMG_ABORTED:
            return "aborted";
        case ESP_OTA_IMG_UNDEFINED:
            return "(no state)";
    }
    return "(unknown state)";
}

std::string describe(esp_err_t err) {
    switch (err) {
        case ESP_ERR_OTA_VALIDATE_FAILED:
            return "image verification failed (bad checksum, hash or signature): the file is damaged or not a "
                   "firmware image for this chip";
        case ESP_ERR_OTA_ROLLBACK_INVALID_STATE:
            return "the running firmware has not been confirmed yet (pending verify); retry after it has";
        case ESP_ERR_OTA_PARTITION_CONFLICT:
            return "the target slot holds the running firmware";
        case ESP_ERR_INVALID_SIZE:
            return "the image does not fit the update slot";
        case ESP_ERR_NO_MEM:
            return "out of memory";
        default:
            return esp_err_to_name(err);
    }
}

}  // namespace

OtaUpdater::~OtaUpdater() {
    abort();
}

bool OtaUpdater::begin(std::size_t image_size, std::string& error) {
    if (in_progress_) {
        error = "an update is already being uploaded";
        return false;
    }
    const esp_partition_t* target = esp_ota_get_next_update_partition(nullptr);
    if (target == nullptr) {
        error = "this firmware has no OTA update slot (partition table without two OTA slots): flash it over USB";
        return false;
    }
    if (image_size > target->size) {
        error = "the image (" + std::to_string(image_size) + " bytes) is larger than the update slot " +
                field(target->label, sizeof target->label) + " (" + std::to_string(target->size) + " bytes)";
        return false;
    }
    esp_ota_handle_t handle = 0;
    const esp_err_t err = esp_ota_begin(target, image_size == 0 ? OTA_SIZE_UNKNOWN : image_size, &handle);
    if (err != ESP_OK) {
        error = "cannot start the update: " + describe(err);
        return false;
    }
    in_progress_ = true;
    handle_ = handle;
    target_ = target;
    expected_bytes_ = image_size;
    bytes_written_ = 0;
    header_checked_ = false;
    ESP_LOGI(kTag, "receiving %u bytes into %s", static_cast<unsigned>(image_size), target->label);
    return true;
}

bool OtaUpdater::write(std::span<const std::uint8_t> chunk, std::string& error) {
    if (!in_progress_) {
        error = "no update is being uploaded";
        return false;
    }
    if (expected_bytes_ != 0 && chunk.size() > expected_bytes_ - bytes_written_) {
        return fail("the upload is longer than the announced " + std::to_string(expected_bytes_) + " bytes", error);
    }
    if (bytes_written_ < kHeaderBytes) {
        const std::size_t take = std::min(chunk.size(), kHeaderBytes - bytes_written_);
        std::copy_n(chunk.begin(), take, header_.begin() + static_cast<std::ptrdiff_t>(bytes_written_));
    }
    if (!chunk.empty()) {
        const esp_err_t err = esp_ota_write(handle_, chunk.data(), chunk.size());
        if (err == ESP_ERR_OTA_VALIDATE_FAILED) {
            return fail("not an ESP32 firmware image (wrong first byte)", error);
        }
        if (err != ESP_OK) {
            return fail("cannot write the update: " + describe(err), error);
        }
    }
    bytes_written_ += chunk.size();
    if (!header_checked_ && bytes_written_ >= kHeaderBytes) {
        esp_app_desc_t desc;
        std::memcpy(&desc, header_.data() + kAppDescOffset, sizeof desc);
        if (!check_description(desc, error)) {
            return fail(error, error);
        }
        header_checked_ = true;
    }
    return true;
}

bool OtaUpdater::finish(std::string& error) {
    if (!in_progress_) {
        error = "no update is being uploaded";
        return false;
    }
    if (expected_bytes_ != 0 && bytes_written_ != expected_bytes_) {
        return fail("the upload ended after " + std::to_string(bytes_written_) + " of " +
                        std::to_string(expected_bytes_) + " bytes",
                    error);
    }
    if (!header_checked_) {
        return fail("the upload (" + std::to_string(bytes_written_) + " bytes) is too short for a firmware image",
                    error);
    }
    in_progress_ = false;  // esp_ota_end() frees the handle whatever it returns
    esp_err_t err = esp_ota_end(handle_);
    if (err != ESP_OK) {
        error = describe(err);
        ESP_LOGE(kTag, "update rejected: %s", error.c_str());
        return false;
    }
    esp_app_desc_t desc;
    err = esp_ota_get_partition_description(target_, &desc);
    if (err != ESP_OK) {
        error = std::string("cannot read the new image's description: ") + esp_err_to_name(err);
        return false;
    }
    if (!check_description(desc, error)) {
        ESP_LOGE(kTag, "update rejected: %s", error.c_str());
        return false;
    }
    err = esp_ota_set_boot_partition(target_);
    if (err != ESP_OK) {
        error = "cannot select the new image for the next boot: " + describe(err);
        return false;
    }
    ESP_LOGI(kTag, "version %s in %s selected for the next boot", field(desc.version, sizeof desc.version).c_str(),
             target_->label);
    return true;
}

void OtaUpdater::abort() {
    if (in_progress_) {
        esp_ota_abort(handle_);
        in_progress_ = false;
        ESP_LOGW(kTag, "update aborted after %u bytes", static_cast<unsigned>(bytes_written_));
    }
}

std::string OtaUpdater::target_label() const {
    return in_progress_ && target_ != nullptr ? field(target_->label, sizeof target_->label) : std::string();
}

std::string OtaUpdater::boot_state() {
    const esp_partition_t* running = esp_ota_get_running_partition();
    if (running == nullptr) {
        return "unknown";
    }
    const std::string label = field(running->label, sizeof running->label);
    if (running->subtype == ESP_PARTITION_SUBTYPE_APP_FACTORY) {
        return "factory";
    }
    esp_ota_img_states_t state = ESP_OTA_IMG_UNDEFINED;
    if (esp_ota_get_state_partition(running, &state) != ESP_OK) {
        return label + " (no state)";
    }
    return label + " " + state_name(state);
}

OtaConfirm OtaUpdater::confirm_if_pending(std::string& error) {
    const esp_partition_t* running = esp_ota_get_running_partition();
    esp_ota_img_states_t state = ESP_OTA_IMG_UNDEFINED;
    if (running == nullptr || esp_ota_get_state_partition(running, &state) != ESP_OK ||
        state != ESP_OTA_IMG_PENDING_VERIFY) {
        return OtaConfirm::kNotPending;
    }
    const esp_err_t err = esp_ota_mark_app_valid_cancel_rollback();
    if (err != ESP_OK) {
        error = std::string("cannot mark the new firmware valid: ") + esp_err_to_name(err);
        return OtaConfirm::kFailed;
    }
    ESP_LOGI(kTag, "new firmware in %s confirmed", running->label);
    return OtaConfirm::kConfirmed;
}

void OtaUpdater::roll_back_and_restart(std::string_view reason, std::string& error) {
    const esp_partition_t* running = esp_ota_get_running_partition();
    esp_ota_img_states_t state = ESP_OTA_IMG_UNDEFINED;
    if (running == nullptr || esp_ota_get_state_partition(running, &state) != ESP_OK ||
        state != ESP_OTA_IMG_PENDING_VERIFY) {
        error = "no rollback: the running firmware (" + boot_state() + ") is not waiting for verification";
        return;
    }
    const std::string why(reason);
    ESP_LOGE(kTag, "self-check failed (%s): rolling back from %s", why.c_str(), running->label);
    const esp_err_t err = esp_ota_mark_app_invalid_rollback_and_reboot();  // returns only on failure
    error = std::string("rollback impossible (") + esp_err_to_name(err) + "): no other valid firmware";
}

std::string OtaUpdater::project_name() {
    const esp_app_desc_t* own = esp_app_get_description();
    return field(own->project_name, sizeof own->project_name);
}

bool OtaUpdater::check_description(const esp_app_desc_t& desc, std::string& error) const {
    if (desc.magic_word != ESP_APP_DESC_MAGIC_WORD) {
        error = "not an ESP-IDF application image (no app description)";
        return false;
    }
    const std::string theirs = field(desc.project_name, sizeof desc.project_name);
    const std::string ours = project_name();
    if (theirs != ours) {
        error = "the image is for project \"" + theirs + "\", not \"" + ours + "\"";
        return false;
    }
    return true;
}

bool OtaUpdater::fail(std::string message, std::string& error) {
    abort();
    error = std::move(message);
    ESP_LOGE(kTag, "update rejected: %s", error.c_str());
    return false;
}

}  // namespace tbg::esp32
