#include "platform/linux/sodium_crypto.h"

#include <sodium.h>

#include <vector>

namespace tbg::platform {

namespace {

// OWASP's first Argon2id recommendation (m = 19 MiB, t = 2, p = 1): below libsodium's "interactive" 64 MiB, which
// on a small board costs more memory than the rest of the gateway together and whose page faults stall other
// threads (docs/decisions.md D10).
constexpr unsigned long long kOpsLimit = 2;
constexpr std::size_t kMemLimitBytes = std::size_t{19} << 20;

}  // namespace

bool SodiumCrypto::init(std::string& error) {
    if (sodium_init() < 0) {
        error = "libsodium could not be initialised";
        return false;
    }
    return true;
}

std::string SodiumCrypto::hash_password(std::string_view password) {
    std::string out(crypto_pwhash_STRBYTES, '\0');
    if (crypto_pwhash_str(out.data(), password.data(), password.size(), kOpsLimit, kMemLimitBytes) != 0) {
        return {};  // out of memory
    }
    out.resize(out.find('\0'));
    return out;
}

bool SodiumCrypto::verify_password(std::string_view stored_hash, std::string_view password) {
    const std::string hash(stored_hash);  // NUL-terminated
    return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

std::string SodiumCrypto::random_hex(std::size_t bytes) {
    std::vector<unsigned char> random(bytes);
    randombytes_buf(random.data(), random.size());
    std::string hex(bytes * 2 + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), random.data(), random.size());
    hex.resize(bytes * 2);
    return hex;
}

}  // namespace tbg::platform
