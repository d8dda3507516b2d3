// api::Crypto on the ESP32: PBKDF2-HMAC-SHA256 password hashes (mbedTLS, SHA-256 in hardware) and the hardware
// random number generator (esp_fill_random; true random while WiFi or Bluetooth runs, which the full edition's web
// server implies).
//
// Hash format: "$pbkdf2-sha256$i=<iterations>$<salt hex>$<hash hex>", a fresh 16-byte salt per hash, a 32-byte
// derived key, lowercase hex. verify_password() reads the iteration count and salt from the stored string, so
// kIterations can change later without invalidating stored hashes; it accepts 1…kMaxIterations iterations (a
// corrupt count cannot stall a login), 8…64-byte salts and 32-byte keys, and compares in constant time. Hashes of
// other schemes (the Linux daemon's "$argon2id$…") do not verify here.
//
// Cost: kIterations = 10,000. One PBKDF2-HMAC-SHA256 iteration is one HMAC, i.e. four SHA-256 block compressions
// plus mbedTLS overhead: about 40–60 µs with the SHA accelerator at 240 MHz (ESP32-S3; the classic ESP32's
// accelerator cannot resume a saved state, so part of the HMAC runs in software, up to ~100 µs). A login therefore
// costs about 0.5 s (ESP32-S3) to 1 s (ESP32) in the web task: noticeable but acceptable, below the task
// watchdog's timeout, and it never delays the CAN task (higher priority). A brute-force attacker on the device gets
// ~2 guesses per second; offline, 10,000 iterations are weaker than the Linux daemon's Argon2id, which is why the
// login endpoint's rate limit matters as well. Measure on hardware (the time is logged at each hash) and adjust.
//
// Threading: stateless; every function may be called from any task.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/api/api_backend.h"

namespace tbg::esp32 {

class EspCrypto final : public api::Crypto {
public:
    static constexpr std::uint32_t kIterations = 10'000;
    static constexpr std::uint32_t kMaxIterations = 1'000'000;
    static constexpr std::size_t kSaltBytes = 16;
    static constexpr std::size_t kKeyBytes = 32;

    std::string hash_password(std::string_view password) override;
    bool verify_password(std::string_view stored_hash, std::string_view password) override;
    std::string random_hex(std::size_t bytes) override;

    // The same hash with a given salt and iteration count ("" on failure): for tests and for hash_password().
    static std::string hash_with(std::string_view password, std::string_view salt, std::uint32_t iterations);
};

}  // namespace tbg::esp32
