#include "platform/esp32/esp_crypto.h"

#include <array>
#include <charconv>
#include <optional>
#include <vector>

#include "esp_log.h"
#include "esp_random.h"
#include "esp_timer.h"
#include "mbedtls/pkcs5.h"

namespace tbg::esp32 {

namespace {

constexpr const char* kTag = "crypto";
constexpr std::string_view kPrefix = "$pbkdf2-sha256$i=";
constexpr std::size_t kMinSaltBytes = 8;
constexpr std::size_t kMaxSaltBytes = 64;

std::string to_hex(const std::uint8_t* bytes, std::size_t size) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string text(2 * size, '0');
    for (std::size_t i = 0; i < size; ++i) {
        text[2 * i] = kDigits[bytes[i] >> 4];
        text[2 * i + 1] = kDigits[bytes[i] & 0x0F];
    }
    return text;
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    return -1;  // lowercase only, as written
}

std::optional<std::vector<std::uint8_t>> from_hex(std::string_view text) {
    if (text.size() % 2 != 0) {
        return std::nullopt;
    }
    std::vector<std::uint8_t> bytes(text.size() / 2);
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        const int high = hex_value(text[2 * i]);
        const int low = hex_value(text[2 * i + 1]);
        if (high < 0 || low < 0) {
            return std::nullopt;
        }
        bytes[i] = static_cast<std::uint8_t>(high << 4 | low);
    }
    return bytes;
}

bool derive(std::string_view password, const std::uint8_t* salt, std::size_t salt_size, std::uint32_t iterations,
            std::array<std::uint8_t, EspCrypto::kKeyBytes>& key) {
    const int ret = mbedtls_pkcs5_pbkdf2_hmac_ext(
        MBEDTLS_MD_SHA256, reinterpret_cast<const unsigned char*>(password.data()), password.size(), salt, salt_size,
        iterations, static_cast<std::uint32_t>(key.size()), key.data());
    return ret == 0;
}

// Both spans of equal size; the time depends only on the size.
bool equal_constant_time(const std::uint8_t* a, const std::uint8_t* b, std::size_t size) {
    volatile std::uint8_t difference = 0;
    for (std::size_t i = 0; i < size; ++i) {
        difference = static_cast<std::uint8_t>(difference | (a[i] ^ b[i]));
    }
    return difference == 0;
}

}  // namespace

std::string EspCrypto::hash_with(std::string_view password, std::string_view salt, std::uint32_t iterations) {
    std::array<std::uint8_t, kKeyBytes> key{};
    const auto* salt_bytes = reinterpret_cast<const std::uint8_t*>(salt.data());
    if (iterations == 0 || !derive(password, salt_bytes, salt.size(), iterations, key)) {
        return "";
    }
    return std::string(kPrefix) + std::to_string(iterations) + "$" + to_hex(salt_bytes, salt.size()) + "$" +
           to_hex(key.data(), key.size());
}

std::string EspCrypto::hash_password(std::string_view password) {
    std::array<std::uint8_t, kSaltBytes> salt{};
    esp_fill_random(salt.data(), salt.size());
    const std::int64_t start_us = esp_timer_get_time();
    std::string hash =
        hash_with(password, std::string_view(reinterpret_cast<const char*>(salt.data()), salt.size()), kIterations);
    ESP_LOGI(kTag, "password hash: %u PBKDF2 iterations in %lld ms", static_cast<unsigned>(kIterations),
             static_cast<long long>((esp_timer_get_time() - start_us) / 1000));
    return hash;
}

bool EspCrypto::verify_password(std::string_view stored_hash, std::string_view password) {
    if (!stored_hash.starts_with(kPrefix)) {
        return false;
    }
    std::string_view rest = stored_hash.substr(kPrefix.size());
    std::uint32_t iterations = 0;
    const auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), iterations);
    if (ec != std::errc() || end == rest.data() || rest[0] == '0' || iterations > kMaxIterations) {
        return false;
    }
    rest.remove_prefix(static_cast<std::size_t>(end - rest.data()));
    if (rest.empty() || rest[0] != '$') {
        return false;
    }
    rest.remove_prefix(1);
    const auto dollar = rest.find('$');
    if (dollar == std::string_view::npos) {
        return false;
    }
    const auto salt = from_hex(rest.substr(0, dollar));
    const auto expected = from_hex(rest.substr(dollar + 1));
    if (!salt || salt->size() < kMinSaltBytes || salt->size() > kMaxSaltBytes || !expected ||
        expected->size() != kKeyBytes) {
        return false;
    }
    std::array<std::uint8_t, kKeyBytes> key{};
    if (!derive(password, salt->data(), salt->size(), iterations, key)) {
        return false;
    }
    return equal_constant_time(key.data(), expected->data(), kKeyBytes);
}

std::string EspCrypto::random_hex(std::size_t bytes) {
    std::vector<std::uint8_t> buffer(bytes);
    esp_fill_random(buffer.data(), buffer.size());
    return to_hex(buffer.data(), buffer.size());
}

}  // namespace tbg::esp32
