// Host fake of esp_ota_ops.h and esp_app_desc.h (see ota_fake.h).
#include "ota_fake.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <map>
#include <mutex>

#include "esp_system.h"
#include "freertos_fake.h"

namespace tbg::hostcheck {

namespace {

constexpr std::uint8_t kImageMagic = 0xE9;
constexpr std::size_t kDescOffset = 32;
constexpr std::size_t kMinImageBytes = kDescOffset + sizeof(esp_app_desc_t) + 4;

struct Slot {
    esp_partition_t partition{};
    std::vector<std::uint8_t> contents;
    std::optional<esp_ota_img_states_t> state;  // otadata; never set for the factory app
};

struct Update {
    Slot* slot = nullptr;
    std::size_t written = 0;
};

struct Ota {
    std::mutex mutex;
    // Flash.
    std::array<Slot, 3> slots;  // factory, ota_0, ota_1
    bool ota_slots = true;
    Slot* boot = nullptr;
    bool rollback = true;
    // RAM.
    Slot* running = nullptr;
    esp_app_desc_t running_desc{};
    std::map<esp_ota_handle_t, Update> updates;
    esp_ota_handle_t next_handle = 1;
    std::uint32_t begin_count = 0;

    Slot& factory() { return slots[0]; }

    Slot* find(const esp_partition_t* partition) {
        for (Slot& slot : slots) {
            if (&slot.partition == partition && (ota_slots || &slot == &slots[0])) {
                return &slot;
            }
        }
        return nullptr;
    }

    Slot* find(const std::string& label) {
        for (Slot& slot : slots) {
            if (label == slot.partition.label) {
                return &slot;
            }
        }
        return nullptr;
    }

    static bool is_ota(const Slot& slot) { return slot.partition.subtype != ESP_PARTITION_SUBTYPE_APP_FACTORY; }
};

Ota& ota() {
    static Ota instance;
    return instance;
}

std::uint32_t fnv1a(const std::uint8_t* bytes, std::size_t size) {
    std::uint32_t hash = 2166136261U;
    for (std::size_t i = 0; i < size; ++i) {
        hash ^= bytes[i];
        hash *= 16777619U;
    }
    return hash;
}

bool valid_image(const std::vector<std::uint8_t>& image) {
    if (image.size() < kMinImageBytes || image[0] != kImageMagic) {
        return false;
    }
    esp_app_desc_t desc;
    std::memcpy(&desc, image.data() + kDescOffset, sizeof desc);
    if (desc.magic_word != ESP_APP_DESC_MAGIC_WORD) {
        return false;
    }
    const std::size_t body = image.size() - 4;
    const std::uint32_t stored =
        static_cast<std::uint32_t>(image[body]) | static_cast<std::uint32_t>(image[body + 1]) << 8 |
        static_cast<std::uint32_t>(image[body + 2]) << 16 | static_cast<std::uint32_t>(image[body + 3]) << 24;
    return stored == fnv1a(image.data(), body);
}

void copy_text(char* out, std::size_t capacity, const std::string& text) {
    std::memset(out, 0, capacity);
    std::memcpy(out, text.data(), std::min(text.size(), capacity - 1));
}

void set_partition(Slot& slot, const char* label, esp_partition_subtype_t subtype, std::uint32_t address,
                   std::uint32_t size) {
    slot.partition = esp_partition_t{};
    slot.partition.type = ESP_PARTITION_TYPE_APP;
    slot.partition.subtype = subtype;
    slot.partition.address = address;
    slot.partition.size = size;
    slot.partition.erase_size = 4096;
    copy_text(slot.partition.label, sizeof slot.partition.label, label);
    slot.contents.clear();
    slot.state.reset();
}

// With the mutex held: the description of the running image.
void load_running_desc(Ota& o) {
    o.running_desc = esp_app_desc_t{};
    if (o.running != nullptr && o.running->contents.size() >= kDescOffset + sizeof(esp_app_desc_t)) {
        std::memcpy(&o.running_desc, o.running->contents.data() + kDescOffset, sizeof o.running_desc);
    }
}

bool bootable(const Slot& slot) {
    if (!valid_image(slot.contents)) {
        return false;
    }
    return !slot.state || (*slot.state != ESP_OTA_IMG_INVALID && *slot.state != ESP_OTA_IMG_ABORTED);
}

// With the mutex held: what the bootloader does at power-on.
void boot(Ota& o) {
    o.updates.clear();
    Slot* candidate = o.boot != nullptr ? o.boot : &o.factory();
    if (Ota::is_ota(*candidate) && candidate->state) {
        if (*candidate->state == ESP_OTA_IMG_PENDING_VERIFY) {
            candidate->state = ESP_OTA_IMG_ABORTED;  // its last boot never confirmed it
        } else if (*candidate->state == ESP_OTA_IMG_NEW) {
            candidate->state = o.rollback ? ESP_OTA_IMG_PENDING_VERIFY : ESP_OTA_IMG_VALID;
        }
    }
    if (!bootable(*candidate)) {
        candidate = nullptr;
        for (Slot& slot : o.slots) {
            const bool confirmed = !slot.state || *slot.state == ESP_OTA_IMG_VALID;
            if (Ota::is_ota(slot) && o.ota_slots && confirmed && bootable(slot)) {
                candidate = &slot;
                break;
            }
        }
        if (candidate == nullptr) {
            candidate = &o.factory();
        }
        o.boot = candidate;
    }
    o.running = candidate;
    load_running_desc(o);
}

struct PowerHook {
    PowerHook() {
        on_power_cycle([] {
            Ota& o = ota();
            std::lock_guard guard(o.mutex);
            boot(o);
        });
    }
} g_power_hook;

// With the mutex held.
void reset_locked(Ota& o, const OtaFakeLayout& layout) {
    set_partition(o.slots[0], "factory", ESP_PARTITION_SUBTYPE_APP_FACTORY, 0x10000, layout.slot_bytes);
    set_partition(o.slots[1], "ota_0", ESP_PARTITION_SUBTYPE_APP_OTA_0, 0x10000 + layout.slot_bytes, layout.slot_bytes);
    set_partition(o.slots[2], "ota_1", ESP_PARTITION_SUBTYPE_APP_OTA_1, 0x10000 + 2 * layout.slot_bytes,
                  layout.slot_bytes);
    o.slots[0].contents = ota_fake_make_image(layout.project, layout.version);
    o.ota_slots = layout.ota_slots;
    o.rollback = true;
    o.boot = &o.slots[0];
    o.running = &o.slots[0];
    o.updates.clear();
    o.begin_count = 0;
    load_running_desc(o);
}

// With the mutex held; sets up the default layout when a test never called ota_fake_reset().
void ensure_layout(Ota& o) {
    if (o.running == nullptr) {
        reset_locked(o, OtaFakeLayout{});
    }
}

}  // namespace

void ota_fake_reset(const OtaFakeLayout& layout) {
    Ota& o = ota();
    std::lock_guard guard(o.mutex);
    reset_locked(o, layout);
}

std::vector<std::uint8_t> ota_fake_make_image(const std::string& project, const std::string& version,
                                              std::size_t payload_bytes) {
    std::vector<std::uint8_t> image(kMinImageBytes + payload_bytes, 0);
    image[0] = kImageMagic;
    esp_app_desc_t desc{};
    desc.magic_word = ESP_APP_DESC_MAGIC_WORD;
    copy_text(desc.project_name, sizeof desc.project_name, project);
    copy_text(desc.version, sizeof desc.version, version);
    copy_text(desc.idf_ver, sizeof desc.idf_ver, "v5.2.2");
    std::memcpy(image.data() + kDescOffset, &desc, sizeof desc);
    for (std::size_t i = 0; i < payload_bytes; ++i) {
        image[kMinImageBytes - 4 + i] = static_cast<std::uint8_t>(i * 7 + 3);
    }
    const std::size_t body = image.size() - 4;
    const std::uint32_t hash = fnv1a(image.data(), body);
    for (std::size_t k = 0; k < 4; ++k) {
        image[body + k] = static_cast<std::uint8_t>(hash >> (8 * k));
    }
    return image;
}

void ota_fake_install_running(const std::string& label, const std::vector<std::uint8_t>& image,
                              esp_ota_img_states_t state) {
    Ota& o = ota();
    std::lock_guard guard(o.mutex);
    ensure_layout(o);
    Slot* slot = o.find(label);
    if (slot == nullptr || !Ota::is_ota(*slot)) {
        return;
    }
    slot->contents = image;
    slot->state = state;
    o.boot = slot;
    o.running = slot;
    load_running_desc(o);
}

void ota_fake_mark_running_pending_verify() {
    Ota& o = ota();
    std::lock_guard guard(o.mutex);
    ensure_layout(o);
    if (Ota::is_ota(*o.running)) {
        o.running->state = ESP_OTA_IMG_PENDING_VERIFY;
    }
}

void ota_fake_set_rollback_enabled(bool enabled) {
    Ota& o = ota();
    std::lock_guard guard(o.mutex);
    o.rollback = enabled;
}

std::string ota_fake_running_label() {
    Ota& o = ota();
    std::lock_guard guard(o.mutex);
    ensure_layout(o);
    return o.running->partition.label;
}

std::string ota_fake_boot_label() {
    Ota& o = ota();
    std::lock_guard guard(o.mutex);
    ensure_layout(o);
    return o.boot->partition.label;
}

std::optional<esp_ota_img_states_t> ota_fake_state(const std::string& label) {
    Ota& o = ota();
    std::lock_guard guard(o.mutex);
    ensure_layout(o);
    const Slot* slot = o.find(label);
    return slot != nullptr ? slot->state : std::nullopt;
}

std::vector<std::uint8_t> ota_fake_slot_contents(const std::string& label) {
    Ota& o = ota();
    std::lock_guard guard(o.mutex);
    ensure_layout(o);
    const Slot* slot = o.find(label);
    return slot != nullptr ? slot->contents : std::vector<std::uint8_t>();
}

std::size_t ota_fake_open_handles() {
    Ota& o = ota();
    std::lock_guard guard(o.mutex);
    return o.updates.size();
}

std::uint32_t ota_fake_begin_count() {
    Ota& o = ota();
    std::lock_guard guard(o.mutex);
    return o.begin_count;
}

}  // namespace tbg::hostcheck

using tbg::hostcheck::Ota;
using tbg::hostcheck::Slot;

extern "C" {

const esp_app_desc_t* esp_app_get_description(void) {
    Ota& o = tbg::hostcheck::ota();
    std::lock_guard guard(o.mutex);
    tbg::hostcheck::ensure_layout(o);
    return &o.running_desc;
}

esp_err_t esp_ota_begin(const esp_partition_t* partition, size_t image_size, esp_ota_handle_t* out_handle) {
    Ota& o = tbg::hostcheck::ota();
    std::lock_guard guard(o.mutex);
    tbg::hostcheck::ensure_layout(o);
    Slot* slot = o.find(partition);
    if (slot == nullptr || out_handle == nullptr || !Ota::is_ota(*slot)) {
        return ESP_ERR_INVALID_ARG;
    }
    if (slot == o.running) {
        return ESP_ERR_OTA_PARTITION_CONFLICT;
    }
    if (o.rollback && Ota::is_ota(*o.running) && o.running->state == ESP_OTA_IMG_PENDING_VERIFY) {
        return ESP_ERR_OTA_ROLLBACK_INVALID_STATE;
    }
    if (image_size != OTA_SIZE_UNKNOWN && image_size > slot->partition.size) {
        return ESP_ERR_INVALID_SIZE;
    }
    for (const auto& [handle, update] : o.updates) {
        if (update.slot == slot) {
            return ESP_ERR_OTA_PARTITION_CONFLICT;
        }
    }
    slot->contents.clear();  // erased
    slot->state.reset();
    if (o.boot == slot) {
        o.boot = o.running;
    }
    const esp_ota_handle_t handle = o.next_handle++;
    o.updates[handle] = tbg::hostcheck::Update{slot, 0};
    ++o.begin_count;
    *out_handle = handle;
    return ESP_OK;
}

esp_err_t esp_ota_write(esp_ota_handle_t handle, const void* data, size_t size) {
    Ota& o = tbg::hostcheck::ota();
    std::lock_guard guard(o.mutex);
    const auto found = o.updates.find(handle);
    if (found == o.updates.end() || (data == nullptr && size > 0)) {
        return ESP_ERR_INVALID_ARG;
    }
    if (size == 0) {
        return ESP_OK;
    }
    tbg::hostcheck::Update& update = found->second;
    const auto* bytes = static_cast<const std::uint8_t*>(data);
    if (update.written == 0 && bytes[0] != tbg::hostcheck::kImageMagic) {
        return ESP_ERR_OTA_VALIDATE_FAILED;
    }
    if (update.written + size > update.slot->partition.size) {
        return ESP_ERR_INVALID_SIZE;
    }
    update.slot->contents.insert(update.slot->contents.end(), bytes, bytes + size);
    update.written += size;
    return ESP_OK;
}

esp_err_t esp_ota_end(esp_ota_handle_t handle) {
    Ota& o = tbg::hostcheck::ota();
    std::lock_guard guard(o.mutex);
    const auto found = o.updates.find(handle);
    if (found == o.updates.end()) {
        return ESP_ERR_NOT_FOUND;
    }
    const tbg::hostcheck::Update update = found->second;
    o.updates.erase(found);  // freed whatever the result
    if (update.written == 0) {
        return ESP_ERR_INVALID_ARG;
    }
    return tbg::hostcheck::valid_image(update.slot->contents) ? ESP_OK : ESP_ERR_OTA_VALIDATE_FAILED;
}

esp_err_t esp_ota_abort(esp_ota_handle_t handle) {
    Ota& o = tbg::hostcheck::ota();
    std::lock_guard guard(o.mutex);
    return o.updates.erase(handle) == 1 ? ESP_OK : ESP_ERR_NOT_FOUND;
}

esp_err_t esp_ota_set_boot_partition(const esp_partition_t* partition) {
    Ota& o = tbg::hostcheck::ota();
    std::lock_guard guard(o.mutex);
    tbg::hostcheck::ensure_layout(o);
    Slot* slot = o.find(partition);
    if (slot == nullptr) {
        return ESP_ERR_INVALID_ARG;
    }
    if (!tbg::hostcheck::valid_image(slot->contents)) {
        return ESP_ERR_OTA_VALIDATE_FAILED;
    }
    if (Ota::is_ota(*slot)) {
        slot->state = ESP_OTA_IMG_NEW;
    }
    o.boot = slot;
    return ESP_OK;
}

const esp_partition_t* esp_ota_get_boot_partition(void) {
    Ota& o = tbg::hostcheck::ota();
    std::lock_guard guard(o.mutex);
    tbg::hostcheck::ensure_layout(o);
    return &o.boot->partition;
}

const esp_partition_t* esp_ota_get_running_partition(void) {
    Ota& o = tbg::hostcheck::ota();
    std::lock_guard guard(o.mutex);
    tbg::hostcheck::ensure_layout(o);
    return &o.running->partition;
}

const esp_partition_t* esp_ota_get_next_update_partition(const esp_partition_t* start_from) {
    Ota& o = tbg::hostcheck::ota();
    std::lock_guard guard(o.mutex);
    tbg::hostcheck::ensure_layout(o);
    if (!o.ota_slots) {
        return nullptr;
    }
    const Slot* from = start_from != nullptr ? o.find(start_from) : o.running;
    if (from == &o.slots[1]) {
        return &o.slots[2].partition;
    }
    return &o.slots[1].partition;
}

esp_err_t esp_ota_get_partition_description(const esp_partition_t* partition, esp_app_desc_t* app_desc) {
    Ota& o = tbg::hostcheck::ota();
    std::lock_guard guard(o.mutex);
    tbg::hostcheck::ensure_layout(o);
    const Slot* slot = o.find(partition);
    if (slot == nullptr || app_desc == nullptr) {
        return ESP_ERR_INVALID_ARG;
    }
    esp_app_desc_t desc;
    if (slot->contents.size() < tbg::hostcheck::kDescOffset + sizeof desc) {
        return ESP_ERR_NOT_FOUND;
    }
    std::memcpy(&desc, slot->contents.data() + tbg::hostcheck::kDescOffset, sizeof desc);
    if (desc.magic_word != ESP_APP_DESC_MAGIC_WORD) {
        return ESP_ERR_NOT_FOUND;
    }
    *app_desc = desc;
    return ESP_OK;
}

esp_err_t esp_ota_mark_app_valid_cancel_rollback(void) {
    Ota& o = tbg::hostcheck::ota();
    std::lock_guard guard(o.mutex);
    tbg::hostcheck::ensure_layout(o);
    if (Ota::is_ota(*o.running)) {
        o.running->state = ESP_OTA_IMG_VALID;
    }
    return ESP_OK;
}

esp_err_t esp_ota_mark_app_invalid_rollback_and_reboot(void) {
    {
        Ota& o = tbg::hostcheck::ota();
        std::lock_guard guard(o.mutex);
        tbg::hostcheck::ensure_layout(o);
        Slot* previous = nullptr;
        for (Slot& slot : o.slots) {
            const bool usable =
                Ota::is_ota(slot) ? o.ota_slots && (!slot.state || *slot.state == ESP_OTA_IMG_VALID) : true;
            if (&slot != o.running && usable && tbg::hostcheck::bootable(slot)) {
                previous = &slot;
                if (Ota::is_ota(slot)) {
                    break;  // prefer the previous OTA image over the factory app
                }
            }
        }
        if (previous == nullptr || !Ota::is_ota(*o.running)) {
            return ESP_ERR_OTA_ROLLBACK_FAILED;
        }
        o.running->state = ESP_OTA_IMG_INVALID;
        o.boot = previous;
    }
    esp_restart();
}

esp_err_t esp_ota_get_state_partition(const esp_partition_t* partition, esp_ota_img_states_t* ota_state) {
    Ota& o = tbg::hostcheck::ota();
    std::lock_guard guard(o.mutex);
    tbg::hostcheck::ensure_layout(o);
    const Slot* slot = o.find(partition);
    if (slot == nullptr || ota_state == nullptr) {
        return ESP_ERR_INVALID_ARG;
    }
    if (!Ota::is_ota(*slot)) {
        return ESP_ERR_NOT_SUPPORTED;
    }
    if (!slot->state) {
        return ESP_ERR_NOT_FOUND;
    }
    *ota_state = *slot->state;
    return ESP_OK;
}

}  // extern "C"
