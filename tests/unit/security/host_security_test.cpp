// The Linux daemon's side of docs/security.md: the Argon2id cost of stored password hashes, private (0600) state
// files whatever the umask, and log lines that outside text cannot split or forge.
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "platform/linux/sodium_crypto.h"
#include "targets/linux/log.h"
#include "targets/linux/state_file.h"
#include "targets/linux/web_backend.h"

namespace tbg {
namespace {

class TempDir {
public:
    TempDir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "tbg-security-XXXXXX").string();
        path_ = ::mkdtemp(pattern.data()) != nullptr ? pattern : std::string();
    }
    ~TempDir() {
        std::error_code error;
        std::filesystem::remove_all(path_, error);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

// The umask for one scope: 0 shows a file's mode is set explicitly, not inherited from a careful umask.
class Umask {
public:
    explicit Umask(mode_t mask) : saved_(::umask(mask)) {}
    ~Umask() { ::umask(saved_); }
    Umask(const Umask&) = delete;
    Umask& operator=(const Umask&) = delete;

private:
    mode_t saved_;
};

mode_t mode_of(const std::string& path) {
    struct stat info {};
    EXPECT_EQ(::stat(path.c_str(), &info), 0) << path;
    return info.st_mode & 07777;
}

TEST(HostSecurity, PasswordHashesAreArgon2idWithTheDocumentedCostAndASalt) {
    std::string error;
    ASSERT_TRUE(platform::SodiumCrypto::init(error)) << error;
    platform::SodiumCrypto crypto;
    const std::string a = crypto.hash_password("correct horse");
    const std::string b = crypto.hash_password("correct horse");
    // m in KiB: 19 MiB; t = 2 passes; p = 1 lane (docs/decisions.md D10, docs/security.md).
    EXPECT_EQ(a.rfind("$argon2id$v=19$m=19456,t=2,p=1$", 0), 0U) << a;
    EXPECT_NE(a, b) << "a random salt per hash";
    EXPECT_TRUE(crypto.verify_password(a, "correct horse"));
    EXPECT_FALSE(crypto.verify_password(a, "correct horsE"));
    EXPECT_FALSE(crypto.verify_password(a, ""));
    EXPECT_FALSE(crypto.verify_password("", "correct horse")) << "an empty stored hash never verifies";
    EXPECT_FALSE(crypto.verify_password("$argon2id$garbage", "correct horse"));
}

TEST(HostSecurity, StateFilesAreWrittenOwnerOnlyWhateverTheUmask) {
    const TempDir dir;
    ASSERT_FALSE(dir.path().empty());
    const Umask open_umask(0);
    std::string error;
    ASSERT_TRUE(daemon::save_password_hash(dir.path(), "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA", error)) << error;
    EXPECT_EQ(mode_of(daemon::auth_file(dir.path())), 0600U);
    const std::string config = dir.path() + "/config.json";
    ASSERT_TRUE(daemon::write_atomic(config, "{\"mqtt\": {\"password\": \"x\"}}\n", error)) << error;
    EXPECT_EQ(mode_of(config), 0600U);
    // Rewriting a file that an administrator had made world-readable makes it private again.
    ASSERT_EQ(::chmod(config.c_str(), 0644), 0);
    ASSERT_TRUE(daemon::write_atomic(config, "{}\n", error)) << error;
    EXPECT_EQ(mode_of(config), 0600U);
    daemon::PersistentState state;
    state.charged_Wh = 5;
    ASSERT_TRUE(daemon::save_state(dir.path(), state, error)) << error;
    EXPECT_EQ(mode_of(dir.path() + "/state.json"), 0600U);
    // The previous generation of a file made world-readable, and a temporary file left by a crash, become private.
    ASSERT_EQ(::chmod((dir.path() + "/state.json").c_str(), 0644), 0);
    ASSERT_TRUE(daemon::save_state(dir.path(), state, error)) << error;
    EXPECT_EQ(mode_of(dir.path() + "/state.json.prev"), 0600U);
    {
        const Umask loose(022);
        std::ofstream(config + ".tmp") << "left by a crash";
    }
    ASSERT_EQ(mode_of(config + ".tmp"), 0644U);
    ASSERT_TRUE(daemon::write_atomic(config, "{}\n", error)) << error;
    EXPECT_EQ(mode_of(config), 0600U);
}

// A damaged auth.json must not read as "no password set": that would reopen the first-start setup to the LAN.
TEST(HostSecurity, ADamagedPasswordFileLocksLoginsInsteadOfReopeningSetup) {
    const TempDir dir;
    ASSERT_FALSE(dir.path().empty());
    std::string error;
    ASSERT_TRUE(platform::SodiumCrypto::init(error)) << error;
    platform::SodiumCrypto crypto;
    for (const char* damage : {"{\"password_hash\": \"$argon2", "", "{\"password_hash\": 5}", "[]"}) {
        std::ofstream(daemon::auth_file(dir.path()), std::ios::trunc) << damage;
        std::string warning;
        const auto hash = daemon::load_password_hash(dir.path(), warning);
        ASSERT_TRUE(hash.has_value()) << damage;
        EXPECT_FALSE(crypto.verify_password(*hash, "")) << damage;
        EXPECT_FALSE(crypto.verify_password(*hash, "12345678")) << damage;
        EXPECT_NE(warning.find("topband-gateway passwd"), std::string::npos) << warning;
        EXPECT_TRUE(std::filesystem::exists(daemon::auth_file(dir.path()))) << "the damaged file stays in place";
        // A restart reads it the same way.
        EXPECT_EQ(daemon::load_password_hash(dir.path(), warning), hash);
    }
    std::filesystem::remove(daemon::auth_file(dir.path()));
    std::string warning;
    EXPECT_FALSE(daemon::load_password_hash(dir.path(), warning).has_value()) << "absent: setup is open";
}

TEST(HostSecurity, LogTextHasEveryControlCharacterEscaped) {
    EXPECT_EQ(daemon::escape_log_text("plain text, 3.3 V"), "plain text, 3.3 V");
    EXPECT_EQ(daemon::escape_log_text("a\nerror: forged"), "a\\x0aerror: forged");
    EXPECT_EQ(daemon::escape_log_text("\r\t\x1b[2J\x7f"), "\\x0d\\x09\\x1b[2J\\x7f");
    EXPECT_EQ(daemon::escape_log_text(std::string("nul\0byte", 8)), "nul\\x00byte");
    EXPECT_EQ(daemon::escape_log_text("Grad \xc2\xb0"
                                      "C"),
              "Grad \xc2\xb0"
              "C")
        << "UTF-8 passes unchanged";

    daemon::log_warning("mqtt: removing homeassistant/x\n<3>error: forged line");
    const std::vector<api::LogLine> lines = daemon::recent_log_lines();
    ASSERT_FALSE(lines.empty());
    EXPECT_EQ(lines.back().text, "mqtt: removing homeassistant/x\\x0a<3>error: forged line");
}

}  // namespace
}  // namespace tbg
