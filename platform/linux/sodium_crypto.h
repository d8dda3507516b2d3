// api::Crypto on libsodium (Debian libsodium-dev): Argon2id password hashes and the system's random source.
//
// Hashes are crypto_pwhash_str strings ("$argon2id$v=19$m=65536,t=2,p=1$salt$hash"): the salt and the cost
// parameters travel inside, so a hash made with other parameters (e.g. on an ESP32) still verifies. The cost is
// m = 19 MiB, t = 2 (OWASP's recommendation for Argon2id; tens of milliseconds here). Thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "core/api/api_backend.h"

namespace tbg::platform {

class SodiumCrypto final : public api::Crypto {
public:
    // Initialises libsodium; false (with `error`) when it cannot (no random source).
    static bool init(std::string& error);

    std::string hash_password(std::string_view password) override;
    bool verify_password(std::string_view stored_hash, std::string_view password) override;
    std::string random_hex(std::size_t bytes) override;
};

}  // namespace tbg::platform
