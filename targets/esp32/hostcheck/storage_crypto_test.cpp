// EspCrypto (platform/esp32/esp_crypto.h) and the PBKDF2 behind it (mbedtls_fake.cpp, OpenSSL).
#include <regex>
#include <string>

#include <gtest/gtest.h>

#include "mbedtls/pkcs5.h"
#include "platform/esp32/esp_crypto.h"

namespace tbg::esp32 {
namespace {

std::string hex(const unsigned char* bytes, std::size_t size) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string text;
    for (std::size_t i = 0; i < size; ++i) {
        text += kDigits[bytes[i] >> 4];
        text += kDigits[bytes[i] & 0x0F];
    }
    return text;
}

std::string pbkdf2(const std::string& password, const std::string& salt, unsigned iterations, std::uint32_t bytes) {
    std::vector<unsigned char> out(bytes);
    const int ret = mbedtls_pkcs5_pbkdf2_hmac_ext(
        MBEDTLS_MD_SHA256, reinterpret_cast<const unsigned char*>(password.data()), password.size(),
        reinterpret_cast<const unsigned char*>(salt.data()), salt.size(), iterations, bytes, out.data());
    EXPECT_EQ(ret, 0);
    return hex(out.data(), out.size());
}

// RFC 7914 §11, the two PBKDF2-HMAC-SHA256 test vectors (dkLen = 64).
TEST(Pbkdf2, Rfc7914Vectors) {
    EXPECT_EQ(pbkdf2("passwd", "salt", 1, 64),
              "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
              "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783");
    EXPECT_EQ(pbkdf2("Password", "NaCl", 80000, 64),
              "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56"
              "a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d");
}

TEST(Pbkdf2, OnlySha256) {
    unsigned char out[32];
    EXPECT_EQ(mbedtls_pkcs5_pbkdf2_hmac_ext(static_cast<mbedtls_md_type_t>(0x05), nullptr, 0, nullptr, 0, 1, 32, out),
              MBEDTLS_ERR_PKCS5_FEATURE_UNAVAILABLE);
}

TEST(EspCrypto, HashFormatMatchesTheVector) {
    // The first 32 bytes of PBKDF2 output do not depend on dkLen: the first RFC 7914 vector again.
    EXPECT_EQ(EspCrypto::hash_with("passwd", "salt", 1),
              "$pbkdf2-sha256$i=1$73616c74$55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc");
    EXPECT_EQ(EspCrypto::hash_with("passwd", "salt", 0), "");
}

TEST(EspCrypto, HashAndVerify) {
    EspCrypto crypto;
    const std::string hash = crypto.hash_password("correct horse");
    EXPECT_TRUE(std::regex_match(hash, std::regex(R"(\$pbkdf2-sha256\$i=10000\$[0-9a-f]{32}\$[0-9a-f]{64})"))) << hash;
    EXPECT_TRUE(crypto.verify_password(hash, "correct horse"));
    EXPECT_FALSE(crypto.verify_password(hash, "correct horsE"));
    EXPECT_FALSE(crypto.verify_password(hash, ""));
    EXPECT_NE(crypto.hash_password("correct horse"), hash) << "a fresh salt each time";
    const std::string empty = crypto.hash_password("");
    EXPECT_TRUE(crypto.verify_password(empty, ""));
    EXPECT_FALSE(crypto.verify_password(empty, " "));
}

TEST(EspCrypto, VerifyReadsTheStoredIterationCount) {
    EspCrypto crypto;
    const std::string salt = "0123456789abcdef";
    const std::string hash = EspCrypto::hash_with("pw", salt, 1234);
    ASSERT_NE(hash.find("$i=1234$"), std::string::npos);
    EXPECT_TRUE(crypto.verify_password(hash, "pw"));
    EXPECT_FALSE(crypto.verify_password(EspCrypto::hash_with("pw", salt, 1235), "px"));
    std::string other = hash;
    other.replace(other.find("1234"), 4, "1235");
    EXPECT_FALSE(crypto.verify_password(other, "pw")) << "the count is part of the hash";
}

TEST(EspCrypto, MalformedHashesNeverVerify) {
    EspCrypto crypto;
    const std::string salt_hex = "30313233343536373839616263646566";  // "0123456789abcdef"
    const std::string good = EspCrypto::hash_with("pw", "0123456789abcdef", 5);
    ASSERT_TRUE(crypto.verify_password(good, "pw"));
    const std::string key_hex = good.substr(good.rfind('$') + 1);
    std::string tampered = good;
    tampered.back() = tampered.back() == '0' ? '1' : '0';
    std::string upper = key_hex;
    for (char& c : upper) {
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    for (const std::string& bad : {
             tampered,
             std::string(""),
             std::string("$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA"),
             "$pbkdf2-sha256$i=0$" + salt_hex + "$" + key_hex,
             "$pbkdf2-sha256$i=05$" + salt_hex + "$" + key_hex,
             "$pbkdf2-sha256$i=$" + salt_hex + "$" + key_hex,
             "$pbkdf2-sha256$i=99999999999$" + salt_hex + "$" + key_hex,
             "$pbkdf2-sha256$i=2000000$" + salt_hex + "$" + key_hex,
             "$pbkdf2-sha256$i=5$" + salt_hex + "$" + upper,
             "$pbkdf2-sha256$i=5$" + salt_hex + "$" + key_hex.substr(2),
             "$pbkdf2-sha256$i=5$" + salt_hex,
             "$pbkdf2-sha256$i=5$3031$" + key_hex,
             "$pbkdf2-sha256$i=5$" + salt_hex + "$" + key_hex + "00",
             "$pbkdf2-sha512$i=5$" + salt_hex + "$" + key_hex,
         }) {
        EXPECT_FALSE(crypto.verify_password(bad, "pw")) << bad;
    }
}

TEST(EspCrypto, RandomHex) {
    EspCrypto crypto;
    const std::string a = crypto.random_hex(16);
    const std::string b = crypto.random_hex(16);
    EXPECT_TRUE(std::regex_match(a, std::regex("[0-9a-f]{32}"))) << a;
    EXPECT_NE(a, b);
    EXPECT_EQ(crypto.random_hex(0), "");
    EXPECT_EQ(crypto.random_hex(5).size(), 10U);
}

}  // namespace
}  // namespace tbg::esp32
